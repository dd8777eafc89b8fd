"""Publishers' country names → ISO3 codes, from the data file ``reference/publisher_country_names.csv``.

Country-name harmonisation is data, not code: when NATO or SIPRI renames a country, add a row to
that file (with a note saying where the name was seen), and older and newer editions both load.
"""

from __future__ import annotations

import csv
import re

from nato3 import paths
from nato3.store.cache import data_cache

NAMES_FILE = "publisher_country_names.csv"
PUBLISHERS = ("nato", "sipri")


def normalise(label: str) -> str:
    """Comparable form of a row label: no currency in brackets, no trailing '*', single spaces, casefolded.

    ``'Czechia*   (Koruny)'`` and ``'czechia'`` both become ``'czechia'``.
    """
    label = re.sub(r"\(.*?\)\s*$", "", label.replace("\xa0", " "))
    label = re.sub(r"\s+", " ", label).strip().rstrip("*").strip()
    return label.casefold()


@data_cache(maxsize=4)
def name_map(publisher: str) -> dict[str, str]:
    """Normalised name → ISO3 for one publisher (``nato`` or ``sipri``)."""
    if publisher not in PUBLISHERS:
        raise ValueError(f"unknown publisher {publisher!r}")
    with open(paths.REFERENCE_DIR / NAMES_FILE, encoding="utf-8", newline="") as fh:
        return {normalise(r["name"]): r["iso3"] for r in csv.DictReader(fh) if r["publisher"] == publisher}


def iso3_for(publisher: str, label: str) -> str | None:
    """The ISO3 code of a publisher's row label, or None if the label is not a known country name."""
    return name_map(publisher).get(normalise(label))
