"""Provision Fashion-MNIST for the classifier tutorial, offline when possible.

The tutorial calls ``FashionMNIST(root="data", download=True)`` as a reader
would; torchvision uses the files it finds in ``<root>/FashionMNIST/raw/``, so
this puts them there first, replacing only those whose size or sha256 is wrong.
When no source works it says what to do, instead of a ``urlopen`` traceback.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

#: The four decompressed files torchvision reads: (size in bytes, sha256).
#: Debian's dataset-fashion-mnist decompresses to the same bytes as Zalando's
#: release, though its .gz files differ (so torchvision's md5s reject them).
EXPECTED = {
    "train-images-idx3-ubyte": (47040016, "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
    "train-labels-idx1-ubyte": (60008, "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
    "t10k-images-idx3-ubyte": (7840016, "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
    "t10k-labels-idx1-ubyte": (10008, "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"),
}

DEBIAN_PACKAGE = "dataset-fashion-mnist"
DEBIAN_DIR = Path("/usr/share/datasets/fashion-mnist")

REMEDIES = f"""\
Could not provision Fashion-MNIST into {{raw}}.
Tried, in order:
{{attempts}}
Any one of these fixes it:
  * install Debian's package:   sudo apt-get install {DEBIAN_PACKAGE}
  * copy the four files {", ".join(f + ".gz" for f in EXPECTED)} into {{raw}}
  * run the build once with internet access, so torchvision can download them."""


class DataUnavailable(RuntimeError):
    """No source could provide the data set; the message says what to do."""


def raw_dir(root: Path) -> Path:
    return Path(root) / "FashionMNIST" / "raw"


def problem(data: bytes, expected: tuple[int, str]) -> str | None:
    size, sha256 = expected
    if len(data) != size:
        return f"{len(data)} bytes instead of {size}: truncated or not Fashion-MNIST"
    digest = hashlib.sha256(data).hexdigest()
    if digest != sha256:
        return f"sha256 {digest[:16]}... instead of {sha256[:16]}...: corrupted"
    return None


def problems(root: Path) -> dict[str, str]:
    paths = {name: raw_dir(root) / name for name in EXPECTED}
    found = {name: problem(p.read_bytes(), EXPECTED[name]) if p.is_file() else "missing" for name, p in paths.items()}
    return {name: why for name, why in found.items() if why}


def install_from_gz_dir(src: Path, root: Path) -> None:
    """Decompress ``src``'s ``*.gz`` files for the bad ones; each is checked before it is written, so a
    bad archive never replaces anything (and a write cut short leaves a file the next run finds wrong)."""
    for name in problems(root):
        archive = src / (name + ".gz")
        data = archive.read_bytes()  # a missing one: FileNotFoundError names it
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:  # not gzip, or cut short
            raise ValueError(f"{archive} cannot be decompressed ({exc})") from exc
        why = problem(data, EXPECTED[name])
        if why:
            raise ValueError(f"{archive}: {why}")
        raw_dir(root).mkdir(parents=True, exist_ok=True)
        (raw_dir(root) / name).write_bytes(data)


def _run(cmd: list[str], timeout: float, cwd: Path | None = None) -> None:
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=cwd)
    if proc.returncode != 0:
        last = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
        name = " ".join(a for a in cmd if not a.startswith("-"))
        raise RuntimeError(f"`{name}` failed: {last[0]}")


def from_apt_download(root: Path) -> None:
    """Download and unpack Debian's package as any user; private apt lists make it work where the
    system's are empty, and leave those unchanged."""
    with tempfile.TemporaryDirectory(prefix="fashion-mnist-") as tmp:
        tmp = Path(tmp)
        (tmp / "lists" / "partial").mkdir(parents=True)
        opts = [
            f"-o=Dir::State::Lists={tmp / 'lists'}",
            "-o=Debug::NoLocking=1",
            "-o=Acquire::Retries=0",
            "-o=Acquire::http::Timeout=10",
            # apt's sandbox user could not write into this private folder.
            "-o=APT::Sandbox::User=root",
            "-qq",
        ]
        _run(["apt-get", *opts, "update"], timeout=120)
        _run(["apt-get", *opts, "download", DEBIAN_PACKAGE], timeout=300, cwd=tmp)
        (deb,) = tmp.glob(f"{DEBIAN_PACKAGE}_*.deb")
        _run(["dpkg", "-x", str(deb), str(tmp / "unpacked")], timeout=120)
        install_from_gz_dir(tmp / "unpacked" / DEBIAN_DIR.relative_to("/"), root)


def from_torchvision(root: Path) -> None:
    from torchvision.datasets import FashionMNIST

    # torchvision keeps any decompressed file it finds, right or wrong.
    for name in problems(root):
        (raw_dir(root) / name).unlink(missing_ok=True)
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(10)
    try:
        FashionMNIST(root=str(root), download=True)  # all four files, test set included
    finally:
        socket.setdefaulttimeout(previous)


#: Tried in this order: the offline ones first.
SOURCES = (
    (".gz files in the data folder", lambda root: install_from_gz_dir(raw_dir(root), root)),
    (f"Debian package {DEBIAN_PACKAGE} installed in {DEBIAN_DIR}", lambda root: install_from_gz_dir(DEBIAN_DIR, root)),
    (f"apt-get download {DEBIAN_PACKAGE}", from_apt_download),
    ("torchvision's download from the internet", from_torchvision),
)


def provision(root: Path, sources=SOURCES, log=print) -> str:
    """Make ``root`` complete from the first source that works, and say which."""
    bad = problems(root)
    if not bad:
        return "already complete"
    for name, problem in bad.items():
        log(f"Fashion-MNIST: {raw_dir(root) / name}: {problem}")
    existing = next(d for d in (raw_dir(root), *raw_dir(root).parents) if d.exists())
    if not os.access(existing, os.W_OK):
        raise DataUnavailable(
            f"{existing} is read-only, and the data must be written into {raw_dir(root)}: the tutorials read it "
            f"from there. Make it writable, or put the four .gz files there from a machine where it is."
        )
    attempts = []
    for name, fetch in sources:
        log(f"Fashion-MNIST: trying {name} ...")
        try:
            fetch(root)
            left = problems(root)
            if not left:
                return name
            reason = "finished but these files are still wrong: " + "; ".join(f"{n} ({p})" for n, p in left.items())
        except Exception as exc:  # every failure means "next source"
            reason = " ".join(str(exc).split()) or type(exc).__name__
        attempts.append(f"  - {name}: {reason}")
    raise DataUnavailable(REMEDIES.format(raw=raw_dir(root), attempts="\n".join(attempts)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, required=True, help="the folder the tutorials pass as root=")
    args = parser.parse_args(argv)
    try:
        used = provision(args.root)
    except DataUnavailable as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Fashion-MNIST ready in {raw_dir(args.root)} ({used}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
