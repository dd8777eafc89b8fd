"""What a projection document holds whatever the Monte Carlo's draws and seed: the paths, the
summary per ally, the money and gaps by year on the scenario's path, and where each run's odds
go. Computed once per scenario setup and document context (:func:`fixed`) and kept as long as
the setup is, so a new seed costs its draws and little else (issue 15: a new seed each request
to ``POST /api/v1/projections``). Callers copy what they change.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from nato3.documents.projection import Context
    from nato3.documents.projection_tables import PathsSkeleton
    from nato3.projection import Projection


@dataclass(frozen=True, eq=False)
class Fixed:
    allies: pd.DataFrame  # frames.allies_skeleton
    paths: PathsSkeleton
    money: pd.DataFrame  # money.money_frame
    gaps: pd.DataFrame  # money.gaps_frame
    reaching: dict[str, Any]  # frames.allies_reaching


_HELD: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # Setup → {(context, mid year): Fixed}
_LOCK = threading.Lock()


def fixed(p: Projection, ctx: Context, mid: int | None) -> Fixed:
    """The fixed part of the documents of ``p``'s scenario (any run of its setup) with ``ctx``."""
    key = (ctx, mid)
    with _LOCK:
        held = _HELD.get(p.setup, {}).get(key)
    if held is None:
        held = _compute(p, ctx, mid)
        with _LOCK:
            held = _HELD.setdefault(p.setup, {}).setdefault(key, held)
    return held


def _compute(p: Projection, ctx: Context, mid: int | None) -> Fixed:
    from nato3.documents import projection_frames as frames
    from nato3.documents import projection_tables as pt
    from nato3.projection import money

    base = p.setup.base
    return Fixed(
        allies=frames.allies_skeleton(p, mid),
        paths=pt.paths_skeleton(p, ctx.start, dict(zip(base.iso3, base.names, strict=True))),
        money=money.money_frame(p),
        gaps=money.gaps_frame(p),
        reaching=frames.allies_reaching(p),
    )
