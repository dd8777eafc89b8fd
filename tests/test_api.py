"""The library API: nato3.load / status / sources, with provenance attached."""

from __future__ import annotations

import pytest

import nato3
from nato3.errors import Nato3Error


def test_public_api_is_exported():
    assert set(nato3.__all__) >= {"load", "status", "sources"}


def test_load_with_filters_and_provenance():
    df = nato3.load("nato_series", iso3="POL", edition="2025", from_year=2020, to_year=2024)
    assert list(df.year) == [2020, 2021, 2022, 2023, 2024]
    assert df.attrs["sources"][0]["producer"].startswith("NATO")
    both = nato3.load("sipri_milex", country=["POL", "DEU"], year=2024)
    assert sorted(both.iso3) == ["DEU", "POL"]


def test_load_errors_name_what_is_allowed():
    with pytest.raises(Nato3Error, match="unknown table 'x'; available:"):
        nato3.load("x")
    with pytest.raises(Nato3Error, match="has no column 'colour'; filters allowed:"):
        nato3.load("countries", colour="red")
    with pytest.raises(Nato3Error, match="has no year column"):
        nato3.load("pledges", from_year=2020)


def test_filters_are_parameters_not_sql():
    df = nato3.load("countries", iso3="POL' OR '1'='1")
    assert df.empty


def test_sources_lists_every_table():
    df = nato3.sources()
    assert {"nato_expenditure_ed2024", "sipri_milex", "countries", "pledges"} <= set(df.table)
    assert df.set_index("table").loc["worldbank_population_gdp", "licence"].startswith("World Bank data, Creative")
