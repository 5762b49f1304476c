"""The mirror kit: compressed twins, signed SHA256SUMS, offline archives, and `lifeline verify`."""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import tarfile
import zipfile

import brotli
import pytest
from click.testing import CliRunner

from helpers import running_server
from lifeline.build.pipeline import freeze
from lifeline.cli import cli
from lifeline.common.signing import write_key_pair
from lifeline.mirror.manifest import files_of, parse_manifest, sha256

TEXT_SUFFIXES = (".html", ".css")


@pytest.fixture
def keys(tmp_path):
    folder = tmp_path / "keys"
    folder.mkdir()
    write_key_pair(folder / "site.key", folder / "site.pub")
    return folder


@pytest.fixture
def signed(content, keys, tmp_path):
    dest = tmp_path / "signed" / "build"
    freeze(dest, config={"CONTENT_DIR": str(content)}, secret_key=keys / "site.key")
    return dest


def verify(target, keys, key="site.pub"):
    return CliRunner().invoke(cli, ["verify", str(target), "--key", str(keys / key)])


def test_every_text_file_has_twins_only_where_smaller(signed):
    texts = [p for p in files_of(signed) if p.endswith(TEXT_SUFFIXES)]
    assert len(texts) > 5
    for path in texts:
        original = (signed / path).read_bytes()
        for suffix, decompress in ((".br", brotli.decompress), (".gz", gzip.decompress)):
            twin = signed / (path + suffix)
            if twin.exists():
                assert decompress(twin.read_bytes()) == original
                assert twin.stat().st_size <= 0.95 * len(original)
        assert (signed / (path + ".br")).exists() or len(original) < 300, path
    assert not any(p.endswith((".zip.gz", ".gz.gz", ".br.br", ".tar.gz.br")) for p in files_of(signed))


