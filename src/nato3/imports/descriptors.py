"""Provenance descriptors for imported tables, built from the bundled descriptor of the same kind.

An imported edition gets the same schema as the bundled table it parallels (same columns, types,
units and constraints), with the price base year and year range the workbook actually has, plus
an ``imported`` block: the user's file name, its sha256 and size, where it was downloaded from
(if it was), when it was imported, by which nato3, and what was detected in it.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from nato3.store.resources import DESCRIPTOR_SUFFIX, bundled_resources

# The bundled descriptor each imported kind copies its schema from, and the price base it names.
TEMPLATES = {
    "nato_expenditure": ("nato_expenditure_ed2024", 2015),
    "sipri_milex": ("sipri_milex", 2023),
    "sipri_country_notes": ("sipri_country_notes", None),
}


@dataclass(frozen=True)
class Source:
    """The publisher's file an import was read from."""

    file: str
    sha256: str
    bytes: int
    address: str | None = None  # the URL, when `nato3 data update` downloaded it

    @classmethod
    def of(cls, path: Path, address: str | None = None) -> Source:
        data = Path(path).read_bytes()
        return cls(Path(path).name, hashlib.sha256(data).hexdigest(), len(data), address)


@dataclass
class Dataset:
    """One table ready to be committed: its CSV text and descriptor."""

    name: str
    kind: str
    edition: str
    csv_text: str
    descriptor: dict[str, Any]

    @property
    def csv_name(self) -> str:
        return self.descriptor["path"]

    @property
    def descriptor_name(self) -> str:
        return f"{self.name}{DESCRIPTOR_SUFFIX}"

    def csv_bytes(self) -> bytes:
        return self.csv_text.encode("utf-8")

    def descriptor_bytes(self) -> bytes:
        return (json.dumps(self.descriptor, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def table_name(kind: str, edition: str) -> str:
    """``nato_expenditure_ed2025_imported``: the imported table's name (distinct from bundled names)."""
    label = re.sub(r"[^a-z0-9]+", "_", edition.lower()).strip("_")
    return f"{kind}_ed{label}_imported"


def _template(kind: str) -> dict[str, Any]:
    name, _ = TEMPLATES[kind]
    for r in bundled_resources():
        if r.name == name:
            return copy.deepcopy(r.descriptor)
    raise LookupError(f"bundled descriptor {name!r} not found")  # a broken installation, not user input


FOOTNOTE_FIELD = {
    "name": "footnote_star",
    "type": "string",
    "description": "'*' where NATO's Tables 1-3 put a footnote star after the name; NATO's footnote",
    "constraints": {"enum": ["*"]},
}


def _to_core(fields: list[dict]) -> list[dict]:
    """Field descriptions for an edition on the core definition ('Defence expenditure' → 'Core defence expenditure')."""

    def core(m: re.Match) -> str:
        return ("Core d" if m.group(1) == "D" else "core d") + "efence expenditure"

    return [
        {**f, "description": re.sub(r"(?<!core )(?<!Core )\b([Dd])efence expenditure", core, f.get("description", ""))}
        for f in fields
    ]


def _rebase(obj: Any, old: int | None, new: int | None) -> Any:
    """Replace the template's price base year in column names and texts (const2015 → const2021)."""
    if old is None or new is None or old == new:
        return obj
    text = json.dumps(obj, ensure_ascii=False)
    text = re.sub(rf"(?<=const){old}\b|(?<=\(){old}(?=\))|\b{old}(?= prices)", str(new), text)
    return json.loads(text)


def build(
    kind: str,
    edition: str,
    csv_text: str,
    rows: int,
    source: Source,
    *,
    title: str,
    published: str | None,
    published_from: str,
    price_base_year: int | None,
    years: tuple[int, int],
    detected: dict[str, Any],
    edition_from: str,
    caveats: list[str],
    definition: str | None = None,
    data_cutoff: str | None = None,
    footnotes: dict[str, str] | None = None,
    columns: list[str] | None = None,
) -> Dataset:
    """A :class:`Dataset` whose descriptor copies the bundled schema of ``kind`` and records provenance.

    NATO tables also get their ``definition`` ('core' rewrites the columns' descriptions to
    "core defence expenditure"), the data cut-off where nato3 knows it for that edition, and a
    ``footnote_star`` column when ``columns`` has one (its description quotes ``footnotes['*']``).
    """
    d = _template(kind)
    d = _rebase(d, TEMPLATES[kind][1], price_base_year)
    name = table_name(kind, edition)
    now = datetime.now(UTC)
    d.pop("data_cutoff", None)  # the template edition's; not in the workbook
    d.update(
        name=name,
        title=title,
        path=f"{name}.csv",
        edition=edition,
        published=published or "",
        caveats=caveats,
    )
    if definition is not None:
        d["definition"] = definition
        if definition == "core":
            d["fields"] = _to_core(d["fields"])
    if data_cutoff:
        d["data_cutoff"] = data_cutoff
    if columns is not None and FOOTNOTE_FIELD["name"] in columns:
        text = (footnotes or {}).get("*") or "no footnote text found in the workbook"
        d["fields"].append({**FOOTNOTE_FIELD, "description": f"{FOOTNOTE_FIELD['description']}: {text}"})
    if price_base_year is not None and "price_base_year" in d:
        d["price_base_year"] = price_base_year
    original = d.get("original", {})
    d["original"] = {
        "address": source.address or original.get("address"),
        "file": source.file,
        "note": "The publisher's workbook as given to `nato3 data import`"
        + (" (downloaded by `nato3 data update`)" if source.address else "")
        + f"; publication date taken from the {published_from}.",
    }
    d["intermediary"] = {
        "repository": None,
        "path": None,
        "commit": None,
        "note": "None: read directly from the publisher's workbook by nato3's importer.",
    }
    for fld in d["fields"]:
        if fld["name"] == "year":
            fld.setdefault("constraints", {}).update(minimum=years[0], maximum=years[1])
        if fld["name"] == "is_estimate":
            est = detected.get("estimate_years") or []
            fld["description"] = "'e' where the publisher labelled the year an estimate" + (
                f" ({', '.join(f'{y}e' for y in est)})" if est else ""
            )
    d["imported"] = {
        "at": now.isoformat(timespec="seconds"),
        "by": _version(),
        "source_file": source.file,
        "source_sha256": source.sha256,
        "source_bytes": source.bytes,
        "source_address": source.address,
        "edition_from": edition_from,
        "detected": detected,
    }
    data = csv_text.encode("utf-8")
    d.update(sha256=hashlib.sha256(data).hexdigest(), bytes=len(data), rows=rows)
    d["accessed"] = {"date": now.date().isoformat(), "note": "Date the workbook was imported into nato3."}
    return Dataset(name, kind, edition, csv_text, d)


def _version() -> str:
    from nato3.version import __version__

    return f"nato3 {__version__}"
