"""Grammar fuzz of the three YAML inputs: scenario, sweep and drawdown files.

Documents are built from each file's own grammar with values at and past every bound (years
around the data's, growth rates that compound past any GDP, volatilities that turn GDP negative),
written as YAML, sometimes with a hostile fragment spliced in (aliases, bad tags, impossible
dates, deep nesting), and checked in-process exactly as `nato3 scenario validate`, `nato3 sweep`
and `nato3 ledger drawdown` read them. The only acceptable outcomes: accepted, or one
Nato3Error / DataValidationError naming the file. A scenario that is accepted must also project:
the engine's deterministic path stays finite and within 100 % of GDP, and a short Monte Carlo
run works. 5,016 cases in all (plus the 1,450 of test_projection_scenario.py and
test_yamlfile.py).
"""

from __future__ import annotations

import numpy as np
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from nato3.errors import DataValidationError, Nato3Error

FAST = settings(deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)

# Raw YAML spliced in place of a value: each once crashed or hung a loader somewhere.
HOSTILE = [
    "!!int abc",
    "!!float x",
    "2027-02-30",
    "2025-13-01",
    "!!timestamp 2001-12-14t21:59:43.10-05:00",
    "*nope",
    "&a [1, *a]",
    "!!python/object/apply:os.system [ls]",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "!!omap [a: 1, b: 2]",
    ".nan",
    "-.inf",
    "0x7FFFFFFFFFFFFFFFFF",
    "1e400",
    "~",
    "[" * 60 + "]" * 60,
    "{a: " * 40 + "1" + "}" * 40,
    "'\\x00'",
    "!unknown tag",
    "99999999999999999999999999",
]

# Mostly values inside the data (so scenarios get past the first check), some at and past the bounds.
IN_DATA = st.integers(2014, 2026)
YEARS = st.one_of(IN_DATA, IN_DATA, st.integers(2008, 2101), st.sampled_from([1948, 1949, 2100, 2101, 0, -1, 10**20]))
SHARES = st.one_of(
    st.floats(0.5, 6), st.floats(-1, 25, allow_nan=False), st.sampled_from([0, 20, 20.0001, float("nan"), float("inf")])
)
KEYS = st.sampled_from(["default", "POL", "DEU", "USA", "ISL", "FIN", "SWE", "eu", "group:eu", "europe", "XYZ", "pol"])
POLICIES = st.one_of(
    st.sampled_from(["constant_share", "hold_spending", "announced", "nope"]),
    st.builds(lambda r: {"real_growth": {"rate": r}}, st.floats(-60, 120, allow_nan=False)),
    st.builds(
        lambda t, b, h: {
            "linear_to_target": {k: v for k, v in (("target", t), ("by", b), ("hold_if_above", h)) if v is not None}
        },
        st.none() | SHARES,
        st.none() | YEARS,
        st.none() | st.booleans(),
    ),
    st.builds(lambda p: {"plan": p}, st.dictionaries(YEARS, SHARES, max_size=4)),
    st.builds(
        lambda s, f: {"announced": {"scopes": s, "fallback": f}},
        st.lists(
            st.sampled_from(["core_nato_definition", "unknown", "national_definition", "total_5pct", "x"]), max_size=3
        ),
        st.sampled_from(["constant_share", "hold_spending", "grow"]),
    ),
)
GROWTH = st.one_of(
    st.floats(-25, 25, allow_nan=False),
    st.just("mean"),
    st.builds(lambda a, b: {"mean_from": a, "mean_to": b}, YEARS, YEARS),
)
MONTE_CARLO = st.fixed_dictionaries(
    {},
    optional={
        "draws": st.integers(-1, 20),
        "seed": st.integers(-1, 2**64),
        "gdp_growth_sd": st.one_of(st.floats(0, 5), st.floats(-1, 25, allow_nan=False)),
        "correlation": st.one_of(st.floats(0, 1), st.floats(-0.5, 1.5, allow_nan=False)),
        "execution_sd": st.floats(-1, 60, allow_nan=False),
    },
)
# Scenarios inside every single-field range: only the cross-field checks (base year against the
# data, paths past 100 % of GDP, volatility against growth) decide, so half of them are accepted.
PLAUSIBLE = st.fixed_dictionaries(
    {},
    optional={
        "edition": st.sampled_from(["2024", "2025"]),
        "base_year": st.integers(2014, 2024),
        "horizon": st.integers(2025, 2100),
        "target": st.one_of(st.floats(0.5, 6), st.sampled_from(["hague-core-3.5", "wales-2"])),
        "gdp_growth": st.dictionaries(KEYS, st.one_of(st.floats(-20, 20), st.just("mean")), max_size=3),
        "policy": st.dictionaries(
            st.sampled_from(["default", "POL", "DEU", "USA", "eu"]),
            st.one_of(
                st.sampled_from(["constant_share", "hold_spending", "announced"]),
                st.builds(lambda r: {"real_growth": {"rate": r}}, st.floats(-50, 100)),
                st.builds(lambda t: {"linear_to_target": {"target": t}}, st.floats(0.5, 20)),
            ),
            max_size=2,
        ),
        "monte_carlo": st.fixed_dictionaries(
            {}, optional={"gdp_growth_sd": st.floats(0, 20), "correlation": st.floats(0, 1)}
        ),
    },
)
ANYTHING = st.fixed_dictionaries(
    {},
    optional={
        "edition": st.sampled_from(["2024", "2025", 2025, 2024, "2025", "2023", ""]),
        "gdp_edition": st.sampled_from(["2024", "2025"]),
        "base_year": YEARS,
        "horizon": st.one_of(st.integers(2026, 2060), YEARS),
        "target": st.one_of(SHARES, st.sampled_from(["hague-core-3.5", "wales-2", "hague-total-5", "nope"])),
        "gdp_growth": st.dictionaries(KEYS, GROWTH, max_size=3),
        "policy": st.dictionaries(KEYS, POLICIES, max_size=3),
        "monte_carlo": MONTE_CARLO,
    },
)
SCENARIOS = st.one_of(PLAUSIBLE, ANYTHING)


