"""Build the report's sections in two processes that share the work as it comes: on two cores a
report takes about half the sum, not the longer of two fixed halves.

The child is forked, so it shares what this process has loaded and costs no start-up of its own;
it builds its own context from the same inputs. Both processes take sections from one list of
claims (a lock and a byte per section in shared memory): the child works through :data:`SIDE` in
its order, this process through :data:`OWN_ORDER` (every section, the ones only it builds first),
and whoever claims a section first builds it. The child sends each section it built back pickled
through a queue, whose thread sends it while the child builds the next, then ends
(``os._exit``, as :mod:`multiprocessing` does). The sections
only this process builds are those that read the projection document (an expensive document to
compute twice) or that need every other section (sources).

Forking is only safe before this process has opened the database (DuckDB's threads do not
survive a fork) and while it runs one thread (a lock another thread holds at the fork stays held
in the child for ever): :func:`start` returns None when a connection is open or another thread
runs (a test runner's, the web server's) and the report is then built in one process as before.

The child can make a report faster, never different: a section it could not build (an error, the
child killed or gone) is built again here, where its error is raised in report order as in one
process.

Of the backtest the child computes the document only (:data:`STORED`: it is kept on disk, see
:mod:`nato3.documents.backtest_stored`) and this process builds the section from it: its chart
and its page then fall to this process, which otherwise waits for the child at the end.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import Any

from nato3.projection.shared_normals import cores_shared
from nato3.report.context import ReportContext
from nato3.report.section import Section

# Sections the child may build, in the order it takes them: the backtest first (its document
# only, see STORED: Methods waits for it, and a hindcast not kept yet is the longest job), then
# the ledger (its own documents), then who pays, which this process usually takes first: its
# burden document of constant prices is the headline's, already built here. None reads the
# projection document.
SIDE = ("backtest", "ledger", "who_pays", "standing")
# The order this process takes sections in: those only it builds first (the projection
# document's), then the child's from the other end of its list, Methods and Sources last.
OWN_ORDER = ("headline", "paths", "standing", "who_pays", "ledger", "backtest", "methods", "sources")
BACKTEST = "backtest"
FAILED = "failed"  # what the child sends for a section it could not build
STORED = "document stored"  # what it sends when it computed the backtest document: the section is built here
FREE, OURS, THEIRS = 0, 1, 2  # who has claimed a section
POLL = 0.05  # seconds between two looks at whether a child that has sent nothing yet still runs
KILL_WAIT = 2.0  # seconds to wait for the claims' lock before the child is killed (it holds it for microseconds)


@dataclass
class Side:
    """The child building sections of :data:`SIDE`, and the claims both processes share."""

    process: Any
    results: Any  # a multiprocessing queue of (section id, section) from the child
    sections: dict[str, Section | None | str] = field(default_factory=dict)
    claims: Any = None  # a shared byte per section of SIDE: FREE, OURS or THEIRS
    lock: Any = None
    cores_were_shared: bool = False  # this process's Monte Carlo setting before the child (restored at stop)

    def claim(self, section_id: str) -> bool:
        """Claim ``section_id`` for this process: True when it is (or already was) this process's
        to build, False when the child has taken it. A section outside :data:`SIDE` is always ours."""
        if section_id not in SIDE:
            return True
        if self.claims is None:  # no shared claims: the child has answered all it will
            return section_id not in self.sections
        index = SIDE.index(section_id)
        if not self._lock():  # the child died holding the lock: what it had not sent is ours
            self.stop()
            return self.claim(section_id)
        try:
            if self.claims[index] == FREE:
                self.claims[index] = OURS
            return self.claims[index] == OURS
        finally:
            self.lock.release()

    def _lock(self, seconds: float | None = None) -> bool:
        """Take the claims' lock: False when the child died holding it or, with ``seconds``, still
        holds it after them (a lock held by a dead process is never released)."""
        deadline = None if seconds is None else time.monotonic() + seconds
        while not self.lock.acquire(timeout=POLL):
            if self.process is None or not self.process.is_alive():
                return self.lock.acquire(False)  # positional: threading and multiprocessing name it apart
            if deadline is not None and time.monotonic() > deadline:
                return False
        return True

    def wait(self) -> None:
        """Until the backtest document is there to read: the child built its section (and stored
        the document), or the backtest is this process's to compute."""
        if not self.claim(BACKTEST):
            self._receive(BACKTEST)

    def section(self, module, context: ReportContext) -> Section | None:
        """The section of ``module``: built here when it is ours, else the child's (built here
        after all when the child has none)."""
        if self.claim(module.ID):
            return module.build(context)
        self._receive(module.ID)
        built = self.sections.get(module.ID, FAILED)
        return module.build(context) if isinstance(built, str) else built

    def _receive(self, section_id: str) -> None:
        """Read what the child sends until ``section_id`` is among it or the child is gone."""
        import queue

        while section_id not in self.sections and self.process is not None:
            try:
                name, built = self.results.get(timeout=POLL)
            except queue.Empty:
                if not self.process.is_alive():  # the child died: what it had not sent is built here
                    self.stop()
                continue
            except (EOFError, OSError):
                self.stop()
                return
            self.sections[name] = built

    def stop(self) -> None:
        """End the child if it still runs (all received, or a build that failed no longer needs it).
        It is killed while this process holds the claims' lock, so never inside its own claim: a
        child killed holding the lock kept it for ever, and this process waited for it (a report
        that never ends: the likely cause of a CI run that timed out). Only a child stuck with the
        lock is killed without it."""
        if self.process is not None:
            held = self.claims is not None and self._lock(seconds=KILL_WAIT)
            try:
                if self.process.is_alive():
                    self.process.kill()
                self.process.join()
            finally:
                if held:
                    self.lock.release()
            self.process = None
            cores_shared(self.cores_were_shared)
            self.results.close()
        if self.claims is not None:  # the child is gone: what it had not sent is ours now
            for index, name in enumerate(SIDE):
                if self.claims[index] == THEIRS and name not in self.sections:
                    self.sections[name] = FAILED
            self.claims = None


