"""Where the benchmarks write: their own section of docs/benchmarks.md, between two markers."""

from __future__ import annotations

from pathlib import Path


def write_section(document_path: Path, begin: str, end: str, heading: str, text: str) -> None:
    """Replace the text between `begin` and `end` (markers included in `text`), or add it under `heading`."""
    document = document_path.read_text(encoding="utf-8") if document_path.exists() else "# Benchmarks\n"
    if begin in document:
        document = document[: document.index(begin)] + text + document[document.index(end) + len(end) :]
    else:
        document += f"\n## {heading}\n\n{text}\n"
    document_path.write_text(document, encoding="utf-8")
