"""Compare allies: share of GDP over time for the allies chosen, from one source and edition —
the ``spending`` document's ``shares`` table, rendered and charted."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from nato3.web.documents import document
from nato3.web.errors import ParameterError
from nato3.web.pages.common import line_chart, pledge_lines, render

router = APIRouter()
NAV = ("Compare", "/compare")
DEFAULT = ("USA", "POL", "DEU", "FRA", "GBR")
MAX_ALLIES = 12
SIPRI_FROM = 2000  # SIPRI goes back to 1949; the comparison starts here (the API has everything)


def series_choices() -> dict[str, tuple[str, str, str]]:
    """Menu value → (source, edition, label): every NATO edition (editions document), then SIPRI's
    release in effect (tables document)."""
    choices = {
        f"nato-{e['label']}": ("nato", e["label"], f"NATO, {e['label']} edition ({e['definition']} defence)")
        for e in document("editions").tables["editions"].records()
    }
    sipri = next(r for r in document("tables").tables["tables"].records() if r["table"] == "sipri_series")
    choices["sipri"] = ("sipri", sipri["edition"], f"SIPRI ({sipri['edition']} release, from {SIPRI_FROM})")
    return choices


@router.get("/compare", response_class=HTMLResponse)
def compare(
    request: Request,
    iso3: list[str] | None = Query(None, max_length=MAX_ALLIES * 3),
    series: str | None = Query(None, max_length=40),
):
    """A chart and a table of the chosen allies' shares of GDP, one series at a time."""
    codes = [c for v in iso3 or [] for c in v.split(",") if c.strip()] or list(DEFAULT)
    if len(codes) > MAX_ALLIES:
        raise ParameterError("iso3", f"{len(codes)} codes given; at most {MAX_ALLIES} allowed")
    choices = series_choices()
    series = series or next(iter(choices))
    if series not in choices:
        raise ParameterError("series", f"unknown series {series!r}; allowed: {', '.join(choices)}")
    source, edition, _ = choices[series]
    doc = document(
        "spending",
        iso3=tuple(codes),
        source=source,
        edition=edition,
        from_year=SIPRI_FROM if source == "sipri" else None,
    )
    shares = doc.tables.get("shares")
    lines = []
    if shares is not None:
        rows = shares.records()
        for column in shares.columns[1:]:
            points = [(r["year"], r[column.name]) for r in rows if r[column.name] is not None]
            lines.append({"name": column.label, "x": [x for x, _ in points], "y": [y for _, y in points]})
    chosen = {c.upper().strip() for c in codes}
    return render(
        request,
        "compare.html",
        {
            "doc": doc,
            "shares": shares,
            "chosen": chosen,
            "allies": document("allies").tables["allies"].records(),
            "choices": choices,
            "series": series,
            "chart": line_chart(lines, "% of GDP", hlines=pledge_lines("defence_share_gdp_pct")),
            "max_allies": MAX_ALLIES,
            "csv_url": f"/api/v1/spending?iso3={','.join(sorted(chosen))}&source={source}&edition={edition}"
            f"{f'&from_year={SIPRI_FROM}' if source == 'sipri' else ''}&format=csv",
            "sources": doc.sources,
        },
    )
