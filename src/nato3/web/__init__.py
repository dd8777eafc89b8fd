"""``nato3 serve``: the local web dashboard and JSON API (FastAPI, Jinja2, Plotly served offline).

Importing this package loads FastAPI; the CLI imports it only inside the command.
"""

from nato3.web.app import create_app
from nato3.web.settings import Settings

__all__ = ["Settings", "create_app"]
