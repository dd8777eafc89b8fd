"""The NATO 3.0 ledger: US posture and drawdowns, European additions, Europe's share of forces,
command posts and production capacity, from the bundled sourced tables.

The functions return pandas DataFrames (rows from secondary sources carry ``is_secondary``); the
ledger's documents (:mod:`nato3.documents`, kinds ``ledger_*``) add the sources, caveats and marks
every face shows.
"""

from nato3.ledger.commands import command_changes, command_posts, command_share, command_timeline
from nato3.ledger.costs import cost_per_soldier
from nato3.ledger.drawdown import DrawdownResult, replacement_estimates, run_drawdown
from nato3.ledger.events import events, ledger
from nato3.ledger.forces import europe_personnel, force_share, force_share_long
from nato3.ledger.industry import RampUp, production, ramp_up, shells_by_region, years_to_target
from nato3.ledger.posture import europe_totals, posture_summary, us_personnel, us_reference_points, us_timeline
from nato3.ledger.scenario import Drawdown, builtin_drawdowns, load_drawdown

__all__ = [
    "Drawdown",
    "DrawdownResult",
    "RampUp",
    "builtin_drawdowns",
    "command_changes",
    "command_posts",
    "command_share",
    "command_timeline",
    "cost_per_soldier",
    "europe_personnel",
    "europe_totals",
    "events",
    "force_share",
    "force_share_long",
    "ledger",
    "load_drawdown",
    "posture_summary",
    "production",
    "ramp_up",
    "replacement_estimates",
    "run_drawdown",
    "shells_by_region",
    "us_personnel",
    "us_reference_points",
    "us_timeline",
    "years_to_target",
]
