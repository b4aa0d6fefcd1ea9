"""The downloads run: the script and the notebook each tutorial page offers.

Each runs as a reader runs it: the venv's Python or a fresh Jupyter kernel,
in a folder holding the files the page offers (a tutorial may need a
companion script) and ``data/``, with no network.  The English downloads
only: the translated ones run the same code, comments aside
(test_i18n_site.py compares them).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import SOURCE_LANGUAGE, TUTORIALS, parse
from site_checks import prepare_run_dir, run_download

# PyTorch's thread count in each run.  While other jobs share the cores, two
# threads wait on each other (the classifier took up to 110 s with two, 19 s
# with one), so one; it does not change what a tutorial computes.
# DOWNLOAD_THREADS=0 keeps PyTorch's default.
THREADS = int(os.environ.get("DOWNLOAD_THREADS", "1")) or None
DOWNLOADS = [(name, kind) for name in TUTORIALS for kind in (".py", ".ipynb")]


def offered_downloads(page_file: Path) -> list[Path]:
    """The files a tutorial page offers for download (without the zip)."""
    soup = parse(page_file)
    files = {(page_file.parent / a["href"].split("#")[0]).resolve() for a in soup.select('a[href*="_downloads/"]')}
    return sorted(f for f in files if f.suffix in (".py", ".ipynb"))


@pytest.mark.slow
@pytest.mark.parametrize("name, kind", DOWNLOADS, ids=[f"{name}{kind}" for name, kind in DOWNLOADS])
def test_downloaded_tutorial_runs(site, tmp_path, name, kind):
    """The script and the notebook offered on each tutorial page run from top to bottom."""
    files = offered_downloads(site / SOURCE_LANGUAGE / "tutorials" / f"{name}.html")
    target = next((f for f in files if f.suffix == kind and f.stem == name), None)
    assert target is not None, f"{name} offers no {kind} download: {files}"
    prepare_run_dir(tmp_path, files)
    run = run_download(tmp_path / target.name, tmp_path, threads=THREADS)
    assert run.ok, f"{run.name} failed after {run.seconds:.0f} s:\n{run.log}"
