"""CSV cells that a spreadsheet will not run as formulas.

Excel, LibreOffice and Google Sheets treat a cell that starts with ``=``, ``+``, ``-`` or ``@``
(and, after a tab or carriage return, the same) as a formula: a saved scenario named
``=HYPERLINK("http://…")`` would become a live link in the file someone downloads. Every CSV
nato3 writes (the CLI's ``--format csv``, ``data export``, the web API's ``?format=csv``) passes
its text cells through :func:`neutralise`, which prefixes such a cell with ``'`` (OWASP's advice),
so the spreadsheet shows the text as typed. Numbers, and text that is only a number (``-3.5``),
are left as they are.

A leaf module: standard library only.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def neutralise(value: Any) -> Any:
    """``value`` with a leading ``'`` when it is text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with :func:`neutralise` applied to every text column (a copy when anything changes)."""
    out = df
    for column in df.columns:
        if df[column].dtype.kind not in "OSU" and str(df[column].dtype) not in ("string", "str"):
            continue
        if any(neutralise(v) is not v for v in df[column]):
            out = df.copy() if out is df else out
            out[column] = df[column].map(neutralise)
    return out
