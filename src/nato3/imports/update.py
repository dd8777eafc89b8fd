"""``nato3 data update``: fetch each publisher's newest workbook and import what is new, in one step.

Every download happens before anything is committed, and all new tables are committed together
(:func:`nato3.imports.commit.commit`), so an update is all or nothing like a single import. A
workbook whose tables equal the loaded edition's is reported as up to date and not imported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nato3.errors import Nato3Error
from nato3.imports.importer import Prepared, prepare


@dataclass
class Update:
    """What ``nato3 data update`` found: one prepared import per publisher, and what it committed."""

    prepared: list[Prepared]
    up_to_date: list[Prepared]
    committed: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "imports": [p.to_json() for p in self.prepared],
            "up_to_date": [p.source.file for p in self.up_to_date],
            "committed": self.committed,
        }


def update(
    only: str | None = None,
    urls: dict[str, str] | None = None,
    dry_run: bool = False,
    progress: Callable[[str], None] | None = None,
) -> Update:
    """Download each publisher's newest workbook, diff it, and commit the new ones in one step.

    A workbook whose tables equal the loaded edition's is reported as up to date, not imported.
    Every download happens before anything is committed, so a failed download changes nothing.

    All downloads share one overall deadline (``NATO3_UPDATE_DEADLINE`` seconds, default 180).

    Raises:
        OfflineError: a publisher cannot be reached, or not before the deadline (exit code 3);
            nothing is changed.
        Nato3Error, WorkbookError: a bad address or a downloaded file that does not import.
    """
    import tempfile
    import time

    from nato3.imports.commit import commit
    from nato3.imports.download import PUBLISHERS, deadline_seconds, fetch

    say = progress or (lambda _message: None)
    if only is not None and only not in PUBLISHERS:
        raise Nato3Error(f"unknown publisher {only!r}; allowed: {', '.join(PUBLISHERS)}")
    chosen = [PUBLISHERS[only]] if only else list(PUBLISHERS.values())
    prepared = []
    deadline = time.monotonic() + deadline_seconds()  # one deadline for every download together
    with tempfile.TemporaryDirectory(prefix="nato3-update-") as tmp:  # private (0700), random name
        downloads = []
        for publisher in chosen:
            say(f"downloading {publisher.name}")
            downloads.append((publisher, *fetch(publisher, Path(tmp), (urls or {}).get(publisher.key), deadline)))
        for publisher, file, url in downloads:
            prepared.append(prepare(file, as_=publisher.key, address=url, progress=say))
    fresh = [p for p in prepared if not all(d.same_edition and d.is_empty for d in p.diffs)]
    result = Update(fresh, [p for p in prepared if p not in fresh])
    if fresh and not dry_run:
        commit([d for p in fresh for d in p.datasets], progress)
        for p in fresh:
            p.committed = True
        result.committed = True
    return result
