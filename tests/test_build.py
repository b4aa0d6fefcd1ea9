"""The build itself: tutorials executed, cached, and failures that stop it.

`make test` builds the site first; these tests look at that build and run
small extra builds of their own (a rebuild, and a copy of the project with a
broken tutorial).
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys

import pytest
from check_build import is_cpu
from conftest import EXAMPLES, LANGUAGES, ROOT, SOURCE_LANGUAGE, TUTORIALS, parse
from conftest import copy_project as _copy_project
from project import GALLERY, sphinx_argv

SPHINX = [sys.executable, "-m", "sphinx", "-c", "."]


def test_all_six_tutorials_exist():
    assert TUTORIALS == sorted(
        [
            "tensor_tutorial",
            "autograd_tutorial",
            "neural_networks_tutorial",
            "classifier_tutorial",
            "speed_tutorial",
            "data_parallel_tutorial",
        ]
    )


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", TUTORIALS)
def test_tutorial_page_shows_executed_output_and_figures(site, name, lang):
    page = site / lang / "tutorials" / f"{name}.html"
    soup = parse(page)
    outputs = soup.select("div.sphx-glr-script-out pre")
    assert outputs, f"{name}: no printed output on the page"
    assert any(len(o.get_text(strip=True)) > 20 for o in outputs)
    images = soup.select("img.sphx-glr-single-img, img.sphx-glr-multi-img")
    assert images, f"{name}: no figure on the page"
    for img in images:
        src = (page.parent / img["src"]).resolve()
        assert src.is_file() and src.stat().st_size > 1000, src
        assert img.get("alt"), f"{name}: figure without alt text"


RANK_TAG = re.compile(r"\[rank \d+\]")


def test_printed_output_lines_are_whole(site):
    """Each line of printed output on every page is one line a program printed.

    Processes printing at the same time (the ranks of the data-parallel page)
    must not mix: no line carries a rank's tag after other text, or two tags;
    and no run of blank lines, which is what newlines written apart from
    their text leave behind.
    """
    problems = []
    for page in sorted(site.glob("*/**/*.html")):
        for block in parse(page).select("div.sphx-glr-script-out pre"):
            text = block.get_text()
            lines = (text[:-1] if text.endswith("\n") else text).split("\n")
            where = page.relative_to(site).as_posix()
            for line in lines:
                tags = [m.start() for m in RANK_TAG.finditer(line)]
                if len(tags) > 1 or tags[:1] not in ([], [0]):
                    problems.append(f"{where}: two outputs on one line: {line!r}")
            for number, (first, second) in enumerate(zip(lines, lines[1:]), 1):
                if not first.strip() and not second.strip():
                    problems.append(f"{where}: a run of blank lines at output line {number}")
                    break
    assert not problems, "\n".join(problems)


def test_device_error_shown_without_a_gpu_is_what_cuda_prints(site):
    """Built without an accelerator, the tensor page shows the device-mismatch
    error as PyTorch prints it on a CUDA GPU (a string in the script); built on
    a GPU, the page executes it.  On a GPU build the two must agree."""
    record = json.loads((GALLERY / "tensor_tutorial.provenance.json").read_text(encoding="utf-8"))
    if is_cpu(record["device"]):
        pytest.skip(f"the tensor tutorial ran on {record['device']}: only a GPU build executes the error")
    tree = ast.parse((EXAMPLES / "tensor_tutorial.py").read_text(encoding="utf-8"))
    shown = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and "Expected all tensors" in str(n.value)]
    assert len(shown) == 1, "the script should hold the CUDA message once"
    printed = [
        line.removeprefix("RuntimeError: ")
        for pre in parse(site / "en" / "tutorials" / "tensor_tutorial.html").select("div.sphx-glr-script-out pre")
        for line in pre.get_text().splitlines()
        if line.startswith("RuntimeError: Expected all tensors")
    ]
    assert printed == [shown[0].removeprefix("RuntimeError: ")], (
        f"torch {record['torch']} on {record['device']} printed {printed}; the page shows {shown[0]!r} without a GPU"
    )


def test_classifier_reaches_the_accuracy_its_page_promises(site):
    """About 80 % after the short training of a CPU build, about 90 % after the full one of a GPU."""
    text = parse(site / "en" / "tutorials" / "classifier_tutorial.html").get_text()
    match = re.search(r"Accuracy on the 10000 test images: ([\d.]+) %", text)
    assert match, "the classifier page does not report its test accuracy"
    device = re.search(r"Using device: (\w+)", text)
    assert device, "the classifier page does not say which device it ran on"
    expected = 75.0 if device.group(1) == "cpu" else 87.0
    assert float(match.group(1)) >= expected, f"on {device.group(1)}"


def test_classifier_reports_per_class_accuracy(site):
    text = parse(site / "en" / "tutorials" / "classifier_tutorial.html").get_text()
    for name in ("T-shirt/top", "Trouser", "Sneaker", "Ankle boot"):
        assert re.search(re.escape(name) + r".{0,40}?\d+(\.\d+)? ?%", text), name


def test_landing_page_has_a_card_per_tutorial(site):
    cards = parse(site / "en" / "index.html").select("div.sphx-glr-thumbcontainer")
    assert len(cards) == len(TUTORIALS)


def test_rebuild_executes_nothing(site, tmp_path):
    """A second build with unchanged examples must reuse every output.  It
    writes elsewhere (a copy of the doctrees, a new folder), so that the
    site other tests read in parallel stays as it is."""
    images = sorted((GALLERY / "images").glob("sphx_glr_*.png"))
    before = {p: p.stat().st_mtime_ns for p in images}
    doctrees = tmp_path / "doctrees"
    shutil.copytree(ROOT / "_build" / "doctrees" / SOURCE_LANGUAGE, doctrees)
    proc = subprocess.run(
        sphinx_argv(SOURCE_LANGUAGE, tmp_path / "html", doctrees, options=("-W", "--keep-going")),
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "executed 0 out of" in proc.stdout or "executed 0 out of" in proc.stderr
    assert f"excluding {len(TUTORIALS)} files that had previously been run" in proc.stdout + proc.stderr
    after = {p: p.stat().st_mtime_ns for p in images}
    assert before == after, "a rebuild rewrote executed figures"


def test_a_failing_tutorial_fails_the_build_naming_file_and_line(tmp_path):
    project = _copy_project(tmp_path / "project")
    broken = project / "examples" / "autograd_tutorial.py"
    broken.write_text(
        '"""\nBroken\n======\n\nA tutorial with a bug.\n"""\n\n'
        "import torch\n\n"
        "x = torch.ones(2)\n"
        'raise RuntimeError("deliberate failure in a tutorial")\n'
    )
    proc = subprocess.run(
        [*SPHINX, "-b", "html", "-d", "_build/doctrees", "-W", "--keep-going",
         "-D", "sphinx_gallery_conf.filename_pattern=autograd_tutorial",
         "docs", "_build/html"],
        cwd=project, capture_output=True, text=True, timeout=600,
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0, "the build succeeded despite a failing tutorial"
    assert "autograd_tutorial.py" in log
    assert 'line 11' in log  # the line of the raise
    assert "deliberate failure in a tutorial" in log
