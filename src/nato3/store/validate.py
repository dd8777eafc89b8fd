"""Read a resource's CSV and check every cell against the descriptor's schema.

Checks types, ranges, allowed values, patterns, known country codes and unique keys. The first
problem stops the read with a :class:`DataValidationError` naming the file, line and column, so
nothing half-checked reaches the database.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Mapping
from typing import Any

from nato3.errors import DataValidationError
from nato3.store.resources import Field, Resource

Columns = dict[str, list[Any]]


def parse_cell(text: str, fld: Field) -> Any:
    """Convert one CSV cell to its typed value; ``''`` is missing. Raises ValueError on junk.

    Numbers honour the column's declared decimal separator (``decimalChar``), so a publisher's
    file with decimal commas ('-2,736762182') is bundled unchanged and read as -2.736762182."""
    if text == "":
        return None
    if fld.type == "integer":
        return int(text)
    if fld.type == "number":
        if fld.decimal_char != ".":
            # A file that writes decimal commas must not also hold decimal points: '1.5' there is a typo.
            if "." in text:
                raise ValueError(f"uses '.' but the column's decimal separator is {fld.decimal_char!r}")
            text = text.replace(fld.decimal_char, ".")
        value = float(text)
        if not math.isfinite(value):
            raise ValueError("not a finite number")
        return value
    return text


def _check_constraints(value: Any, fld: Field, countries: Mapping[str, str]) -> str | None:
    """Return a description of the broken constraint, or None."""
    c = fld.constraints
    if value is None:
        return "is required but empty" if c.get("required") else None
    if "enum" in c and value not in c["enum"]:
        return f"value {value!r} is not one of {', '.join(map(str, c['enum']))}"
    if "minimum" in c and value < c["minimum"]:
        return f"value {value!r} is below the minimum {c['minimum']}"
    if "maximum" in c and value > c["maximum"]:
        return f"value {value!r} is above the maximum {c['maximum']}"
    if "pattern" in c and not re.search(c["pattern"], str(value)):
        return f"value {value!r} does not match the pattern {c['pattern']}"
    if "country" in c and countries.get(value) not in c["country"]:
        return f"{value!r} is not a known code ({' or '.join(c['country'])})"
    if "country_list" in c:
        extra = set(c.get("extra_codes", []))
        for code in str(value).split(";"):
            if code not in extra and countries.get(code) not in c["country_list"]:
                return f"{code!r} in {value!r} is not a known code"
    return None


def read_validated(resource: Resource, countries: Mapping[str, str], text: str | None = None) -> Columns:
    """Parse and validate ``resource``'s CSV (or ``text`` if given); return typed columns.

    ``countries`` maps every known code to its kind (ally, aggregate, territory).

    Raises:
        DataValidationError: naming the file, the line (1 = header) and the column.
    """
    label = resource.path.name
    if text is None:
        try:
            text = resource.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise DataValidationError(label, None, None, "file not found") from None
        except UnicodeDecodeError as exc:
            raise DataValidationError(label, None, None, f"not UTF-8 text ({exc.reason})") from None
    fields = resource.fields
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    expected = [f.name for f in fields]
    if header != expected:
        raise DataValidationError(label, 1, None, f"header is {header}, expected the columns {expected}")
    columns: Columns = {f.name: [] for f in fields}
    key_cols = resource.primary_key
    seen_keys: dict[tuple, int] = {}
    for cells in reader:
        line = reader.line_num
        if len(cells) != len(fields):
            raise DataValidationError(label, line, None, f"has {len(cells)} cells, expected {len(fields)}")
        row = {}
        for fld, cell in zip(fields, cells, strict=True):
            try:
                value = parse_cell(cell, fld)
            except ValueError:
                what = fld.type
                if fld.decimal_char != ".":
                    what += f" with the decimal separator {fld.decimal_char!r}"
                raise DataValidationError(label, line, fld.name, f"{cell!r} is not a valid {what}") from None
            problem = _check_constraints(value, fld, countries)
            if problem:
                raise DataValidationError(label, line, fld.name, problem)
            row[fld.name] = value
        if key_cols:
            key = tuple(row[k] for k in key_cols)
            if key in seen_keys:
                raise DataValidationError(
                    label,
                    line,
                    ",".join(key_cols),
                    f"duplicate key {key} (first seen on line {seen_keys[key]})",
                )
            seen_keys[key] = line
        for name, value in row.items():
            columns[name].append(value)
    declared = resource.descriptor.get("rows")
    count = len(columns[expected[0]]) if expected else 0
    if declared is not None and declared != count:
        raise DataValidationError(label, None, None, f"has {count} rows but its descriptor says {declared}")
    return columns
