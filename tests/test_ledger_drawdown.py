"""Drawdown scenarios: backfill cost checked against a hand computation from the raw NATO rows,
Europe's share, published references beside the result, and clear errors for bad scenarios."""

from __future__ import annotations

import pytest

from ledger_raw import europe, rows
from nato3.errors import DataValidationError, Nato3Error
from nato3.ledger import Drawdown, builtin_drawdowns, load_drawdown, run_drawdown
from nato3.longformat import SCENARIO_INDEX

NATO_2024 = "nato_defence_expenditure_2014_2024_ed2024.csv"


def _nato_2024() -> dict[str, dict[str, str]]:
    return {r["iso3"]: r for r in rows(NATO_2024) if r["year"] == "2024"}


def _per_soldier(codes: list[str]) -> float:
    """Personnel spending ÷ military personnel, summed over ``codes`` (allies without figures skipped)."""
    nato = _nato_2024()
    spending = personnel = 0.0
    for code in codes:
        r = nato[code]
        if not (r["personnel_share_of_defexp_pct"] and r["military_personnel_thousands"]):
            continue
        spending += float(r["personnel_share_of_defexp_pct"]) / 100 * float(r["defence_exp_musd_current"]) * 1e6
        personnel += float(r["military_personnel_thousands"]) * 1000
    return spending / personnel


def _europe_personnel_2024() -> float:
    nato = _nato_2024()
    return sum(
        float(nato[c]["military_personnel_thousands"]) * 1000
        for c in europe()
        if nato[c]["military_personnel_thousands"]
    )


def test_germany_backfill_cost_by_hand():
    # FP046: -5,000 in Germany; Germany backfills one-for-one at its own 2024 cost per soldier.
    deu = _nato_2024()["DEU"]
    by_hand = (float(deu["personnel_share_of_defexp_pct"]) / 100 * float(deu["defence_exp_musd_current"]) * 1e6) / (
        float(deu["military_personnel_thousands"]) * 1000
    )
    assert 150_000 < by_hand < 160_000  # about US$ 155,700 a soldier (2024e)
    result = run_drawdown("germany-2026")
    s = result.summary
    assert s["us_withdrawn"] == 5000 and s["backfill_personnel"] == 5000
    assert s["backfill_cost_musd_per_year"] == pytest.approx(5000 * by_hand / 1e6, rel=1e-12)
    assert s["us_in_europe_before"] == 84000 and s["us_in_europe_after"] == 79000  # F22 baseline


def test_europe_backfill_cost_and_share_by_hand():
    result = run_drawdown("announced-2025-2026")  # FP044 (-700, Romania) and FP046 (-5,000, Germany)
    per_soldier = _per_soldier(europe())
    assert 80_000 < per_soldier < 85_000
    s = result.summary
    assert s["us_withdrawn"] == 5700
    assert s["backfill_cost_musd_per_year"] == pytest.approx(5700 * per_soldier / 1e6, rel=1e-12)
    e = _europe_personnel_2024()
    assert s["europe_personnel_before"] == pytest.approx(e, rel=1e-12)
    assert s["share_europe_before_pct"] == pytest.approx(100 * e / (e + 84000), rel=1e-12)
    assert s["share_europe_after_pct"] == pytest.approx(100 * (e + 5700) / (e + 5700 + 84000 - 5700), rel=1e-12)
    assert s["share_europe_after_no_backfill_pct"] == pytest.approx(100 * e / (e + 84000 - 5700), rel=1e-12)
    assert list(result.steps["event_id"]) == ["FP044", "FP046"]  # in date order
    assert any("ISL" in c for c in result.caveats)  # no personnel figures: named, not silently zero


