"""`lifeline publish`: a build to mirrors on a real S3-compatible server (SeaweedFS), verified.

One SeaweedFS runs for the whole module (tests/servers.running_seaweedfs); each test works
under prefixes of its own in its two buckets. The builds are made once: A (a release), B (A
with one page edited), C (A with one page removed), and an unsigned one with placeholders.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import boto3
import pytest
from click.testing import CliRunner

from helpers import build, make_content, request, running_server, with_real_contacts
from lifeline.cli import cli
from lifeline.common.checkpoint import KILL_VARIABLE, PUBLISH_POINTS
from lifeline.common.signing import PublicKey, write_key_pair
from lifeline.mirror.manifest import NAME, SIGNATURE, parse_manifest
from lifeline.publish.check import check_bucket
from lifeline.publish.plan import LocalBuild, LocalFile, Record, is_current, make_plan
from lifeline.publish.publish import Options, publish_one
from lifeline.publish.storage import Storage, Stored
from lifeline.publish.targets import TargetError, load_config, parse_target
from servers import S3_ACCESS_KEY, S3_SECRET_KEY, free_port, running_seaweedfs

EXTRA_PAGE = """\
---
title: Вода и еда
description: Что положено пленному.
weight: 30
updated: 2026-11-22
---

Пленных кормят и дают воду (ЖК III, ст. 26).
"""


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    with running_seaweedfs(tmp_path_factory.mktemp("seaweedfs")) as url:
        yield url


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    folder = tmp_path_factory.mktemp("keys")
    write_key_pair(folder / "site.key", folder / "site.pub")
    return folder


@pytest.fixture(scope="module")
def builds(tmp_path_factory, keys):
    """A: a signed release with an extra page; B: that page edited; C: that page removed."""
    root = tmp_path_factory.mktemp("builds")
    content = with_real_contacts(make_content(root / "content"))
    extra = content / "ru" / "water.md"
    extra.write_text(EXTRA_PAGE, encoding="utf-8")
    signed = {"release": True, "secret_key": keys / "site.key"}
    made = {"A": build(content, root / "A" / "build", **signed)}
    extra.write_text(EXTRA_PAGE.replace("дают воду", "дают чистую воду"), encoding="utf-8")
    made["B"] = build(content, root / "B" / "build", **signed)
    extra.unlink()
    made["C"] = build(content, root / "C" / "build", **signed)
    made["demo"] = build(make_content(root / "demo-content"), root / "demo" / "build")
    return made


@pytest.fixture(scope="module")
def credentials(tmp_path_factory):
    """The environment boto3 reads: the test server's key, and no config file of this machine."""
    nowhere = tmp_path_factory.mktemp("no-aws-config")
    return {
        "AWS_ACCESS_KEY_ID": S3_ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": S3_SECRET_KEY,
        "AWS_CONFIG_FILE": str(nowhere / "config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(nowhere / "credentials"),
        "AWS_DEFAULT_REGION": "us-east-1",
        # never ask a cloud's metadata address for credentials: only 127.0.0.1 is ever reached here
        "AWS_EC2_METADATA_DISABLED": "true",
    }


@pytest.fixture(scope="module")
def s3(endpoint, credentials):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=S3_ACCESS_KEY,
        aws_secret_access_key=S3_SECRET_KEY,
        region_name="us-east-1",
    )


def publish(endpoint, credentials, keys, root, *arguments, public=True):
    options = ["--endpoint-url", endpoint, "--root", str(root), "--key", str(keys / "site.pub")]
    if public:
        options += ["--public-url", endpoint + "/" + arguments[0].split("/")[2] + "/"]
    return CliRunner().invoke(cli, ["publish", *arguments, *options], env=credentials)


def objects(s3, bucket, prefix=""):
    """key -> bytes of every object under `prefix`."""
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    keys = [item["Key"] for page in pages for item in page.get("Contents", [])]
    return {key: s3.get_object(Bucket=bucket, Key=key)["Body"].read() for key in keys}


