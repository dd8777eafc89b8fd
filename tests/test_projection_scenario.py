"""Scenario files: built-ins load, bad files name file, line and field, and fuzzed files never
produce a traceback."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nato3.errors import DataValidationError, Nato3Error
from nato3.projection.builtin import builtin_scenarios, load_scenario

GOOD = """\
name: test
edition: 2025
horizon: 2035
target: hague-core-3.5
gdp_growth:
  default: mean
  POL: 3.0
  eu: 1.5
policy:
  default: constant_share
  eastern_flank:
    real_growth: {rate: 2}
  DEU:
    plan: {2027: 2.8, 2030: 3.5}
monte_carlo:
  draws: 100
"""


def write(tmp_path, text, name="s.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_builtins_are_listed_and_load():
    assert set(builtin_scenarios()) == {"current-trend", "hague-linear", "announced-plans"}
    for name in builtin_scenarios():
        r = load_scenario(name)
        assert r.name == name and r.horizon == 2035 and r.target_pct == 3.5 and r.edition == "2026"


def test_keys_resolve_ally_before_group_before_default(tmp_path):
    r = load_scenario(write(tmp_path, GOOD))
    assert r.policies["DEU"][0] == "DEU"
    assert r.policies["POL"][0] == "eastern_flank" and r.policies["POL"][1].kind == "real_growth"
    assert r.policies["FRA"][0] == "default"
    assert r.growth["POL"] == ("POL", 3.0) and r.growth["FRA"] == ("eu", 1.5) and r.growth["USA"] == ("default", "mean")
    # edition 2025 without a base year: its newest year with every ally (2025e lacks Germany), never a mix
    assert r.base_year == 2024 and r.edition == "2025" and r.gdp_edition == "2024"


@pytest.mark.parametrize(
    "change, field, message",
    [
        ("colour: red", "colour", "unknown key"),
        ("horizon: soon", "horizon", "valid integer"),
        ("target: 25", "target", "at most 20"),
        ("target: hague-total-5", "target", "not measured as NATO's share of GDP"),
        ("target: nope", "target", "unknown pledge 'nope'"),
        ("horizon: 2101", "horizon", "less than or equal to 2100"),
        ("horizon: 2020", "horizon", "must be after the base year 2024"),
        ("base_year: 2030", "base_year", "outside the 2025 edition"),
        ("base_year: 2025", "base_year", "no 2025 share of GDP for Germany, and every ally starts from the same year"),
        ("edition: 1999", "edition", "edition '1999' has no defence_share_gdp_pct"),
    ],
)
def test_top_level_errors_name_file_line_and_field(tmp_path, change, field, message):
    lines = GOOD.splitlines()
    key = change.split(":")[0]
    at = next((i for i, line in enumerate(lines) if line.startswith(key + ":")), None)
    if at is None:
        lines.insert(1, change)
        at = 1
    else:
        lines[at] = change
    path = write(tmp_path, "\n".join(lines) + "\n")
    with pytest.raises(DataValidationError) as err:
        load_scenario(path)
    assert err.value.file == str(path)
    assert (err.value.line, err.value.column) == (at + 1, field)
    assert message in err.value.problem


@pytest.mark.parametrize(
    "old, new, line, field, message",
    [
        ("  POL: 3.0", "  XYZ: 3.0", 7, "gdp_growth.XYZ", "unknown key 'XYZ'"),
        ("  POL: 3.0", "  POL: 30", 7, "gdp_growth.POL", "between -20 and 20"),
        ("  DEU:\n", "  atlantis:\n", 13, "policy.atlantis", "unknown key 'atlantis'"),
        ("{2027: 2.8, 2030: 3.5}", "{2027: 2.8, 2030: 35}", 14, "policy.DEU.plan.2030", "less than or equal to 20"),
        ("{2027: 2.8, 2030: 3.5}", "{2020: 2.8}", 14, "policy.DEU.plan.2020", "between the base year 2024"),
        ("{rate: 2}", "{rate: fast}", 12, "policy.eastern_flank.real_growth.rate", "valid number"),
        ("constant_share", "constant", 10, "policy.default", "unknown policy 'constant'"),
        ("  eu: 1.5", "  eu: 1.5\n  europe: 1.5", 9, "gdp_growth.europe", "groups 'eu' and 'europe' both cover"),
        ("draws: 100", "draws: -1", 16, "monte_carlo.draws", "greater than or equal to 0"),
    ],
)
def test_nested_errors_name_file_line_and_field(tmp_path, old, new, line, field, message):
    text = GOOD.replace(old, new)
    path = write(tmp_path, text)
    with pytest.raises(DataValidationError) as err:
        load_scenario(path)
    assert (err.value.line, err.value.column) == (line, field)
    assert message in err.value.problem


def test_linear_by_year_outside_base_to_2100(tmp_path):
    text = GOOD.replace("constant_share", "{linear_to_target: {by: 2101}}")
    with pytest.raises(DataValidationError, match="line 10.*less than or equal to 2100"):
        load_scenario(write(tmp_path, text))
    text = GOOD.replace("constant_share", "{linear_to_target: {by: 2024}}")
    with pytest.raises(DataValidationError, match="line 10, column 'policy.default.linear_to_target.by'"):
        load_scenario(write(tmp_path, text))


def test_unknown_name_and_missing_file():
    with pytest.raises(Nato3Error, match="unknown scenario 'nope'; use a YAML file or a built-in scenario"):
        load_scenario("nope")
    with pytest.raises(Nato3Error, match="not found"):
        load_scenario("missing/file.yaml")


# ---------------------------------------------------------------------------------------------
# Fuzzing: structured documents built from scenario-like keys and hostile values.

KEYS = [
    "name", "description", "edition", "gdp_edition", "base_year", "horizon", "target", "gdp_growth", "policy",
    "monte_carlo", "default", "POL", "DEU", "XYZ", "eu", "group:eu", "constant_share", "linear_to_target",
    "real_growth", "plan", "hold_spending", "announced", "target", "by", "rate", "scopes", "fallback", "draws",
    "seed", "gdp_growth_sd", "correlation", "execution_sd", "mean_from", "mean_to", "hold_if_above", 2030, 1949,
]  # fmt: skip
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["mean", "constant_share", "hague-core-3.5", "hague-total-5", "2025", "", "unknown", "x" * 300]),
    st.text(max_size=12),
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.sampled_from(KEYS), children, max_size=5)
    ),
    max_leaves=20,
)
DOCUMENTS = st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=8)


def _dump(document) -> str:
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENTS)
def test_fuzzed_scenario_files_never_raise_anything_but_validation_errors(tmp_path_factory, document):
    path = tmp_path_factory.mktemp("fuzz") / "scenario.yaml"
    path.write_text(_dump(document), encoding="utf-8")
    try:
        load_scenario(path)
    except DataValidationError as exc:
        assert exc.file == str(path)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(builtin_scenarios())), st.lists(st.tuples(st.sampled_from(KEYS), VALUES), max_size=3))
def test_fuzzed_builtins_from_the_cli_exit_0_or_2_without_traceback(tmp_path_factory, name, changes):
    from typer.testing import CliRunner

    from nato3.cli.app import app

    document = yaml.safe_load(builtin_scenarios()[name].read_text(encoding="utf-8"))
    for key, value in changes:
        target = document.get("policy") if key in ("POL", "DEU", "XYZ", "eu", "default") else document
        if isinstance(target, dict):  # an earlier change may have replaced the policy block itself
            target[key] = value
    path = tmp_path_factory.mktemp("cli-fuzz") / "scenario.yaml"
    path.write_text(_dump(document), encoding="utf-8")
    result = CliRunner().invoke(app, ["scenario", "validate", str(path)])
    assert result.exit_code in (0, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
