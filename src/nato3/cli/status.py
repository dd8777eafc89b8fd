"""``nato3 status``: where every ally stands against NATO's spending pledges in one year."""

from __future__ import annotations

import typer

from nato3.cli.common import FORMAT_OPTION, WIDE_OPTION, OutputFormat, emit, startup_without_gc


def status(
    year: int = typer.Option(
        None,
        "--year",
        "-y",
        help="Year to show. Default: the newest year for which NATO's newest edition covers every ally and both "
        "aggregates.",
    ),
    edition: str = typer.Option(
        None,
        "--edition",
        "-e",
        help="NATO edition to use, e.g. 2024. Default: the newest edition that covers the year for every ally.",
    ),
    fmt: OutputFormat = FORMAT_OPTION,
    wide: bool = WIDE_OPTION,
) -> None:
    """Where each ally stands: share of GDP, real change, equipment share, pledges met.

    Pledges: 2 % of GDP and 20 % of spending on major equipment (Wales 2014); 3.5 % on core
    defence and 5 % in all by 2035 (The Hague 2025; the 5 % is unknown until the
    defence-related part is published).

    One NATO edition answers the whole table; the footer says which and why. Allies are sorted
    by share of GDP, NATO's two aggregates at the bottom. 'e' marks NATO estimates; a dash
    means no published figure.

    Examples:

      nato3 status                       # the default view

      nato3 status --year 2024 --edition 2024 --format json
    """
    from nato3.documents import build

    with startup_without_gc():
        doc = build("status", year=year, edition=edition)
    emit(doc, fmt, wide)
