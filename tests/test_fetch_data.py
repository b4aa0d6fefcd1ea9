"""The data provisioning of tools/fetch_data.py, without the network.

Every source is exercised for real on small, valid IDX files: the Debian
directory is a temp dir, and apt-get/dpkg are stand-in scripts put first on
PATH, so the order of the sources and the final message are tested exactly as
they run.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import struct
import subprocess
import sys
import time
from pathlib import Path

import fetch_data
import pytest
from conftest import ROOT


def _idx_bytes(magic: int, count: int) -> bytes:
    return struct.pack(">II", magic, count) + bytes(count)


@pytest.fixture(autouse=True)
def tiny_expected(monkeypatch):
    """Expect the tiny test files instead of the real 55 MB."""
    expected = {
        name: fetch_data.Expected(magic, 11, hashlib.sha256(_idx_bytes(magic, 3)).hexdigest())
        for name, magic in fetch_data.FILES.items()
    }
    monkeypatch.setattr(fetch_data, "EXPECTED", expected)
    return expected


def make_gz_dir(path: Path) -> Path:
    """Write the four .gz files as the Debian package ships them (tiny)."""
    path.mkdir(parents=True, exist_ok=True)
    for name, magic in fetch_data.FILES.items():
        with gzip.open(path / (name + ".gz"), "wb") as f:
            f.write(_idx_bytes(magic, 3))
    return path


def failing(message):
    def fetch(root):
        raise RuntimeError(message)

    return fetch


def test_complete_directory_is_used_as_is(tmp_path):
    make_gz_dir(tmp_path / "src")
    fetch_data.install_from_gz_dir(tmp_path / "src", tmp_path / "data")
    calls = []
    used = fetch_data.provision(tmp_path / "data", [("never", calls.append)], log=lambda m: None)
    assert used == "already complete"
    assert calls == []


def test_debian_directory_comes_before_apt(tmp_path):
    debian = make_gz_dir(tmp_path / "usr-share")
    calls = []
    sources = [
        ("debian", lambda root: fetch_data.from_debian_dir(root, debian)),
        ("apt", lambda root: calls.append("apt")),
    ]
    used = fetch_data.provision(tmp_path / "data", sources, log=lambda m: None)
    assert used == "debian"
    assert calls == []
    raw = fetch_data.raw_dir(tmp_path / "data")
    assert sorted(p.name for p in raw.iterdir()) == sorted(fetch_data.FILES)


def test_falls_through_to_the_next_source_in_order(tmp_path):
    order = []

    def second(root):
        order.append("second")
        fetch_data.install_from_gz_dir(make_gz_dir(tmp_path / "src"), root)

    sources = [
        ("first", lambda root: (order.append("first"), failing("nope")(root))),
        ("second", second),
        ("third", lambda root: order.append("third")),
    ]
    used = fetch_data.provision(tmp_path / "data", sources, log=lambda m: None)
    assert used == "second"
    assert order == ["first", "second"]


def test_truncated_file_is_not_complete(tmp_path):
    fetch_data.install_from_gz_dir(make_gz_dir(tmp_path / "src"), tmp_path / "data")
    victim = fetch_data.raw_dir(tmp_path / "data") / "t10k-labels-idx1-ubyte"
    victim.write_bytes(b"\x00\x00")
    assert not fetch_data.is_complete(tmp_path / "data")


def test_corrupt_archive_is_rejected_and_leaves_no_file(tmp_path):
    src = make_gz_dir(tmp_path / "src")
    with gzip.open(src / "train-images-idx3-ubyte.gz", "wb") as f:
        f.write(b"<html>not found</html>")
    with pytest.raises(ValueError, match="not an IDX file"):
        fetch_data.install_from_gz_dir(src, tmp_path / "data")
    raw = fetch_data.raw_dir(tmp_path / "data")
    assert not (raw / "train-images-idx3-ubyte").exists()
    assert not list(raw.glob("*.part"))


FAKE_APT = """#!/bin/sh
# Stand-in for apt-get: records its arguments, "downloads" a .deb.
echo "apt-get $*" >> "$FAKE_LOG"
case " $* " in
  *" update "*) [ -n "$FAKE_APT_FAIL" ] && { echo "E: Temporary failure resolving 'deb.debian.org'" >&2; exit 100; }; exit 0 ;;
  *" download "*) echo fake > dataset-fashion-mnist_1.0_all.deb ;;
