"""Every tutorial executed, with the outputs its page promises (read from the built site)."""

from __future__ import annotations

import ast
import json
import re

import pytest
from babel.messages.pofile import read_po
from blitz import _compat
from blitz.i18n import gallery_chrome
from check_build import is_cpu
from conftest import EXAMPLES, LANGUAGES, ROOT, TUTORIALS, parse
from project import GALLERY


def timing_line(lang: str, name: str) -> str:
    """The running-time line in ``lang``, formatted with sphinx-gallery's record of the last run."""
    with open(ROOT / "locale" / "zh_CN" / "LC_MESSAGES" / "sphinx.po", "rb") as f:
        catalog = read_po(f)
    template = f"docs/_templates/{gallery_chrome.TIMING_TEMPLATE}"
    found = [m for m in catalog if m.id and any(path.endswith(template) for path, _ in m.locations)]
    assert len(found) == 1, f"sphinx.po should hold one message from {template}; run `make update-po`"
    message = found[0].id if lang == "en" else found[0].string
    assert message, f"{lang}: the running-time message has no translation"
    cost = json.loads((GALLERY / f"{name}.cost.json").read_text(encoding="utf-8"))  # sphinx-gallery's record
    minutes, seconds = divmod(cost["time"], 60)
    return message.format(**gallery_chrome.timing_values(int(minutes), float(f"{seconds:.3f}")))


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", TUTORIALS)
def test_tutorial_page_shows_executed_output_figures_and_run_time(site, name, lang):
    soup = parse(site / lang / "tutorials" / f"{name}.html")
    outputs = soup.select("div.sphx-glr-script-out pre")
    assert outputs, f"{name}: no printed output on the page"
    assert any(len(o.get_text(strip=True)) > 20 for o in outputs)
    # Each figure's file, size and alt text: test_pages.py, test_browser.py.
    assert soup.select("img.sphx-glr-single-img, img.sphx-glr-multi-img"), f"{name}: no figure on the page"
    # The run time, in the reader's language, once: in the article (which phones show), bold label, plain value.
    expected = timing_line(lang, name)
    lines = soup.select(f"p.{_compat.TIMING_CLASS}")
    assert [p.get_text() for p in lines] == [expected], f"{lang}/{name}: {[p.get_text() for p in lines]}"
    assert lines[0].find_parent("article") is not None
    label, value = gallery_chrome.split_label(expected)
    assert lines[0].strong.get_text() == label
    for tag in soup(["script", "style", "pre", "code"]):
        tag.decompose()
    text = soup.get_text(" ")
    # Neither the label nor the value (e.g. "1 min 2.6 s") shows anywhere else on the page.
    assert text.count(label.strip()) == 1 and text.count(value.strip()) == 1, f"{lang}/{name}: {expected} repeated"
    box = soup.select_one("section.provenance")  # the sidebar's "How this page ran"
    seconds = re.escape(value.split()[-2])
    assert box is not None and not re.search(rf"(?<![\d.]){seconds}(?![\d.])", box.get_text(" "))


RANK_TAG = re.compile(r"\[rank \d+\]")


def test_printed_output_lines_are_whole(site):
    """Ranks printing at once do not mix: a rank tag only at a line's start, no runs of blank lines."""
    problems = []
    for page in sorted(site.glob("*/**/*.html")):
        for block in parse(page).select("div.sphx-glr-script-out pre"):
            lines = block.get_text().removesuffix("\n").split("\n")
            where = page.relative_to(site).as_posix()
            problems += [f"{where}: two outputs on one line: {line!r}" for line in lines if RANK_TAG.search(line, 1)]
            if any(not first.strip() and not second.strip() for first, second in zip(lines, lines[1:])):
                problems.append(f"{where}: a run of blank lines in {block.get_text()[:60]!r}")
    assert not problems, "\n".join(problems)


def test_device_error_shown_without_a_gpu_is_what_cuda_prints(site):
    """A CPU build shows CUDA's device-mismatch error from a string: a GPU build must print the same."""
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
    """About 80 % after the short training of a CPU build, about 90 % after the full one of a GPU; per class too."""
    text = parse(site / "en" / "tutorials" / "classifier_tutorial.html").get_text()
    match = re.search(r"Accuracy on the 10000 test images: ([\d.]+) %", text)
    assert match, "the classifier page does not report its test accuracy"
    device = re.search(r"Using device: (\w+)", text)
    assert device, "the classifier page does not say which device it ran on"
    expected = 75.0 if device.group(1) == "cpu" else 87.0
    assert float(match.group(1)) >= expected, f"on {device.group(1)}"
    for name in ("T-shirt/top", "Trouser", "Sneaker", "Ankle boot"):
        assert re.search(re.escape(name) + r".{0,40}?\d+(\.\d+)? ?%", text), name