def _yaml(document, splice: int | None) -> str:
    """``document`` as YAML; with ``splice``, one value line's value replaced by a hostile fragment."""
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True)
    if splice is None:
        return text
    lines = text.splitlines()
    values = [i for i, line in enumerate(lines) if ": " in line and not line.rstrip().endswith(":")]
    if not values:
        return text + f"extra: {HOSTILE[splice % len(HOSTILE)]}\n"
    i = values[splice % len(values)]
    lines[i] = lines[i].split(": ", 1)[0] + ": " + HOSTILE[splice % len(HOSTILE)]
    return "\n".join(lines) + "\n"


SPLICE = st.one_of(st.none(), st.none(), st.none(), st.integers(0, 10_000))  # a quarter get a hostile fragment


def _write(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@settings(FAST, max_examples=2_500)
@given(SCENARIOS, SPLICE)
def test_fuzzed_scenarios_are_refused_in_one_line_or_project(tmp_path_factory, document, splice):
    from nato3.projection import engine
    from nato3.projection import kernel as kn
    from nato3.projection.builtin import load_scenario
    from nato3.projection.checks import MAX_PATH_SHARE

    path = _write(tmp_path_factory.getbasetemp(), "fuzz-scenario.yaml", _yaml(document, splice))
    try:
        resolved = load_scenario(path)
    except DataValidationError as exc:
        assert exc.file == str(path) and "\n" not in str(exc)
        event(f"refused: {exc.column or 'YAML'}")
        return
    event("accepted")
    setup = engine.prepare(resolved)
    share, _ = kn.evaluate(setup.kernel, kn.deterministic_index(setup.kernel))
    path_shares = np.where(setup.compiled.projected, share[: len(setup.base.iso3), :, 0], 0.0)
    assert np.isfinite(path_shares).all() and path_shares.max() <= MAX_PATH_SHARE


@settings(FAST, max_examples=16)
@given(PLAUSIBLE)
def test_accepted_fuzzed_scenarios_run_their_monte_carlo(document):
    """The whole run, deterministic frames and 500 draws, for scenarios the checks accept."""
    from nato3.projection import Scenario, project
    from nato3.projection.resolve import resolve

    try:
        resolved = resolve(Scenario.model_validate(document))
    except (DataValidationError, ValueError):  # pydantic's ValidationError is a ValueError
        event("refused")
        return
    event("accepted")
    p = project(resolved, draws=500, seed=1)
    assert np.isfinite(p.wide("defence_share_gdp_pct").to_numpy()).all()
    assert p.montecarlo is not None and np.isfinite(p.montecarlo.p_reach_by).all()


def _entry(field, values):
    fields = field if isinstance(field, st.SearchStrategy) else st.just(field)
    return st.tuples(fields, st.lists(values, min_size=1, max_size=3))


GRID = st.lists(
    st.one_of(
        _entry("target", SHARES),
        _entry("horizon", st.integers(2026, 2101)),
        _entry("base_year", YEARS),
        _entry("monte_carlo.gdp_growth_sd", st.floats(0, 25)),
        _entry("monte_carlo.execution_sd", st.floats(0, 60)),
        _entry("policy.DNK.real_growth.rate", st.floats(-50, 120)),
        _entry("policy.DEU.plan.2030", SHARES),
        _entry("policy.default", POLICIES),
        _entry("gdp_growth.default", GROWTH),
        _entry(st.sampled_from(["edition", "nope", "a..b", ".", "policy"]), st.one_of(YEARS, st.text(max_size=8))),
    ),
    max_size=2,
).map(lambda entries: {field: values for field, values in entries})
SWEEPS = st.fixed_dictionaries(
    {
        "scenario": st.sampled_from(["hague-linear", "current-trend", "announced-plans", "nope", "../x.yaml", ""]),
        "grid": GRID,
    },
    optional={
        "draws": st.integers(-1, 10),
        "seed": st.integers(-1, 10),
        "countries": st.lists(st.sampled_from(["POL", "DEU", "NATO_TOTAL", "X", ""]), max_size=3),
    },
)


@settings(FAST, max_examples=1_000)
@given(SWEEPS, SPLICE)
def test_fuzzed_sweeps_are_refused_in_one_line_or_make_scenarios(tmp_path_factory, document, splice):
    from nato3.projection.sweep import load_sweep, points

    path = _write(tmp_path_factory.getbasetemp(), "fuzz-sweep.yaml", _yaml(document, splice))
    try:
        sweep, path = load_sweep(path)
        made = points(sweep, path)
    except Nato3Error as exc:  # DataValidationError included
        assert "\n" not in str(exc)
        event("refused")
        return
    event("accepted")
    assert len(made) == int(np.prod([len(v) for v in sweep.grid.values()]))


WITHDRAWALS = st.one_of(
    st.builds(lambda e: {"event": e}, st.sampled_from(["FP046", "FP044", "FP001", "fp046", "FP999", ""])),
    st.fixed_dictionaries(
        {},
        optional={
            "host": st.sampled_from(["POL", "DEU", "EUR", "USA", "XYZ", "deu"]),
            "date": st.sampled_from(["2027", "2027-01", "2027-01-15", "2027-13", "soon", 2027]),
            "personnel": st.integers(-5, 2_000_000),
            "unit": st.text(max_size=10),
            "event": st.sampled_from(["FP046", "FP999"]),
        },
    ),
)
VALID_WITHDRAWALS = st.one_of(
    st.builds(lambda e: {"event": e}, st.sampled_from(["FP046", "FP044"])),
    st.builds(
        lambda h, d, n: {"host": h, "date": d, "personnel": n},
        st.sampled_from(["POL", "DEU", "EUR", "LTU"]),
        st.sampled_from(["2027", "2027-01", "2027-01-15"]),
        st.integers(1, 100_000),
    ),
)
DRAWDOWNS = st.fixed_dictionaries(
    {
        "name": st.sampled_from(["test", "test", "test", "Bad Name", "", "x" * 70]),
        "title": st.sampled_from(["A test", ""]),
        "withdrawals": st.lists(st.one_of(VALID_WITHDRAWALS, VALID_WITHDRAWALS, WITHDRAWALS), max_size=3),
    },
    optional={
        "us_baseline": st.sampled_from(["F22", "F23", "F24", "dmdc", "F99"]),
        "backfill": st.fixed_dictionaries(
            {},
            optional={
                "by": st.one_of(
                    st.sampled_from(["host", "europe", "eu", "nope"]),
                    st.lists(st.sampled_from(["POL", "DEU", "X"]), max_size=2),
                ),
                "ratio": st.floats(-1, 12, allow_nan=False),
                "year": st.one_of(st.none(), YEARS),
                "edition": st.sampled_from(["2024", "2025", "1999"]),
            },
        ),
    },
)  # fmt: skip


@settings(FAST, max_examples=1_500)
@given(DRAWDOWNS, SPLICE)
def test_fuzzed_drawdowns_are_refused_in_one_line_or_load(tmp_path_factory, document, splice):
    from nato3.ledger.scenario import load_drawdown

    path = _write(tmp_path_factory.getbasetemp(), "fuzz-drawdown.yaml", _yaml(document, splice))
    try:
        drawdown, _ = load_drawdown(path)
    except DataValidationError as exc:
        assert exc.file == str(path) and "\n" not in str(exc)
        event("refused")
        return
    event("accepted")
    assert drawdown.withdrawals
