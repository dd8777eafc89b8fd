"""The ledger's tables as read from the store, and whether each row's source is secondary.

The ledger tables are compiled row by row from public pages, most of them news reports. A row is
*secondary* unless its source is an official publication read at its own address: news (even
when it quotes an official), aggregators, mirrors, encyclopedias and think-tank abstracts are all
secondary. Secondary rows keep ``is_secondary = True``; the documents mark their figures †.

``force_posture_events`` and ``nato30_context_facts`` carry their own ``source_kind`` column.
``nato_command_posts`` and ``defence_production_capacity`` do not: for them the kind is derived
from the page's address (an official host such as nato.int, gov.uk or army.mil, else news) and
from the aggregator sites named in the production table's descriptor; :data:`DERIVED_KIND_NOTE`
says so wherever such a table is shown.

Which tables a view rests on is said by the documents (:mod:`nato3.documents.ledger_common`),
from the store's descriptors: this module reads rows, not provenance.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlparse

from nato3.store.cache import data_cache

if TYPE_CHECKING:
    import pandas as pd

# The bundled tables of the ledger (the only names load_table reads).
TABLES = (
    "us_personnel_dmdc",
    "force_posture_events",
    "nato30_context_facts",
    "nato_command_posts",
    "defence_production_capacity",
)
# Hosts whose pages are official publications (the organisation's or a government's own site).
OFFICIAL_HOSTS = ("nato.int", "gov.uk", "army.mil", "defense.gov", "dvidshub.net", "pm.gc.ca")
# Aggregator or reproduction sites that carry production-capacity rows.
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
    """A copy of ``df`` with ``source_kind`` (derived when the table has none) and ``is_secondary``."""
    df = df.copy()
    if "source_kind" not in df.columns:
        notes = df["notes"] if "notes" in df.columns else [""] * len(df)
        df["source_kind"] = [
            kind_from_url(u, t, n) for u, t, n in zip(df["source_url"], df["source_title"], notes, strict=True)
        ]
    df["is_secondary"] = df["source_kind"].map(is_secondary).astype(bool)
    return df


def derived_kinds(table: str) -> bool:
    """Whether ``table``'s source kinds are derived from addresses (per-row sources, no source_kind)."""
    columns = load_table(table).columns
    return "source_url" in columns and "source_kind" not in columns


@data_cache(maxsize=len(TABLES))
def _read(name: str) -> pd.DataFrame:
    from nato3.store.database import query

    if name not in TABLES:
        raise ValueError(f"not a ledger table: {name!r}")
    return query(f'SELECT * FROM "{name}"')


def load_table(name: str) -> pd.DataFrame:
    """A bundled ledger table as stored (a copy: callers may change it).

    Read once per data generation (:func:`nato3.store.cache.data_cache`), so the several views
    of one command or page read each small table once.
    """
    return _read(name).copy()


@data_cache(maxsize=len(TABLES))
def table_caveats(name: str) -> tuple[str, ...]:
    """The caveats the table's own descriptor states (what its compiler says about the rows)."""
    import json

    from nato3.store.database import query

    found = query("SELECT descriptor FROM _resources WHERE name = ?", [name])
    return tuple(json.loads(found["descriptor"].iloc[0]).get("caveats", [])) if len(found) else ()
