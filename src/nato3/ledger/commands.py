"""NATO command posts: who holds the senior posts, over time, now and after the agreed reallocation.

Built from ``nato_command_posts`` (9 posts: SACEUR, DSACEUR, SACT, the three Joint Force Commands
and the three component commands). Rules, all explicit:

* **Nationality group**: a holder whose code(s) are all European allies counts as European, so
  the agreed German–Polish rotation at JFC Brunssum (``DEU;POL``) is European; ``USA`` is the US.
* **Now**: each post's ``current`` row; a post without one (DSACEUR, whose March 2026 handover is
  recorded as ``agreed`` with a named holder) takes its latest row with a named holder.
* **After the 6 February 2026 decision**: each post's latest ``agreed`` row; a post the decision
  does not mention (SACT) keeps its current holder, and ``basis`` says so. The decision is to be
  brought in gradually, with no dates: "after" is a state, not a date.
* **Over time**: the holder on a date is the row whose tenure covers it (from inclusive, to
  exclusive); a tenure with an unread start date gives ``unknown`` before its end, never a guess.
* Holders flagged uncertain in the data (JFC Norfolk, LANDCOM) keep ``uncertain = True``.
* **Commands only**: the table also lists the Chair of the NATO Military Committee (level
  'strategic (senior military adviser)': a post, not a command); it is in :func:`command_posts`
  but not among the nine command posts that the share and the changes count.
* The decision's own rows (dated 6 Feb 2026) define "after"; undated national detail added later
  (a Polish general at JFC Brunssum after Gen. Gerhartz's term) is listed but does not replace it.
"""

from __future__ import annotations

import re

import pandas as pd

from nato3.ledger.provenance import load_table, mark_sources
from nato3.store.cache import data_cache

TABLE = "nato_command_posts"
COMMAND_LEVELS = ("strategic", "operational", "component")
NOT_A_COMMAND = (
    "The Chair of the NATO Military Committee is a post, not a command: listed with the holders, not counted "
    "among the nine command posts."
)
DECISION = "European Allies to take on new leadership roles in NATO's Command Structure (NATO, 6 Feb 2026)"
_UNCERTAIN = re.compile(r"uncertain|check before use", re.IGNORECASE)
LEVELS = ("strategic", "operational", "component")
AFTER = "after (agreed 6 Feb 2026)"
CAVEATS = (
    "The 6 Feb 2026 reallocation is to be brought in gradually, with no dates: 'after' is a state, not a date.",
    "A German-Polish rotation (DEU;POL) counts as European.",
)
UNKNOWN_NOTE = "– = no tenure with a known start covers that date (not guessed)."


def _group(codes: str) -> str:
    from nato3.alliance.groups import get_group

    europe = set(get_group("europe").members)
    parts = set(codes.split(";"))
    if parts == {"USA"}:
        return "us"
    if parts <= europe:
        return "europe"
    return "mixed"


def command_posts(commands_only: bool = False) -> pd.DataFrame:
    """Every holder row, with ``holder_group`` (us/europe/mixed), ``uncertain``, ``source_kind``
    (derived from the page's address) and ``is_secondary``; posts in the table's order, each
    post's tenures by start date. With ``commands_only``, only the nine command posts (not the
    Chair of the Military Committee)."""
    return _command_posts(commands_only).copy()


@data_cache(maxsize=2)
def _command_posts(commands_only: bool) -> pd.DataFrame:
    """The holder rows, computed once per data generation and choice (the commands view asks for
    them four times; callers get copies)."""
    df = mark_sources(load_table(TABLE))
    if commands_only:
        df = df[df["level"].isin(COMMAND_LEVELS)].reset_index(drop=True)
        df.attrs.setdefault("caveats", []).append(NOT_A_COMMAND)
    df["holder_group"] = df["holder_iso3"].map(_group)
    df["uncertain"] = df["notes"].fillna("").str.contains(_UNCERTAIN)
    df["named"] = df["holder_name"].notna() & (df["holder_name"].fillna("") != "")
    order = {p: i for i, p in enumerate(dict.fromkeys(df["post"]))}
    df = df.assign(_o=df["post"].map(order)).sort_values(["_o", "from_date"], kind="stable", na_position="first")
    return df.drop(columns="_o").reset_index(drop=True)


