"""Build the sections that need nothing of the others (:data:`SIDE`) in a second process while
this one builds the rest: on two cores a report takes about the longer half, not the sum.

The child is forked, so it shares what this process has loaded and costs no start-up of its own;
it builds its own context from the same inputs, builds its sections and sends them back pickled,
then ends (``os._exit``, as :mod:`multiprocessing` does). Forking is only safe before this
process has opened the database (DuckDB's threads do not survive a fork): :func:`start` returns
None when a connection is open (a test run, the web server) and the report is then built in one
process as before.

The child can make a report faster, never different: a section it could not build (an error, the
child killed or gone) is built again here, where its error is raised in report order as in one
process.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from nato3.report.context import ReportContext
from nato3.report.section import Section

# Sections that read no document another section reads (the backtest first: Methods waits for it).
SIDE = ("backtest", "who_pays", "ledger")
FAILED = "failed"  # what the child sends for a section it could not build


@dataclass
class Side:
    """The child building :data:`SIDE`; :meth:`wait` for its sections."""

    process: Any
    connection: Any
    sections: dict[str, Section | None | str] = field(default_factory=dict)

    def wait(self) -> None:
        """Receive the child's sections (each a Section, None or :data:`FAILED`); nothing if it died."""
        if self.process is None:
            return
        try:
            self.sections = self.connection.recv()
        except (EOFError, OSError):
            self.sections = {}
        self.stop()

    def stop(self) -> None:
        """End the child if it still runs (a build that failed no longer needs it)."""
        if self.process is None:
            return
        self.connection.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.process = None

    def section(self, module, context: ReportContext) -> Section | None:
        """The child's section of ``module``, or the section built here when the child has none."""
        self.wait()
        built = self.sections.get(module.ID, FAILED)
        return module.build(context) if isinstance(built, str) else built


def start(inputs: dict[str, Any], modules: list) -> Side | None:
    """Fork a child building the sections of ``modules`` named in :data:`SIDE` for the report's
    ``inputs`` (the arguments of :meth:`ReportContext.create`); None (build them here) when this
    process holds a database connection or cannot fork."""
    import multiprocessing

    from nato3.store.database import connected

    side = [m for m in modules if m.ID in SIDE]
    if not side or connected() or "fork" not in multiprocessing.get_all_start_methods():
        return None
    ours, theirs = multiprocessing.get_context("fork").Pipe(duplex=False)
    process = multiprocessing.get_context("fork").Process(target=_child, args=(theirs, inputs, side), daemon=True)
    process.start()
    theirs.close()
    return Side(process, ours)


def _child(connection, inputs: dict[str, Any], modules: list) -> None:
    context = ReportContext.create(**inputs)
    built: dict[str, Section | None | str] = {}
    for module in modules:
        try:
            built[module.ID] = module.build(context)
        except Exception:  # noqa: BLE001 - the parent builds it again and raises the error itself
            built[module.ID] = FAILED
    connection.send(built)
    connection.close()
    os._exit(0)
