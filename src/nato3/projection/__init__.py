"""Paths to 2035: scenario files, a deterministic projection and a Monte Carlo engine.

The front door is :func:`project`; scenarios load by built-in name or file path.
"""

from nato3.projection.builtin import builtin_scenarios, load_scenario
from nato3.projection.result import Projection
from nato3.projection.runner import project
from nato3.projection.scenario import Scenario

__all__ = ["Projection", "Scenario", "builtin_scenarios", "load_scenario", "project"]
