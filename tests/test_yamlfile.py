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


# Hostile files: each is refused with one error naming the file and the line, never a traceback.

BILLION_LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("name: x\npolicies:\n  - iso3: POL\n    target: !!int abc\n", 4, "'abc' is not a valid int"),
        ("name: 2027-02-30\n", 1, "'2027-02-30' is not a valid timestamp (day is out of range for month)"),
        ("name: !!float x\n", 1, "'x' is not a valid float"),
        ("name: !!python/object:os.system ls\n", 1, "invalid YAML"),
        ("base: &b {iso3: POL, target: 1}\nname: x\npolicies: [*b]\n", 3, "aliases (*b) are not allowed"),
        ("name: x\npolicies: " + "[" * 400 + "]" * 400 + "\n", 2, "nested more than 32 levels deep"),
        ("name: x\npolicies: " + "{a: " * 999 + "1" + "}" * 999 + "\n", 2, "nested more than 32 levels deep"),
        (BILLION_LAUGHS, 2, "aliases (*a) are not allowed"),
    ],
)
def test_hostile_yaml_is_one_error_with_file_and_line(tmp_path, text, line, problem):
    path = _write(tmp_path, text)
    with pytest.raises(DataValidationError) as err:
        load_model(path, Doc)
    assert err.value.line == line
    assert str(err.value).startswith(f"{path}, line {line}: invalid YAML")
    assert problem in str(err.value)


def test_oversized_file_is_refused_before_parsing(tmp_path):
    from nato3.yamlfile import MAX_BYTES

    path = _write(tmp_path, "name: x\n" + "# padding\n" * (MAX_BYTES // 10 + 1))
    with pytest.raises(DataValidationError, match=f"file over {MAX_BYTES:,} bytes"):
        load_model(path, Doc)


def test_too_many_values_is_refused(tmp_path):
    from nato3.yamlfile import MAX_NODES

    path = _write(tmp_path, "name: x\npolicies: [" + "1," * MAX_NODES + "1]\n")
    with pytest.raises(DataValidationError, match=f"line 2: invalid YAML: more than {MAX_NODES:,} values"):
        load_model(path, Doc)


def test_alias_bomb_fails_fast_in_bounded_memory(tmp_path):
    """The billion-laughs file (9^9 strings once expanded) under a 256 MB address-space cap: the
    loader must refuse it without building anything (before the fix it took 2.4 GB)."""
    import subprocess
    import sys

    path = _write(tmp_path, BILLION_LAUGHS)
    assert len(BILLION_LAUGHS.encode()) < 500
    script = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (256 * 2**20, 256 * 2**20))\n"
        "from nato3.errors import DataValidationError\n"
        "from nato3.yamlfile import read_yaml\n"
        "try:\n"
        "    read_yaml(sys.argv[1])\n"
        "except DataValidationError as exc:\n"
        "    print(exc)\n"
        "    sys.exit(2)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert done.stdout.strip() == f"{path}, line 2: invalid YAML: aliases (*a) are not allowed; write the value out"
