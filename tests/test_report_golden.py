"""Golden outline of the 2024 report in NATO's 2024 edition: section titles, sub-headings, table
captions and the headline figures as printed. A change to any of them shows up as a diff.

Regenerate after an intended change (new section, new wording, new data) with:

    NATO3_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_report_golden.py

and review the diff of tests/golden/report_2024_ed2024.json before committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from nato3.report import build_report
from report_html import figures, parse

GOLDEN = Path(__file__).parent / "golden" / "report_2024_ed2024.json"


def outline(html: Path) -> dict:
    root = parse(html)
    return {
        "sections": [
            {
                "id": section.attrs["id"],
                "title": section.find("h2").text,
                "subheadings": [h.text for h in section.find_all("h3")],
                "captions": [c.text for c in section.find_all("caption") if "Columns of" not in c.text],
                "charts": [f.attrs["id"] for f in section.find_all("figure")],
            }
            for section in root.find_all("section")
        ],
        "headline": {key: element.text for key, element in figures(root).items()},
        "standing_rows": len(root.find("table", **{"class": "status"}).find_all("tr")) - 1,
    }


def test_report_outline_matches_golden(tmp_path):
    result = build_report(out=tmp_path, year=2024, edition="2024", built_on="2024-06-17")
    got = outline(result.html)
    if os.environ.get("NATO3_UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert got == json.loads(GOLDEN.read_text(encoding="utf-8"))