def test_the_manifest_lists_every_file_and_checks_with_sha256sum(signed):
    entries = parse_manifest((signed / "SHA256SUMS").read_text(encoding="utf-8"))
    assert set(entries) == set(files_of(signed)) - {"SHA256SUMS", "SHA256SUMS.minisig"}
    assert {"download/lifeline.zip", "download/lifeline.tar.gz", "signing-key.pub", "ru/index.html.br"} <= set(entries)
    result = subprocess.run(
        ["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=signed, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_signature_verifies_with_minisign_and_fails_on_a_changed_manifest(signed, keys):
    command = ["minisign", "-V", "-m", "SHA256SUMS", "-p", str(keys / "site.pub")]
    result = subprocess.run(command, cwd=signed, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "Signature and comment signature verified" in result.stdout
    with open(signed / "SHA256SUMS", "a", encoding="utf-8") as manifest:
        manifest.write(f"{'0' * 64}  evil.html\n")
    assert subprocess.run(command, cwd=signed, capture_output=True, timeout=60).returncode != 0


def test_the_public_key_is_published_and_shown(signed, keys):
    assert (signed / "signing-key.pub").read_text(encoding="ascii") == (keys / "site.pub").read_text(encoding="ascii")


def test_verify_accepts_a_genuine_copy(signed, keys):
    result = verify(signed, keys)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("OK: all ")


def test_verify_reports_each_missing_changed_and_extra_file(signed, keys):
    (signed / "ru" / "rights.html").write_text("<p>Call +7 999 000 0000</p>", encoding="utf-8")
    (signed / "en" / "index.html").unlink()
    (signed / "ru" / "fake.html").write_text("fake", encoding="utf-8")
    result = verify(signed, keys)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "changed: ru/rights.html" in lines and "missing: en/index.html" in lines
    assert "extra (not in SHA256SUMS): ru/fake.html" in lines
    assert lines[-1] == "FAILED: 1 missing, 1 changed, 1 extra, signature good."


def test_verify_refuses_a_signature_by_another_key(signed, keys):
    write_key_pair(keys / "other.key", keys / "other.pub")
    result = verify(signed, keys, key="other.pub")
    assert result.exit_code == 1
    assert result.output.startswith("signature: BAD: signed with another key")


def test_verify_refuses_an_unsigned_copy(content, keys, tmp_path):
    dest = tmp_path / "unsigned" / "build"
    freeze(dest, config={"CONTENT_DIR": str(content)})
    assert not (dest / "SHA256SUMS.minisig").exists() and (dest / "SHA256SUMS").exists()
    result = verify(dest, keys)
    assert result.exit_code == 1
    assert result.output.startswith("signature: MISSING: SHA256SUMS.minisig is not there, so this copy is unsigned")


def test_verify_refuses_a_rewritten_manifest(signed, keys):
    """Someone who changes a page and its line in SHA256SUMS still cannot forge the signature."""
    page = signed / "ru" / "index.html"
    page.write_text("forged", encoding="utf-8")
    manifest = signed / "SHA256SUMS"
    text = manifest.read_text(encoding="utf-8")
    old_hash = parse_manifest(text)["ru/index.html"]
    manifest.write_text(text.replace(old_hash, sha256(b"forged")), encoding="utf-8")
    result = verify(signed, keys)
    assert result.exit_code == 1 and "signature: BAD: the signature does not match" in result.output


@pytest.mark.parametrize("name", ["lifeline.zip", "lifeline.tar.gz"])
def test_each_archive_is_a_complete_copy_that_checks_by_itself(signed, keys, tmp_path, name):
    archive = signed / "download" / name
    result = verify(archive, keys)
    assert result.exit_code == 0, result.output
    unpacked = tmp_path / "unpacked"
    if name.endswith(".zip"):
        zipfile.ZipFile(archive).extractall(unpacked)
    else:
        with tarfile.open(archive) as tar:
            tar.extractall(unpacked, filter="data")
    root = unpacked / "lifeline"
    assert (root / "index.html").is_file() and (root / "ru" / "rights.html").is_file()
    assert not any(p.endswith((".br", ".gz", ".zip")) for p in files_of(root))
    assert (
        subprocess.run(["sha256sum", "--check", "--strict", "--quiet", "SHA256SUMS"], cwd=root, timeout=60).returncode
        == 0
    )
    assert (
        subprocess.run(
            ["minisign", "-Vqm", "SHA256SUMS", "-p", str(keys / "site.pub")], cwd=root, timeout=60
        ).returncode
        == 0
    )


def test_a_tampered_archive_is_refused(signed, keys, tmp_path):
    archive = tmp_path / "lifeline.zip"
    with zipfile.ZipFile(signed / "download" / "lifeline.zip") as original, zipfile.ZipFile(archive, "w") as copy:
        for info in original.infolist():
            data = original.read(info)
            copy.writestr(info, b"<p>fake bot</p>" if info.filename == "lifeline/ru/rights.html" else data)
    result = verify(archive, keys)
    assert result.exit_code == 1 and "changed: ru/rights.html" in result.output


def test_signed_builds_and_their_archives_are_reproducible(content, keys, tmp_path):
    first, second = tmp_path / "a" / "build", tmp_path / "b" / "build"
    for dest in (first, second):
        freeze(dest, config={"CONTENT_DIR": str(content)}, secret_key=keys / "site.key")
    for path in files_of(first):
        assert (first / path).read_bytes() == (second / path).read_bytes(), path
    assert files_of(first) == files_of(second)


def test_verify_checks_a_copy_served_over_http(signed, keys):
    with running_server(signed) as port:
        result = verify(f"http://127.0.0.1:{port}/", keys)
        assert result.exit_code == 0, result.output
        assert "note: a web address cannot list its files" in result.output
        (signed / "ru" / "index.html").write_bytes(b"changed after start")
    with running_server(signed) as port:
        result = verify(f"http://127.0.0.1:{port}/", keys)
        assert result.exit_code == 1 and "changed: ru/index.html" in result.output


def test_keygen_keeps_the_secret_private_and_out_of_the_project(tmp_path):
    runner = CliRunner()
    secret, public = tmp_path / "k.key", tmp_path / "k.pub"
    result = runner.invoke(cli, ["keygen", "--secret", str(secret), "--public", str(public)])
    assert result.exit_code == 0, result.output
    assert oct(secret.stat().st_mode & 0o777) == "0o600"
    assert runner.invoke(cli, ["keygen", "--secret", str(secret), "--public", str(public)]).exit_code == 1
    inside = runner.invoke(cli, ["keygen", "--secret", "content/x.key", "--public", str(tmp_path / "p")])
    assert inside.exit_code == 1 and "outside the project folder" in inside.output


def test_a_build_refuses_a_key_that_is_not_the_published_one(content, keys, tmp_path):
    from lifeline.common.problems import ContentError

    write_key_pair(keys / "other.key", content / "signing-key.pub")
    with pytest.raises(ContentError, match="is not the one in content/signing-key.pub"):
        freeze(tmp_path / "build", config={"CONTENT_DIR": str(content)}, secret_key=keys / "site.key")


ONION = "http://" + "a" * 56 + ".onion/"


@pytest.fixture
def mirrored(content, keys, tmp_path):
    (content / "mirrors.yaml").write_text(
        f'mirrors:\n  - url: "https://mirror.example.org/lifeline/"\nonion: "{ONION}"\n', encoding="utf-8"
    )
    (content / "ru" / "verify.md").write_text(
        "---\ntitle: Проверка\ndescription: Как проверить копию.\nweight: 100\nupdated: 2026-11-21\n---\n\nТекст.\n",
        encoding="utf-8",
    )
    dest = tmp_path / "mirrored" / "build"
    freeze(dest, config={"CONTENT_DIR": str(content)}, secret_key=keys / "site.key")
    return dest


def test_every_page_announces_the_onion_address(mirrored):
    for path in ("index.html", "ru/index.html", "en/rights.html", "uk/verify.html"):
        html = (mirrored / path).read_text(encoding="utf-8")
        expected = ONION + ("" if path == "index.html" else path.replace("index.html", ""))
        assert f'<meta http-equiv="onion-location" content="{expected}">' in html, path


@pytest.mark.parametrize(
    "lang, heading", [("ru", "Официальные зеркала"), ("uk", "Офіційні дзеркала"), ("en", "Official mirrors")]
)
def test_the_verify_page_shows_key_mirrors_and_downloads_in_every_language(mirrored, keys, lang, heading):
    html = (mirrored / lang / "verify.html").read_text(encoding="utf-8")
    public = (keys / "site.pub").read_text(encoding="ascii").split("\n")[1]
    assert f'<pre class="key" dir="ltr"><code>{public}</code></pre>' in html
    assert f'<h2 id="mirrors">{heading}</h2>' in html
    assert '<a href="https://mirror.example.org/lifeline/">https://mirror.example.org/lifeline/</a>' in html
    assert f"<li>{ONION} (Tor Browser)</li>" in html
    assert '<a href="../download/lifeline.zip">lifeline.zip</a>' in html


def test_the_server_sends_the_onion_location_header(mirrored):
    import http.client

    with running_server(mirrored, "--onion-location", ONION) as port:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/ru/rights.html")
        response = connection.getresponse()
        response.read()
        connection.close()
    assert response.getheader("Onion-Location") == ONION + "ru/rights.html"


def test_placeholder_mirrors_are_not_links_and_block_a_release(content, keys, tmp_path):
    from lifeline.common.problems import ContentError

    shutil.copy(os.path.join(os.path.dirname(__file__), "..", "content", "mirrors.yaml"), content / "mirrors.yaml")
    with pytest.raises(ContentError) as raised:
        freeze(tmp_path / "build", release=True, config={"CONTENT_DIR": str(content)}, secret_key=keys / "site.key")
    assert (
        "content/mirrors.yaml:6: mirror https://mirror.placeholder.invalid/lifeline/ is a placeholder: list only real, checked mirrors"
        in [str(p) for p in raised.value.problems]
    )


def test_a_bad_onion_address_is_a_content_problem(content):
    from lifeline.common.problems import ContentError
    from lifeline.content.site import load_site

    (content / "mirrors.yaml").write_text('mirrors: []\nonion: "http://example.onion/"\n', encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_site(content)
    assert [str(p) for p in raised.value.problems] == [
        "content/mirrors.yaml:2: 'onion' must be a v3 address like http://<56 letters and digits>.onion/"
    ]


def test_keygen_makes_a_missing_folder_private_to_its_owner(tmp_path):
    secret = tmp_path / "new" / "keys" / "k.key"
    result = CliRunner().invoke(cli, ["keygen", "--secret", str(secret), "--public", str(tmp_path / "k.pub")])
    assert result.exit_code == 0, result.output
    assert secret.stat().st_mode & 0o777 == 0o600 and secret.parent.stat().st_mode & 0o777 == 0o700


def test_keygen_that_cannot_write_says_so_in_one_line(tmp_path):
    (tmp_path / "file").write_text("not a folder")
    result = CliRunner().invoke(
        cli, ["keygen", "--secret", str(tmp_path / "file" / "k.key"), "--public", str(tmp_path / "k.pub")]
    )
    assert result.exit_code == 1 and result.exception is None or isinstance(result.exception, SystemExit)
    assert result.output.startswith("Error: cannot write the key pair: ") and result.output.count("\n") == 1
    assert not (tmp_path / "k.pub").exists()


@pytest.mark.parametrize(
    "name, damage",
    [
        ("lifeline.tar.gz", lambda data: data[: len(data) // 2]),
        ("lifeline.zip", lambda data: data[: len(data) // 2]),
        ("lifeline.zip", lambda data: b"<html>a page, not an archive</html>"),
        ("lifeline.tar.gz", lambda data: b"<html>a page, not an archive</html>"),
    ],
    ids=["truncated tar.gz", "truncated zip", "zip that is not one", "tar.gz that is not one"],
)
def test_verify_of_a_damaged_archive_says_what_is_wrong_in_one_line(signed, keys, tmp_path, name, damage):
    archive = tmp_path / name
    archive.write_bytes(damage((signed / "download" / name).read_bytes()))
    result = verify(archive, keys)
    assert result.exit_code == 1 and not isinstance(result.exception, (EOFError, OSError, ValueError))
    assert result.output.startswith(f"Error: {archive}: not a whole .zip or .tar.gz archive (")
    assert (
        result.output.endswith("it may be cut short or damaged; download it again\n") and result.output.count("\n") == 1
    )
