"""Paths to 2035: scenario files, a deterministic projection and a Monte Carlo engine.

The front door is :func:`project` (a :class:`Projection`: ``summary``, ``long``; :mod:`nato3.projection.money`
has Europe and Canada against the United States in money);
scenarios load by built-in name or file path; :func:`run_sweep` runs a grid; :func:`fan_chart`
draws one. Importing this package loads NumPy and pandas, not matplotlib or Dask; the chart and
sweep modules load on first use of :func:`fan_chart` or :func:`run_sweep`.
"""

from nato3.projection.builtin import builtin_scenarios, describe_builtins, load_scenario
from nato3.projection.result import Projection
from nato3.projection.runner import project
from nato3.projection.scenario import Scenario

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

_ON_FIRST_USE = {"fan_chart": "nato3.projection.charts", "run_sweep": "nato3.projection.sweep"}


def __getattr__(name: str):
    """``fan_chart`` and ``run_sweep``, imported when first asked for (a run needs neither)."""
    if name in _ON_FIRST_USE:
        import importlib

        return getattr(importlib.import_module(_ON_FIRST_USE[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
