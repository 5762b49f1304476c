"""Problems found in content, collected so that an editor sees all of them at once.

Each problem names the file and, where it can, the line, in the form editors and their
tools understand (`content/ru/rights.md:3: what is wrong (what to do)`). A warning is reported
the same way but does not stop a build.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    message: str
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {'warning: ' if self.warning else ''}{self.message}"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def summary(problems: list[Problem]) -> str:
    """'2 problems found.' or 'No problems found; 1 warning.'"""
    errors = sum(1 for problem in problems if not problem.warning)
    warnings = len(problems) - errors
    found = f"{plural(errors, 'problem')} found" if errors else "No problems found"
    return found + (f", and {plural(warnings, 'warning')}." if warnings else ".")


class ContentError(Exception):
    """Raised once, after loading, when any problem was found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        self.notes: list[str] = []  # what the command adds below the report ("Nothing was built; ...")
        super().__init__(self.report())

    def report(self) -> str:
        return "\n".join([*map(str, self.problems), summary(self.problems)])


class Problems:
    """A collector passed through loading; `raise_if_any` ends a phase that found any."""

    def __init__(self) -> None:
        self.errors: list[Problem] = []  # what stops a build
        self.warnings: list[Problem] = []

    def add(self, path: str, line: int | None, message: str) -> None:
        self.errors.append(Problem(path, line, message))

    def warn(self, path: str, line: int | None, message: str) -> None:
        self.warnings.append(Problem(path, line, message, warning=True))

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self) -> None:
        """Errors stop the build; the warnings found so far are listed with them."""
        if self.errors:
            raise ContentError(self.errors + self.warnings)
