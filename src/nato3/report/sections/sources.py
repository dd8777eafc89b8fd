"""Sources: every table's provenance — the sources document in detail (producer, edition,
definition of NATO editions, publication date, cut-off, original address, the intermediary it was
copied from, licence, access date, hash, row count, every other line of its descriptor) and its
columns with their units, the same document ``nato3 sources`` prints.

The descriptors are read from the database, so user-imported tables appear too.
"""

from __future__ import annotations

from nato3.report.context import ReportContext
from nato3.report.section import Section

ID = "sources"
TITLE = "Sources"
ORDER = 90
RENDER_LAST = True  # lists the sources every other section used: rendered with the whole page


def build(ctx: ReportContext) -> Section:
    from nato3.documents import build as document

    return Section(id=ID, title=TITLE, values={"doc": document("sources", detail=True)})
