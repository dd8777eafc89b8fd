"""The PDF report has the same sections as the HTML one, in the same order, with the same
headline numbers (checked on the text pypdf extracts). Needs Chromium: fails, never skips."""

from __future__ import annotations

import re
import unicodedata

import pytest
from pypdf import PdfReader

from nato3.report import build_report
from report_html import figures, parse


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("report_pdf")
    result = build_report(out=out, year=2024, edition="2024", formats=("html", "pdf"))
    reader = PdfReader(str(result.pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    text = unicodedata.normalize("NFKC", text)  # ligatures such as "ﬁ" back to letters; no-break spaces to spaces
    return result, re.sub(r"\s+", " ", text), len(reader.pages)


@pytest.mark.browser
def test_pdf_has_the_same_sections_in_order(built):
    result, text, pages = built
    assert result.pdf.name == "report.pdf" and pages > 1
    position = 0
    for section in result.sections:  # each title found after the previous one
        position = text.find(section.title, position)
        assert position >= 0, f"{section.title!r} missing or out of order"


@pytest.mark.browser
def test_pdf_carries_the_headline_numbers_and_sources(built):
    result, text, _ = built
    for key, element in figures(parse(result.html)).items():
        if key.startswith("pledge-") or key.startswith("core-pledge-allies"):
            continue
        assert element.text.replace("\u00a0", " ") in text, key
    assert "2.71 %" in text and "Poland" in text
    assert "Paths to 2035" in text and "Projection, not data" in text
    assert "Source: NATO Public Diplomacy Division" in text
    assert result.context.citation("nato_expenditure_ed2024") in text


def test_a_browser_that_hangs_fails_the_pdf_in_one_line(monkeypatch, tmp_path):
    """Chromium that never prints (or never starts) ends the PDF with an error naming the written
    HTML after PRINT_SECONDS, instead of a report that never ends."""
    import threading
    from contextlib import contextmanager

    from nato3.errors import Nato3Error
    from nato3.report import browser

    released = threading.Event()

    @contextmanager
    def hanging(*args, **kwargs):
        released.wait(60)
        yield None

    monkeypatch.setattr(browser, "browser_page", hanging)
    monkeypatch.setattr(browser, "PRINT_SECONDS", 0.5)
    html = tmp_path / "index.html"
    try:
        printer = browser.Printer()
        with pytest.raises(Nato3Error, match=f"did not print .* within 0.5 s; the HTML report is at {html}"):
            printer.print(html, tmp_path / "report.pdf")
        stuck = browser.Printer()
        stuck.close()  # returns after PRINT_SECONDS, leaving the stuck thread to the process's end
    finally:
        released.set()