def tree(root):
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def under(prefix, files):
    return {prefix + path: data for path, data in files.items()}


def changed_files(old, new):
    """The files of build `new` whose bytes differ from (or are not in) build `old`."""
    before, after = tree(old), tree(new)
    return {path for path, data in after.items() if before.get(path) != data}


def summary_line(output, target):
    return next(line for line in output.splitlines() if line.startswith(target + ":"))


def test_a_release_published_to_an_empty_prefix_is_exact_and_verifies(endpoint, credentials, keys, builds, s3):
    s3.put_object(Bucket="mirror-a", Key="beside.txt", Body=b"not ours")
    s3.put_object(Bucket="mirror-a", Key="first-other/index.html", Body=b"not ours either")
    result = publish(endpoint, credentials, keys, builds["A"], "s3://mirror-a/first/")
    assert result.exit_code == 0, result.output
    files = tree(builds["A"])
    assert summary_line(result.output, "s3://mirror-a/first/") == (
        f"s3://mirror-a/first/: {len(files)} uploaded, 0 deleted, 0 unchanged, "
        f"verified (storage and {endpoint}/mirror-a/first/)"
    )
    assert objects(s3, "mirror-a", "first/") == under("first/", files)
    assert objects(s3, "mirror-a", "beside") == {"beside.txt": b"not ours"}
    assert objects(s3, "mirror-a", "first-") == {"first-other/index.html": b"not ours either"}
    assert S3_SECRET_KEY not in result.output and S3_ACCESS_KEY not in result.output
    # What a reader checks, over HTTP from the bucket's public address.
    checked = CliRunner().invoke(
        cli, ["verify", f"{endpoint}/mirror-a/first/", "--key", str(keys / "site.pub")], env=credentials
    )
    assert checked.exit_code == 0 and checked.output.splitlines()[-1].startswith("OK: all "), checked.output


def test_objects_carry_the_headers_the_server_sends(endpoint, credentials, keys, builds, s3):
    assert publish(endpoint, credentials, keys, builds["A"], "s3://mirror-a/headers/").exit_code == 0
    stylesheet = next(path for path in tree(builds["A"]) if re.fullmatch(r"static/style\.[0-9a-f]{12}\.css", path))
    with running_server(builds["A"]) as port:
        for path in ("index.html", "ru/rights.html", stylesheet, "download/lifeline-ru.txt", NAME):
            if not (builds["A"] / path).exists():
                continue
            served = request(port, "HEAD", "/" + path, {"Accept-Encoding": "identity"})
            stored = s3.head_object(Bucket="mirror-a", Key="headers/" + path)
            assert stored["ContentType"] == served.getheader("Content-Type"), path
            assert stored["CacheControl"] == served.getheader("Cache-Control"), path
    assert s3.head_object(Bucket="mirror-a", Key="headers/ru/index.html")["ContentType"] == "text/html; charset=utf-8"
    assert "immutable" in s3.head_object(Bucket="mirror-a", Key="headers/" + stylesheet)["CacheControl"]
    twin = s3.head_object(Bucket="mirror-a", Key="headers/ru/index.html.br")
    assert "ContentEncoding" not in twin  # a twin is an object of its own: no storage can negotiate
    assert twin["Metadata"]["sha256"] == parse_manifest((builds["A"] / NAME).read_text())["ru/index.html.br"]


def test_a_second_publish_uploads_only_what_changed_in_a_handful_of_requests(
    endpoint, credentials, keys, builds, monkeypatch
):
    assert publish(endpoint, credentials, keys, builds["A"], "s3://mirror-a/edit/").exit_code == 0
    changed = changed_files(builds["A"], builds["B"])
    assert {"ru/water.html", NAME, SIGNATURE} <= changed and len(changed) < len(tree(builds["B"])) / 2
    result = publish(endpoint, credentials, keys, builds["B"], "s3://mirror-a/edit/")
    assert result.exit_code == 0, result.output
    unchanged = len(tree(builds["B"])) - len(changed)
    assert f"s3://mirror-a/edit/: {len(changed)} uploaded, 0 deleted, {unchanged} unchanged, verified" in result.output
    target = parse_target("s3://mirror-a/edit/", endpoint_url=endpoint)
    for name, value in credentials.items():
        monkeypatch.setenv(name, value)
    again = publish_one(target, LocalBuild(builds["B"]), Options(PublicKey.from_text((keys / "site.pub").read_text())))
    assert again.ok and (again.uploaded, again.deleted) == (0, 0)
    # a listing, then the check: SHA256SUMS, its signature and one more listing
    assert again.requests == 4, again.requests


