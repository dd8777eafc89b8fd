"""Data resources: a CSV file plus the datapackage-style descriptor that says where it came from.

Each bundled table ``X.csv`` has ``X.resource.json`` beside it with its producer, edition,
original address, intermediary, licence, access date, sha256, row count and a schema that
gives every column's type, unit, meaning and constraints.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from nato3 import paths

DESCRIPTOR_SUFFIX = ".resource.json"


@dataclass(frozen=True)
class Field:
    """One column of a resource: its name, type (string, integer, number), unit and meaning."""

    name: str
    type: str
    description: str = ""
    unit: str | None = None
    constraints: dict[str, Any] = field(default_factory=dict)


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
    """Reference tables first (countries are needed to validate the rest), then the datasets."""
    found = []
    for folder in (paths.REFERENCE_DIR, paths.DATASETS_DIR):
        found += [load_descriptor(p) for p in sorted(folder.glob(f"*{DESCRIPTOR_SUFFIX}"))]
    return found


def imported_resources() -> list[Resource]:
    """Datasets the user imported from publishers' files; kept in the user directory."""
    folder = paths.imports_dir()
    if not folder.is_dir():
        return []
    return [load_descriptor(p) for p in sorted(folder.glob(f"*{DESCRIPTOR_SUFFIX}"))]


def all_resources() -> list[Resource]:
    return bundled_resources() + imported_resources()
