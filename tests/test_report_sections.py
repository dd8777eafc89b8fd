"""The section registry: a module in nato3.report.sections is a section, placed by its ORDER; a
section can read --scenario; a module missing part of the interface is rejected."""

from __future__ import annotations

import sys
import textwrap

import pytest

from nato3.report import build_report, page
from nato3.report import sections as sections_package
from nato3.report.registry import REQUIRED, section_modules
from report_html import parse

EXTRA = '''
"""A section added by a test: shows how the later analyses plug in."""
from nato3.report.section import Section, SummaryRow

ID = "extra"
TITLE = "Extra analysis"
ORDER = 35


def build(ctx):
    return Section(id=ID, title=TITLE, values={"scenario": ctx.scenario or "default"},
                   sources=["sipri_milex"], summary=[SummaryRow("Extra", "yes")])
'''


def test_builtin_sections_follow_the_interface():
    modules = section_modules()
    assert [m.ID for m in modules] == [
        "headline",
        "standing",
        "who_pays",
        "paths",
        "backtest",
        "ledger",
        "methods",
        "sources",
    ]
    for module in modules:
        for name, kind in REQUIRED.items():
            assert isinstance(getattr(module, name), kind)
        assert module.__doc__, module.__name__
        assert (page.TEMPLATES / "sections" / f"{module.ID}.html.j2").is_file()


@pytest.fixture
def plugged(tmp_path, monkeypatch):
    """Drop a section module (and its template) next to the built-in ones."""
    folder = tmp_path / "sections"
    folder.mkdir()
    (folder / "extra.py").write_text(textwrap.dedent(EXTRA))
    templates = tmp_path / "templates" / "sections"
    templates.mkdir(parents=True)
    (templates / "extra.html.j2").write_text('<p id="extra-scenario">{{ scenario }}</p>\n')
    monkeypatch.setattr(sections_package, "__path__", [*sections_package.__path__, str(folder)])
    own = page.template_paths
    monkeypatch.setattr(page, "template_paths", lambda: [*own(), tmp_path / "templates"])
    yield
    sys.modules.pop(f"{sections_package.__name__}.extra", None)


def test_a_new_module_adds_its_section_in_order(plugged, tmp_path):
    result = build_report(out=tmp_path / "out", year=2024, edition="2024")
    ids = [s.attrs["id"] for s in parse(result.html).find_all("section")]
    assert ids == ["headline", "standing", "who_pays", "extra", "paths", "backtest", "ledger", "methods", "sources"]
    assert parse(result.html).find("p", id="extra-scenario").text == "default"
    assert "Extra" in [r.label for r in result.summary]
    assert "sipri_milex" in {s for section in result.sections for s in section.sources}
    assert "SIPRI" in parse(result.html).find("footer").text


def test_scenario_reaches_a_section_that_uses_it(plugged, tmp_path):
    result = build_report(out=tmp_path / "out", year=2024, edition="2024", scenario="current-trend")
    assert parse(result.html).find("p", id="extra-scenario").text == "current-trend"


def test_a_module_missing_part_of_the_interface_is_rejected(tmp_path, monkeypatch):
    folder = tmp_path / "sections"
    folder.mkdir()
    (folder / "broken.py").write_text('ID = "broken"\nTITLE = "Broken"\n')
    monkeypatch.setattr(sections_package, "__path__", [*sections_package.__path__, str(folder)])
    try:
        with pytest.raises(TypeError, match="broken needs ORDER"):
            section_modules()
    finally:
        sys.modules.pop(f"{sections_package.__name__}.broken", None)
