"""The errors nato3 raises on bad input. The CLI turns each into one line and exit code 2 (3 for
a conflict worth retrying)."""

from __future__ import annotations


class Nato3Error(ValueError):
    """Bad input from the user: an unknown country, year, table, option or file.

    The message says what was wrong and what is allowed.
    """

    exit_code = 2


class RetryableError(Nato3Error):
    """Not bad input but a conflict that passes: another import holds the lock. Exit code 3, so
    scripts can tell "try again later" from "fix your input" (2)."""

    exit_code = 3


class DataValidationError(Nato3Error):
    """A data file broke its schema. Names the file, the line and the column."""

    def __init__(self, file: str, line: int | None, column: str | None, problem: str):
        self.file, self.line, self.column, self.problem = file, line, column, problem
        where = file
        if line is not None:
            where += f", line {line}"
        if column:
            where += f", column {column!r}"
        super().__init__(f"{where}: {problem}")
