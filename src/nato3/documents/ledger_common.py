"""What the ledger's documents share: the † mark of secondary-source rows, and the caveats the
ledger tables' own descriptors state.

**How a secondary row is marked.** The ledger's tables are compiled row by row, mostly from news
reports; a row whose source is not an official publication (``is_secondary``) carries the cell
mark ``secondary`` (printed †) on every figure of the row *and* on the cell that names the row
(its event id, post, region, fact, date…), so a row without any figure is still visibly marked.
The mark is a cell mark, not a column mark, because official and secondary rows share columns.
The document's caveats say what "secondary" means for these tables (:data:`SECONDARY_NOTE`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from nato3.documents.model import Column

if TYPE_CHECKING:
    import pandas as pd

SECONDARY_NOTE = (
    "† marks a figure from a secondary source (news, wire copy on another site, aggregator, mirror, encyclopedia "
    "or think-tank abstract): shown with its source, never as an official figure."
)
# Columns every ledger table with per-row sources carries for programs (JSON, CSV).
SOURCE_COLUMNS = [
    Column("source_title", "Source", kind="text", display=False),
    Column("source_url", "Source address", kind="text", display=False),
    Column("source_kind", "Kind of source", kind="text", display=False),
    Column("is_secondary", "Secondary source", kind="flag", display=False),
]


def marks(
    frame: pd.DataFrame,
    figures: Sequence[str],
    label: str | None = None,
    secondary: str = "is_secondary",
    extra: Iterable[dict[str, tuple[str, ...]]] | None = None,
) -> list[dict[str, tuple[str, ...]]]:
    """One ``marks`` mapping per row: ``secondary`` on ``label`` and on each of ``figures`` that has a
    value, in the rows whose ``secondary`` column is true, merged with ``extra`` (other marks per
    row, e.g. estimates)."""
    flags = frame[secondary].fillna(False).astype(bool).tolist() if secondary in frame.columns else [False] * len(frame)
    present = {c: frame[c].notna().tolist() for c in figures}
    others = list(extra) if extra is not None else [{}] * len(frame)
    out = []
    for i, (flag, other) in enumerate(zip(flags, others, strict=True)):
        row = {k: tuple(v) for k, v in other.items()}
        if flag:
            for column in [*(c for c in figures if present[c][i]), *([label] if label else [])]:
                row[column] = (*row.get(column, ()), "secondary")
        out.append(row)
    return out


def flag_marks(frame: pd.DataFrame, column: str, figures: Sequence[str], mark: str) -> list[dict[str, tuple[str, ...]]]:
    """``mark`` on ``figures`` of the rows where boolean ``column`` is true (e.g. NATO estimates)."""
    return [dict.fromkeys(figures, (mark,)) if bool(flag) else {} for flag in frame[column].fillna(False).tolist()]


def any_secondary(*frames: pd.DataFrame) -> bool:
    return any("secondary" in codes for f in frames for row in f["marks"] for codes in row.values())


def table_caveats(*tables: str) -> list[str]:
    """The caveats the descriptors of ``tables`` state, and the derived-kind note where it applies."""
    from nato3.ledger.provenance import DERIVED_KIND_NOTE, TABLES, derived_kinds
    from nato3.ledger.provenance import table_caveats as own

    out: list[str] = []
    for name in tables:
        out += own(name)
        if name in TABLES and derived_kinds(name):
            out.append(f"{name}: {DERIVED_KIND_NOTE}")
    return out


def caveats(*parts: Iterable[str]) -> list[str]:
    """Caveats from several lists, in order, each once."""
    return list(dict.fromkeys(c for part in parts for c in part if c))


def select(frame: pd.DataFrame, columns: list[Column]) -> pd.DataFrame:
    """``frame`` with exactly the declared ``columns`` and ``marks``, index reset."""
    names = [c.name for c in columns]
    out = frame.reindex(columns=[*names, "marks"]).reset_index(drop=True)
    out["marks"] = [m if isinstance(m, dict) else {} for m in out["marks"]]
    return out


def parameters(**values: Any) -> dict[str, Any]:
    """A document's parameters, as plain values."""
    from nato3.plain import plain

    return {k: plain(v) for k, v in values.items()}
