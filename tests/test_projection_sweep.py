"""Sweeps that sweep: target grids move target-seeking paths; paths read from the sweep file."""

from __future__ import annotations

import pytest

from nato3.errors import DataValidationError
from nato3.projection.sweep import run_sweep


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_target_grid_moves_hague_linear(tmp_path):
    sweep = _write(
        tmp_path / "s.yaml", "scenario: hague-linear\ndraws: 0\ngrid:\n  target: [3.0, 4.0]\ncountries: [DEU, ESP]\n"
    )
    table = run_sweep(sweep).set_index(["target", "iso3"])
    for target in (3.0, 4.0):
        for iso3 in ("DEU", "ESP"):
            assert table.loc[(target, iso3), "share_horizon_pct"] == pytest.approx(target)
            assert table.loc[(target, iso3), "year_reaching_target"] == 2035


def test_a_policy_with_its_own_target_keeps_it(tmp_path):
    _write(
        tmp_path / "mine.yaml",
        "target: 3.5\npolicy:\n  default: {linear_to_target: {target: 3.0, by: 2035}}\n",
    )
    sweep = _write(tmp_path / "s.yaml", "scenario: mine.yaml\ngrid:\n  target: [4.0]\ncountries: [DEU]\n")
    assert run_sweep(sweep).iloc[0]["share_horizon_pct"] == pytest.approx(3.0)


def test_paths_are_read_from_the_sweep_files_folder(tmp_path, monkeypatch):
    _write(tmp_path / "sweeps" / "mine.yaml", "horizon: 2030\npolicy:\n  default: linear_to_target\n")
    decoy = _write(tmp_path / "elsewhere" / "mine.yaml", "horizon: 2040\n")
    sweep = _write(tmp_path / "sweeps" / "s.yaml", "scenario: mine.yaml\ngrid:\n  target: [3.0]\ncountries: [DEU]\n")
    monkeypatch.chdir(decoy.parent)  # a file of the same name here must not be used
    table = run_sweep(sweep.resolve())
    assert set(table["horizon"]) == {2030}
    missing = _write(tmp_path / "sweeps" / "bad.yaml", "scenario: nothere.yaml\ngrid:\n  target: [3.0]\n")
    with pytest.raises(DataValidationError, match="scenario file .*sweeps/nothere.yaml not found") as err:
        run_sweep(missing)
    assert err.value.line == 1 and err.value.column == "scenario"
