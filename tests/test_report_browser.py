"""The report in a real browser: Playwright driving Debian's /usr/bin/chromium opens the file
offline, with no console errors and no request leaving the file, every chart drawn, and no
sideways scrolling on a phone. Screenshots go to test-artifacts/.

These tests fail, never skip, when Chromium is missing (``make test`` installs it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nato3.report import build_report
from nato3.report.browser import DEFAULT_CHROMIUM, browser_page, chromium_path

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}
CHARTS_JS = """els => els.map(e => {
  const box = e.getBoundingClientRect();
  return {id: e.closest('figure').id, width: box.width, height: box.height,
          paths: e.querySelectorAll('path').length, texts: e.querySelectorAll('text').length};
})"""


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    assert chromium_path() == Path(DEFAULT_CHROMIUM) or chromium_path().is_file()
    assert chromium_path().is_file(), f"Chromium missing at {chromium_path()}: run `make browser`"
    return build_report(out=tmp_path_factory.mktemp("report_browser"))


@pytest.mark.browser
@pytest.mark.parametrize("name", list(VIEWPORTS))
def test_report_opens_offline_without_errors_and_draws_every_chart(report, name):
    ARTIFACTS.mkdir(exist_ok=True)
    width, height = VIEWPORTS[name]
    errors: list[str] = []
    requests: list[str] = []
    with browser_page(width, height) as page:
        page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(report.html.resolve().as_uri(), wait_until="load")
        charts = page.eval_on_selector_all("figure.chart svg", CHARTS_JS)
        headline = page.text_content('[data-figure="nato-total-share-gdp"]')
        sections = page.eval_on_selector_all("main > section", "els => els.map(e => e.id)")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        page.screenshot(path=str(ARTIFACTS / f"report-{name}.png"), full_page=name == "desktop")
    assert not errors, errors
    assert all(url.startswith(("file:", "data:")) for url in requests), requests
    assert len(charts) == sum(len(s.charts) for s in report.sections) >= 1
    assert [c["id"] for c in charts] == [c.id for s in report.sections for c in s.charts.values()]
    assert "chart-paths-fan" in [c["id"] for c in charts]  # the fan chart of the paths to 2035
    for chart in charts:
        assert chart["width"] > 300 and chart["height"] > 100 and chart["paths"] > 10 and chart["texts"] > 5
    assert headline and headline.endswith("%")
    assert sections == [s.id for s in report.sections]
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {width}px wide"
    assert (ARTIFACTS / f"report-{name}.png").stat().st_size > 10_000
