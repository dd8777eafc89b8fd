"""Data resources: a CSV file plus the datapackage-style descriptor that says where it came from.

Each bundled table ``X.csv`` has ``X.resource.json`` beside it with its producer, edition,
original address, intermediary, licence, access date, sha256, row count and a schema that
gives every column's type, unit, meaning and constraints.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from nato3 import paths

DESCRIPTOR_SUFFIX = ".resource.json"
CURRENT_FILE = "CURRENT"  # in imports/: names the generation folder in effect
GENERATION_NAME = re.compile(r"gen-[A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class Field:
    """One column of a resource: its name, type (string, integer, number), unit and meaning."""

    name: str
    type: str
    description: str = ""
    unit: str | None = None
    constraints: dict[str, Any] = field(default_factory=dict)
    decimal_char: str = "."  # Table Schema's ``decimalChar``: ',' where a file writes 2,5 for 2.5


@dataclass(frozen=True)
class Resource:
    """A table with its provenance. ``descriptor`` is the parsed JSON, kept whole."""

    descriptor_path: Path
    descriptor: dict[str, Any]

    @property
    def name(self) -> str:
        return self.descriptor["name"]

    @property
    def path(self) -> Path:
        return self.descriptor_path.parent / self.descriptor["path"]

    @property
    def kind(self) -> str:
        return self.descriptor.get("kind", "")

    @property
    def edition(self) -> str | None:
        return self.descriptor.get("edition")

    @property
    def title(self) -> str:
        return self.descriptor.get("title", self.name)

    @property
    def primary_key(self) -> list[str]:
        return self.descriptor.get("primaryKey") or []

    @cached_property
    def fields(self) -> list[Field]:
        return [
            Field(
                name=f["name"],
                type=f.get("type", "string"),
                description=f.get("description", ""),
                unit=f.get("unit"),
                constraints=f.get("constraints", {}),
                decimal_char=f.get("decimalChar", "."),
            )
            for f in self.descriptor["fields"]
        ]

    def citation(self) -> str:
        """One line naming producer, title, edition and publication date, for footers."""
        d = self.descriptor
        parts = [d.get("producer", ""), d.get("title", self.name)]
        if d.get("edition"):
            parts.append(f"edition {d['edition']}")
        if d.get("published"):
            parts.append(f"published {d['published']}")
        return ", ".join(p for p in parts if p)

    def provenance(self) -> dict[str, Any]:
        """The descriptor without its schema: what every output that shows the data should carry."""
        return {k: v for k, v in self.descriptor.items() if k not in ("fields", "harmonised")}


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_descriptor(descriptor_path: Path) -> Resource:
    return Resource(descriptor_path, json.loads(descriptor_path.read_text(encoding="utf-8")))


def bundled_resources() -> list[Resource]:
    """Reference tables first (countries are needed to validate the rest), then the datasets and
    the derived (fitted) tables."""
    found = []
    for folder in (paths.REFERENCE_DIR, paths.DATASETS_DIR, paths.UNCERTAINTY_DIR):
        found += [load_descriptor(p) for p in sorted(folder.glob(f"*{DESCRIPTOR_SUFFIX}"))]
    return found


def imported_folder() -> Path:
    """The folder holding the imported datasets in effect.

    ``nato3 data import`` commits whole generations: ``imports/CURRENT`` names the generation
    folder in effect and is switched by one atomic rename, so readers always see a complete set.
    Without that file (nothing imported yet, or a hand-made folder) the descriptors directly in
    ``imports/`` are used.

    Raises:
        DataValidationError: ``CURRENT`` names a folder that is not there.
    """
    base = paths.imports_dir()
    try:
        lines = (base / CURRENT_FILE).read_text(encoding="utf-8").split()
    except (FileNotFoundError, NotADirectoryError):
        return base
    name = lines[0] if lines else ""  # the first line; a second names the previous generation
    folder = base / name
    if not GENERATION_NAME.fullmatch(name) or not folder.is_dir():
        from nato3.errors import DataValidationError

        raise DataValidationError(
            str(base / CURRENT_FILE), 1, None, f"names the import generation {name!r}, which is not a folder there"
        )
    return folder


def imported_resources(folder: Path | None = None) -> list[Resource]:
    """Datasets the user imported from publishers' files (``folder`` defaults to :func:`imported_folder`)."""
    folder = imported_folder() if folder is None else folder
    if not folder.is_dir():
        return []
    return [load_descriptor(p) for p in sorted(folder.glob(f"*{DESCRIPTOR_SUFFIX}"))]


def all_resources() -> list[Resource]:
    return bundled_resources() + imported_resources()
