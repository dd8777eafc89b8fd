"""The errors nato3 raises on bad input. The CLI turns each into one line and exit code 2 (3 for a
conflict worth retrying).

An error may name the ``parameter`` at fault by its library name (``year``, ``edition``): the
CLI then prints the flag that sets it (``--year``) and the API answers 422 naming the query
field, so library messages never need to know which face called them.
"""

from __future__ import annotations


class Nato3Error(ValueError):
    """Bad input from the user: an unknown country, year, table, option or file.

    The message says what was wrong and what is allowed; ``parameter`` names the argument at
    fault (its library name), when there is one.
    """

    exit_code = 2

    def __init__(self, message: str, parameter: str | None = None):
        super().__init__(message)
        self.parameter = parameter


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
