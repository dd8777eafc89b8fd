"""What a report section hands to the page: its title, its template and values, its charts, the
tables it drew on, and the rows it adds to the terminal summary.

A section never formats the page around it; :mod:`nato3.report.build` renders every section's
template into one page and collects the sources for the footer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Chart:
    """One chart, inline SVG. ``alt`` is the text alternative (what the chart shows, in words);
    ``source`` names where its numbers came from and is printed under it."""

    id: str
    svg: str
    alt: str
    caption: str
    source: str


@dataclass(frozen=True)
class SummaryRow:
    """A line of the short table ``nato3 report`` prints in the terminal."""

    label: str
    value: str
    note: str = ""


@dataclass
class Section:
    """A built section.

    Attributes:
        id: the HTML id and the name of the template, ``templates/sections/<id>.html.j2``.
        title: the section heading (``<h2>``), also used in the table of contents and the PDF.
        values: what the template may use; every number shown comes from here.
        charts: the section's charts by id, rendered with the ``figure`` macro.
        sources: names of the bundled tables the section's numbers came from (page footer).
        summary: rows for the terminal summary (most sections have none).
        html: the section's body, once rendered (by the process that built it; see
            :func:`nato3.report.page.prerender`); None: rendered with the page.
    """

    id: str
    title: str
    values: dict[str, Any] = field(default_factory=dict)
    charts: dict[str, Chart] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    summary: list[SummaryRow] = field(default_factory=list)
    html: str | None = None

    @property
    def template(self) -> str:
        return f"sections/{self.id}.html.j2"
