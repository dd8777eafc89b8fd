"""``nato3 status``: where every ally stands against NATO's spending pledges in one year."""

from __future__ import annotations

from typing import Any

import typer

from nato3.cli.common import FORMAT_OPTION, MARKS, OutputFormat, console, fmt_number, jsonable, write_csv, write_json

FIGURE_LABELS = {
    "defence_share_gdp_pct": "share of GDP",
    "defence_exp_real_change_pct": "real change",
    "equipment_share_pct": "equipment share",
    "defence_exp_musd_const": "spending in constant US$",
    "gdp_musd_const": "GDP in constant US$",
}


def status(
    year: int = typer.Option(None, "--year", "-y", help="Year to show. Default: the newest year NATO has estimated."),
    edition: str = typer.Option(
        None,
        "--edition",
        "-e",
        help="NATO edition to use, e.g. 2024. Default: for each figure, the newest edition that has it.",
    ),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Where each ally stands: share of GDP, real change, equipment share, pledges met.

    Pledges: 2 % of GDP and 20 % of spending on major equipment (Wales 2014); 3.5 % on core
    defence and 5 % in all by 2035 (The Hague 2025; the 5 % is unknown until the
    defence-related part is published).

    Sorted by share of GDP, with NATO's two aggregates at the bottom, computed from the country
    rows by NATO's own rules. 'e' marks NATO estimates; a dash means no published figure.

    Examples:

      nato3 status                       # newest year, newest edition of each figure

      nato3 status --year 2024 --edition 2024 --format json
    """
    from nato3.api import status as compute

    df = compute(year=year, edition=edition)
    if fmt is OutputFormat.json:
        write_json(to_json(df))
    elif fmt is OutputFormat.csv:
        write_csv(to_csv_frame(df))
    else:
        _print_table(df)


def to_csv_frame(df):
    """Status rows flat for CSV: each figure followed by the edition it came from."""
    editions = df.attrs.get("editions", {})
    out = df.assign(estimate_figures=df["estimate_figures"].map(";".join))
    for figure in reversed([f for f in editions if f in out.columns]):
        column = out.columns.get_loc(figure) + 1
        out.insert(column, f"{figure}_edition", out[figure].notna().map({True: editions[figure], False: None}))
    return out


def to_json(df) -> list[dict[str, Any]]:
    """Status rows as JSON objects with ``pledges`` nested and each figure's edition named."""
    editions = df.attrs.get("editions", {})
    out = []
    for row in df.to_dict("records"):
        item = {k: jsonable(v) for k, v in row.items() if not k.startswith("meets_")}
        item["estimate_figures"] = list(row["estimate_figures"])
        item["pledges"] = {k.removeprefix("meets_"): jsonable(v) for k, v in row.items() if k.startswith("meets_")}
        item["field_editions"] = {f: e for f, e in editions.items() if item.get(f) is not None}
        out.append(item)
    return out


def _print_table(df) -> None:
    from rich.table import Table

    from nato3.standing.pledges import pledges

    year = df.attrs["year"]
    pledge_ids = [c.removeprefix("meets_") for c in df.columns if c.startswith("meets_")]
    figures = [
        ("defence_share_gdp_pct", "% of GDP", 2),
        ("defence_exp_real_change_pct", "Real chg %", 1),
        ("equipment_share_pct", "Equip. %", 1),
    ]
    figures = [f for f in figures if df[f[0]].notna().any()]  # hide figures no edition has for this year
    table = Table(title=f"Where each ally stands, {year}", header_style="bold")
    table.add_column("#", justify="right")
    table.add_column("Ally")
    for _, header, _ in figures:
        table.add_column(header, justify="right")
    defined = pledges()
    for pid in pledge_ids:
        pledge = defined[pid]
        suffix = " eq." if pledge.metric == "equipment_share_pct" else ""
        table.add_column(f"{pledge.threshold_pct:g}%{suffix}", justify="center")
    previous_kind = "ally"
    for row in df.to_dict("records"):
        if row["kind"] != previous_kind:
            table.add_section()
            previous_kind = row["kind"]
        table.add_row(
            fmt_number(row["rank"], 0),
            row["country"],
            *[_cell(row, name, digits) for name, _, digits in figures],
            *[MARKS[jsonable(row[f"meets_{pid}"])] for pid in pledge_ids],
        )
    out = console()
    out.print(table)
    out.print(_footer(df), style="dim")


def _cell(row: dict, figure: str, digits: int) -> str:
    """A figure with 'e' when it is a NATO estimate and '†' when it comes from a secondary report."""
    text = fmt_number(row[figure], digits, figure in row["estimate_figures"])
    if figure == "defence_share_gdp_pct" and row["secondary_source"]:
        text += " †"
    return text


def _footer(df) -> str:
    editions = df.attrs.get("editions", {})
    descriptions = df.attrs.get("edition_descriptions", {})
    by_edition: dict[str, list[str]] = {}
    for figure, label in editions.items():
        by_edition.setdefault(label, []).append(FIGURE_LABELS.get(figure, figure))
    lines = ["Source: NATO, Defence Expenditure of NATO Countries."]
    for label, figures in by_edition.items():
        lines.append(f"  {descriptions.get(label, label)}: {', '.join(figures)}.")
    missing = [
        FIGURE_LABELS[f]
        for f in FIGURE_LABELS
        if f not in editions and f in ("defence_exp_real_change_pct", "equipment_share_pct")
    ]
    if missing:
        lines.append(f"  Not published for {df.attrs['year']} in any edition: {', '.join(missing)}.")
    allies = df[df["kind"] == "ally"]
    without = allies.loc[allies["defence_share_gdp_pct"].isna(), "iso3"].tolist()
    if without:
        lines.append(
            f"  No share of GDP for {df.attrs['year']} in the {df['edition'].iloc[0]} edition as bundled: "
            f"{', '.join(without)} (`nato3 sources --table nato_series` says what was and was not found)."
        )
    if "secondary_note" in df.attrs:
        lines.append(f"† {df.attrs['secondary_note']}.")
    lines.append(
        "e = NATO estimate · ✔ at or above the threshold that year, ✗ below, – unknown · pledges: 2% and 20% eq. "
        "(Wales 2014, by 2024), 3.5% core and 5% total (The Hague 2025, by 2035)."
    )
    lines.append(
        "Aggregates follow NATO's rules (members from accession year; Iceland's GDP included), "
        "or are NATO's published rows where an edition has no money columns."
    )
    lines.append("5%: the defence-related part (up to 1.5% of GDP) is not published, so it is unknown, not zero.")
    return "\n".join(lines)
