"""The ``nato3 report`` document: one self-contained HTML file (and optionally a PDF) built from
the bundled data at build time.

The report is a list of sections found in :mod:`nato3.report.sections`; each section module
renders its analysis's documents (``build(context)``), so a new analysis adds one module and one
template and touches nothing else.
"""

from nato3.report.build import ReportResult, build_report
from nato3.report.context import ReportContext
from nato3.report.section import Chart, Section, SummaryRow

__all__ = ["Chart", "ReportContext", "ReportResult", "Section", "SummaryRow", "build_report"]
