"""Saved scenarios: one JSON file each in ``$NATO3_HOME/scenarios``, written atomically.

Not in the DuckDB database, which is read-only while serving and rebuilt when the data changes.
A file is written atomically (:mod:`nato3.atomicfile`), so a reader (another worker process)
sees a whole scenario or none. Ids are 32 hex digits, checked before they become a
path. The spec is a projection scenario (the JSON form of a scenario file), bounded (at most
``max_scenario_bytes`` as compact JSON and ``max_scenario_depth`` deep) and checked like a run
of ``POST /api/v1/projections`` (the projection's model, this server's limits, the data), so
every scenario saved through the API runs. Files saved before projections landed (free-form
specs) still list, read and delete; running one is a 422 that says why.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from nato3 import paths
from nato3.atomicfile import WriteError, write_text
from nato3.web import projection_data
from nato3.web.errors import LimitError, NotFoundError, ParameterError
from nato3.web.settings import Limits

ID_PATTERN = re.compile(r"^[0-9a-f]{32}$")
SUMMARY_FIELDS = ("id", "name", "description", "created_at", "size_bytes", "data_editions")


def default_directory() -> Path:
    return paths.home() / "scenarios"


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


class ScenarioStore:
    """Create, list, read and delete saved scenarios in ``directory`` (created on first write)."""

    def __init__(self, directory: Path, limits: Limits):
        self.directory, self.limits = directory, limits

    def _path(self, scenario_id: str) -> Path:
        if not ID_PATTERN.match(scenario_id):
            raise ParameterError("scenario_id", "must be 32 lowercase hex digits", location="path")
        return self.directory / f"{scenario_id}.json"

    def _files(self) -> list[Path]:
        return sorted(self.directory.glob("*.json")) if self.directory.is_dir() else []

    def check_spec(self, spec: dict[str, Any]) -> int:
        """Return the spec's size in bytes as compact JSON.

        Raises:
            ParameterError: over the size or depth limit (422 naming the limit), or not a projection
                scenario this server can run (422 naming ``spec.<field>``).
        """
        size = len(json.dumps(spec, separators=(",", ":"), ensure_ascii=False).encode())
        if size > self.limits.max_scenario_bytes:
            raise ParameterError("spec", f"{size} bytes; at most {self.limits.max_scenario_bytes} allowed", "body")
        depth = _depth(spec)
        if depth > self.limits.max_scenario_depth:
            raise ParameterError("spec", f"nested {depth} deep; at most {self.limits.max_scenario_depth}", "body")
        projection_data.check(spec, self.limits, field="spec")
        return size

    def create(self, name: str, description: str, spec: dict[str, Any], data_editions: list[str]) -> dict:
        """Save a scenario and return it with its new id.

        Raises:
            ParameterError: the spec is over a limit.
            LimitError: 409 when the store already holds ``max_scenarios``.
        """
        size = self.check_spec(spec)
        if len(self._files()) >= self.limits.max_scenarios:
            raise LimitError(409, f"{self.limits.max_scenarios} scenarios are saved, the limit; delete some first")
        item = {
            "id": uuid.uuid4().hex,
            "name": name,
            "description": description,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "size_bytes": size,
            "data_editions": data_editions,
            "spec": spec,
        }
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            write_text(self._path(item["id"]), json.dumps(item, ensure_ascii=False, indent=1))
        except (OSError, WriteError) as exc:
            raise LimitError(507, f"cannot save the scenario in {self.directory}: {exc.strerror}") from None
        return item

    def get(self, scenario_id: str) -> dict:
        """The scenario with ``scenario_id``.

        Raises:
            ParameterError: a malformed id; NotFoundError: no such scenario.
        """
        path = self._path(scenario_id)
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            problem = f"no saved scenario {scenario_id}; GET /api/v1/scenarios lists them"
            raise NotFoundError("scenario_id", problem) from None
        except (OSError, ValueError):
            raise NotFoundError("scenario_id", f"saved scenario {scenario_id} cannot be read") from None

    def list(self) -> list[dict]:
        """Summaries (no spec) of every readable scenario, newest first."""
        items = []
        for path in self._files():
            try:
                item = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue  # removed or half-copied by hand; the API never writes such a file
            items.append({k: item.get(k) for k in SUMMARY_FIELDS})
        return sorted(items, key=lambda i: (i["created_at"] or "", i["id"]), reverse=True)

    def delete(self, scenario_id: str) -> None:
        """Remove a scenario. Raises NotFoundError when there is none."""
        try:
            self._path(scenario_id).unlink()
        except FileNotFoundError:
            raise NotFoundError("scenario_id", f"no saved scenario {scenario_id}") from None
