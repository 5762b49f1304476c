"""Load benchmark: this project's server (WhiteNoise behind gunicorn) against nginx, same build, same run.

    .venv/bin/python bench/serve_bench.py [--seconds 10] [--workers N]

Needs Debian's wrk and nginx (apt-get install wrk nginx-light). Everything runs on 127.0.0.1;
each measurement is bounded by --seconds, and both servers are stopped (by their pids) at the
end. The figures replace the serving section of docs/benchmarks.md.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "site"))
sys.path.insert(0, str(PROJECT / "tests"))

from lifeline.build import freeze  # noqa: E402
from servers import free_port, mirror_copy, running, running_nginx  # noqa: E402

CONNECTIONS = (1, 16, 64)
BEGIN, END = "<!-- serve-bench:begin -->", "<!-- serve-bench:end -->"


@contextlib.contextmanager
def running_lifeline(root: Path, workers: int):
    port = free_port()
    command = [sys.executable, "-m", "lifeline.serve", "--root", str(root), "--port", str(port), "--workers", str(workers)]
    with running(command, port, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL):
        yield port


def to_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url: str, connections: int, seconds: int) -> dict:
    threads = min(connections, 2)
    output = subprocess.run(["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--latency",
                             "-H", "Accept-Encoding: br, gzip", url],
                            capture_output=True, text=True, timeout=seconds + 60).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", output, re.MULTILINE))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    errors += int((re.search(r"Non-2xx or 3xx responses: (\d+)", output) or [0, 0])[1])
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
            "p50": to_ms(latency["50"]), "p99": to_ms(latency["99"]), "errors": errors}


def mid_sized_page(root: Path) -> str:
    pages = sorted((p.stat().st_size, p.relative_to(root).as_posix()) for p in root.glob("*/*.html") if p.name != "404.html")
    return pages[len(pages) // 2][1]


def table(results: dict, page: str, size: int, seconds: int, workers: int) -> str:
    lines = [BEGIN, "",
             f"Command: `.venv/bin/python bench/serve_bench.py --seconds {seconds} --workers {workers}`, on "
             f"{os.cpu_count()} cores; wrk from Debian, {seconds} s per row, `Accept-Encoding: br, gzip`; page "
             f"`{page}` ({size} bytes, sent as its brotli twin). Both servers serve the same build in the same run.", "",
             "| server | connections | requests/s | p50 ms | p99 ms | errors | ratio to nginx |",
             "|---|---|---|---|---|---|---|"]
    for connections in CONNECTIONS:
        base = results[("nginx", connections)]["rps"]
        for name in ("lifeline (gunicorn + WhiteNoise)", "nginx"):
            r = results[(name if name == "nginx" else "lifeline", connections)]
            lines.append(f"| {name} | {connections} | {r['rps']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} | {r['errors']} | "
                         f"{r['rps'] / base:.2f} |")
    lines += ["", END]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="gunicorn worker processes")
    parser.add_argument("--content", type=Path, help="content folder to build (default: content/)")
    parser.add_argument("--write", type=Path, default=PROJECT / "docs" / "benchmarks.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        root = work / "build"
        freeze(root, config={"CONTENT_DIR": str(args.content.resolve())} if args.content else None)
        page = mid_sized_page(root)
        with running_lifeline(root, args.workers) as lifeline_port, mirror_copy(root) as copy, \
                running_nginx(copy, "/", work, "auto") as nginx_port:
            results = {}
            for connections in CONNECTIONS:
                for name, port in (("lifeline", lifeline_port), ("nginx", nginx_port)):
                    results[(name, connections)] = wrk(f"http://127.0.0.1:{port}/{page}", connections, args.seconds)
                    print(name, connections, results[(name, connections)], flush=True)
        text = table(results, page, (root / page).stat().st_size, args.seconds, args.workers)
    document = args.write.read_text(encoding="utf-8") if args.write.exists() else "# Benchmarks\n"
    if BEGIN in document:
        document = document[:document.index(BEGIN)] + text + document[document.index(END) + len(END):]
    else:
        document += "\n## Serving under load\n\n" + text + "\n"
    args.write.write_text(document, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
