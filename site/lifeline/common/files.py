"""Reading editors' files safely: a missing, huge or non-UTF-8 file is a problem, not a crash."""

from __future__ import annotations

from pathlib import Path

from lifeline.common.problems import Problems

# Far beyond any real file of its kind; a file this large is a mistake or an attack.
MAX_PAGE_BYTES = 200_000
MAX_DATA_BYTES = 500_000
MAX_CATALOG_BYTES = 2_000_000


def read_text(path: Path, display: str, problems: Problems, limit: int) -> str | None:
    """The file's text (without a byte-order mark), or None with a problem added."""
    size = path.stat().st_size
    if size > limit:
        problems.add(
            display,
            None,
            f"too large: {size:,} bytes, the most for this kind of file is {limit:,} "
            "(split it, or check that it is the file you meant)",
        )
        return None
    data = path.read_bytes()
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.add(display, line, f"not UTF-8 text (byte 0x{data[error.start]:02x}); save the file as UTF-8")
        return None
