"""The report's templates: no number is typed into them, each section module has its template,
and every template compiles."""

from __future__ import annotations

import re

import pytest

from nato3.report.page import TEMPLATES, environment, template_names
from nato3.report.registry import section_modules

JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
TAG = re.compile(r"<[^>]*>", re.S)
HTML_TEMPLATES = [name for name in template_names() if name.endswith(".html.j2")]


@pytest.mark.parametrize("name", HTML_TEMPLATES)
def test_no_number_is_typed_into_a_template(name):
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    prose = TAG.sub(" ", JINJA.sub(" ", text)).replace("nato3", "")
    digits = re.findall(r"\S*\d\S*", prose)
    assert not digits, f"{name}: numbers must come from the context, found {digits}"


@pytest.mark.parametrize("name", HTML_TEMPLATES)
def test_every_template_compiles(name):
    environment().get_template(name)


def test_each_section_has_exactly_its_template():
    expected = {f"sections/{m.ID}.html.j2" for m in section_modules()}
    present = {name for name in HTML_TEMPLATES if name.startswith("sections/")}
    assert present == expected


def test_templates_ship_as_package_data():
    assert {"report.html.j2", "_macros.html.j2", "report.css"} <= set(template_names())
