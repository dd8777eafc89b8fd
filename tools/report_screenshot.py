"""Regenerate the README's screenshot of the report: ``docs/report-screenshot.png``.

Builds the default report (``nato3 report``) in a temporary folder and photographs the top of it
with Chromium through Playwright, as a 1200 × 1500 window shows it. Run from the repository:
``.venv/bin/python tools/report_screenshot.py``.
"""

import sys
import tempfile
from pathlib import Path

from nato3.report import build_report
from nato3.report.browser import screenshot

TARGET = Path(__file__).resolve().parents[1] / "docs" / "report-screenshot.png"

with tempfile.TemporaryDirectory(prefix="nato3-screenshot-") as folder:
    result = build_report(out=folder)
    TARGET.parent.mkdir(exist_ok=True)
    screenshot(result.html, TARGET, width=1200, height=1500)
print(f"written {TARGET} (report for {result.context.year})", file=sys.stderr)
