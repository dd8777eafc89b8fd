"""Command posts: Europe's share of the senior posts now and after the reallocation agreed on
6 February 2026 (NATO's own text: all three Joint Force Commands European, the US takes MARCOM)."""

from __future__ import annotations

from ledger_raw import rows
from nato3.ledger import command_changes, command_posts, command_share, command_timeline
from nato3.ledger.commands import AFTER


def test_share_now_and_after_the_agreed_reallocation():
    share = command_share().set_index(["state", "level"])
    now, after = "now", AFTER
    assert (share.loc[(now, "all"), "europe"], share.loc[(now, "all"), "posts"]) == (4, 9)
    assert (share.loc[(after, "all"), "europe"], share.loc[(after, "all"), "us"]) == (5, 4)
    # NATO, 6 Feb 2026: "all three Joint Force Commands to be led by Europeans"; US leads all three components.
    assert share.loc[(after, "operational"), "share_europe_pct"] == 100
    assert share.loc[(after, "component"), "us"] == 3
    assert share.loc[(after, "all"), "share_europe_pct"] == 100 * 5 / 9


def test_agreed_rows_drive_the_after_state():
    raw = rows("nato_command_posts.csv")
    commands = [r for r in raw if r["level"] in ("strategic", "operational", "component")]
    # each post's dated agreed row (NATO's decision of 6 Feb 2026; DSACEUR's handover of March 2026);
    # undated national detail added in the 2026-12 update (a Polish general after Gerhartz) does not replace it
    dated = sorted((r for r in commands if r["status"] == "agreed" and r["from_date"]), key=lambda r: r["from_date"])
    agreed = {r["post"]: r["holder_iso3"] for r in dated}
    changes = command_changes().set_index("post")
    assert len(changes) == 9 and "Chair of the NATO Military Committee" not in changes.index
    for post, holder in agreed.items():
        assert changes.loc[post, "holder_iso3_after"] == holder
    assert changes.loc["Commander JFC Brunssum", "holder_iso3_after"] == "DEU;POL"
    assert changes.loc["Commander JFC Brunssum", "holder_group_after"] == "europe"  # a rotation counts as European
    assert "SACT" not in agreed and changes.loc["SACT", "basis_after"].startswith("not in the 6 Feb 2026 decision")
    assert changes.loc["Commander MARCOM", "changes_group"] and changes.loc["Commander JFC Naples", "changes_group"]


def test_uncertain_holders_and_derived_source_kinds():
    changes = command_changes().set_index("post")
    uncertain = set(changes.index[changes["uncertain_now"]])
    assert uncertain == {"Commander JFC Norfolk", "Commander LANDCOM"}
    posts = command_posts()
    nato = posts[posts["source_url"].str.contains("nato.int")]
    assert (nato["source_kind"] == "official").all() and not nato["is_secondary"].any()
    assert posts.loc[posts["source_url"].str.contains("zazoom.it"), "is_secondary"].all()
    from nato3.documents import build

    doc = build("ledger_commands")
    assert any("derived from each page's address" in c for c in doc.caveats)
    tenures = doc.tables["tenures"].records()
    assert all(("secondary" in r["marks"].get("holder_iso3", [])) == r["is_secondary"] for r in tenures)


def test_timeline_leaves_unread_starts_unknown():
    tl = command_timeline(["2019-01-01", "2025-01-01"]).set_index(["date", "post"])
    # Scaparrotti's start date was not read: SACEUR on 1 Jan 2019 is unknown, not guessed.
    assert tl.loc[("2019-01-01", "SACEUR"), "holder_group"] == "unknown"
    assert tl.loc[("2025-01-01", "Commander JFC Brunssum"), "holder_iso3"] == "ITA"
    assert tl.loc[("2025-01-01", "Commander LANDCOM"), "uncertain"]
