"""The real tools the browser tests drive: Debian's Chromium, axe-core and the Nu Html Checker.

axe-core and the checker (npm package vnu-jar) are installed into node_modules/ by scripts/test
(`npm ci --ignore-scripts`: vnu-jar's install script would fetch a Java runtime; Debian's is used).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from playwright.sync_api import Page

PROJECT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium tries to reach Google's hosts at every start.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SOURCE = PROJECT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = PROJECT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def nu_html_check(files: list[Path], css: bool = False) -> list[dict]:
    """Every message (error, warning, info) the Nu Html Checker gives for the files, in one run.

    HTML and CSS are checked in separate runs: with --also-check-css, vnu 26.9.27 reports HTML
    errors one line too early.
    """
    command = ["java", "-jar", str(VNU_JAR), "--format", "json", *(["--css"] if css else []), *map(str, files)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    # The checker writes its JSON report to stderr and exits 1 when it found errors.
    return json.loads(result.stderr)["messages"]


def axe_violations(page: Page, rules: list[str] | None = None) -> list[dict]:
    """axe-core's WCAG 2.2 A/AA violations on the page as it is now (or only the given rules).

    axe is evaluated through the DevTools protocol, so it adds no <script> element to the page
    and is not subject to the site's Content-Security-Policy.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
    options = (
        {"runOnly": {"type": "rule", "values": rules}}
        if rules
        else {"runOnly": {"type": "tag", "values": WCAG_AA_TAGS}}
    )
    result = page.evaluate("options => axe.run(document, options)", options)
    return [
        {"rule": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
    ]


def rendered_files(root: Path) -> list[Path]:
    """Every HTML page of a build (not the compressed twins), the guides in one file included."""
    return sorted(p for p in root.rglob("*.html") if p.is_file())


def site_pages(root: Path) -> list[Path]:
    """The pages a reader browses: not the downloads (the guides in one file have their own budget)."""
    return [p for p in rendered_files(root) if p.relative_to(root).parts[0] != "download"]