def test_everything_uploads_every_file_again_with_our_headers(endpoint, credentials, keys, builds, s3):
    s3.put_object(Bucket="mirror-a", Key="other-tool/ru/index.html", Body=(builds["A"] / "ru/index.html").read_bytes())
    assert s3.head_object(Bucket="mirror-a", Key="other-tool/ru/index.html").get("CacheControl") is None
    assert publish(endpoint, credentials, keys, builds["A"], "s3://mirror-a/other-tool/").exit_code == 0
    assert s3.head_object(Bucket="mirror-a", Key="other-tool/ru/index.html").get("CacheControl") is None  # same bytes
    result = publish(endpoint, credentials, keys, builds["A"], "s3://mirror-a/other-tool/", "--everything")
    assert f": {len(tree(builds['A']))} uploaded, 0 deleted, 0 unchanged, verified" in result.output, result.output
    assert s3.head_object(Bucket="mirror-a", Key="other-tool/ru/index.html")["CacheControl"] == "max-age=300, public"


def test_assets_go_before_new_pages_before_pages_before_the_manifest_before_deletions(
    endpoint, credentials, keys, builds, monkeypatch
):
    for name, value in credentials.items():
        monkeypatch.setenv(name, value)
    key = PublicKey.from_text((keys / "site.pub").read_text())
    target = parse_target("s3://mirror-b/order/", endpoint_url=endpoint)
    assert publish_one(target, LocalBuild(builds["C"]), Options(key)).ok
    calls = []
    real_put, real_delete = Storage.put, Storage.delete
    monkeypatch.setattr(Storage, "put", lambda self, path, *rest: calls.append(path) or real_put(self, path, *rest))
    monkeypatch.setattr(Storage, "delete", lambda self, paths: calls.extend(paths) or real_delete(self, paths))
    assert publish_one(target, LocalBuild(builds["A"]), Options(key)).ok  # the page comes back
    assert publish_one(target, LocalBuild(builds["C"]), Options(key)).ok  # and goes again
    first, second = calls[: calls.index(SIGNATURE) + 1], calls[calls.index(SIGNATURE) + 1 :]
    new_pages = {"ru/water.html", "uk/water.html", "en/water.html"}
    kinds = ["asset" if not p.endswith(".html") else "new" if p in new_pages else "page" for p in first[:-2]]
    assert kinds == sorted(kinds, key=["asset", "new", "page"].index) and {"asset", "new", "page"} <= set(kinds)
    assert first[-2:] == [NAME, SIGNATURE]
    deleted = second[second.index(SIGNATURE) + 1 :]  # after the new SHA256SUMS and its signature
    assert new_pages <= set(deleted) and not set(deleted) & set(tree(builds["C"]))


def test_a_removed_page_is_deleted_and_nothing_outside_the_prefix_is_touched(endpoint, credentials, keys, builds, s3):
    outside = {"removed": b"a key that only starts like the prefix", "other/removed/ru/water.html": b"not ours"}
    for key, data in outside.items():
        s3.put_object(Bucket="mirror-b", Key=key, Body=data)
    assert publish(endpoint, credentials, keys, builds["A"], "s3://mirror-b/removed/").exit_code == 0
    gone = set(tree(builds["A"])) - set(tree(builds["C"]))
    assert {"ru/water.html", "ru/water.html.br", "en/water.html"} <= gone
    result = publish(endpoint, credentials, keys, builds["C"], "s3://mirror-b/removed/")
    assert result.exit_code == 0, result.output
    assert f", {len(gone)} deleted, " in summary_line(result.output, "s3://mirror-b/removed/")
    assert objects(s3, "mirror-b", "removed/") == under("removed/", tree(builds["C"]))
    for key, data in outside.items():
        assert s3.get_object(Bucket="mirror-b", Key=key)["Body"].read() == data


