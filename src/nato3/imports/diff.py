"""What an import would change: new and removed rows, changed values, the largest revisions.

An imported table is compared with what is loaded now: the table that holds the same edition
(bundled or imported before), or, for a new edition, the newest loaded edition of the same kind.
Values are compared as stored; numbers equal to 12 significant digits count as unchanged (a
workbook re-saved by another program keeps only 15-16 digits: noise, not a revision). Columns
are matched by name; when the price base changed (``*_const2015`` → ``*_const2021``), money
columns appear as new and dropped columns and are not compared, because values in different
prices are not comparable.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

from nato3.imports.descriptors import Dataset
from nato3.store.resources import Resource
from nato3.store.validate import read_validated

# Relative differences below this are float noise (a workbook re-saved by another program keeps
# 15-16 significant digits), not revisions.
SAME_REL = 1e-12
# The figure whose revisions are listed first, per kind.
HEADLINE = {
    "nato_expenditure": "defence_share_real_gdp_pct",
    "sipri_milex": "milex_share_gdp_pct",
}


@dataclass(frozen=True)
class Change:
    key: tuple
    column: str
    old: Any
    new: Any

    @property
    def delta(self) -> float | None:
        if isinstance(self.old, (int, float)) and isinstance(self.new, (int, float)):
            return self.new - self.old
        return None

    def to_json(self, key_names: list[str]) -> dict[str, Any]:
        return {
            **dict(zip(key_names, self.key, strict=True)),
            "column": self.column,
            "old": self.old,
            "new": self.new,
            "change": self.delta,
        }


@dataclass
class Diff:
    """The difference between an incoming table and the loaded one it is compared with."""

    dataset: str
    kind: str
    edition: str
    key_names: list[str]
    against: str | None = None  # loaded table compared with, None if nothing of this kind is loaded
    against_edition: str | None = None
    same_edition: bool = False
    rows: int = 0
    new_rows: list[tuple] = field(default_factory=list)
    removed_rows: list[tuple] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    new_columns: list[str] = field(default_factory=list)
    dropped_columns: list[str] = field(default_factory=list)
    price_base: tuple[int | None, int | None] = (None, None)  # (loaded, incoming)

    @property
    def changed_rows(self) -> int:
        return len({c.key for c in self.changed})

    @property
    def unchanged_rows(self) -> int:
        return self.rows - len(self.new_rows) - self.changed_rows

    @property
    def is_empty(self) -> bool:
        return not (self.new_rows or self.removed_rows or self.changed or self.new_columns or self.dropped_columns)

    def changes_by_column(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for c in self.changed:
            counts[c.column] = counts.get(c.column, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: -kv[1]))

    def largest(self, n: int = 10, column: str | None = None) -> list[Change]:
        """The ``n`` largest numeric revisions (by absolute change) of ``column`` (default: headline)."""
        column = column or HEADLINE.get(self.kind)
        numeric = [c for c in self.changed if c.delta is not None and (column is None or c.column == column)]
        return sorted(numeric, key=lambda c: (-abs(c.delta), c.key))[:n]

    def to_json(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "edition": self.edition,
            "compared_with": self.against,
            "compared_edition": self.against_edition,
            "same_edition": self.same_edition,
            "price_base_year": {"loaded": self.price_base[0], "incoming": self.price_base[1]},
            "rows": self.rows,
            "new_rows": [dict(zip(self.key_names, k, strict=True)) for k in self.new_rows],
            "removed_rows": [dict(zip(self.key_names, k, strict=True)) for k in self.removed_rows],
            "changed_values": len(self.changed),
            "changed_rows": self.changed_rows,
            "unchanged_rows": self.unchanged_rows,
            "changes_by_column": self.changes_by_column(),
            "new_columns": self.new_columns,
            "dropped_columns": self.dropped_columns,
            "largest_revisions": [c.to_json(self.key_names) for c in self.largest()],
        }


def typed_rows(dataset: Dataset, countries: dict[str, str]) -> list[dict[str, Any]]:
    """The dataset's rows, parsed and validated by its own schema (as the database build would)."""
    from pathlib import Path

    resource = Resource(Path(dataset.descriptor_name), dataset.descriptor)
    columns = read_validated(resource, countries, dataset.csv_text)
    names = list(columns)
    return [dict(zip(names, values, strict=True)) for values in zip(*columns.values(), strict=True)]


