"""Build the report: check the inputs, build every available section (in two processes where it
helps), render the page (:mod:`nato3.report.page`), write ``index.html`` atomically and, if
asked, print it to ``report.pdf``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from nato3.atomicfile import write_text
from nato3.errors import Nato3Error
from nato3.report import ahead
from nato3.report.context import BACKTEST, ReportContext
from nato3.report.page import prerender, render
from nato3.report.parallel import Side, own_order
from nato3.report.registry import section_modules
from nato3.report.section import Section, SummaryRow

HTML_NAME = "index.html"
PDF_NAME = "report.pdf"
FORMATS = ("html", "pdf")


@dataclass
class ReportResult:
    """What a build wrote, the sections it holds and how long it took."""

    html: Path
    pdf: Path | None
    sections: list[Section]
    context: ReportContext
    seconds: float

    @property
    def summary(self) -> list[SummaryRow]:
        return [row for section in self.sections for row in section.summary]


def check_output_dir(out: Path | str) -> Path:
    """Make sure ``out`` is, or can be created as, a writable directory. Writes nothing: the
    directory is created only once the report is built (:func:`make_output_dir`), so bad input
    found while building leaves no trace.

    Raises:
        Nato3Error: ``out`` is a file, or it (or the folder it would be created in) is not writable.
    """
    out = Path(out).expanduser()
    if out.exists() and not out.is_dir():
        raise Nato3Error(f"cannot write the report to {out}: it is a file, not a directory")
    if out.is_dir():
        if not os.access(out, os.W_OK):
            raise Nato3Error(f"cannot write the report to {out}: the directory is not writable")
        return out
    parent = next(p for p in out.absolute().parents if p.exists())
    if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
        raise Nato3Error(f"cannot create the report directory {out}: {parent} is not a writable directory")
    return out


def make_output_dir(out: Path) -> Path:
    """Create ``out`` (checked by :func:`check_output_dir`) if it does not exist yet.

    Raises:
        Nato3Error: it cannot be created after all.
    """
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise Nato3Error(f"cannot create the report directory {out} ({exc.strerror})") from None
    return out


def build_sections(
    context: ReportContext, side: Side | None = None, modules: list | None = None, prerendered: bool = False
) -> list[Section]:
    """Every section that has something for ``context``, in report order. With ``side``, this
    process first builds every section it can claim (in :func:`~nato3.report.parallel.own_order`),
    then takes the child's; the first error in report order is raised, as when one process builds
    them all. With ``prerendered``, the body of each section built here is rendered as soon as it
    is built (:func:`prerender`), while the child may still be building its own."""
    modules = section_modules() if modules is None else modules
    if side is None:
        return [section for section in (m.build(context) for m in modules) if section is not None]
    built: dict[str, Section | None] = {}
    for module in own_order(modules):
        if side.claim(module.ID):
            try:
                section = module.build(context)
                built[module.ID] = prerender(context, module, section) if prerendered else section
            except Exception:
                _raise_earlier(context, side, modules, module, built)
                raise
    for module in modules:
        if module.ID not in built:
            built[module.ID] = side.section(module, context)
    return [built[m.ID] for m in modules if built[m.ID] is not None]


def _raise_earlier(context: ReportContext, side: Side, modules: list, failed, built: dict) -> None:
    """Raise the error of a section before ``failed`` in report order, if one has one."""
    for module in modules[: modules.index(failed)]:
        if module.ID not in built:
            built[module.ID] = side.section(module, context)


def build_report(
    out: Path | str = "report",
    year: int | None = None,
    edition: str | None = None,
    scenario: str | None = None,
    formats: Iterable[str] = ("html",),
    built_on: str | None = None,
    parallel: bool = True,
) -> ReportResult:
    """Build the report into ``out``: ``index.html`` always, ``report.pdf`` if ``"pdf"`` is in
    ``formats``.

    Args:
        out: output directory, created if missing.
        year: defaults to the newest year with NATO's alliance total (see
            :func:`nato3.report.context.default_year`).
        edition: use only this NATO edition; by default each figure comes from the newest
            edition that has it.
        scenario: a built-in scenario name or a scenario YAML file for the paths-to-2035 section
            (default :data:`nato3.report.context.DEFAULT_SCENARIO`).
        built_on: the date printed in the report (ISO); default today.
        parallel: build the independent sections in a forked child while this process builds
            the rest, when this process has not opened the database yet
            (:mod:`nato3.report.parallel`); the report is the same either way.

    Raises:
        Nato3Error: bad year, edition, scenario, format or output directory; PDF asked for but
            Playwright or Chromium missing.
    """
    start = time.perf_counter()
    formats = tuple(formats)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise Nato3Error(f"unknown report format {unknown[0]!r}; allowed: {', '.join(FORMATS)}")
    if "pdf" in formats:
        from nato3.report.browser import check_browser

        check_browser()
    out = check_output_dir(out)
    modules = section_modules()
    side = _fork_side(modules, year=year, edition=edition, scenario=scenario, built_on=built_on) if parallel else None
    elsewhere = side
    printer = _printer() if "pdf" in formats else None  # after the fork: the child has no browser thread
    try:
        try:
            context = ReportContext.create(year=year, edition=edition, scenario=scenario, built_on=built_on)
            # The backtest, the slowest document: the child computes it, or else a process of its own.
            elsewhere = side or ahead.start(**BACKTEST)
            context.backtest_elsewhere = elsewhere
            sections = build_sections(
                context, side, modules, prerendered=True
            )  # in memory: bad input here leaves nothing written
        finally:
            if elsewhere is not None:
                elsewhere.stop()
        html_path = make_output_dir(out) / HTML_NAME
        write_text(html_path, render(context, sections))
        pdf_path = printer.print(html_path, out / PDF_NAME) if printer is not None else None
    finally:
        if printer is not None:
            printer.close()
    return ReportResult(html_path, pdf_path, sections, context, time.perf_counter() - start)


def _fork_side(modules: list, **inputs) -> Side | None:
    """The child building the side sections (:mod:`nato3.report.parallel`), the database built
    first so that only one process ever builds it."""
    from nato3.report import parallel
    from nato3.store.database import connected, ensure_database

    if connected():
        return None
    ensure_database()
    _import_shared()
    return parallel.start(inputs, modules)


def _import_shared() -> None:
    """Import what both processes use before the fork, so the child shares it instead of
    importing it again (half a second of CPU each). matplotlib only when no chart of this code is
    kept yet (:func:`nato3.report.charts.any_kept`): kept charts are read back, not drawn, and a
    process that still draws one imports it then."""
    import pandas  # noqa: F401

    from nato3.report.charts import any_kept

    if not any_kept():
        from nato3.charts.static import pyplot

        pyplot()


def _printer():
    """Chromium, started now in a thread while the report is built (:class:`~nato3.report.browser.Printer`)."""
    from nato3.report.browser import Printer

    return Printer()