def test_targets_go_out_at_once_and_one_down_does_not_stop_the_other(endpoint, credentials, keys, builds, tmp_path):
    down = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    config = tmp_path / "mirrors.toml"
    config.write_text(
        f'[[target]]\nurl = "s3://mirror-a/down/"\nendpoint-url = "{down}"\n\n'
        f'[[target]]\nurl = "s3://mirror-b/up/"\nendpoint-url = "{endpoint}"\npublic-url = "{endpoint}/mirror-b/"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli,
        ["publish", "--config", str(config), "--root", str(builds["A"]), "--key", str(keys / "site.pub")],
        env=credentials,
    )
    assert result.exit_code == 1, result.output
    assert summary_line(result.output, "s3://mirror-a/down/").startswith("s3://mirror-a/down/: FAILED: ")
    assert summary_line(result.output, "s3://mirror-b/up/").endswith(f"verified (storage and {endpoint}/mirror-b/up/)")
    assert S3_SECRET_KEY not in result.output


@pytest.mark.parametrize("point", PUBLISH_POINTS)
def test_a_publish_killed_midway_finishes_when_run_again(endpoint, credentials, keys, builds, s3, point):
    prefix = f"killed-{point}/"
    assert publish(endpoint, credentials, keys, builds["A"], f"s3://mirror-b/{prefix}").exit_code == 0
    command = [sys.executable, "-m", "lifeline", "publish", f"s3://mirror-b/{prefix}", "--endpoint-url", endpoint]
    command += ["--root", str(builds["C"]), "--key", str(keys / "site.pub")]
    killed = subprocess.run(
        command, env={**os.environ, **credentials, KILL_VARIABLE: point}, capture_output=True, timeout=60
    )
    assert killed.returncode == -9, killed.stderr
    assert objects(s3, "mirror-b", prefix) != under(prefix, tree(builds["C"]))
    result = publish(endpoint, credentials, keys, builds["C"], f"s3://mirror-b/{prefix}")
    assert result.exit_code == 0 and ", verified (storage and " in result.output, result.output
    assert objects(s3, "mirror-b", prefix) == under(prefix, tree(builds["C"]))
    # and going back to the earlier build after a killed run is as safe
    assert publish(endpoint, credentials, keys, builds["A"], f"s3://mirror-b/{prefix}").exit_code == 0
    assert objects(s3, "mirror-b", prefix) == under(prefix, tree(builds["A"]))


def test_an_unsigned_build_with_placeholders_is_refused_and_nothing_is_written(endpoint, credentials, keys, builds, s3):
    before = objects(s3, "mirror-a")
    result = publish(endpoint, credentials, keys, builds["demo"], "s3://mirror-a/refused/")
    assert result.exit_code == 1
    root = builds["demo"]
    assert result.output.splitlines() == [
        f"refused: {root} is unsigned (no {SIGNATURE}): build with 'lifeline build --release --sign-key FILE', "
        "or give --demo for a demonstration copy",
        f"refused: {root}'s pages carry the demonstration banner: content/contacts.yaml has placeholder contact "
        "details; put in the real ones and build with 'lifeline build --release --sign-key FILE', or give --demo",
        "Nothing was published.",
    ]
    assert objects(s3, "mirror-a") == before
    demo = publish(endpoint, credentials, keys, builds["demo"], "s3://mirror-a/demo/", "--demo")
    assert demo.exit_code == 0, demo.output
    assert f"({len(tree(root))} files, unsigned: a demonstration copy) to 1 target(s)." in demo.output
    assert summary_line(demo.output, "s3://mirror-a/demo/").endswith(
        f"verified (storage and {endpoint}/mirror-a/demo/)"
    )


