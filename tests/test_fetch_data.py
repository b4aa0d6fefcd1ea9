"""tools/fetch_data.py without the network: every source on tiny files, apt-get and dpkg stand-ins."""

from __future__ import annotations

import gzip
import hashlib
import os
import time
from pathlib import Path

import fetch_data
import pytest

TINY = {name: f"tiny {name}".encode() for name in fetch_data.EXPECTED}


@pytest.fixture(autouse=True)
def tiny_expected(monkeypatch):
    expected = {name: (len(data), hashlib.sha256(data).hexdigest()) for name, data in TINY.items()}
    monkeypatch.setattr(fetch_data, "EXPECTED", expected)


def make_gz_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    for name, data in TINY.items():
        (path / (name + ".gz")).write_bytes(gzip.compress(data))
    return path


def from_dir(src: Path):
    return lambda root: fetch_data.install_from_gz_dir(src, root)


def never(root):
    raise AssertionError("this source must not be tried")


@pytest.mark.parametrize("debian", [False, True], ids=["gz files in raw", "Debian package"])
def test_offline_sources_come_before_any_download(tmp_path, monkeypatch, debian):
    """Debian's .gz files differ from Zalando's (torchvision's md5s), so they are decompressed here."""
    monkeypatch.setattr(fetch_data, "DEBIAN_DIR", tmp_path / "debian")
    make_gz_dir(tmp_path / "debian" if debian else fetch_data.raw_dir(tmp_path / "data"))
    sources = fetch_data.SOURCES[:2] + (("a download", never),)
    assert fetch_data.provision(tmp_path / "data", sources) == fetch_data.SOURCES[debian][0]
    assert fetch_data.problems(tmp_path / "data") == {}
    # The next run uses the files as they are.
    assert fetch_data.provision(tmp_path / "data", [("never", never)]) == "already complete"


@pytest.mark.parametrize(
    "archive, problem",
    [(gzip.compress(b"<html>not found</html>"), ": 22 bytes instead of"), (b"no gzip", " cannot be decompressed")],
    ids=["wrong content", "not gzip"],
)
def test_a_bad_archive_is_named_and_replaces_nothing(tmp_path, archive, problem):
    src = make_gz_dir(tmp_path / "src")
    (src / "t10k-labels-idx1-ubyte.gz").write_bytes(archive)
    with pytest.raises(fetch_data.DataUnavailable) as err:
        fetch_data.provision(tmp_path / "data", [("src", from_dir(src))])
    assert f"{src / 't10k-labels-idx1-ubyte.gz'}{problem}" in str(err.value)
    assert fetch_data.problems(tmp_path / "data") == {"t10k-labels-idx1-ubyte": "missing"}


# Stand-in for apt-get and dpkg: logs its arguments; `apt-get download` "downloads" a .deb
# and `dpkg -x DEB DIR` unpacks the test's .gz files.
FAKE_APT = """#!/bin/sh
echo "${0##*/} $*" >> "$FAKE_LOG"
case "${0##*/} $* " in
  apt-get*" update "*) [ -z "$FAKE_APT_FAIL" ] || { echo "E: Temporary failure resolving 'deb.debian.org'" >&2; exit 100; } ;;
  apt-get*" download "*) echo fake > dataset-fashion-mnist_1.0_all.deb ;;
  dpkg*) mkdir -p "$3/usr/share/datasets" && cp -r "$FAKE_GZ_DIR" "$3/usr/share/datasets/fashion-mnist" ;;
esac
"""


@pytest.fixture
def fake_apt(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("apt-get", "dpkg"):
        (bin_dir / name).write_text(FAKE_APT)
        (bin_dir / name).chmod(0o755)
    log = tmp_path / "calls.log"
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_LOG", str(log))
    monkeypatch.setenv("FAKE_GZ_DIR", str(make_gz_dir(tmp_path / "gz")))
    return log


def test_apt_download_uses_a_private_list_dir(tmp_path, fake_apt):
    fetch_data.from_apt_download(tmp_path / "data")
    assert fetch_data.problems(tmp_path / "data") == {}
    calls = fake_apt.read_text().splitlines()
    assert [c.split()[0] for c in calls] == ["apt-get", "apt-get", "dpkg"]
    assert "update" in calls[0] and "download dataset-fashion-mnist" in calls[1]
    # Both apt calls use the same private list directory, never the system's.
    lists = {a for c in calls[:2] for a in c.split() if a.startswith("-o=Dir::State::Lists=")}
    assert len(lists) == 1 and "/var/lib/apt" not in lists.pop()


def test_every_source_failing_is_named_in_order_with_the_remedies(tmp_path, fake_apt, monkeypatch, capsys):
    """The real sources, each made to fail: the remedies in seconds, no traceback."""
    monkeypatch.setattr(fetch_data, "DEBIAN_DIR", tmp_path / "no-debian-package")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))  # the failing apt-get, no other command
    monkeypatch.setenv("FAKE_APT_FAIL", "1")
    # Nothing listens on port 9 here: torchvision's download fails at once, offline or not.
    monkeypatch.setattr("torchvision.datasets.FashionMNIST.mirrors", ["http://127.0.0.1:9/"])
    monkeypatch.setenv("no_proxy", "*")
    start = time.monotonic()
    assert fetch_data.main(["--root", str(tmp_path / "data")]) == 1
    assert time.monotonic() - start < 60
    err = capsys.readouterr().err
    positions = [err.index(f"  - {name}: ") for name, _ in fetch_data.SOURCES]
    assert positions == sorted(positions)
    assert "`apt-get update` failed: E: Temporary failure resolving 'deb.debian.org'" in err
    assert "sudo apt-get install dataset-fashion-mnist" in err
    assert str(fetch_data.raw_dir(tmp_path / "data")) in err


# -- Checksums: bad files are named and replaced from the next source ----------


@pytest.mark.parametrize(
    "damage, problem",
    [(lambda data: data[:9], "9 bytes instead of 28: truncated"), (lambda data: data[:-1] + b"?", "sha256 ")],
    ids=["truncated", "same size, other bytes"],
)
def test_a_bad_file_is_named_and_only_it_is_replaced(tmp_path, damage, problem):
    fetch_data.install_from_gz_dir(make_gz_dir(tmp_path / "src"), tmp_path / "data")
    raw = fetch_data.raw_dir(tmp_path / "data")
    victim = raw / "train-images-idx3-ubyte"
    victim.write_bytes(damage(victim.read_bytes()))
    good = raw / "t10k-images-idx3-ubyte"
    before = good.stat().st_mtime_ns
    logged = []
    used = fetch_data.provision(tmp_path / "data", [("good source", from_dir(tmp_path / "src"))], log=logged.append)
    assert any(line.startswith(f"Fashion-MNIST: {victim}: {problem}") for line in logged), logged
    assert used == "good source" and fetch_data.problems(tmp_path / "data") == {}
    assert good.stat().st_mtime_ns == before


def test_a_read_only_data_folder_is_named_with_what_to_do(tmp_path, monkeypatch):
    root = tmp_path / "data"
    root.mkdir()
    # chmod does not stop root, who may run the tests.
    monkeypatch.setattr(fetch_data.os, "access", lambda path, mode: Path(path) != root)
    with pytest.raises(fetch_data.DataUnavailable, match=r"data is read-only.*the tutorials read it from there"):
        fetch_data.provision(root, [("never", never)])
