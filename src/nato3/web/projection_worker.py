"""What a projection worker process runs: one Monte Carlo run, its document, the answer's bytes.

The server prepares each job (:func:`job`): the scenario's seed-independent part
(:mod:`nato3.projection.prepared`) and what its document reads from the store
(:class:`~nato3.documents.projection.Context`), both computed once per scenario and data
generation. A worker gets them with the job, so it never opens the database and imports neither
DuckDB nor the web framework: it stays small (issue 15 measured a gigabyte and more for the
server and its workers under load) and spends its time on the draws.
"""

from __future__ import annotations

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
    """One run: the prepared scenario, its Monte Carlo settings, the document's context, and what
    the document names the scenario by (``given``) and the seed asked for."""

    ready: Prepared
    params: Params
    context: Context
    given: str | dict
    seed: int


def job(resolved: Resolved, given: str | dict, draws: int, seed: int) -> Job:
    """In the server: the job of a checked scenario (reads the store, cached per scenario).

    Raises:
        Nato3Error: draws or seed out of range.
    """
    from nato3.documents.projection import context
    from nato3.projection.prepared import prepared
    from nato3.projection.runner import mc_params

    ready = prepared(resolved)
    return Job(ready, mc_params(ready.setup.resolved, draws, seed), context(ready), given, seed)


def document(run: Job, progress=None) -> Document:
    """In a worker: the projection document of ``run``; ``progress`` is called after each Monte
    Carlo chunk (and may raise to stop the run)."""
    from nato3.documents.projection import document as projection_document
    from nato3.projection.runner import run_prepared

    p = run_prepared(run.ready, run.params, "local", CHUNK_DRAWS, progress)
    return projection_document(p, run.given, None, run.seed, run.context)


def answer(run: Job, fmt: str, table: str | None) -> tuple[bytes, str, dict[str, str]] | str:
    """In a worker: the answer's bytes (rendering is a fifth of the work, so it is done here too,
    and only the bytes travel back), or the problem with ``table``. Stops between Monte Carlo
    chunks when the server asks (nobody waits for the answer any more)."""
    from nato3.errors import Nato3Error
    from nato3.web.documents import render_document
    from nato3.web.projection_pool import stop_if_asked

    doc = document(run, stop_if_asked)
    try:
        return render_document(doc, fmt, table)
    except Nato3Error as exc:
        if exc.parameter != "table":
            raise
        return str(exc)