esac
"""

FAKE_DPKG = """#!/bin/sh
# Stand-in for dpkg -x DEB DIR: unpacks the test's .gz files.
echo "dpkg $*" >> "$FAKE_LOG"
mkdir -p "$3/usr/share/datasets"
cp -r "$FAKE_GZ_DIR" "$3/usr/share/datasets/fashion-mnist"
"""


@pytest.fixture
def fake_apt(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, text in (("apt-get", FAKE_APT), ("dpkg", FAKE_DPKG)):
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    log = tmp_path / "calls.log"
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_LOG", str(log))
    monkeypatch.setenv("FAKE_GZ_DIR", str(make_gz_dir(tmp_path / "gz")))
    return log


def test_apt_download_uses_a_private_list_dir(tmp_path, fake_apt):
    fetch_data.from_apt_download(tmp_path / "data")
    assert fetch_data.is_complete(tmp_path / "data")
    calls = fake_apt.read_text().splitlines()
    assert [c.split()[0] for c in calls] == ["apt-get", "apt-get", "dpkg"]
    assert "update" in calls[0] and "download dataset-fashion-mnist" in calls[1]
    # Both apt calls use the same private list directory, never the system's.
    lists = {a for c in calls[:2] for a in c.split() if a.startswith("-o=Dir::State::Lists=")}
    assert len(lists) == 1 and "/var/lib/apt" not in lists.pop()


def test_apt_failure_is_reported_with_apts_message(tmp_path, fake_apt, monkeypatch):
    monkeypatch.setenv("FAKE_APT_FAIL", "1")
    with pytest.raises(RuntimeError, match="Temporary failure resolving"):
        fetch_data.from_apt_download(tmp_path / "data")


def test_all_sources_failing_names_every_attempt_and_the_remedies(tmp_path):
    sources = [
        ("debian", lambda root: fetch_data.from_debian_dir(root, tmp_path / "absent")),
        ("apt", failing("E: Temporary failure resolving 'deb.debian.org'")),
        ("internet", failing("<urlopen error [Errno -3] Temporary failure in name resolution>")),
    ]
    with pytest.raises(fetch_data.DataUnavailable) as err:
        fetch_data.provision(tmp_path / "data", sources, log=lambda m: None)
    message = str(err.value)
    assert message.index("debian:") < message.index("apt:") < message.index("internet:")
    assert "apt-get install dataset-fashion-mnist" in message
    assert str(fetch_data.raw_dir(tmp_path / "data")) in message
    assert "Traceback" not in message


def test_command_line_fails_fast_with_a_message_and_no_traceback(tmp_path):
    """The real script, every real source made to fail: a clear message in seconds."""
    if fetch_data.DEBIAN_DIR.is_dir():
        pytest.skip("the Debian package is installed here, so the script succeeds")
    empty_bin = tmp_path / "bin"  # no apt-get, no dpkg
    empty_bin.mkdir()
    env = {
        "PATH": str(empty_bin),
        "HOME": str(tmp_path),
        # An unroutable proxy makes torchvision's download fail at once, offline or not.
        "http_proxy": "http://127.0.0.1:9",
        "https_proxy": "http://127.0.0.1:9",
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
    }
    script = ROOT / "tools" / "fetch_data.py"
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, str(script), "--root", str(tmp_path / "data")],
        capture_output=True, text=True, env=env, timeout=120,
    )
    elapsed = time.monotonic() - start
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Could not provision Fashion-MNIST" in proc.stderr
    assert "apt-get install dataset-fashion-mnist" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert elapsed < 60, f"took {elapsed:.0f} s"


# -- Checksums: bad files are named and replaced from the next source ----------

REAL_EXPECTED = dict(fetch_data.EXPECTED)  # before tiny_expected replaces it


def test_provisioned_data_matches_the_recorded_sizes_and_hashes():
    raw = fetch_data.raw_dir(ROOT / "examples" / "data")
    if not raw.is_dir():
        pytest.skip("examples/data is not provisioned here (run `make data`)")
    for name, expected in REAL_EXPECTED.items():
        assert fetch_data.file_problem(raw / name, expected) is None, name


def _installed(tmp_path) -> Path:
    fetch_data.install_from_gz_dir(make_gz_dir(tmp_path / "src"), tmp_path / "data")
    return fetch_data.raw_dir(tmp_path / "data")


def _repair_source(tmp_path, used):
    def fetch(root):
        used.append(root)
        fetch_data.install_from_gz_dir(make_gz_dir(tmp_path / "good"), root)

    return ("good source", fetch)


def test_truncated_file_with_intact_header_is_named_and_replaced(tmp_path):
    raw = _installed(tmp_path)
    victim = raw / "train-images-idx3-ubyte"
    victim.write_bytes(victim.read_bytes()[:9])  # the header survives
    assert fetch_data.problems(tmp_path / "data") == {
        "train-images-idx3-ubyte": "9 bytes instead of 11: truncated or not Fashion-MNIST"
    }
    logged, used = [], []
    name = fetch_data.provision(tmp_path / "data", [_repair_source(tmp_path, used)], log=logged.append)
    assert name == "good source" and used
    assert any(str(victim) in line and "truncated" in line for line in logged), logged
    assert fetch_data.is_complete(tmp_path / "data")


def test_wrong_magic_number_names_the_file(tmp_path):
    raw = _installed(tmp_path)
    victim = raw / "t10k-labels-idx1-ubyte"
    victim.write_bytes(struct.pack(">II", 2051, 3) + bytes(3))
    problem = fetch_data.problems(tmp_path / "data")["t10k-labels-idx1-ubyte"]
    assert "magic number 2051 instead of 2049" in problem
    logged = []
    with pytest.raises(fetch_data.DataUnavailable):
        fetch_data.provision(tmp_path / "data", [("broken", failing("offline"))], log=logged.append)
    assert any(str(victim) in line and "magic number 2051" in line for line in logged), logged


def test_same_size_different_bytes_is_caught_by_the_hash(tmp_path):
    raw = _installed(tmp_path)
    victim = raw / "train-labels-idx1-ubyte"
    data = bytearray(victim.read_bytes())
    data[-1] ^= 0xFF
    victim.write_bytes(bytes(data))
    assert "sha256" in fetch_data.problems(tmp_path / "data")["train-labels-idx1-ubyte"]


def test_only_bad_files_are_replaced(tmp_path):
    raw = _installed(tmp_path)
    good = raw / "t10k-images-idx3-ubyte"
    before = good.stat().st_mtime_ns
    (raw / "train-images-idx3-ubyte").write_bytes(b"")
    fetch_data.provision(tmp_path / "data", [_repair_source(tmp_path, [])], log=lambda m: None)
    assert good.stat().st_mtime_ns == before
    assert fetch_data.is_complete(tmp_path / "data")


def test_debians_gz_files_in_raw_are_used_without_torchvision(tmp_path):
    """Debian's .gz files differ from Zalando's (torchvision's md5 list), so we decompress them."""
    raw = fetch_data.raw_dir(tmp_path / "data")
    make_gz_dir(raw)
    used = fetch_data.provision(
        tmp_path / "data", [fetch_data.DEFAULT_SOURCES[0], ("internet", failing("must not be tried"))],
        log=lambda m: None,
    )
    assert used == ".gz files in the data folder"
    assert fetch_data.is_complete(tmp_path / "data")


@pytest.mark.parametrize("where", ["", "FashionMNIST"])
def test_gz_files_anywhere_in_the_data_folder_are_used(tmp_path, where):
    make_gz_dir(tmp_path / "data" / where)
    fetch_data.from_local_gz(tmp_path / "data")
    assert fetch_data.is_complete(tmp_path / "data")


def test_from_option_takes_a_folder_of_gz_files(tmp_path, capsys):
    src = make_gz_dir(tmp_path / "copied-from-debian")
    assert fetch_data.main(["--root", str(tmp_path / "data"), "--from", str(src)]) == 0
    assert str(src) in capsys.readouterr().out
    assert fetch_data.is_complete(tmp_path / "data")


def test_bad_archive_in_the_from_folder_is_named(tmp_path, capsys):
    src = make_gz_dir(tmp_path / "src")
    (src / "train-labels-idx1-ubyte.gz").write_bytes(b"not gzip at all")
    sources = [(".gz files in src", lambda root: fetch_data.from_local_gz(root, [src]))]
    with pytest.raises(fetch_data.DataUnavailable) as err:
        fetch_data.provision(tmp_path / "data", sources, log=lambda m: None)
    assert str(src / "train-labels-idx1-ubyte.gz") in str(err.value)
    assert "train-labels-idx1-ubyte" in str(err.value)


def test_a_read_only_data_folder_is_named_with_what_to_do(tmp_path, monkeypatch):
    root = tmp_path / "data"
    root.mkdir()
    real_access = os.access
    monkeypatch.setattr(fetch_data.os, "access", lambda path, mode: False if Path(path) == root else real_access(path, mode))
    with pytest.raises(fetch_data.DataUnavailable, match=r"data is read-only.*the tutorials read it from there"):
        fetch_data.provision(root, [("never tried", lambda r: pytest.fail("a source was tried"))], log=lambda m: None)
