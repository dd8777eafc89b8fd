"""nato3 benchmarks: each module measures a figure against a baseline in the same run.

Run all with ``make bench`` (``python -m benchmarks``), one with ``python -m benchmarks startup``.
Results are printed and written to ``benchmarks/results/latest.json``. Figures are ratios, so
they mean the same on a slow or a fast machine; nothing here is a pass/fail test.
"""
