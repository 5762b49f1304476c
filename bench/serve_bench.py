"""Load benchmark: candidate servers for `lifeline.serve` against nginx, same build, same run.

    .venv/bin/python bench/serve_bench.py [--seconds 10] [--rounds 2] [--workers N]

Candidates, each in front of the same WhiteNoise app (`lifeline.wsgi.make_app`): granian (what
`lifeline.serve` runs), gunicorn with sync workers (what it ran before), gunicorn with threaded
workers. nginx serves a copy of the same build with brotli_static and gzip_static, so every
server sends the same brotli bytes. Rows are interleaved: for each number of connections, each
round runs every server in turn, and the table gives each server's median over the rounds.

Needs Debian's wrk, nginx and libnginx-mod-http-brotli-static. Everything runs on 127.0.0.1;
each measurement is bounded by --seconds, and every server is stopped (by its pid) at the end.
The figures replace the serving section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "site"))
sys.path.insert(0, str(PROJECT / "tests"))

from lifeline.build.pipeline import freeze  # noqa: E402
from report import write_section  # noqa: E402
from servers import free_port, mirror_copy, running, running_nginx  # noqa: E402

CONNECTIONS = (1, 16, 64)
BEGIN, END = "<!-- serve-bench:begin -->", "<!-- serve-bench:end -->"
GUNICORN_APP = "lifeline.serve.server:application()"


def candidates(root: Path, workers: int) -> dict[str, list[str]]:
    """Each candidate's command, given a port: what it runs in front of the same WSGI app."""
    gunicorn = [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--log-level", "warning"]
    return {
        "granian (lifeline.serve)": [
            sys.executable,
            "-m",
            "lifeline.serve",
            "--root",
            str(root),
            "--workers",
            str(workers),
            "--port",
        ],
        "gunicorn sync (before)": gunicorn + ["--worker-class", "sync", GUNICORN_APP, "--bind"],
        "gunicorn gthread, 8 threads": gunicorn
        + ["--worker-class", "gthread", "--threads", "8", GUNICORN_APP, "--bind"],
    }


@contextlib.contextmanager
def running_candidate(command: list[str], root: Path):
    """A candidate on a free port; gunicorn builds the app from the same options lifeline.serve passes."""
    port = free_port()
    address = str(port) if command[-1] == "--port" else f"127.0.0.1:{port}"
    env = dict(os.environ, LIFELINE_SERVE_OPTIONS=json.dumps({"root": str(root), "onion": None, "access_log": False}))
    with running(command + [address], port, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env):
        yield port


def to_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url: str, connections: int, seconds: int) -> dict:
    threads = min(connections, 2)
    output = subprocess.run(
        [
            "wrk",
            "-t",
            str(threads),
            "-c",
            str(connections),
            "-d",
            f"{seconds}s",
            "--latency",
            "-H",
            "Accept-Encoding: br, gzip",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    ).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", output, re.MULTILINE))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    errors += int((re.search(r"Non-2xx or 3xx responses: (\d+)", output) or [0, 0])[1])
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": to_ms(latency["50"]),
        "p99": to_ms(latency["99"]),
        "errors": errors,
    }


def mid_sized_page(root: Path) -> str:
    pages = sorted(
        (p.stat().st_size, p.relative_to(root).as_posix()) for p in root.glob("*/*.html") if p.name != "404.html"
    )
    return pages[len(pages) // 2][1]


def table(results: dict, names: list[str], page: str, size: int, args) -> str:
    lines = [
        BEGIN,
        "",
        f"Command: `.venv/bin/python bench/serve_bench.py --seconds {args.seconds} --rounds {args.rounds} "
        f"--workers {args.workers}`, on {os.cpu_count()} cores; wrk from Debian on the same cores, {args.seconds} s "
        f"per run, `Accept-Encoding: br, gzip`; page `{page}` ({size} bytes, sent as its brotli twin by every "
        f"server). Runs interleaved (each round runs every server in turn); medians of {args.rounds} rounds.",
        "",
        "| server | connections | requests/s | p50 ms | p99 ms | errors | ratio to nginx | p99 / nginx's |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for connections in CONNECTIONS:
        base = results[("nginx", connections)]
        for name in names:
            r = results[(name, connections)]
            lines.append(
                f"| {name} | {connections} | {r['rps']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} | {r['errors']} | "
                f"{r['rps'] / base['rps']:.2f} | {r['p99'] / base['p99']:.1f} |"
            )
    lines += ["", END]
    return "\n".join(lines)


def median_run(runs: list[dict]) -> dict:
    return {
        "rps": statistics.median(r["rps"] for r in runs),
        "p50": statistics.median(r["p50"] for r in runs),
        "p99": statistics.median(r["p99"] for r in runs),
        "errors": sum(r["errors"] for r in runs),
    }


def measure(ports: dict[str, int], page: str, args) -> dict:
    runs: dict = {}
    for connections in CONNECTIONS:
        for _ in range(args.rounds):
            for name, port in ports.items():
                result = wrk(f"http://127.0.0.1:{port}/{page}", connections, args.seconds)
                runs.setdefault((name, connections), []).append(result)
                print(name, connections, result, flush=True)
    return {key: median_run(value) for key, value in runs.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="worker processes of each candidate")
    parser.add_argument("--content", type=Path, help="content folder to build (default: content/)")
    parser.add_argument("--write", type=Path, default=PROJECT / "docs" / "benchmarks.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work, contextlib.ExitStack() as stack:
        work = Path(work)
        root = work / "build"
        freeze(root, config={"CONTENT_DIR": str(args.content.resolve())} if args.content else None)
        page = mid_sized_page(root)
        ports = {
            name: stack.enter_context(running_candidate(command, root))
            for name, command in candidates(root, args.workers).items()
        }
        copy = stack.enter_context(mirror_copy(root))
        ports["nginx"] = stack.enter_context(running_nginx(copy, "/", work, "auto"))
        results = measure(ports, page, args)
        text = table(results, list(ports), page, (root / page).stat().st_size, args)
    write_section(args.write, BEGIN, END, "Serving under load", text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
