"""``nato3 serve``: the local web dashboard and JSON API (FastAPI, Jinja2, Plotly served offline).

``create_app`` and ``Settings`` are loaded on first use, so importing a module of this package
(a projection worker imports :mod:`nato3.web.projection_worker`) does not load FastAPI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nato3.web.app import create_app
    from nato3.web.settings import Settings

__all__ = ["Settings", "create_app"]


def __getattr__(name: str):
    if name == "create_app":
        from nato3.web.app import create_app

        return create_app
    if name == "Settings":
        from nato3.web.settings import Settings

        return Settings
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
