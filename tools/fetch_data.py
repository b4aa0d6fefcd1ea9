"""Provision Fashion-MNIST for the classifier tutorial, offline when possible.

The tutorial itself calls ``torchvision.datasets.FashionMNIST(root="data",
download=True)``, exactly what a reader types at home.  torchvision accepts
the decompressed ``*-ubyte`` files under ``<root>/FashionMNIST/raw/`` and then
never touches the network, so this script puts them there before the build,
trying each source in turn:

1. the directory is already complete: every file has the expected size and
   sha256 (the same for Zalando's release and Debian's package);
2. ``.gz`` files given with ``--from DIR`` or already put in the data folder
   (``<root>``, ``<root>/FashionMNIST`` or ``raw/``; Debian's re-compressed
   files are fine: they are decompressed here, never checked by torchvision);
3. Debian's ``dataset-fashion-mnist`` package, if installed;
4. the same package fetched with ``apt-get download`` and unpacked with
   ``dpkg -x`` into a temporary directory (no root, no system change);
5. torchvision's own download (needs the internet).

A file that is missing, truncated or otherwise different is named with what
is wrong, and only the bad files are replaced from the next source; every
new file is checked before it is moved into place.

When none works it exits with status 1 and a message naming the remedies,
within seconds, instead of torchvision's raw ``urlopen`` traceback.

Run ``python tools/fetch_data.py --help`` for the options.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Expected:
    """What one decompressed file must be."""

    magic: int  # first 4 bytes of the IDX format: 2049 labels, 2051 images
    size: int  # bytes
    sha256: str


#: The four files torchvision's FashionMNIST reads, decompressed.  Sizes and
#: hashes of Zalando's Fashion-MNIST; Debian's dataset-fashion-mnist package
#: decompresses to the same bytes (checked with sha256sum).
EXPECTED = {
    "train-images-idx3-ubyte": Expected(
        2051, 47040016, "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"
    ),
    "train-labels-idx1-ubyte": Expected(
        2049, 60008, "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"
    ),
    "t10k-images-idx3-ubyte": Expected(
        2051, 7840016, "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"
    ),
    "t10k-labels-idx1-ubyte": Expected(
        2049, 10008, "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"
    ),
}
FILES = {name: e.magic for name, e in EXPECTED.items()}

DEBIAN_PACKAGE = "dataset-fashion-mnist"
DEBIAN_DIR = Path("/usr/share/datasets/fashion-mnist")

REMEDIES = f"""\
Could not provision Fashion-MNIST into {{raw}}.
Tried, in order:
{{attempts}}
Any one of these fixes it:
  * install Debian's package:   sudo apt-get install {DEBIAN_PACKAGE}
  * copy the four files {", ".join(f + ".gz" for f in FILES)}
    into {{raw}} (or pass their folder with --from DIR)
  * run the build once with internet access, so torchvision can download them."""


class DataUnavailable(RuntimeError):
    """No source could provide the data set; the message says what to do."""


def raw_dir(root: Path) -> Path:
    """Where torchvision's FashionMNIST looks for the decompressed files."""
    return Path(root) / "FashionMNIST" / "raw"


def file_problem(path: Path, expected: Expected) -> str | None:
    """What is wrong with ``path`` (None when it is the expected file)."""
    path = Path(path)
    if not path.is_file():
        return "missing"
    with open(path, "rb") as f:
        head = f.read(8)
        if len(head) < 8:
            return f"only {path.stat().st_size} bytes, expected {expected.size}"
        magic, _ = struct.unpack(">II", head)
        if magic != expected.magic:
            return f"magic number {magic} instead of {expected.magic}: not the right IDX file"
        size = path.stat().st_size
        if size != expected.size:
            return f"{size} bytes instead of {expected.size}: truncated or not Fashion-MNIST"
        f.seek(0)
        digest = hashlib.sha256()
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    if digest.hexdigest() != expected.sha256:
        return f"sha256 {digest.hexdigest()[:16]}... instead of {expected.sha256[:16]}...: corrupted"
    return None


def problems(root: Path) -> dict[str, str]:
    """The bad files of ``root``'s raw directory, each with what is wrong."""
    raw = raw_dir(root)
    found = {name: file_problem(raw / name, exp) for name, exp in EXPECTED.items()}
    return {name: problem for name, problem in found.items() if problem}


def is_complete(root: Path) -> bool:
    """True when all four files have the expected size and sha256."""
    return not problems(root)