def test_ratio_and_explicit_allies(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(
        "name: test\ntitle: t\nbackfill:\n  by: [POL, LTU]\n  ratio: 0.5\nwithdrawals:\n"
        "  - host: POL\n    date: 2027-01-15\n    personnel: 1000\n    unit: a battalion (hypothetical)\n",
        encoding="utf-8",
    )
    result = run_drawdown(str(path))
    assert result.summary["backfill_personnel"] == 500
    assert result.summary["backfill_cost_musd_per_year"] == pytest.approx(500 * _per_soldier(["POL", "LTU"]) / 1e6)
    assert result.steps["date"].iloc[0] == "2027-01-15"  # a YAML date is kept as written
    assert result.steps["source_kind"].iloc[0] == "scenario input"


def test_references_are_shown_with_their_sources():
    from nato3.documents import build

    refs = run_drawdown("romania-2025").references
    assert list(refs["fact_id"]) == ["F16", "F17", "F18", "F19", "F20", "F21"]
    assert refs["source_title"].notna().all() and refs["source_url"].str.startswith("http").all()
    assert refs["is_secondary"].all()
    shown = build("ledger_drawdown", drawdown="romania-2025").tables["references"].records()
    assert all(r["marks"] == {"fact_id": ["secondary"], "value": ["secondary"]} for r in shown)


def test_result_carries_sources_caveats_and_long_format():
    from nato3.documents import build

    result = run_drawdown("germany-2026")
    assert {"nato_expenditure_ed2024", "nato30_context_facts", "force_posture_events"} <= set(result.tables)
    assert any("announced, not executed" in c for c in result.caveats)
    assert any("proxy, not capability" in c for c in result.caveats)
    assert list(result.long.columns[:6]) == [*SCENARIO_INDEX, "value", "unit"]
    assert result.long["is_projection"].all()
    doc = build("ledger_drawdown", drawdown="germany-2026")
    assert doc.parameters == {"drawdown": "germany-2026"} and doc.caveats == result.caveats + [doc.caveats[-1]]
    assert {s.table for s in doc.sources} >= set(result.tables)
    summary = doc.tables["summary"].records()[0]
    assert summary["drawdown"] == "germany-2026" and summary["us_withdrawn"] == result.summary["us_withdrawn"]


def test_builtins_load_and_are_named_after_their_files():
    builtins = builtin_drawdowns()
    assert {"romania-2025", "germany-2026", "announced-2025-2026"} <= set(builtins)
    for name in builtins:
        model, path = load_drawdown(name)
        assert model.name == path.stem == name


def _write(tmp_path, body: str):
    path = tmp_path / "bad.yaml"
    path.write_text("name: bad\ntitle: t\n" + body, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("body", "line", "field", "message"),
    [
        ("withdrawals:\n  - event: FP044\ncolour: red\n", 5, "colour", "unknown key"),
        ("withdrawals:\n  - event: FP999\n", 4, "withdrawals.0.event", "unknown event 'FP999'"),
        ("withdrawals:\n  - event: FP002\n", 4, "withdrawals.0.event", "FP002 is not a withdrawal"),
        ("withdrawals:\n  - event: FP047\n", 4, "withdrawals.0", "FP047 gives no personnel figure"),
        ("withdrawals:\n  - event: FP044\n    personnel: 900\n", 4, "withdrawals.0", "already gives -700"),
        ("withdrawals:\n  - host: POL\n    date: 2027\n", 4, "withdrawals.0", "missing: personnel"),
        ("withdrawals:\n  - host: USA\n    date: 2027\n    personnel: 1\n", 4, "withdrawals.0.host", "unknown host"),
        ("withdrawals:\n  - host: POL\n    date: soon\n    personnel: 1\n", 5, "withdrawals.0.date", "YYYY"),
        ("withdrawals:\n  - host: POL\n    date: 2027\n    personnel: -5\n", 6, "withdrawals.0.personnel", "greater"),
        ("backfill:\n  by: asia\nwithdrawals:\n  - event: FP044\n", 4, "backfill.by", "unknown group 'asia'"),
        ("us_baseline: F99\nwithdrawals:\n  - event: FP044\n", 3, "us_baseline", "unknown baseline"),
        ("withdrawals: []\n", 3, "withdrawals", "at least 1"),
    ],
)
def test_bad_scenarios_name_file_line_and_field(tmp_path, body, line, field, message):
    path = _write(tmp_path, body)
    with pytest.raises(DataValidationError) as err:
        run_drawdown(path)
    assert (err.value.file, err.value.line, err.value.column) == (path, line, field)
    assert message in err.value.problem


def test_errors_found_when_running(tmp_path):
    with pytest.raises(Nato3Error, match="backfill.by 'host' cannot price host 'EUR;POL'"):
        run_drawdown(_write(tmp_path, "withdrawals:\n  - event: FP047\n    personnel: 4000\n"))
    with pytest.raises(Nato3Error, match="exceed the baseline F22"):
        run_drawdown(_write(tmp_path, "withdrawals:\n  - host: DEU\n    date: 2027\n    personnel: 90000\n"))
    with pytest.raises(Nato3Error, match="unknown drawdown 'nope'; built-in: announced-2025-2026") as err:
        run_drawdown("nope")
    assert err.value.parameter == "drawdown"
    with pytest.raises(Nato3Error, match="field 'withdrawals.0.event'"):
        run_drawdown(Drawdown(name="x", title="t", withdrawals=[{"event": "FP999"}]))


def test_readme_example_runs(tmp_path):
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(.*?)```", readme, re.S).group(1)
    path = tmp_path / "example.yaml"
    path.write_text("\n".join(line[2:] for line in block.splitlines()), encoding="utf-8")
    result = run_drawdown(str(path))
    assert result.summary["us_withdrawn"] == 700 + 4000