def own_order(modules: list) -> list:
    """``modules`` in the order this process takes them (:data:`OWN_ORDER`; others at the end)."""
    rank = {name: i for i, name in enumerate(OWN_ORDER)}
    return sorted(modules, key=lambda m: rank.get(m.ID, len(rank)))


def start(inputs: dict[str, Any], modules: list) -> Side | None:
    """Fork a child building sections of ``modules`` named in :data:`SIDE` for the report's
    ``inputs`` (the arguments of :meth:`ReportContext.create`); None (build them here) when this
    process holds a database connection, runs other threads or cannot fork."""
    import multiprocessing

    from nato3.forking import alone
    from nato3.store.database import connected

    side = [m for name in SIDE for m in modules if m.ID == name]
    if not side or connected() or not alone() or "fork" not in multiprocessing.get_all_start_methods():
        return None
    forking = multiprocessing.get_context("fork")
    claims, lock = forking.RawArray("b", len(SIDE)), forking.Lock()
    results = forking.Queue()
    process = forking.Process(target=_child, args=(results, inputs, side, claims, lock), daemon=True)
    before = cores_shared(True)  # both processes: a Monte Carlo thread drawing ahead would only slow the other
    try:
        process.start()
    except BaseException:
        cores_shared(before)
        raise
    return Side(process, results, claims=claims, lock=lock, cores_were_shared=before)


def _child(results, inputs: dict[str, Any], modules: list, claims, lock) -> None:
    from nato3.report.page import prerender

    context = ReportContext.create(**inputs)
    for module in modules:
        index = SIDE.index(module.ID)
        with lock:
            if claims[index] != FREE:
                continue
            claims[index] = THEIRS
        try:
            if module.ID == BACKTEST:
                context.backtest_doc  # noqa: B018 - computed and stored on disk, for this process's parent
                built: Section | None | str = STORED
            else:
                built = prerender(context, module, module.build(context))
        except Exception:  # noqa: BLE001 - the parent builds it again and raises the error itself
            built = FAILED
        results.put((module.ID, built))  # sent by the queue's thread while the next one is built
    results.close()
    results.join_thread()
    os._exit(0)
