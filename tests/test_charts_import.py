"""pyplot as ``nato3 report`` imports it (nato3.charts.static.skip_set_help): matplotlib's artist
classes without the help text of their ``set()`` method, which nato3 never shows; ``set()`` works as
before and a chart is byte for byte the chart drawn with matplotlib's own classes. A library user's
pyplot keeps its help."""

from __future__ import annotations

import json
import subprocess
import sys

CHART = """
import inspect, io, json, sys
if sys.argv[1] == "matplotlib":  # matplotlib's own artist classes, defined before nato3's pyplot()
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot
elif sys.argv[1] == "report":  # as nato3 report starts
    from nato3.charts.static import skip_set_help
    skip_set_help()
from nato3.charts.static import add_source, new_figure, pyplot, savefig
fig, ax = new_figure(6.0, 3.0)
(line,) = ax.plot([2014, 2019, 2024], [1.43, 1.55, 2.71], label="NATO Total")
line.set(lw=2.5, ls="--", color="#0072B2", marker="o")  # aliases and full names
ax.bar([2015, 2016], [1.0, 2.0], color="C1", label="bars")
ax.legend()
ax.set_title("Defence spending as a share of GDP", loc="left")
add_source(fig, "Source: NATO, Defence Expenditure of NATO Countries (2014-2026), 2026 edition")
buffer = io.StringIO()
savefig(fig, buffer, format="svg", metadata={"Date": None})
print(json.dumps({"svg": buffer.getvalue(), "width": line.get_linewidth(), "style": line.get_linestyle(),
                  "documented": "linewidth" in str(inspect.signature(type(line).set))}))
"""


def _chart(first: str) -> dict:
    done = subprocess.run([sys.executable, "-c", CHART, first], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_a_chart_is_the_same_with_matplotlibs_own_artist_classes():
    ours, theirs, library = _chart("report"), _chart("matplotlib"), _chart("library")
    assert not ours["documented"] and theirs["documented"]  # the help text is skipped only as the report starts
    assert library["documented"] and library["svg"] == theirs["svg"]  # a library user's pyplot is matplotlib's
    assert ours["width"] == theirs["width"] == 2.5 and ours["style"] == theirs["style"] == "--"
    assert ours["svg"] == theirs["svg"]
