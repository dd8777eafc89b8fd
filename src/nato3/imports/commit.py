"""Commit imported datasets in one step, or not at all.

The imported datasets live in generations: ``$NATO3_HOME/imports/gen-<time>-<id>/`` holds a
complete set of CSVs and descriptors, and ``imports/CURRENT`` names the one in effect. A commit:

1. takes the import lock (``imports/.lock``; another import waits for nothing and is refused);
2. writes a new generation in a staging folder: the current imports that are kept, plus the new
   datasets, every file flushed to disk;
3. builds a complete database from the bundled data and the staged generation into a temporary
   file — the same validation as every build, so a bad table stops here;
4. **switches ``CURRENT`` to the new generation with one atomic rename: the commit point;**
5. renames the new database over the old one.

Killed before step 4, nothing changed: the old generation and database are in place, and the
leftovers are removed by the next import. Killed between 4 and 5, the imports are the new set
and the database is the old one; its fingerprint no longer matches, so the next query rebuilds
it from the new set (the foundation's fingerprint rule). The database is always a complete file,
and at every moment either the old or the new set of imports is in effect, never a mix.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from nato3 import paths
from nato3.errors import Nato3Error, RetryableError
from nato3.imports.descriptors import Dataset
from nato3.store.build import build_database, fingerprint
from nato3.store.resources import CURRENT_FILE, DESCRIPTOR_SUFFIX, bundled_resources, imported_resources

LOCK_FILE = ".lock"
STAGING_PREFIX = ".staging-"
TMP_DB_MARK = ".import-"

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Committed:
    generation: Path
    database: Path
    fingerprint: str
    replaced: list[str]


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:  # some filesystems cannot fsync directories
        pass
    finally:
        os.close(fd)


def _write(path: Path, data: bytes) -> None:
    """Create ``path`` exclusively (never through a planted file or symlink), write and flush it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


@contextlib.contextmanager
def import_lock(base: Path) -> Iterator[None]:
    """Hold ``imports/.lock`` for the whole import; the OS releases it if the process dies.

    Raises:
        Nato3Error: another import holds the lock.
    """
    base.mkdir(parents=True, exist_ok=True)
    with open(base / LOCK_FILE, "a+b") as fh:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no advisory lock, imports must not overlap
            yield
            return
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RetryableError(
                f"another nato3 import is running (lock {base / LOCK_FILE}); try again when it ends"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def _generations_named(base: Path) -> list[str]:
    """Generation names in ``imports/CURRENT``: the one in effect, then the previous one."""
    try:
        return (base / CURRENT_FILE).read_text(encoding="utf-8").split()
    except FileNotFoundError:
        return []


def collect_garbage(base: Path) -> None:
    """Remove what interrupted imports left behind and generations no longer needed.

    Called with the import lock held, so no other import is writing. Keeps the generation in
    effect and the previous one (a reader that started just before a switch may still read it);
    any other generation was superseded or never committed.
    """
    named = set(_generations_named(base))
    for item in base.glob(f"{STAGING_PREFIX}*"):
        shutil.rmtree(item, ignore_errors=True)
    for item in base.glob(f".{CURRENT_FILE}.*"):
        item.unlink(missing_ok=True)
    for generation in base.glob("gen-*"):
        if generation.name not in named:
            shutil.rmtree(generation, ignore_errors=True)
    if named:  # descriptors of a hand-made imports/ folder were copied into a generation
        for legacy in base.glob(f"*{DESCRIPTOR_SUFFIX}"):
            legacy.unlink(missing_ok=True)
    db = paths.database_path()
    for tmp in db.parent.glob(f"*{db.name}{TMP_DB_MARK}*"):
        tmp.unlink(missing_ok=True)
    for tmp in db.parent.glob(f".{db.name}.*.building*"):  # an interrupted foundation build
        pid = tmp.name.removeprefix(f".{db.name}.").split(".")[0]
        if pid.isdigit() and not _pid_alive(int(pid)):
            tmp.unlink(missing_ok=True)


def _stage(base: Path, datasets: Sequence[Dataset]) -> tuple[Path, list[str]]:
    """Write the complete new generation into a staging folder; return it and the replaced names."""
    stage = base / f"{STAGING_PREFIX}{os.getpid()}-{uuid.uuid4().hex[:8]}"
    stage.mkdir()
    incoming = {d.name for d in datasets}
    replaced = []
    for r in imported_resources():
        if r.name in incoming:
            replaced.append(r.name)
            continue
        shutil.copyfile(r.path, stage / r.path.name)
        shutil.copyfile(r.descriptor_path, stage / r.descriptor_path.name)
    for d in datasets:
        _write(stage / d.csv_name, d.csv_bytes())
        _write(stage / d.descriptor_name, d.descriptor_bytes())
    for item in stage.iterdir():
        _fsync(item)
    _fsync(stage)
    return stage, replaced


def _switch(base: Path, generation: Path) -> None:
    """Point ``imports/CURRENT`` at ``generation`` with one atomic rename (the commit point).

    The file's second line names the generation it replaces, which is kept one more round."""
    previous = _generations_named(base)[:1]
    tmp = base / f".{CURRENT_FILE}.{os.getpid()}.{uuid.uuid4().hex}.tmp"  # random: nothing to plant in advance
    _write(tmp, "\n".join([generation.name, *previous, ""]).encode("utf-8"))
    os.replace(tmp, base / CURRENT_FILE)
    _fsync(base)


def commit(datasets: Sequence[Dataset], progress: Progress | None = None) -> Committed:
    """Make ``datasets`` part of the imported data and rebuild the database, atomically.

    A dataset with the name of one already imported replaces it; other imports are kept.

    Raises:
        DataValidationError: a staged table breaks its schema; nothing is changed.
        Nato3Error: another import is running, or the home directory is not writable.
    """
    say = progress or (lambda _message: None)
    base = paths.imports_dir()
    db = paths.database_path()
    try:
        with import_lock(base):
            collect_garbage(base)
            say("staging")
            stage, replaced = _stage(base, datasets)
            generation = base / f"gen-{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{uuid.uuid4().hex[:8]}"
            tmp_db = db.with_name(f"{db.name}{TMP_DB_MARK}{os.getpid()}-{uuid.uuid4().hex[:12]}")
            try:
                os.rename(stage, generation)
                resources = bundled_resources() + imported_resources(generation)
                say("validating")
                build_database(tmp_db, resources)
                _fsync(tmp_db)
            except BaseException:
                shutil.rmtree(stage, ignore_errors=True)
                shutil.rmtree(generation, ignore_errors=True)
                tmp_db.unlink(missing_ok=True)
                raise
            say("committing")
            _switch(base, generation)
            os.replace(tmp_db, db)
            _fsync(db.parent)
            say("committed")
            collect_garbage(base)
    except OSError as exc:
        raise Nato3Error(
            f"cannot write imports in {base} ({exc.strerror}); set {paths.HOME_ENV} to a writable directory"
        ) from None
    forget_cached()
    return Committed(generation, db, fingerprint(resources), replaced)


def forget_cached() -> None:
    """Drop in-process caches of what the database held, after the data changed."""
    from nato3.store import cache, database

    database._checked.clear()
    cache.clear()
