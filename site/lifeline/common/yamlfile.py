"""YAML reading that keeps line numbers, so every problem can name its line.

PyYAML forgets where a value came from. This loader returns mappings as `LineDict`, which
remember the line of the mapping and of each key, and it reports duplicate keys, which
PyYAML would otherwise silently resolve to the last one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from lifeline.common.files import MAX_DATA_BYTES, read_text
from lifeline.common.problems import Problems

FIELD_AT_LINE_START = re.compile(r"\s*(?:-\s+)?([A-Za-z_][\w-]*)\s*:(?:\s|$)")


class LineDict(dict):
    """A mapping from YAML that knows its own line and each key's line in the file."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _LineLoader(yaml.SafeLoader):
    line_offset = 0
    duplicates: list


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> Iterator[LineDict]:
    data = LineDict()
    data.line = node.start_mark.line + 1 + loader.line_offset
    data.key_lines = {}
    yield data
    loader.flatten_mapping(node)
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        line = key_node.start_mark.line + 1 + loader.line_offset
        if key in data.key_lines:
            loader.duplicates.append((line, key))
        data.key_lines[key] = line
    data.update(loader.construct_mapping(node))


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode) -> date | str:
    """A date as PyYAML reads it, but an impossible one (2025-02-30) stays text.

    PyYAML's own constructor raises ValueError there, outside its YAMLError family; kept as text,
    the field's own check names the field and line ("'updated' must be a date ...").
    """
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(_TIMESTAMP_TAG, _construct_timestamp)


if hasattr(yaml, "CSafeLoader"):

    class _FastLineLoader(yaml.CSafeLoader):
        """The same constructors over libyaml's parser: several times faster on good files.

        Its error messages differ from PyYAML's own, so a file it refuses is read again by
        _LineLoader, and editors always see the same words for the same mistake.
        """

        line_offset = 0
        duplicates: list

    _FastLineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _FastLineLoader.add_constructor(_TIMESTAMP_TAG, _construct_timestamp)
else:  # PyYAML without libyaml
    _FastLineLoader = _LineLoader


def load_yaml(text: str, path: str, problems: Problems, line_offset: int = 0) -> Any:
    """Parse YAML text; on a syntax error or duplicate key, add a problem and return None.

    `line_offset` is the number of file lines before `text` (front matter starts after `---`).
    """
    fast = _FastLineLoader(text)
    fast.line_offset, fast.duplicates = line_offset, []
    try:
        data = fast.get_single_data()
        if not fast.duplicates:
            return data
    except yaml.YAMLError:
        pass  # read again below, for PyYAML's own message
    finally:
        fast.dispose()
    loader = _LineLoader(text)
    loader.line_offset = line_offset
    loader.duplicates = []
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        # Where the broken construct began (an opening quote or bracket) helps more than where
        # the parser gave up, which can be the end of the file.
        mark = error.context_mark or error.problem_mark
        line = mark.line + 1 + line_offset if mark else None
        what = (
            f"{error.context}: {error.problem}" if error.context and error.problem else error.problem or error.context
        )
        field = _field_on_line(text, mark.line) if mark else None
        where = f" in '{field}'" if field else ""
        problems.add(path, line, f"YAML{where}: {what} (check quotes and indentation)")
        return None
    except yaml.YAMLError as error:
        problems.add(path, None, f"YAML: {error}")
        return None
    finally:
        loader.dispose()
    for line, key in loader.duplicates:
        problems.add(path, line, f"'{key}' is given twice (keep one)")
    return None if loader.duplicates else data


def _field_on_line(text: str, index: int) -> str | None:
    """The key written at the start of line `index` (0-based) of `text`, if that line has one."""
    lines = text.split("\n")
    match = FIELD_AT_LINE_START.match(lines[index]) if index < len(lines) else None
    return match.group(1) if match else None


def read_yaml_file(path: Path, display: str, problems: Problems) -> Any:
    """A data file's YAML, or None with a problem added (too large, not UTF-8, bad YAML)."""
    text = read_text(path, display, problems, MAX_DATA_BYTES)
    return None if text is None else load_yaml(text, display, problems)
