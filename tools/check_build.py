"""Check that a built site may be published: every tutorial ran, and ran where it should.

    make check-gpu-build                               # the GPU build's guard (CUDA required)
    .venv/bin/python tools/check_build.py --allow-cpu  # the same checks on any device
    .venv/bin/python tools/check_build.py --cuda-only  # only: can PyTorch use CUDA here?

It reads what ``make html`` left behind and exits 1 naming each tutorial and
what is wrong; what it checks, and why: MAINTAINING.md, "Building on a GPU".
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

import project
from bs4 import BeautifulSoup

sys.path.insert(0, str(project.DOCS / "_ext"))

from blitz import provenance  # noqa: E402  (the records and their md5)


def is_cpu(device: str) -> bool:
    return device.strip().upper().startswith("CPU")


def cuda_problems(available: bool, torch_version: str, cuda_version: str | None) -> list[str]:
    """Why this PyTorch cannot run the tutorials on a CUDA device, if it cannot."""
    if available:
        return []
    if cuda_version is None:
        why = (
            f"PyTorch {torch_version} is a CPU-only build; install a CUDA build "
            "(make venv TORCH_INDEX_URL=https://download.pytorch.org/whl/cu130, see MAINTAINING.md)"
        )
    else:
        why = (
            f"PyTorch {torch_version} (built for CUDA {cuda_version}) finds no usable GPU; "
            "check nvidia-smi: the driver may be older than this CUDA build needs"
        )
    return [f"PyTorch: CUDA is not available: {why}"]


def run_problems(
    name: str, examples: Path, gallery: Path, *, require_gpu: bool, torch_version: str
) -> tuple[list[str], dict | None]:
    """Problems with the run of ``name``, and its record if it is the run of the current source."""
    source = examples / f"{name}.py"
    copy = gallery / f"{name}.py"
    rerun = f"re-execute it with `make example EXAMPLE={name.removesuffix('_tutorial')}`, then `make html`"
    md5_file = Path(f"{copy}.md5")  # sphinx-gallery writes it only after a run that raised nothing
    if not md5_file.is_file():
        return [f"{name}: has no successful run ({md5_file} is missing): "
                f"it failed or never executed; read the build log, then {rerun}"], None
    current = provenance.source_md5(source)
    if md5_file.read_text(encoding="utf-8").strip() != current:
        return [f"{name}: its outputs come from an older version of {source} ({md5_file} does not match "
                f"the source): it failed or was not executed since the last change; {rerun}"], None
    record = provenance.read_json(provenance.record_path(copy))
    if record is None or record.get("source_md5") != current:
        return [f"{name}: the run that produced its outputs left no provenance record "
                f"({provenance.record_path(copy)}); {rerun}"], None
    problems = []
    device = str(record.get("device", ""))
    if require_gpu and is_cpu(device):
        problems.append(f"{name}: ran on {device or 'an unnamed device'}, not on a GPU; on a machine with one, {rerun}")
    if record.get("torch") != torch_version:
        problems.append(f"{name}: ran with PyTorch {record.get('torch')}, but PyTorch {torch_version} "
                        "is installed; re-execute everything: `make clean html`")
    return problems, record


def page_problems(name: str, page: Path, record: dict | None, *, require_gpu: bool) -> list[str]:
    if not page.is_file():
        return [f"{name}: {page} is missing: run `make html`"]
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    problems = []
    # sphinx-gallery renders the traceback of a failed run as the output of the
    # cell that raised, in a "pytb" code block.
    if soup.select(".sphx-glr-script-out.highlight-pytb, .sphx-glr-script-out .highlight-pytb"):
        problems.append(f"{name}: {page} shows the traceback of a failed run")
    box = soup.select_one("section.provenance")
    if box is None:
        return [*problems, f'{name}: {page} has no "How this page ran" box: run `make html`']
    if box.get("data-state") != provenance.RECORDED:
        said = box.select_one(".provenance-missing").get_text(" ", strip=True)
        return [*problems, f'{name}: {page} says "{said}" instead of how it ran: run `make html`']
    device = box.select_one(".provenance-device").get_text(strip=True)
    torch = box.select_one(".provenance-torch").get_text(strip=True)
    if require_gpu and is_cpu(device):
        problems.append(f"{name}: {page} says it ran on {device}, not on a GPU")
    if record is not None and (device, torch) != (record.get("device"), record.get("torch")):
        problems.append(f"{name}: {page} shows PyTorch {torch} on {device}, but the run that produced its outputs "
                        f"was PyTorch {record.get('torch')} on {record.get('device')}: the page is out of date; "
                        "run `make html`")
    return problems


def check_site(
    examples: Path, gallery: Path, site: Path, languages: Iterable[str], *, require_gpu: bool, torch_version: str
) -> list[str]:
    problems = []
    for name in sorted(p.stem for p in examples.glob("*_tutorial.py")):
        found, record = run_problems(name, examples, gallery, require_gpu=require_gpu, torch_version=torch_version)
        problems += found
        for language in languages:
            page = site / language / "tutorials" / f"{name}.html"
            problems += page_problems(name, page, record, require_gpu=require_gpu)
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--allow-cpu", action="store_true",
                        help="accept outputs produced on a CPU and do not require CUDA")
    parser.add_argument("--cuda-only", action="store_true",
                        help="check only that PyTorch can use CUDA (before a build)")
    parser.add_argument("--site", type=Path, default=project.SITE)
    args = parser.parse_args(argv)

    import torch

    problems = [] if args.allow_cpu else cuda_problems(torch.cuda.is_available(), torch.__version__, torch.version.cuda)
    if not args.cuda_only:
        problems += check_site(project.EXAMPLES, project.GALLERY, args.site, project.LANGUAGES,
                               require_gpu=not args.allow_cpu, torch_version=torch.__version__)
    if problems:
        print(f"The build must not be published ({len(problems)} problem(s)):", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    if args.cuda_only:
        print(f"OK: PyTorch {torch.__version__} can use {torch.cuda.get_device_name(0)}.")
    else:
        print(f"OK: every tutorial executed successfully with PyTorch {torch.__version__}"
              f"{'' if args.allow_cpu else ' on a GPU'}; their pages in {', '.join(project.LANGUAGES)} say so.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
