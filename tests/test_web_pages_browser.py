"""The dashboard in a real browser: Debian's Chromium driven by Playwright against a server on
127.0.0.1. Each page loads with no console errors, draws its charts, asks nothing from any other
host, and fits a phone's width. Fails (never skips) when Chromium is missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from web_support import TOKEN, make_app, running_server

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAGES = {  # path → number of charts it draws
    "/": 2,
    "/allies": 0,
    "/allies/POL": 1,
    "/allies/ISL": 0,  # no share of GDP published for Iceland: a note, no chart
    "/compare": 1,
    "/burden": 5,
    "/burden?year=1964&source=sipri": 5,
    "/ledger": 5,
    "/scenarios": 1,
    "/scenarios?start=hague-linear&draws=0&series=POL": 1,
    "/methods": 0,
}
VIEWPORTS = {"laptop": (1366, 800), "phone": (390, 844)}

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    with running_server(make_app(tmp_path_factory.mktemp("web"))) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: run `make browser` (Debian package chromium)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


class Visit:
    """A page that records console errors, page errors and every request it makes."""

    def __init__(self, browser, base_url, viewport):
        width, height = VIEWPORTS[viewport]
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.base_url, self.errors, self.requests = base_url, [], []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))

    def open(self, path):
        response = self.page.goto(self.base_url + path, wait_until="load")
        assert response.status == 200, path
        return self.page

    def check_clean(self):
        assert not self.errors, self.errors
        foreign = [u for u in self.requests if not u.startswith(self.base_url) and not u.startswith("data:")]
        assert not foreign, f"requests to other hosts: {foreign}"


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("path", PAGES)
def test_page_loads_and_draws(browser, base_url, path, viewport):
    visit = Visit(browser, base_url, viewport)
    page = visit.open(path)
    charts = PAGES[path]
    if charts:
        page.wait_for_function(f"document.querySelectorAll('[data-drawn=true]').length === {charts}", timeout=20000)
        assert page.locator(".plot .main-svg").count() >= charts
        for plot in page.locator(".plot").all():
            box = plot.bounding_box()
            assert box["width"] > 200 and box["height"] > 200
            assert plot.locator(".scatterlayer .trace, .barlayer .trace").count() >= 1
    assert page.locator("h1").count() == 1 and page.locator("footer").count() == 1
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{path} is {overflow}px wider than a {viewport} screen"
    visit.check_clean()
    visit.page.close()


def test_overview_tells_who_meets_which_pledge(browser, base_url):
    visit = Visit(browser, base_url, "laptop")
    page = visit.open("/?year=2024")
    poland = page.locator("table[data-table=allies] tr", has_text="Poland")
    assert "3.75" in poland.inner_text() and "✔" in poland.inner_text()  # 2026 edition (core) for 2024: an outturn
    assert page.locator(".headline .stat").count() >= 4
    page.locator("table[data-table=allies] a", has_text="Poland").click()
    page.wait_for_url("**/allies/POL")
    assert page.locator("h1").inner_text().startswith("Poland")
    visit.check_clean()


def test_compare_form_draws_the_chosen_allies(browser, base_url):
    visit = Visit(browser, base_url, "laptop")
    page = visit.open("/compare")
    for box in page.locator("input[name=iso3]").all():
        box.set_checked(False)
    page.check("input[value=EST]")
    page.check("input[value=LTU]")
    page.select_option("select[name=series]", "nato-2024")
    page.click("form.compare button[type=submit]")
    page.wait_for_url("**/compare?*")
    page.wait_for_function("document.querySelectorAll('[data-drawn=true]').length === 1", timeout=20000)
    assert page.locator(".plot .scatterlayer .trace").count() == 2
    assert page.locator("table[data-table=shares] thead th").all_inner_texts()[1:] == ["Estonia", "Lithuania"]
    visit.check_clean()


def test_api_docs_render_offline(browser, base_url):
    visit = Visit(browser, base_url, "laptop")
    page = visit.open("/docs")
    page.wait_for_selector(".opblock", timeout=20000)
    assert page.locator(".opblock").count() >= 10
    assert "/api/v1/spending" in page.inner_text("body")
    visit.check_clean()


def test_error_page_is_readable(browser, base_url):
    visit = Visit(browser, base_url, "phone")
    response = visit.page.goto(base_url + "/allies/XYZ")
    assert response.status == 404
    assert "unknown ally" in visit.page.locator(".error").inner_text()


def test_who_pays_year_selector(browser, base_url):
    visit = Visit(browser, base_url, "laptop")
    page = visit.open("/burden")
    assert "63.7 %" in page.locator(".headline").inner_text()
    page.fill("input[name=year]", "1964")
    page.select_option("select[name=source]", "sipri")
    page.click("form.burden-form button[type=submit]")
    page.wait_for_url("**/burden?year=1964&source=sipri")
    page.wait_for_function("document.querySelectorAll('[data-drawn=true]').length === 5", timeout=20000)
    assert "1964" in page.locator("h1").inner_text()
    assert "ρ = 0.60" in page.locator("#scatter-chart .annotation-text").first.text_content()
    assert page.locator("#allies-burden tbody tr").count() == 15  # the allies of 1964
    page.locator("#allies-burden a", has_text="Norway").click()
    page.wait_for_url("**/allies/NOR")
    page.locator("#burden-figures a", has_text="Who pays").click()
    page.wait_for_url("**/burden?year=2024#ally-NOR")
    visit.check_clean()


def test_ledger_marks_secondary_sources_and_projects(browser, base_url):
    visit = Visit(browser, base_url, "phone")
    page = visit.open("/ledger")
    assert page.locator("#posture .caveat").inner_text().startswith("Rotational forces are not included")
    assert page.locator("table[data-table=events] [data-column=event_id][data-marks~=secondary]").count() > 10  # †
    assert page.locator("table[data-table=references] tbody tr").count() == 6
    assert "5 of 9" in page.locator("#commands .headline").inner_text()
    page.fill("input[name=growth]", "25")
    page.click("#industry button[type=submit]")
    page.wait_for_url("**/ledger?growth=25*")
    page.wait_for_function("document.querySelectorAll('[data-drawn=true]').length === 5", timeout=20000)
    assert "assumed 25 % a year" in page.locator("#industry .caveat").inner_text()
    legend = page.locator("#industry-chart .legend").text_content()
    assert "PROJECTION at 25 % a year" in legend
    visit.check_clean()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_scenario_builder_submits_and_shows_a_result(browser, base_url, viewport):
    visit = Visit(browser, base_url, viewport)
    page = visit.open("/scenarios")
    page.wait_for_function("document.querySelectorAll('[data-drawn=true]').length === 1", timeout=20000)
    assert "Projection, not data" in page.locator("#projection-note").inner_text()
    page.select_option("select[name=start]", "current-trend")
    page.select_option("select[name=policy]", "real_growth")
    page.fill("input[name=rate]", "3")
    page.locator("select[name=ally]").first.select_option("POL")
    page.locator("select[name=ally_policy]").first.select_option("linear_to_target")
    page.locator("input[name=ally_value]").first.fill("5")
    page.fill("input[name=horizon]", "2040")
    page.fill("input[name=draws]", "2000")
    page.fill("input[name=seed]", "11")
    page.fill("input[name=gdp_growth_sd]", "1")
    page.click("form.builder button[type=submit]")
    page.wait_for_url("**/scenarios?*policy=real_growth*")
    page.select_option("select[name=series]", "POL")
    page.click("form.builder button[type=submit]")
    page.wait_for_url("**/scenarios?*series=POL*")
    page.wait_for_function("document.querySelectorAll('[data-drawn=true]').length === 1", timeout=20000)
    # The fan chart: published shares, the 5-95 % band (two traces), the median and the path.
    assert page.locator("#paths-chart .scatterlayer .trace").count() == 5
    assert "PROJECTION, not data" in page.locator("figure.chart figcaption").inner_text()
    assert "Paths to 2040: current-trend-edited" in page.locator("#result h2").inner_text()
    table = page.locator("table[data-table=paths_allies]")
    poland = table.locator("tbody tr", has_text="Poland").first
    assert poland.locator("[data-column=share_horizon_pct]").inner_text() == "5.00 p"
    assert poland.locator("[data-column=year_reaching_target]").inner_text() == "2026"  # 4.68 % in 2026e
    assert table.locator("tbody tr").count() == 34  # 32 allies and NATO's two aggregates
    probabilities = table.locator("td[data-column=p_reach_by_horizon]").all_inner_texts()
    assert sum(p.endswith("% p") for p in probabilities) == 33, probabilities  # every ally with figures, aggregates
    assert table.locator("tbody tr.aggregate").count() == 2
    assert "two separate inputs" in page.locator("ul.document-notes").inner_text()
    page.locator("#scenario-json summary").click()
    assert '"real_growth"' in page.locator("#scenario-json pre").inner_text()
    page.fill("#save-form input[name=name]", "Poland at 5 %, others +3 %")
    page.fill("#save-form input[name=token]", TOKEN)
    page.click("#save-form button[type=submit]")
    page.wait_for_selector("#save-status a", timeout=20000)
    assert page.locator("#save-status").inner_text().startswith("Saved as ")
    assert page.locator("#save-form input[name=token]").input_value() == ""  # the page does not keep it
    page.locator("#save-status a").click()
    page.wait_for_url("**/scenarios?start=*")
    page.wait_for_function("document.querySelectorAll('[data-drawn=true]').length === 1", timeout=20000)
    assert "Poland at 5 %" in page.locator("select[name=start] option:checked").inner_text()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the scenario builder is {overflow}px wider than a {viewport} screen"
    visit.check_clean()


def test_scenario_builder_names_a_bad_value(browser, base_url):
    visit = Visit(browser, base_url, "phone")
    page = visit.page
    response = page.goto(base_url + "/scenarios?policy=real_growth&horizon=2040")
    assert response.status == 422
    assert page.locator("#form-error").inner_text() == "rate: real_growth needs a rate (% a year, -50 to 100)"
    assert page.locator("input[name=horizon]").input_value() == "2040"  # what was typed stays on screen
