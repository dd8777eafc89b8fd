"""YAML input files: errors name the file, line and field; never a traceback."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, Field

from nato3.errors import DataValidationError
from nato3.yamlfile import load_model


class Policy(BaseModel):
    model_config = ConfigDict(extra="forbid")
    iso3: str
    target: float = Field(ge=0, le=20)


class Doc(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    policies: list[Policy] = []


def _write(tmp_path, text):
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_file_loads(tmp_path):
    doc = load_model(_write(tmp_path, "name: x\npolicies:\n  - iso3: POL\n    target: 3.5\n"), Doc)
    assert doc.policies[0].target == 3.5


def test_out_of_range_names_line_and_field(tmp_path):
    path = _write(tmp_path, "name: x\npolicies:\n  - iso3: POL\n    target: 3.5\n  - iso3: DEU\n    target: 25\n")
    with pytest.raises(DataValidationError) as err:
        load_model(path, Doc)
    assert (err.value.line, err.value.column) == (6, "policies.1.target")
    assert str(err.value).startswith(f"{path}, line 6, column 'policies.1.target'")


def test_unknown_key(tmp_path):
    with pytest.raises(DataValidationError, match="line 2, column 'colour': unknown key"):
        load_model(_write(tmp_path, "name: x\ncolour: red\n"), Doc)


def test_bad_yaml_and_missing_file(tmp_path):
    with pytest.raises(DataValidationError, match="line 2.*invalid YAML"):
        load_model(_write(tmp_path, "name: x\n  bad: [\n"), Doc)
    with pytest.raises(DataValidationError, match="file not found"):
        load_model(tmp_path / "nope.yaml", Doc)
    with pytest.raises(DataValidationError, match="expected a mapping"):
        load_model(_write(tmp_path, "- 1\n- 2\n"), Doc)
    with pytest.raises(DataValidationError, match="duplicate key 'name'"):
        load_model(_write(tmp_path, "name: x\nname: y\n"), Doc)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_raises_anything_else(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("fuzz") / "f.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_model(path, Doc)
    except DataValidationError:
        pass
