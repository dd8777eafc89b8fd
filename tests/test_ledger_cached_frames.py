"""The ledger's shared frames (events, the US timeline, the command posts) are computed once per
data generation and handed out as copies: each is what a fresh computation gives, and a caller
changing its copy changes nothing another caller gets."""

from __future__ import annotations

import pandas as pd
import pytest

from nato3.ledger import command_posts, events, us_timeline
from nato3.ledger.commands import _command_posts
from nato3.ledger.events import _events
from nato3.ledger.posture import _us_timeline

CASES = [
    (events, _events, ()),
    (us_timeline, _us_timeline, ()),
    (command_posts, _command_posts, (False,)),
    (command_posts, _command_posts, (True,)),
]


@pytest.mark.parametrize(("public", "cached", "args"), CASES)
def test_a_copy_is_what_a_fresh_computation_gives(public, cached, args):
    kept = public(*args)
    fresh = cached.__wrapped__(*args)  # computed again, past the cache
    pd.testing.assert_frame_equal(kept, fresh)
    assert kept.attrs == fresh.attrs
    assert len(kept) > 0


@pytest.mark.parametrize(("public", "cached", "args"), CASES)
def test_changing_a_copy_changes_no_other(public, cached, args):
    first = public(*args)
    before = public(*args)
    first.iloc[0, 0] = "changed by a caller"
    first["added_by_a_caller"] = 1
    first.attrs.setdefault("caveats", []).append("added by a caller")
    again = public(*args)
    pd.testing.assert_frame_equal(again, before)
    assert again.attrs == before.attrs
    assert "added_by_a_caller" not in again.columns
