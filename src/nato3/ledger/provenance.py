"""Where each ledger row comes from, and whether its source is secondary.

The ledger tables are compiled row by row from public pages, most of them news reports. A row is
*secondary* unless its source is an official publication read at its own address: news (even
when it quotes an official), aggregators, mirrors, encyclopedias and think-tank abstracts are all
secondary. Secondary rows keep ``is_secondary = True`` and the mark ``†`` in every output.

``force_posture_events`` and ``nato30_context_facts`` carry their own ``source_kind`` column.
``nato_command_posts`` and ``defence_production_capacity`` do not: for them the kind is derived
from the page's address (an official host such as nato.int, gov.uk or army.mil, else news) and
from the aggregator sites SOURCES.md names for the production table; the output says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

if TYPE_CHECKING:
    import pandas as pd

SECONDARY_MARK = "†"
SECONDARY_NOTE = (
    "† secondary source (news, wire copy on another site, aggregator, mirror, encyclopedia or think-tank abstract): "
    "shown with its source, never as an official figure."
)
# Hosts whose pages are official publications (the organisation's or a government's own site).
OFFICIAL_HOSTS = ("nato.int", "gov.uk", "army.mil", "defense.gov", "dvidshub.net", "pm.gc.ca")
# Aggregator or reproduction sites named in SOURCES.md (production capacity, section 10).
AGGREGATOR_HOSTS = ("shadowline.pro", "ssbcrack.com", "baby-ace.net", "daily8.com", "tribunnews.com")
DERIVED_KIND_NOTE = (
    "This table has no source_kind column: the kind is derived from each page's address "
    "(official hosts: " + ", ".join(OFFICIAL_HOSTS) + "; otherwise news)."
)


def is_secondary(source_kind: str | None) -> bool:
    """True unless ``source_kind`` is exactly 'official' (case and spaces ignored)."""
    return (source_kind or "").strip().lower() != "official"


def _host(url: str | None) -> str:
    return (urlparse(url or "").hostname or "").lower()


def kind_from_url(url: str | None, title: str | None = "", notes: str | None = "") -> str:
    """Derive a source kind for a row without one: 'official', 'news (aggregator or reproduction)' or 'news'."""
    host = _host(url)
    if any(host == h or host.endswith("." + h) for h in OFFICIAL_HOSTS):
        return "official"
    text = " ".join(t for t in (title, notes) if isinstance(t, str)).lower()
    if any(host == h or host.endswith("." + h) for h in AGGREGATOR_HOSTS) or "secondary site" in text:
        return "news (aggregator or reproduction)"
    return "news"


def mark_sources(df: pd.DataFrame) -> pd.DataFrame:
    """Add ``source_kind`` (derived when missing), ``is_secondary`` and the mark column ``src``."""
    df = df.copy()
    if "source_kind" not in df.columns:
        df["source_kind"] = [
            kind_from_url(u, t, n)
            for u, t, n in zip(df["source_url"], df["source_title"], df.get("notes", [""] * len(df)), strict=True)
        ]
        df.attrs.setdefault("caveats", []).append(DERIVED_KIND_NOTE)
    df["is_secondary"] = df["source_kind"].map(is_secondary).astype(bool)
    df["src"] = df["is_secondary"].map({True: SECONDARY_MARK, False: ""})
    return df


_CACHE: dict[tuple[str, str, int], pd.DataFrame] = {}


def load_table(name: str) -> pd.DataFrame:
    """A bundled ledger table with its provenance (``attrs['sources']``) and caveats (``attrs['caveats']``).

    Kept in memory per database file and build (its modification time), so the several views of one
    command read each small table once; callers get a copy.
    """
    import copy

    from nato3.api import load
    from nato3.store.database import ensure_database

    db = ensure_database()
    key = (name, str(db), db.stat().st_mtime_ns)
    if key not in _CACHE:
        df = load(name)
        sources = df.attrs.get("sources", [])
        df.attrs["caveats"] = [c for s in sources for c in s.get("caveats", [])]
        _CACHE[key] = df
    cached = _CACHE[key]
    out = cached.copy()
    out.attrs = copy.deepcopy(cached.attrs)
    return out


def with_meta(df: pd.DataFrame, sources: list[dict[str, Any]], caveats: list[str], **extra: Any) -> pd.DataFrame:
    """Attach provenance and caveats to ``df`` (in ``attrs``), dropping duplicates, keeping order."""
    seen: set[str] = set()
    unique = []
    for s in sources:
        key = s.get("name") or s.get("title") or repr(s)
        if key not in seen:
            seen.add(key)
            unique.append(s)
    df.attrs["sources"] = unique
    df.attrs["caveats"] = list(dict.fromkeys(caveats))
    df.attrs.update(extra)
    return df


def cite(sources: list[dict[str, Any]]) -> str:
    """One line naming every source: producer, title, edition."""
    parts = []
    for s in sources:
        edition = f", {s['edition']}" if s.get("edition") else ""
        parts.append(f"{s.get('producer')}: {s.get('title')}{edition}")
    return "; ".join(parts)


def brief_sources(sources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The provenance fields an output needs (for JSON): name, title, producer, edition, addresses, licence."""
    keep = ("name", "title", "producer", "edition", "published", "original", "intermediary", "licence", "sha256")
    return [{k: s.get(k) for k in keep if s.get(k) is not None} for s in sources]


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain JSON-ready dicts (NaN and NA become None)."""
    import json

    return json.loads(df.to_json(orient="records", date_format="iso", force_ascii=False))
