"""Every analysis registers one document builder here; faces ask for documents by kind.

``build("status", year=2024)`` returns the same :class:`~nato3.documents.model.Document` to the
CLI, the API, the pages and the report. Finished documents are cached per data generation
(:mod:`nato3.store.cache`), so a face that renders a document twice, or two faces in one
process, never compute it twice. Treat a returned document as read-only.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

from nato3.documents.model import Document
from nato3.errors import Nato3Error
from nato3.store.cache import data_cache

# kind → module that defines ``build(**params) -> Document`` (imported on first use).
BUILDERS: dict[str, str] = {
    "status": "nato3.documents.status",
    "burden": "nato3.documents.burden",
    "burden_tests": "nato3.documents.burden_tests",
    "burden_series": "nato3.documents.burden_series",
    "ledger_posture": "nato3.documents.ledger_posture",
    "ledger_events": "nato3.documents.ledger_events",
    "ledger_forces": "nato3.documents.ledger_forces",
    "ledger_commands": "nato3.documents.ledger_commands",
    "ledger_industry": "nato3.documents.ledger_industry",
    "ledger_drawdown": "nato3.documents.ledger_drawdown",
    "ledger_drawdowns": "nato3.documents.ledger_drawdowns",
    "revisions": "nato3.documents.revisions",
    "reconcile": "nato3.documents.reconcile",
    "sources": "nato3.documents.provenance",
    "tables": "nato3.documents.tables",
    "table": "nato3.documents.table",
    "spending": "nato3.documents.spending",
    "allies": "nato3.documents.allies",
    "aggregates": "nato3.documents.aggregates",
    "pledges": "nato3.documents.pledges",
    "editions": "nato3.documents.editions",
    "projection": "nato3.documents.projection",
    "scenarios": "nato3.documents.scenarios",
    "scenario": "nato3.documents.scenario",
    "sweep": "nato3.documents.sweep",
    "backtest": "nato3.documents.backtest",
}


def kinds() -> list[str]:
    return list(BUILDERS)


def builder(kind: str) -> Callable[..., Document]:
    if kind not in BUILDERS:
        raise Nato3Error(f"unknown analysis {kind!r}; available: {', '.join(BUILDERS)}", parameter="kind")
    return import_module(BUILDERS[kind]).build


def build(kind: str, **params: Any) -> Document:
    """The document of analysis ``kind`` for ``params`` (library argument names)."""
    return _cached(kind, tuple(sorted((k, _hashable(v)) for k, v in params.items())))


@data_cache(maxsize=256)
def _cached(kind: str, params: tuple) -> Document:
    return builder(kind)(**{k: _unhashable(v) for k, v in params})


def _hashable(value: Any) -> Any:
    if isinstance(value, list):
        return ("__list__", tuple(_hashable(v) for v in value))
    if isinstance(value, dict):
        return ("__dict__", tuple(sorted((k, _hashable(v)) for k, v in value.items())))
    return value


def _unhashable(value: Any) -> Any:
    if isinstance(value, tuple) and len(value) == 2 and value[0] == "__list__":
        return [_unhashable(v) for v in value[1]]
    if isinstance(value, tuple) and len(value) == 2 and value[0] == "__dict__":
        return {k: _unhashable(v) for k, v in value[1]}
    return value