def install_from_gz_dir(src: Path, root: Path) -> None:
    """Decompress the ``*.gz`` files of ``src`` for the raw directory's bad files.

    Each file is decompressed under a temporary name, checked, and renamed
    when it is right, so an interrupted run never leaves a truncated file
    that looks finished, and a bad archive never replaces anything.  Raises
    when some bad file could not be replaced, naming the archives.
    """
    src = Path(src)
    raw = raw_dir(root)
    needed = problems(root)
    missing = [n + ".gz" for n in needed if not (src / (n + ".gz")).is_file()]
    if len(missing) == len(needed) and needed:
        raise FileNotFoundError(f"{src} lacks {', '.join(missing)}")
    raw.mkdir(parents=True, exist_ok=True)
    failures = [f"{src / m} is missing" for m in missing]
    for name in needed:
        archive = src / (name + ".gz")
        if not archive.is_file():
            continue
        part = raw / (name + ".part")
        try:
            with gzip.open(archive, "rb") as fin, open(part, "wb") as fout:
                shutil.copyfileobj(fin, fout, 1 << 20)
        except (OSError, EOFError) as exc:
            part.unlink(missing_ok=True)
            failures.append(f"{archive} cannot be decompressed ({exc})")
            continue
        problem = file_problem(part, EXPECTED[name])
        if problem:
            part.unlink()
            failures.append(f"{archive} is not an IDX file" if "magic" in problem else f"{archive}: {problem}")
            continue
        part.replace(raw / name)
    if failures:
        raise ValueError("; ".join(failures))


def gz_dirs(root: Path) -> list[Path]:
    """Where someone may have put the .gz files by hand."""
    root = Path(root)
    return [raw_dir(root), root / "FashionMNIST", root]


def from_local_gz(root: Path, dirs: Sequence[Path] | None = None) -> None:
    """Source: .gz files already in the data folder (or given with --from)."""
    tried = []
    for d in gz_dirs(root) if dirs is None else dirs:
        if not any(Path(d).glob("*-ubyte.gz")):
            tried.append(str(d))
            continue
        install_from_gz_dir(d, root)
        if is_complete(root):
            return
    if not is_complete(root):
        raise FileNotFoundError(f"no usable .gz files in {', '.join(tried) or 'the folders given'}")


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
    """Source 5: torchvision's own download, with a short network timeout."""
    from torchvision.datasets import FashionMNIST

    # torchvision keeps any decompressed file it finds, right or wrong.
    for name in problems(root):
        (raw_dir(root) / name).unlink(missing_ok=True)

    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(10)
    try:
        for train in (True, False):
            FashionMNIST(root=str(root), train=train, download=True)
    finally:
        socket.setdefaulttimeout(previous)


Source = tuple[str, Callable[[Path], None]]

DEFAULT_SOURCES: tuple[Source, ...] = (
    (".gz files in the data folder", from_local_gz),
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
    bad = problems(root)
    if not bad:
        return "already complete"
    if len(bad) < len(EXPECTED) or any(p != "missing" for p in bad.values()):
        for name, problem in bad.items():
            log(f"Fashion-MNIST: {raw_dir(root) / name}: {problem}; replacing it")
    writable = next((d for d in (raw_dir(root), *raw_dir(root).parents) if d.exists()), None)
    if writable is not None and not os.access(writable, os.W_OK):
        raise DataUnavailable(
            f"{writable} is read-only, and the data must be written into {raw_dir(root)}: the tutorials read it "
            f"from there. Make it writable, or put the four .gz files there from a machine where it is."
        )
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
        left = problems(root)
        if not left:
            return name
        attempts.append(
            f"  - {name}: finished but these files are still wrong: "
            + "; ".join(f"{n} ({p})" for n, p in left.items())
        )
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
    parser.add_argument(
        "--from",
        dest="from_dirs",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="a folder with the four .gz files (e.g. copied from Debian's package); tried first",
    )
    args = parser.parse_args(argv)
    sources = list(DEFAULT_SOURCES)
    if args.from_dirs:
        given = ", ".join(map(str, args.from_dirs))
        sources.insert(0, (f".gz files in {given}", lambda root: from_local_gz(root, args.from_dirs)))
    try:
        used = provision(args.root, sources)
    except DataUnavailable as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Fashion-MNIST ready in {raw_dir(args.root)} ({used}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
