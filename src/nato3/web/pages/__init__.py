"""The dashboard's pages: one module per page, each with a ``router`` and a ``NAV`` entry.

To add a page (burden, paths to 2035, the ledger): write ``pages/<name>.py`` with
``router = APIRouter()`` (routes with ``include_in_schema=False`` that call
:func:`nato3.web.pages.common.render`), ``NAV = ("Title", "/path")`` (or ``None`` to stay out
of the menu), a template ``templates/<name>.html`` extending ``base.html``, and add ``"<name>"``
to ``PAGES``.
"""

from __future__ import annotations

from importlib import import_module

from fastapi import APIRouter

PAGES = ("overview", "allies", "compare", "burden", "ledger", "scenarios", "methods")


def _modules():
    return [import_module(f"{__name__}.{name}") for name in PAGES]


def router() -> APIRouter:
    pages = APIRouter(include_in_schema=False)
    for module in _modules():
        pages.include_router(module.router)
    return pages


def nav() -> list[tuple[str, str]]:
    """(title, path) of every page in the menu, in ``PAGES`` order, then the API docs."""
    return [m.NAV for m in _modules() if m.NAV] + [("API", "/docs")]
