"""The known reasons why NATO's and SIPRI's shares of GDP differ for an ally and year.

Each reason rests on something in the data, never on a guess:

* **definition** — NATO's edition measures *core* defence expenditure (the Hague definition, from
  the 2026 edition) rather than the total defence expenditure of earlier editions; and SIPRI's
  footnote marks for the country (``sipri_notes``): † excludes military pensions (NATO's
  Table 8 note (b): NATO's personnel expenditure includes pensions), ¶ excludes paramilitary
  forces, ‡ current spending only, § adopted budget rather than actual spending; and the text
  of SIPRI's numbered country footnotes;
* **year** — the fiscal year SIPRI gives for the country: NATO counts the fiscal year with most
  months in the calendar year (2024 = FY2024/25 for an April–March year), SIPRI calendar years;
* **GDP** — NATO divides by GDP from DG ECFIN and the OECD, in the edition's constant prices;
  SIPRI by its own GDP series in current prices (true of every row);
* **prices** — where NATO's edition has money columns, the gap between NATO's share of real GDP
  and the same share in current prices (derived from NATO's Tables 2 and 5);
* **estimates** — either side's figure is an estimate.
"""

from __future__ import annotations

import re
from typing import Any

MARK_REASONS = {
    "†": ("pensions", "SIPRI excludes military pensions for this country; NATO includes pensions (Table 8 note b)"),
    "¶": ("paramilitary", "SIPRI excludes spending on paramilitary forces for this country"),
    "‡": ("current_only", "SIPRI counts current spending only (no capital spending) for this country"),
    "§": ("budget", "SIPRI uses the adopted budget, not actual spending, for this country"),
}
GDP_REASON = (
    "gdp",
    "GDP differs: NATO uses DG ECFIN/OECD GDP in the edition's constant prices, SIPRI its own GDP in current prices",
)
PRICE_EFFECT_MIN_PP = 0.01  # smaller gaps between NATO's real and current-price shares are rounding


def fiscal_year_in(text: str, year: int) -> str:
    """The fiscal year that applies in ``year``, from SIPRI's text such as
    ``'Till: 1994 Jul-Jun, 1995: Jul-Dec, From 1996: Jan-Dec'`` (Sweden) or ``'Apr-Mar'``."""
    spans = re.findall(r"(Till|From)?:?\s*(\d{4}):?\s*([A-Z][a-z]{2}-[A-Z][a-z]{2})", text)
    if not spans:
        return text
    chosen = None
    for kind, y, fy in spans:
        y = int(y)
        if (kind == "From" and year >= y) or (kind == "Till" and year <= y) or (not kind and year == y):
            chosen = fy
    return chosen or text


def _present(value: Any) -> Any:
    """``value``, or None for missing (None, NaN, pandas NA)."""
    try:
        return None if value is None or value != value else value
    except TypeError:  # pandas NA cannot be compared
        return None


def reasons_for(row: dict[str, Any]) -> list[tuple[str, str]]:
    """(code, explanation) pairs for one reconciliation row (see the module docstring)."""
    row = {k: _present(v) for k, v in row.items()}
    out: list[tuple[str, str]] = []
    if row.get("nato_definition") == "core":
        out.append(
            (
                "nato_core",
                f"NATO's figure is core defence expenditure (the Hague definition of its {row.get('nato_edition')} "
                "edition), not the total defence expenditure of earlier editions; SIPRI counts military expenditure "
                "by its own definition",
            )
        )
    marks = row.get("sipri_notes") or ""
    for mark, reason in MARK_REASONS.items():
        if mark in marks:
            out.append(reason)
    fiscal = fiscal_year_in(row.get("fiscal_year") or "Jan-Dec", row["year"])
    if fiscal != "Jan-Dec":
        year = row["year"]
        out.append(
            (
                "fiscal_year",
                f"fiscal year {fiscal}: NATO's {year} is the fiscal year with most months in {year}, "
                "SIPRI reports calendar years",
            )
        )
    out.append(GDP_REASON)
    effect = row.get("price_base_effect_pp")
    if effect is not None and abs(effect) >= PRICE_EFFECT_MIN_PP:
        out.append(
            (
                "prices",
                f"NATO's share of real GDP differs by {effect:+.2f} pp from the same share in current prices "
                "(NATO Tables 2 and 5), which is what SIPRI measures",
            )
        )
    if row.get("nato_is_estimate"):
        out.append(("nato_estimate", "NATO's figure is an estimate"))
    if row.get("sipri_flag"):
        out.append(("sipri_estimate", f"SIPRI's figure is flagged '{row['sipri_flag']}'"))
    if row.get("footnotes"):
        out.append(("sipri_footnote", f"SIPRI footnote {row['footnotes']}"))
    return out
