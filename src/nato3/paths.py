"""Where nato3 keeps things: the bundled data inside the package and the per-user database.

A leaf module: it imports nothing else of ours, so any module may import it.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
BUNDLED_DATA_DIR = PACKAGE_DIR / "data"
DATASETS_DIR = BUNDLED_DATA_DIR / "datasets"
REFERENCE_DIR = BUNDLED_DATA_DIR / "reference"
UNCERTAINTY_DIR = BUNDLED_DATA_DIR / "uncertainty"  # Monte Carlo settings fitted by `nato3 backtest --fit`

HOME_ENV = "NATO3_HOME"
DB_FILENAME = "nato3.duckdb"


def home() -> Path:
    """The per-user data directory: ``$NATO3_HOME``, else ``$XDG_DATA_HOME/nato3``,
    else ``~/.local/share/nato3``. Not created here."""
    if os.environ.get(HOME_ENV):
        return Path(os.environ[HOME_ENV]).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "nato3"


def database_path() -> Path:
    """The embedded DuckDB file, built from the bundled data on first use."""
    return home() / DB_FILENAME


def imports_dir() -> Path:
    """Where user-imported datasets (publishers' newer files) are kept between rebuilds."""
    return home() / "imports"
