"""Write a file so that readers see the old version or the new one, never half of either.

Every writer of nato3 (the database build, the report, exports, charts, saved scenarios) goes
through here. The new content goes to a temporary file in the target's own folder, created
exclusively (``O_CREAT | O_EXCL | O_NOFOLLOW``) under a random name, so a file or symbolic link
planted at a predictable name is never followed or overwritten; it is flushed to disk, renamed
over the target, and the folder is flushed so the rename survives a crash. Writers that must
create the file themselves (DuckDB refuses an existing empty file) get a path inside a new
private folder instead (:func:`replacing_in_folder`).

Temporary names carry the writer's process id: leftovers of a process that was killed are
removed by the next write to the same target.

Hand-written rather than taken from a library: ``atomicwrites``, the usual choice, is archived
and unmaintained, and the standard library has every piece (see CONTRIBUTING.md).

Imports nothing of nato3 but :mod:`nato3.errors`.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from nato3.errors import Nato3Error

FILE_TAG = ".partial"
# Folders do not carry the target's name: the import's clean-up removes files named after its
# temporary database, and must never meet a folder there.
FOLDER_PREFIX = ".nato3-tmp."


class WriteError(Nato3Error):
    """A file could not be written: no space left, no permission, a read-only disk. Nothing was
    replaced. Exit code 2 like other problems the user must fix; ``errno`` and ``strerror`` are
    those of the operating system's error."""

    def __init__(self, target: Path | str, errno: int | None, strerror: str):
        self.target, self.errno, self.strerror = Path(target), errno, strerror
        super().__init__(f"cannot write {target}: {strerror}")


def _error(target: Path, exc: OSError) -> WriteError:
    return WriteError(target, exc.errno, exc.strerror or str(exc))


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:  # some filesystems cannot fsync a folder; the rename itself is still atomic
        pass
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _prefix(target: Path) -> str:
    return f".{target.name}.{os.getpid()}."


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def remove_leftovers(target: Path) -> None:
    """Remove temporary files for ``target``, and temporary folders beside it, left by processes
    that no longer run."""
    files = re.compile(rf"^\.{re.escape(target.name)}\.(\d+)\.[0-9a-f]+{re.escape(FILE_TAG)}")
    folders = re.compile(rf"^{re.escape(FOLDER_PREFIX)}(\d+)\.[0-9a-z_]+$")
    try:
        entries = [*target.parent.glob(f".{target.name}.*"), *target.parent.glob(f"{FOLDER_PREFIX}*")]
    except OSError:
        return
    for entry in entries:
        match = files.match(entry.name) or folders.match(entry.name)
        if match is None or _alive(int(match.group(1))):
            continue
        with contextlib.suppress(OSError):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()


def _create_exclusive(target: Path, suffix: str) -> tuple[Path, int]:
    """A new empty file beside ``target`` and its descriptor, opened for writing."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        tmp = target.with_name(f"{_prefix(target)}{secrets.token_hex(8)}{FILE_TAG}{suffix}")
        try:
            return tmp, os.open(tmp, flags, 0o666)  # the umask applies, as for any new file
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {target}")


@contextlib.contextmanager
def replacing(target: Path | str, suffix: str = "") -> Iterator[Path]:
    """Yield the path of a new, empty temporary file beside ``target`` to write to; when the block
    ends normally it is flushed to disk and renamed over ``target``, else removed.

    ``suffix`` ends the temporary name (some writers pick the format from it).

    Raises:
        WriteError: the temporary file cannot be created, written or renamed (full disk, no
            permission); ``target`` is unchanged.
    """
    target = Path(target)
    remove_leftovers(target)
    try:
        tmp, fd = _create_exclusive(target, suffix)
    except OSError as exc:
        raise _error(target, exc) from None
    os.close(fd)
    try:
        yield tmp
        _fsync_file(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        raise _error(target, exc) from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
    _fsync_folder(target.parent)


def write_bytes(target: Path | str, data: bytes) -> Path:
    """Replace ``target`` with ``data`` atomically. Raises WriteError (see :func:`replacing`)."""
    with replacing(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)


def write_text(target: Path | str, text: str, encoding: str = "utf-8") -> Path:
    """Replace ``target`` with ``text`` atomically. Raises WriteError (see :func:`replacing`)."""
    return write_bytes(target, text.encode(encoding))


@contextlib.contextmanager
def replacing_in_folder(target: Path | str) -> Iterator[Path]:
    """Like :func:`replacing`, for writers that create the file themselves: yield a path (not yet
    existing) inside a new private folder beside ``target``; when the block ends normally the
    file is flushed and renamed over ``target``; the folder is always removed.

    Raises:
        WriteError: the folder cannot be created or the file renamed; ``target`` is unchanged.
    """
    target = Path(target)
    remove_leftovers(target)
    try:
        folder = Path(tempfile.mkdtemp(prefix=f"{FOLDER_PREFIX}{os.getpid()}.", dir=target.parent))
    except OSError as exc:
        raise _error(target, exc) from None
    try:
        tmp = folder / "new"  # not the target's name: clean-ups that look for that name skip this folder
        yield tmp
        _fsync_file(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        raise _error(target, exc) from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    _fsync_folder(target.parent)
