"""Provision Fashion-MNIST for the classifier tutorial, offline when possible.

The tutorial itself calls ``torchvision.datasets.FashionMNIST(root="data",
download=True)``, exactly what a reader types at home.  torchvision accepts
the decompressed ``*-ubyte`` files under ``<root>/FashionMNIST/raw/`` and then
never touches the network, so this script puts them there before the build,
trying each source in turn:

1. the directory is already complete;
2. Debian's ``dataset-fashion-mnist`` package, if installed;
3. the same package fetched with ``apt-get download`` and unpacked with
   ``dpkg -x`` into a temporary directory (no root, no system change);
4. torchvision's own download (needs the internet).

When none works it exits with status 1 and a message naming the remedies,
within seconds, instead of torchvision's raw ``urlopen`` traceback.

Run ``python tools/fetch_data.py --help`` for the options.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

#: The four files torchvision's FashionMNIST reads, with the magic number of
#: the IDX format each must start with (2049: labels, 2051: images).
FILES = {
    "train-images-idx3-ubyte": 2051,
    "train-labels-idx1-ubyte": 2049,
    "t10k-images-idx3-ubyte": 2051,
    "t10k-labels-idx1-ubyte": 2049,
}

DEBIAN_PACKAGE = "dataset-fashion-mnist"
DEBIAN_DIR = Path("/usr/share/datasets/fashion-mnist")

REMEDIES = f"""\
Could not provision Fashion-MNIST into {{raw}}.
Tried, in order:
{{attempts}}
Any one of these fixes it:
  * install Debian's package:   sudo apt-get install {DEBIAN_PACKAGE}
  * copy the four files {", ".join(f + ".gz" for f in FILES)}
    (or their decompressed forms) into {{raw}}
  * run the build once with internet access, so torchvision can download them."""


class DataUnavailable(RuntimeError):
    """No source could provide the data set; the message says what to do."""


def raw_dir(root: Path) -> Path:
    """Where torchvision's FashionMNIST looks for the decompressed files."""
    return Path(root) / "FashionMNIST" / "raw"


def _has_idx_header(path: Path, magic: int) -> bool:
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except OSError:
        return False
    if len(head) < 8:
        return False
    found, count = struct.unpack(">II", head)
    return found == magic and count > 0


def is_complete(root: Path) -> bool:
    """True when all four files are present and start with a valid IDX header."""
    raw = raw_dir(root)
    return all(_has_idx_header(raw / name, magic) for name, magic in FILES.items())


def install_from_gz_dir(src: Path, root: Path) -> None:
    """Decompress the four ``*.gz`` files of ``src`` into the raw directory.

    Each file is written under a temporary name and renamed when complete, so
    an interrupted run never leaves a truncated file that looks finished.
    """
    src = Path(src)
    missing = [n + ".gz" for n in FILES if not (src / (n + ".gz")).is_file()]
    if missing:
        raise FileNotFoundError(f"{src} lacks {', '.join(missing)}")
    raw = raw_dir(root)
    raw.mkdir(parents=True, exist_ok=True)
    for name, magic in FILES.items():
        part = raw / (name + ".part")
        with gzip.open(src / (name + ".gz"), "rb") as fin, open(part, "wb") as fout:
            shutil.copyfileobj(fin, fout, 1 << 20)
        if not _has_idx_header(part, magic):
            part.unlink()
            raise ValueError(f"{src / (name + '.gz')} is not an IDX file")
        part.replace(raw / name)


def from_debian_dir(root: Path, src: Path = DEBIAN_DIR) -> None:
    """Source 2: the installed Debian package."""
    if not src.is_dir():
        raise FileNotFoundError(f"{src} does not exist ({DEBIAN_PACKAGE} is not installed)")
    install_from_gz_dir(src, root)


def _run(cmd: Sequence[str], timeout: float, cwd: Path | None = None) -> None:
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=cwd)
    if proc.returncode != 0:
        last = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
        name = " ".join(a for a in cmd if not a.startswith("-"))
        raise RuntimeError(f"`{name}` failed: {last[0]}")


def from_apt_download(root: Path) -> None:
    """Source 3: ``apt-get download`` the package and unpack it, as any user.

    A private package-list directory is filled first, so this works on a
    machine whose apt lists are empty and never changes the system's.
    """
    if shutil.which("apt-get") is None or shutil.which("dpkg") is None:
        raise FileNotFoundError("apt-get or dpkg is not available on this machine")
    with tempfile.TemporaryDirectory(prefix="fashion-mnist-") as tmp:
        tmp = Path(tmp)
        lists = tmp / "lists"
        (lists / "partial").mkdir(parents=True)
        opts = [
            f"-o=Dir::State::Lists={lists}",
            "-o=Debug::NoLocking=1",
            "-o=Acquire::Retries=0",
            "-o=Acquire::http::Timeout=10",
            "-o=APT::Sandbox::User=root",
            "-qq",
        ]
        _run(["apt-get", *opts, "update"], timeout=120)
        _run(["apt-get", *opts, "download", DEBIAN_PACKAGE], timeout=300, cwd=tmp)
        debs = sorted(tmp.glob(f"{DEBIAN_PACKAGE}_*.deb"))
        if not debs:
            raise RuntimeError(f"`apt-get download {DEBIAN_PACKAGE}` left no .deb file")
        _run(["dpkg", "-x", str(debs[-1]), str(tmp / "unpacked")], timeout=120)
        install_from_gz_dir(tmp / "unpacked" / DEBIAN_DIR.relative_to("/"), root)


def from_torchvision(root: Path) -> None:
    """Source 4: torchvision's own download, with a short network timeout."""
    from torchvision.datasets import FashionMNIST

    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(10)
    try:
        for train in (True, False):
            FashionMNIST(root=str(root), train=train, download=True)
    finally:
        socket.setdefaulttimeout(previous)


Source = tuple[str, Callable[[Path], None]]

DEFAULT_SOURCES: tuple[Source, ...] = (
    (f"Debian package {DEBIAN_PACKAGE} installed in {DEBIAN_DIR}", from_debian_dir),
    (f"apt-get download {DEBIAN_PACKAGE}", from_apt_download),
    ("torchvision's download from the internet", from_torchvision),
)


def provision(root: Path, sources: Sequence[Source] = DEFAULT_SOURCES, log=print) -> str:
    """Make ``root`` complete from the first source that works.

    Returns a short description of the source used.  Raises
    :class:`DataUnavailable` with the remedies when every source fails.
    """
    root = Path(root)
    if is_complete(root):
        return "already complete"
    attempts = []
    for name, fetch in sources:
        log(f"Fashion-MNIST: trying {name} ...")
        try:
            fetch(root)
        except Exception as exc:  # noqa: BLE001 - every failure means "next source"
            reason = " ".join(str(exc).split()) or type(exc).__name__
            if len(reason) > 240:
                reason = reason[:237] + "..."
            attempts.append(f"  - {name}: {reason}")
            continue
        if is_complete(root):
            return name
        attempts.append(f"  - {name}: finished but the files are still incomplete")
    raise DataUnavailable(
        REMEDIES.format(raw=raw_dir(root), attempts="\n".join(attempts))
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--root",
        type=Path,
        default=Path(os.environ.get("DATA_ROOT", Path(__file__).resolve().parents[1] / "examples" / "data")),
        help="the directory the tutorials pass as root= (default: examples/data)",
    )
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