def test_a_build_that_does_not_match_its_manifest_or_a_pages_only_build_is_refused(
    endpoint, credentials, keys, builds, s3, tmp_path
):
    import shutil

    damaged = tmp_path / "damaged"
    shutil.copytree(builds["A"], damaged)
    (damaged / "ru" / "index.html").write_text("forged", encoding="utf-8")
    pages_only = build(make_content(tmp_path / "content"), tmp_path / "pages" / "build", pages_only=True)
    before = objects(s3, "mirror-a")
    for root, reason in (
        (damaged, "does not match its SHA256SUMS (0 missing, 1 changed"),
        (pages_only, "no SHA256SUMS"),
    ):
        result = publish(endpoint, credentials, keys, root, "s3://mirror-a/bad/", "--demo")
        assert result.exit_code == 1 and reason in result.output, result.output
    assert objects(s3, "mirror-a") == before


def test_a_forged_manifest_on_the_target_is_not_trusted(endpoint, credentials, keys, builds, s3):
    """A page swapped in parts (its ETag no MD5) and SHA256SUMS edited to match: both replaced."""
    assert publish(endpoint, credentials, keys, builds["A"], "s3://mirror-b/forged/").exit_code == 0
    forged = b"<!doctype html><p>Call +7 000 forged"
    upload = s3.create_multipart_upload(Bucket="mirror-b", Key="forged/ru/index.html", ContentType="text/html")
    part = s3.upload_part(
        Bucket="mirror-b", Key="forged/ru/index.html", UploadId=upload["UploadId"], PartNumber=1, Body=forged
    )
    s3.complete_multipart_upload(
        Bucket="mirror-b",
        Key="forged/ru/index.html",
        UploadId=upload["UploadId"],
        MultipartUpload={"Parts": [{"ETag": part["ETag"], "PartNumber": 1}]},
    )
    assert not re.fullmatch(r'"[0-9a-f]{32}"', s3.head_object(Bucket="mirror-b", Key="forged/ru/index.html")["ETag"])
    import hashlib

    manifest = (builds["A"] / NAME).read_text(encoding="utf-8")
    real = parse_manifest(manifest)["ru/index.html"]
    s3.put_object(
        Bucket="mirror-b", Key="forged/" + NAME, Body=manifest.replace(real, hashlib.sha256(forged).hexdigest())
    )
    result = publish(endpoint, credentials, keys, builds["A"], "s3://mirror-b/forged/")
    assert result.exit_code == 0, result.output
    assert summary_line(result.output, "s3://mirror-b/forged/").startswith("s3://mirror-b/forged/: 2 uploaded, ")
    assert objects(s3, "mirror-b", "forged/") == under("forged/", tree(builds["A"]))


def test_the_check_finds_what_is_missing_changed_or_extra_in_the_bucket(
    endpoint, credentials, keys, builds, s3, monkeypatch
):
    for name, value in credentials.items():
        monkeypatch.setenv(name, value)
    assert publish(endpoint, credentials, keys, builds["A"], "s3://mirror-b/checked/").exit_code == 0
    s3.put_object(Bucket="mirror-b", Key="checked/ru/rights.html", Body=b"<p>Call +7 000 forged</p>")
    s3.put_object(Bucket="mirror-b", Key="checked/extra.html", Body=b"not in SHA256SUMS")
    s3.delete_object(Bucket="mirror-b", Key="checked/en/index.html")
    key = PublicKey.from_text((keys / "site.pub").read_text())
    storage = Storage(parse_target("s3://mirror-b/checked/", endpoint_url=endpoint))
    for read_back in (False, True):
        report = check_bucket(storage, LocalBuild(builds["A"]), key, read_back)
        assert (report.missing, report.changed, report.extra) == (["en/index.html"], ["ru/rights.html"], ["extra.html"])
        assert report.signature_ok and not report.ok


