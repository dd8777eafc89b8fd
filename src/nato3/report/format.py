"""Format helpers for the report: numbers, percentages, money and lists in words.

They are the Jinja filters of the report templates (see :func:`filters`), so a template never
rounds or spells out a number itself. Missing values (None, NaN, pandas NA) print as a dash.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

MISSING = "–"
NBSP = "\u00a0"
MARKS = {True: "✔", False: "✗", None: "–"}
MARK_WORDS = {True: "met", False: "not met", None: "unknown"}


def plain(value: Any) -> Any:
    """A plain Python value: numpy/pandas scalars unwrapped, NaN and NA turned into None."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    return value


def is_missing(value: Any) -> bool:
    return plain(value) is None


def number(value: Any, digits: int = 0) -> str:
    """``1,474`` or ``2.71``; a dash when missing."""
    value = plain(value)
    if value is None:
        return MISSING
    return f"{value:,.{digits}f}"


def pct(value: Any, digits: int = 2) -> str:
    """A percentage with a non-breaking space before the sign: ``2.71 %``."""
    text = number(value, digits)
    return text if text == MISSING else f"{text}{NBSP}%"


def compact(value: Any) -> str:
    """A setting as written, without trailing zeros: ``1.5``, ``0.05``, ``10,000``."""
    value = plain(value)
    return MISSING if value is None else f"{value:,g}"


def threshold(value: Any) -> str:
    """A pledge threshold as agreed: ``2 %``, ``3.5 %`` (no trailing zeros)."""
    value = plain(value)
    return MISSING if value is None else f"{value:g}{NBSP}%"


def usd_bn(musd: Any, digits: int = 0) -> str:
    """Million US$ as billions: ``US$1,474 bn``."""
    value = plain(musd)
    return MISSING if value is None else f"US${value / 1000:,.{digits}f}{NBSP}bn"


def signed(value: Any, digits: int = 1) -> str:
    """A change with its sign: ``+10.9 %``, ``−1.4 %``."""
    value = plain(value)
    if value is None:
        return MISSING
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return f"{sign}{abs(value):,.{digits}f}{NBSP}%"


def probability(value: Any) -> str:
    """A probability (0–1) as a whole percentage: ``50 %``; ``< 1 %`` and ``> 99 %`` rather than
    rounding a possible outcome to ``0 %`` or a possible miss to ``100 %``."""
    value = plain(value)
    if value is None:
        return MISSING
    if 0 < value < 0.005:
        return f"<{NBSP}1{NBSP}%"
    if 0.995 <= value < 1:
        return f">{NBSP}99{NBSP}%"
    return f"{100 * value:.0f}{NBSP}%"


def words(items: Iterable[Any], conjunction: str = "and") -> str:
    """``Poland, Lithuania and Latvia``; ``none`` for an empty list."""
    items = [str(i) for i in items]
    if not items:
        return "none"
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def sentence(text: Any) -> str:
    """Upper-case the first letter only (Jinja's ``capitalize`` lowers the rest: "6 feb")."""
    text = str(text)
    return text[:1].upper() + text[1:]


def pledge_short(pledge: Any) -> str:
    """A pledge in a few characters, for table headers: ``2 %``, ``20 % eq.``, ``3.5 %``."""
    return threshold(pledge.threshold_pct) + (" eq." if pledge.metric == "equipment_share_pct" else "")


def mark(value: Any) -> str:
    """✔ met, ✗ not met, – unknown."""
    return MARKS[plain(value)]


def mark_word(value: Any) -> str:
    return MARK_WORDS[plain(value)]


def raw(value: Any) -> str:
    """A machine-readable value for ``<data value>`` and ``data-*`` attributes: full precision
    (``repr`` of the float), ``true``/``false`` for flags, empty when missing."""
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


def filters() -> dict[str, Any]:
    """The Jinja filters of the report templates."""
    return {
        "number": number,
        "pct": pct,
        "threshold": threshold,
        "compact": compact,
        "usd_bn": usd_bn,
        "signed": signed,
        "probability": probability,
        "words": words,
        "mark": mark,
        "mark_word": mark_word,
        "raw": raw,
        "pledge_short": pledge_short,
        "sentence": sentence,
    }


def tests() -> dict[str, Any]:
    """The Jinja tests of the report templates: ``{% if value is missing %}``."""
    return {"missing": is_missing}
