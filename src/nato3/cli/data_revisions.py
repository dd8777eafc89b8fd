"""``nato3 data revisions``: how each NATO figure changed from one edition to the next (the
``revisions`` document)."""

from __future__ import annotations

from enum import StrEnum

import typer

from nato3.cli.common import COUNTRY_OPTION, FORMAT_OPTION, TABLE_OPTION, WIDE_OPTION, OutputFormat, emit


class OrderChoice(StrEnum):
    name = "name"
    change = "change"


def revisions(
    iso3: str = COUNTRY_OPTION,
    year: int = typer.Option(None, "--year", "-y", help="Only this year."),
    figure: str = typer.Option(
        "defence_share_gdp_pct",
        "--figure",
        help="Harmonised figure, e.g. defence_share_gdp_pct, equipment_share_pct, defence_exp_musd_const.",
    ),
    edition: str = typer.Option(None, "--edition", "-e", help="Only pairs ending in this edition, e.g. 2025."),
    revised_only: bool = typer.Option(False, "--revised-only", help="Hide pairs whose value did not change."),
    order: OrderChoice = typer.Option(
        OrderChoice.name, "--order", help="name: by ally and year; change: the largest changes first."
    ),
    fmt: OutputFormat = FORMAT_OPTION,
    wide: bool = WIDE_OPTION,
    table: str = TABLE_OPTION,
) -> None:
    """How each figure changed between NATO editions: estimate → outturn, revisions, price bases.

    Shares of GDP are ratios and compare across editions; money in constant prices does not when
    the price base changed (2015 prices in the 2024 edition, 2021 prices in the 2025 edition), so
    those pairs show no change and say why. Nothing compares across a change of definition: the
    2026 edition measures core defence expenditure (the Hague definition) where earlier editions
    measured total defence expenditure; such pairs are marked ‡ and named as a new definition.

    Examples:

      nato3 data revisions --country POL --year 2024   # 4.12 (2024 edition) → 3.79 (2025 edition)

      nato3 data revisions --country POL --year 2025   # 4.48 total (2025) → 4.25 core (2026): new definition
    """
    from nato3.documents import build

    doc = build(
        "revisions",
        figure=figure,
        iso3=iso3,
        year=year,
        edition=edition,
        revised_only=revised_only,
        order=order.value,
    )
    emit(doc, fmt, wide, table)
