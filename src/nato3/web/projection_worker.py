"""What a projection worker process runs: one Monte Carlo run, its document, the answer's bytes.

The server prepares each job (:func:`job`): the scenario's seed-independent part
(:mod:`nato3.projection.prepared`) and what its document reads from the store
(:class:`~nato3.documents.projection.Context`), both computed once per scenario and data
generation, and pickled once per scenario too (:func:`packed`). A worker gets them with the job,
so it never opens the database and imports neither DuckDB, pyarrow nor the web framework: it
stays small (issue 15 measured a gigabyte and more for the server and its workers under load)
and spends its time on the draws.

pandas keeps text columns in pyarrow arrays whenever pyarrow can be imported, and importing it
costs a worker about 36 MB. The packed part carries its text as Python strings instead (the same
values; pandas' other string storage), so a worker can do without pyarrow altogether
(:func:`nato3.store.disk_cache.without_pyarrow`, called first in each new worker): its answers are the same bytes.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nato3.documents.model import Document
    from nato3.documents.projection import Context
    from nato3.projection.montecarlo import Params
    from nato3.projection.prepared import Prepared
    from nato3.projection.resolve import Resolved

CHUNK_DRAWS = 1_000  # draws simulated at a time in a worker: a small workspace; never changes results


@dataclass(frozen=True, eq=False)
class Job:
    """One run: the prepared scenario and its document's context, pickled (:func:`packed`), its
    Monte Carlo settings, and what the document names the scenario by (``given``) and the seed
    asked for."""

    packed: bytes
    params: Params
    given: str | dict
    seed: int

    def unpacked(self) -> tuple[Prepared, Context]:
        """The prepared scenario and the context: read once per worker and packed scenario (the
        last :data:`KEPT` are kept), so the seed-independent part of its documents is computed
        once too (:mod:`nato3.documents.projection_fixed`). A run copies what it changes."""
        import pickle

        key = hash(self.packed)  # bytes hash their contents once, then the hash is kept
        with _UNPACKED_LOCK:
            held = _UNPACKED.pop(key, None)
            if held is not None and held[0] == self.packed:
                _UNPACKED[key] = held
                return held[1]
        value = pickle.loads(self.packed)
        with _UNPACKED_LOCK:
            _UNPACKED[key] = (self.packed, value)
            while len(_UNPACKED) > KEPT:
                _UNPACKED.pop(next(iter(_UNPACKED)))
        return value


KEPT = 4  # packed scenarios a worker keeps read (a few hundred kB each)
_UNPACKED: dict[int, tuple[bytes, tuple]] = {}  # hash of the packed bytes → (them, their unpickled value)
_UNPACKED_LOCK = threading.Lock()


def job(resolved: Resolved, given: str | dict, draws: int, seed: int) -> Job:
    """In the server: the job of a checked scenario (reads the store, cached per scenario).

    Raises:
        Nato3Error: draws or seed out of range.
    """
    from nato3.projection.prepared import prepared
    from nato3.projection.runner import mc_params

    ready = prepared(resolved)
    return Job(packed(ready), mc_params(ready.setup.resolved, draws, seed), given, seed)


_PACKED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # Prepared → (Context, its pickle)
_PACKED_LOCK = threading.Lock()


def packed(ready: Prepared) -> bytes:
    """The pickle of ``ready`` and its document's context, text as Python strings (no pyarrow needed
    to read it), made once per prepared scenario and context (both cached per data generation)."""
    from nato3.documents.projection import context

    ctx = context(ready)
    with _PACKED_LOCK:
        held = _PACKED.get(ready)
    if held is not None and held[0] is ctx:
        return held[1]
    data = _pickle_without_arrow((ready, ctx))
    with _PACKED_LOCK:
        _PACKED[ready] = (ctx, data)
    return data


def _pickle_without_arrow(value) -> bytes:
    import copyreg
    import io
    import pickle

    from pandas.arrays import ArrowStringArray

    out = io.BytesIO()
    pickler = pickle.Pickler(out, pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, ArrowStringArray: _as_python_strings}
    pickler.dump(value)
    return out.getvalue()


def _as_python_strings(array):
    """Pickle an arrow-backed text array as pandas' Python-object text array of the same values."""
    import pickle

    import pandas as pd

    python = array.astype(pd.StringDtype("python", na_value=array.dtype.na_value))
    return python.__reduce_ex__(pickle.HIGHEST_PROTOCOL)


def document(run: Job, progress=None) -> Document:
    """In a worker: the projection document of ``run``; ``progress`` is called after each Monte
    Carlo chunk (and may raise to stop the run)."""
    from nato3.documents.projection import document as projection_document
    from nato3.projection.runner import run_prepared

    ready, ctx = run.unpacked()
    p = run_prepared(ready, run.params, "local", CHUNK_DRAWS, progress)
    return projection_document(p, run.given, None, run.seed, ctx)


def answer(run: Job, fmt: str, table: str | None) -> tuple[bytes, str, dict[str, str]] | str:
    """In a worker: the answer's bytes (rendering is a fifth of the work, so it is done here too,
    and only the bytes travel back), or the problem with ``table``. Stops between Monte Carlo
    chunks when the server asks (nobody waits for the answer any more)."""
    from nato3.errors import Nato3Error
    from nato3.web.document_bytes import render_document
    from nato3.web.projection_pool import stop_if_asked

    doc = document(run, stop_if_asked)
    try:
        return render_document(doc, fmt, table)
    except Nato3Error as exc:
        if exc.parameter != "table":
            raise
        return str(exc)
