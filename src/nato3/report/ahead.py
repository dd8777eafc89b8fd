"""The report's backtest in a process of its own, started before the first section, so its
hindcast runs on the second core while the other sections are built.

The backtest document is kept on disk once computed (:mod:`nato3.documents.backtest_stored`): when it is
already there nothing is started. Otherwise a child process (``python -m nato3.report.ahead``)
builds it, which stores it; the context waits for the child when the backtest section needs the
document and then reads it from disk through the registry like any other. A child that fails or
is killed stores nothing, and the document is then computed in this process as before: the child
can make a report faster, never different.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass

KIND = "backtest"


@dataclass
class Ahead:
    """A child computing (and storing) one document; :meth:`wait` before asking for it."""

    process: subprocess.Popen | None

    def wait(self) -> None:
        """Until the child is done (at once when none was started)."""
        if self.process is not None:
            self.process.wait()
            self.process = None

    def stop(self) -> None:
        """End the child (a build that failed no longer needs it)."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


def start(**params) -> Ahead:
    """Start computing the backtest document of ``params`` in a child, unless it is stored."""
    from nato3.documents.backtest import stored_parameters
    from nato3.documents.backtest_stored import path_for

    if path_for(stored_parameters(**params)).is_file():
        return Ahead(None)
    command = [sys.executable, "-m", __name__, json.dumps(params)]
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return Ahead(process)


def main(argv: list[str]) -> int:
    from nato3.documents import build

    build(KIND, **json.loads(argv[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
