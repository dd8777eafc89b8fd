"""NATO's spending pledges, defined once as data (``data/reference/pledges.csv``), and the test
of whether a figure meets one.

A pledge is met when its metric is at least its threshold. When the metric is not published
(the defence-related part of the Hague 5 %), the answer is unknown (None), never a miss on zero.
"""

from __future__ import annotations

from dataclasses import dataclass

from nato3.errors import Nato3Error
from nato3.store.cache import data_cache
from nato3.store.database import query


@dataclass(frozen=True)
class Pledge:
    pledge_id: str
    name: str
    short_name: str
    metric: str
    threshold_pct: float
    definition: str | None  # "core": judged on NATO's core-defence figures where an edition has them
    deadline_year: int
    agreed_on: str
    summit: str
    source_url: str
    notes: str = ""

    def met(self, value: float | None) -> bool | None:
        """True/False if ``value`` (the metric) is known, None if it is not."""
        if value is None or value != value:
            return None
        return bool(value >= self.threshold_pct)


@data_cache(maxsize=1)
def pledges() -> dict[str, Pledge]:
    df = query("SELECT * FROM pledges ORDER BY agreed_on, threshold_pct")
    return {
        r["pledge_id"]: Pledge(
            r["pledge_id"],
            r["name"],
            r["short_name"],
            r["metric"],
            float(r["threshold_pct"]),
            r["definition"] if isinstance(r["definition"], str) and r["definition"] else None,
            int(r["deadline_year"]),
            r["agreed_on"],
            r["summit"],
            r["source_url"],
            r["notes"] or "",
        )
        for r in df.to_dict("records")
    }


def get_pledge(pledge_id: str) -> Pledge:
    found = pledges()
    if pledge_id not in found:
        raise Nato3Error(f"unknown pledge {pledge_id!r}; defined pledges: {', '.join(found)}", parameter="pledge")
    return found[pledge_id]
