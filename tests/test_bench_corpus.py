"""The benchmark's synthetic corpus: valid content in this project's format, the same every time."""

from __future__ import annotations

import re

from corpus import generate  # noqa: E402
from lifeline.content.site import load_site


def files_of(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_corpus_is_deterministic_valid_and_shaped_like_a_real_site(tmp_path):
    first = generate(tmp_path / "a", languages=3, pages=6)
    assert files_of(first) == files_of(generate(tmp_path / "b", languages=3, pages=6))
    site = load_site(first)  # raises on any problem
    assert [language.code for language in site.languages] == ["ru", "uk", "en"]
    assert len(site.pages) == 3 * 6 and site.slugs[0] == "index"
    body = site.pages[("uk", "page-0003")].body
    assert 500 <= len(re.findall(r"\w+", body)) <= 750
    assert body.count("\n## ") == 3 and "\n- " in body and "{{ contact: hotline }}" in body
    assert re.search(r"\]\((index|page-\d{4})\)", body)
    assert not site.is_stale(site.pages[("en", "page-0005")])
