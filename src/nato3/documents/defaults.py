"""The one rule for default years and editions, as documents use it.

The rule itself lives in :mod:`nato3.standing.defaults`, below the analyses, so that an analysis
that needs it (a projection's base year) applies the same rule as every view; this module is
where faces and documents read it from.
"""

from nato3.standing.defaults import MONEY, SHARE, View, coverage, money_view, reporting_allies, standing_view

__all__ = ["MONEY", "SHARE", "View", "coverage", "money_view", "reporting_allies", "standing_view"]