def test_new_publishes_under_a_fresh_unguessable_prefix_that_verifies(endpoint, credentials, keys, builds):
    addresses = []
    for _ in range(2):
        result = publish(endpoint, credentials, keys, builds["A"], "s3://mirror-b/", "--new")
        assert result.exit_code == 0, result.output
        addresses.append(re.search(r"^New mirror: (\S+)$", result.output, re.MULTILINE).group(1))
    for address in addresses:
        assert re.fullmatch(re.escape(endpoint) + r"/mirror-b/[a-z2-7]{24}/", address), address
        checked = CliRunner().invoke(cli, ["verify", address, "--key", str(keys / "site.pub")])
        assert checked.exit_code == 0, checked.output
    assert addresses[0] != addresses[1]


def test_bad_credentials_fail_in_one_line_that_shows_none(endpoint, credentials, keys, builds):
    wrong = {**credentials, "AWS_SECRET_ACCESS_KEY": "a-wrong-secret-of-forty-characters-long-x"}
    result = publish(endpoint, wrong, keys, builds["A"], "s3://mirror-a/wrong/")
    assert result.exit_code == 1
    line = summary_line(result.output, "s3://mirror-a/wrong/")
    assert line.startswith("s3://mirror-a/wrong/: FAILED: ") and "a-wrong-secret" not in result.output
    unset = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_PROFILE")
    none = {**credentials, **dict.fromkeys(unset)}
    result = publish(endpoint, none, keys, builds["A"], "s3://mirror-a/wrong/")
    assert summary_line(result.output, "s3://mirror-a/wrong/") == (
        "s3://mirror-a/wrong/: FAILED: no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
        "or name a profile of ~/.aws/credentials"
    )


def test_targets_and_config_files_are_checked(tmp_path):
    assert parse_target("s3://bucket/a/b").prefix == "a/b/"
    assert parse_target("s3://bucket").url == "s3://bucket/"
    for bad in ("s3://B/x/", "https://bucket/x/", "s3://bucket/../x/"):
        with pytest.raises(TargetError):
            parse_target(bad)
    config = tmp_path / "mirrors.toml"
    config.write_text('[[target]]\nurl = "s3://bucket/x/"\naws_secret_access_key = "s"\n', encoding="utf-8")
    with pytest.raises(TargetError, match="looks like a credential"):
        load_config(config)
    result = CliRunner().invoke(cli, ["publish", "s3://bucket/"])
    assert result.exit_code == 1 and "give a prefix" in result.output


def test_a_non_md5_etag_is_trusted_only_through_a_signed_manifest_older_than_the_object():
    local = LocalFile(10, "a" * 64, "b" * 32)
    then = datetime(2026, 12, 1, tzinfo=UTC)
    multipart = Stored(10, "c" * 32 + "-2", then)
    record = Record({"p.html": "a" * 64}, then + timedelta(seconds=5))
    assert is_current("p.html", local, Stored(10, "b" * 32, then), None)  # its ETag is our MD5
    assert not is_current("p.html", local, Stored(10, "d" * 32, then), record)  # an MD5 of other bytes
    assert not is_current("p.html", local, Stored(11, "b" * 32, then), record)
    assert is_current("p.html", local, multipart, record)
    assert not is_current("p.html", local, multipart, None)  # no (trusted) manifest
    assert not is_current("p.html", local, Stored(10, "c-2", then + timedelta(seconds=9)), record)  # written since


def test_the_plan_orders_assets_new_pages_pages_then_the_manifest(builds):
    local = LocalBuild(builds["B"])
    stored = {path: Stored(1, "0" * 32, datetime.now(UTC)) for path in tree(builds["A"])}
    plan = make_plan(local, stored | {"old.html": stored[NAME]}, None)
    assert plan.uploads["manifest"] == [NAME, SIGNATURE]
    assert "ru/water.html" in plan.uploads["pages"] and not plan.uploads["new pages"]
    assert all(not path.endswith(".html") for path in plan.uploads["assets"])
    assert plan.deletions == ["old.html"]
    fresh = make_plan(local, {}, None)
    assert "ru/water.html" in fresh.uploads["new pages"] and not fresh.uploads["pages"]
