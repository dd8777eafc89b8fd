"""The three burden-sharing charts, drawn from the CLI: the file exists, is not trivial, and its
axis labels, title and source line are there (SVG text is kept as text: ``svg.fonttype`` none)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest


def _svg_text(path) -> str:
    root = ET.parse(path).getroot()
    return " ".join(t for element in root.iter() if element.tag.endswith("text") for t in element.itertext())


@pytest.mark.parametrize(
    "args, expected",
    [
        (
            ["--chart-kind", "us-europe"],
            [
                "Year",
                "Defence spending, billion US$ (2015 prices)",
                "United States",
                "Europe and Canada",
                "US share 2024",
            ],
        ),
        (
            ["--chart-kind", "scatter"],
            [
                "GDP, million US$ (2015 prices), log scale",
                "Defence spending, % of GDP",
                "Spearman ρ",
                "Kendall τ",
                "POL",
            ],
        ),
        (
            ["--chart-kind", "fair-share"],
            ["Fair-share index (spending share ÷ GDP share)", "Ally", "Poland", "even share"],
        ),
    ],
)
def test_nato_charts_from_the_cli(cli, tmp_path, args, expected):
    path = tmp_path / "chart.svg"
    code, out, err = cli("burden", "--year", "2024", "--format", "json", "--chart", str(path), *args)
    assert code == 0, err
    assert path.exists() and path.stat().st_size > 10_000
    text = _svg_text(path)
    for label in expected:
        assert label in text, label
    assert "Source: NATO, Defence Expenditure of NATO Countries (edition 2024)" in text
    assert not list(tmp_path.glob(".*partial*"))  # written atomically


def test_sipri_us_europe_chart_spans_1949_and_names_the_derivation(cli, tmp_path):
    path = tmp_path / "us-europe.svg"
    code, _, err = cli("burden", "--source", "sipri", "--chart", str(path), "--chart-kind", "us-europe")
    assert code == 0, err
    text = _svg_text(path)
    assert "Defence spending, billion US$ (2023 prices)" in text and "1950" in text
    assert "SIPRI Military Expenditure Database (2025 release)" in text and "GDP derived" in text


def test_png_chart(cli, tmp_path):
    path = tmp_path / "fair.png"
    code, _, err = cli("burden", "--source", "sipri", "--year", "1964", "--chart", str(path))
    assert code == 0, err
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 20_000


def test_bad_chart_path_fails_before_any_output(cli, tmp_path):
    code, out, err = cli("burden", "--chart", str(tmp_path / "missing" / "c.svg"))
    assert code == 2 and out == "" and "does not exist" in err


def test_chart_of_a_year_without_a_known_total_is_refused(cli, tmp_path):
    """SIPRI has no share of GDP for the Netherlands and Türkiye in 1955: no fair-share index."""
    path = tmp_path / "fair.svg"
    code, out, err = cli("burden", "--source", "sipri", "--year", "1955", "--chart", str(path))
    assert code == 2 and out == "" and not path.exists()
    assert "no fair-share index for 1955" in err


def test_us_europe_chart_leaves_gaps_where_a_total_is_unknown(cli, tmp_path):
    path = tmp_path / "us-europe.svg"
    code, _, err = cli(
        "burden", "--source", "sipri", "--year", "1960", "--chart", str(path), "--chart-kind", "us-europe"
    )
    assert code == 0, err
    assert "Gaps (1949, 1952)" in _svg_text(path)
