"""The provenance of a document: :class:`~nato3.documents.model.Source` entries made from the
store's descriptors, one shape for every table, bundled or imported."""

from __future__ import annotations

from nato3.documents.model import Source
from nato3.store.cache import data_cache


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
