"""Results kept on disk in ``$NATO3_HOME/cache`` so a new process need not compute them again.

Used for what depends only on the data, nato3's code and the parameters (a scenario's projection
inputs, a finished backtest). Callers name each file by a hash of all three — :func:`code_stamp`
is the code's part — so an import, a new edition or a code change is a new name and an old answer
is never read. Files are pickles written atomically by nato3 into the user's own data folder and
read with the same trust as the database beside them; one that cannot be read counts as missing.
A cache that cannot be written (read-only home, full disk) costs the next process its speed, no
more. Hand-written rather than a caching library (why: CONTRIBUTING.md, "Dependencies").
"""

from __future__ import annotations

import functools
import hashlib
import pickle
import sys
from pathlib import Path
from typing import Any

from nato3 import paths

FOLDER = "cache"  # in $NATO3_HOME
SUFFIX = ".pickle"


def folder() -> Path:
    return paths.home() / FOLDER


@functools.cache
def code_stamp() -> str:
    """A hash of what a stored result depends on besides data and parameters: :func:`numpy_stamp`,
    pandas' version and whether pandas has pyarrow (pickles of frames depend on them:
    :func:`without_pyarrow`)."""
    import pandas

    return hashlib.sha256(repr((numpy_stamp(), pandas.__version__, text())).encode()).hexdigest()


@functools.cache
def numpy_stamp() -> str:
    """The part of :func:`code_stamp` a result of NumPy arrays alone depends on (a Monte Carlo job,
    named before pandas is imported): nato3's version, every source file and fitted Monte Carlo
    settings file (its name, size and modification time, as Python itself checks its compiled
    modules: an edit, a checkout or an install changes them), Python's and NumPy's versions. 2–3 ms
    once per process (reading every file's bytes took 10–17 ms of each short command)."""
    import numpy

    from nato3.version import __version__

    h = hashlib.sha256(repr((__version__, sys.version, numpy.__version__)).encode())
    for file in sorted([*paths.UNCERTAINTY_DIR.glob("*"), *paths.PACKAGE_DIR.rglob("*.py")]):
        stat = file.stat()
        h.update(f"{file.relative_to(paths.PACKAGE_DIR)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return h.hexdigest()


def text() -> str:
    """How pandas keeps text in this process (once pandas is imported): ``arrow``, or ``python``
    when pyarrow is missing or blocked (:func:`without_pyarrow`); kept results of the two differ."""
    return "python" if sys.modules.get("pyarrow") is None else "arrow"


def without_pyarrow() -> None:
    """Before pandas is imported: make ``import pyarrow`` fail (a ``None`` in :data:`sys.modules`),
    so pandas keeps text as Python strings. For short processes that never need pyarrow: they
    start ~0.1 s sooner (a projection worker is also ~36 MB smaller), their figures are the same,
    and what they keep on disk is their own (:func:`code_stamp` and the callers' file names tell
    the two apart: :func:`text`), so a library user never reads back text of the other storage.
    Does nothing once pandas is imported."""
    if "pandas" not in sys.modules:
        sys.modules.setdefault("pyarrow", None)


def read(path: Path) -> Any | None:
    """What is stored at ``path``; None when there is nothing, half a file, or a pickle of other code."""
    try:
        return pickle.loads(path.read_bytes())
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
        return None


def write(path: Path, value: Any, *, family: str, keep: int) -> None:
    """Store ``value`` at ``path`` atomically, then keep only the newest ``keep`` files of its
    ``family`` (a glob in the same folder)."""
    from nato3.atomicfile import WriteError, write_bytes

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except (OSError, WriteError):
        return
    for old in sorted(path.parent.glob(family), key=_mtime, reverse=True)[keep:]:
        if old != path:
            old.unlink(missing_ok=True)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
