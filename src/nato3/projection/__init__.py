"""Paths to 2035: scenario files, a deterministic projection and a Monte Carlo engine.

The front door is :func:`project` (a :class:`Projection`: ``summary``, ``long``; :mod:`nato3.projection.money`
has Europe and Canada against the United States in money);
scenarios load by built-in name or file path; :func:`run_sweep` runs a grid; :func:`fan_chart`
draws one. Importing this package loads nothing: each name loads its module on first use (NumPy and
pandas with the engine, matplotlib with :func:`fan_chart`, Dask with a Dask backend), so a process
can run the Monte Carlo modules with NumPy alone (``nato3 project``'s start-up:
:mod:`nato3.projection.started`).
"""

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

_ON_FIRST_USE = {
    "Projection": "nato3.projection.result",
    "Scenario": "nato3.projection.scenario",
    "builtin_scenarios": "nato3.projection.builtin",
    "describe_builtins": "nato3.projection.builtin",
    "fan_chart": "nato3.projection.charts",
    "load_scenario": "nato3.projection.builtin",
    "project": "nato3.projection.runner",
    "run_sweep": "nato3.projection.sweep",
}


def __getattr__(name: str):
    """Each public name, imported when first asked for."""
    if name in _ON_FIRST_USE:
        import importlib

        return getattr(importlib.import_module(_ON_FIRST_USE[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