def _clean(value: Any) -> Any:
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def same(old: Any, new: Any) -> bool:
    """Equal, or both numbers equal to :data:`SAME_REL` relative precision."""
    if old == new:
        return True
    numbers = (int, float)
    if isinstance(old, numbers) and isinstance(new, numbers):
        return math.isclose(old, new, rel_tol=SAME_REL)
    return False


def counterpart(kind: str, edition: str, definition: str | None = None) -> dict[str, Any] | None:
    """The loaded table an incoming ``kind``/``edition`` is compared with (a catalogue row), or None.

    For NATO, a new edition is compared with the newest loaded edition of the same ``definition``
    (total or core) when there is one."""
    from nato3.store.database import query
    from nato3.store.views import NATO_KIND, definition_of

    df = query("SELECT name, edition, descriptor FROM _resources WHERE kind = ?", [kind])
    rows = [{"name": n, "edition": e, "descriptor": json.loads(d)} for n, e, d in df.itertuples(index=False)]
    if kind == NATO_KIND:  # the table nato_series uses for each edition
        in_view = set(query("SELECT DISTINCT dataset FROM nato_series")["dataset"])
        rows = [r for r in rows if r["name"] in in_view]
        alike = [r for r in rows if definition_of(r["descriptor"]) == definition]
        rows = alike if definition is not None and alike and edition not in {r["edition"] for r in rows} else rows
    same = [r for r in rows if r["edition"] == edition]
    if same:
        return sorted(same, key=lambda r: "imported" in r["descriptor"])[-1]
    if not rows:
        return None
    return max(rows, key=lambda r: (str(r["descriptor"].get("published") or ""), str(r["edition"])))


def diff(dataset: Dataset, incoming: list[dict[str, Any]]) -> Diff:
    """Compare ``incoming`` (typed rows of ``dataset``) with the loaded counterpart."""
    from nato3.store.database import query

    key_names = dataset.descriptor.get("primaryKey") or ["iso3", "year"]
    result = Diff(dataset.name, dataset.kind, dataset.edition, key_names, rows=len(incoming))
    definition = dataset.descriptor.get("definition")
    loaded = counterpart(dataset.kind, dataset.edition, definition)
    result.price_base = (None, dataset.descriptor.get("price_base_year"))
    if loaded is None:
        result.new_rows = [tuple(r[k] for k in key_names) for r in incoming]
        return result
    result.against, result.against_edition = loaded["name"], loaded["edition"]
    result.same_edition = loaded["edition"] == dataset.edition
    result.price_base = (loaded["descriptor"].get("price_base_year"), result.price_base[1])
    old_df = query(f'SELECT * FROM "{loaded["name"]}"')
    old_cols = list(old_df.columns)
    new_cols = list(incoming[0]) if incoming else [f["name"] for f in dataset.descriptor["fields"]]
    result.new_columns = [c for c in new_cols if c not in old_cols]
    result.dropped_columns = [c for c in old_cols if c not in new_cols]
    compared = [c for c in new_cols if c in old_cols and c not in key_names]
    old = {}
    for rec in old_df.to_dict("records"):
        old[tuple(_clean(rec[k]) for k in key_names)] = {c: _clean(rec[c]) for c in compared}
    seen = set()
    for row in incoming:
        key = tuple(row[k] for k in key_names)
        seen.add(key)
        before = old.get(key)
        if before is None:
            result.new_rows.append(key)
            continue
        for c in compared:
            if not same(before[c], row[c]):
                result.changed.append(Change(key, c, before[c], row[c]))
    result.removed_rows = [k for k in old if k not in seen]
    return result
