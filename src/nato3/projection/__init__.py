"""Paths to 2035: scenario files, a deterministic projection and a Monte Carlo engine.

The front door is :func:`project` (a :class:`Projection`: ``summary``, ``long``; :mod:`nato3.projection.money`
has Europe and Canada against the United States in money);
scenarios load by built-in name or file path; :func:`run_sweep` runs a grid; :func:`fan_chart`
draws one. Importing this package loads NumPy and pandas, not matplotlib or Dask.
"""

from nato3.projection.builtin import builtin_scenarios, describe_builtins, load_scenario
from nato3.projection.charts import fan_chart
from nato3.projection.result import Projection
from nato3.projection.runner import project
from nato3.projection.scenario import Scenario
from nato3.projection.sweep import run_sweep

__all__ = [
    "Projection",
    "Scenario",
    "builtin_scenarios",
    "describe_builtins",
    "fan_chart",
    "load_scenario",
    "project",
    "run_sweep",
]
