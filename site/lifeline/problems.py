"""Problems found in content, collected so that an editor sees all of them at once.

Each problem names the file and, where it can, the line, in the form editors and their
tools understand (`content/ru/rights.md:3: what is wrong`).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class ContentError(Exception):
    """Raised once, after loading, when any problem was found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self.report())

    def report(self) -> str:
        lines = [str(problem) for problem in self.problems]
        count = len(self.problems)
        lines.append(f"{count} problem{'s' if count != 1 else ''} found.")
        return "\n".join(lines)


class Problems:
    """A collector passed through loading; `raise_if_any` ends a phase that found any."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, path: str, line: int | None, message: str) -> None:
        self.items.append(Problem(path, line, message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise ContentError(self.items)