def _now(posts: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for _, part in posts.groupby("post", sort=False):
        current = part[part["status"] == "current"]
        if len(current):
            rows.append(current.iloc[-1].to_dict() | {"basis": "current holder"})
        else:
            latest = part[part["named"]].sort_values("from_date", na_position="first").iloc[-1]
            basis = f"no 'current' row: latest named holder ({latest['status']}, from {latest['from_date']})"
            rows.append(latest.to_dict() | {"basis": basis})
    return pd.DataFrame(rows)


def _after(posts: pd.DataFrame, now: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for post, part in posts.groupby("post", sort=False):
        # Dated rows last: the decision of 6 Feb 2026 wins over undated national detail of the same post.
        agreed = part[part["status"] == "agreed"].sort_values("from_date", na_position="first", kind="stable")
        if len(agreed):
            row = agreed.iloc[-1].to_dict()
            basis = "agreed 6 Feb 2026 (NATO)" if row["from_date"] == "2026-02-06" else f"agreed: {row['source_title']}"
            rows.append(row | {"basis": basis})
        else:
            row = now[now["post"] == post].iloc[0].to_dict()
            rows.append(row | {"basis": "not in the 6 Feb 2026 decision: current holder carried over"})
    return pd.DataFrame(rows)


def command_changes() -> pd.DataFrame:
    """One row per post: holder now and after the agreed reallocation, and whether it changes hands."""
    posts = command_posts(commands_only=True)
    now = _now(posts)
    after = _after(posts, now)
    keep = ["holder_iso3", "holder_name", "holder_group", "basis", "uncertain", "source_title", "source_url"]
    keep += ["source_kind", "is_secondary"]
    out = now[["post", "command", "level", *keep]].merge(after[["post", *keep]], on="post", suffixes=("_now", "_after"))
    out["changes_group"] = out["holder_group_now"] != out["holder_group_after"]
    return out


def command_share(changes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Europe's share of the senior posts now and after the agreed reallocation, in all and by level,
    counted from ``changes`` (default :func:`command_changes`; a caller that has it passes it)."""
    changes = command_changes() if changes is None else changes
    rows = []
    for state in ("now", "after"):
        label = "now" if state == "now" else AFTER
        for level in ("all", *LEVELS):
            part = changes if level == "all" else changes[changes["level"] == level]
            groups = part[f"holder_group_{state}"]
            n_eur, n_us = int((groups == "europe").sum()), int((groups == "us").sum())
            rows.append(
                {
                    "state": label,
                    "level": level,
                    "posts": len(part),
                    "europe": n_eur,
                    "us": n_us,
                    "share_europe_pct": 100 * n_eur / len(part) if len(part) else None,
                }
            )
    return pd.DataFrame(rows)


def holder_on(posts: pd.DataFrame, post: str, date: str) -> pd.Series | None:
    """The row of ``post`` whose tenure covers ``date`` (YYYY[-MM[-DD]]), or None (unknown)."""
    part = posts[(posts["post"] == post) & posts["named"]]
    found = _covering(part.to_dict("records"), date)
    return None if found is None else part.iloc[found]


def _covering(tenures: list[dict], date: str) -> int | None:
    """The index of the first of ``tenures`` (rows of one post) that covers ``date``, or None."""
    for i, r in enumerate(tenures):
        start, end = r["from_date"], r["to_date"]
        if (pd.isna(end) or date < end) and not pd.isna(start) and start <= date:
            return i
    return None


def command_timeline(dates: list[str] | None = None) -> pd.DataFrame:
    """Holders' nationality group on each date (default 1 January 2019-2026), post by post and counted.

    Columns: date, post, level, holder_iso3, holder_group ('unknown' where no tenure with a known
    start covers the date), uncertain.
    """
    posts = command_posts(commands_only=True)
    dates = dates or [f"{y}-01-01" for y in range(2019, 2027)]
    named = posts[posts["named"]]
    tenures = {post: part.to_dict("records") for post, part in named.groupby("post", sort=False)}
    rows = []
    for date in dates:
        for post, level in posts[["post", "level"]].drop_duplicates().itertuples(index=False):
            found = _covering(tenures.get(post, []), date)
            r = None if found is None else tenures[post][found]
            rows.append(
                {
                    "date": date,
                    "post": post,
                    "level": level,
                    "holder_iso3": None if r is None else r["holder_iso3"],
                    "holder_name": None if r is None else r["holder_name"],
                    "holder_group": "unknown" if r is None else r["holder_group"],
                    "uncertain": False if r is None else bool(r["uncertain"]),
                }
            )
    return pd.DataFrame(rows)
