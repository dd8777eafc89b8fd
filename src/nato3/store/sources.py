"""Where a table came from: :class:`Source`, the one shape of a source in the whole project, made
from the store's descriptors (bundled or imported), for every document, output and page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nato3.store.cache import data_cache


@dataclass(frozen=True)
class Source:
    """Where a table came from: the one shape of a source in the whole project."""

    table: str
    title: str | None = None
    producer: str | None = None
    edition: str | None = None
    published: str | None = None
    address: str | None = None
    licence: str | None = None
    accessed: str | None = None
    kind: str | None = None  # the store's kind of table: nato_expenditure, sipri, ledger, reference, …

    def cite(self) -> str:
        """``Producer: Title, edition E`` — one line for footers and CSV."""
        edition = f", edition {self.edition}" if self.edition else ""
        return f"{self.producer}: {self.title}{edition}"

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@data_cache(maxsize=1)
def _all() -> dict[str, Source]:
    import json

    from nato3.store.database import query

    out = {}
    for name, text in query("SELECT name, descriptor FROM _resources ORDER BY name").itertuples(index=False):
        d = json.loads(text)
        out[name] = Source(
            table=name,
            title=d.get("title"),
            producer=d.get("producer"),
            edition=None if d.get("edition") is None else str(d.get("edition")),
            published=d.get("published"),
            address=(d.get("original") or {}).get("address"),
            licence=d.get("licence"),
            accessed=(d.get("accessed") or {}).get("date"),
            kind=d.get("kind"),
        )
    return out


def source(table: str) -> Source:
    """The provenance of one table in the store."""
    return _all()[table]


def sources(*tables: str) -> list[Source]:
    """Sources of ``tables`` in the order given, each once; names not in the store are skipped."""
    known = _all()
    return [known[t] for t in dict.fromkeys(tables) if t in known]


def all_sources() -> list[Source]:
    return list(_all().values())


def descriptors(table: str) -> list[dict[str, Any]]:
    """The full descriptors (schema left out) of the datasets behind ``table`` or view: every
    edition ``nato_series`` draws on, the groups table behind ``country_groups``."""
    import json

    from nato3.store.database import query

    if table == "nato_series":  # the tables the view uses (an imported edition supersedes a bundled one)
        df = query(
            "SELECT descriptor FROM _resources WHERE kind = 'nato_expenditure' "
            "AND name IN (SELECT DISTINCT unnest(string_split(datasets, ';')) FROM nato_series)"
        )
    elif table == "sipri_series":  # the SIPRI release in effect (an imported one supersedes the bundled table)
        df = query("SELECT descriptor FROM _resources WHERE name IN (SELECT DISTINCT dataset FROM sipri_series)")
    elif table == "country_groups":
        df = query("SELECT descriptor FROM _resources WHERE name = 'groups'")
    else:
        df = query("SELECT descriptor FROM _resources WHERE name = ?", [table])
    out = []
    for text in df["descriptor"]:
        d = json.loads(text)
        out.append({k: v for k, v in d.items() if k not in ("fields", "harmonised")})
    return out
