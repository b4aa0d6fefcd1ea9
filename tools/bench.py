"""Measure how long the site takes to build, and how fast the tutorials train.

    make bench                 # or: .venv/bin/python tools/bench.py --runs 3

Everything runs in a scratch copy of the project (the working tree and its
build are never touched), sharing .venv/ and the data.  Each figure is the
median of ``--runs`` runs.  Prints one Markdown table, with the machine and
device it was measured on, ready for BENCHMARKS.md.

Rows:
* clean bilingual build (tutorials executed), split into the English build
  and the marginal cost of the zh_CN build that reuses its outputs;
* `make html` with nothing changed (make finds every language up to date
  and runs no Sphinx), and a Sphinx pass over unchanged sources (conf.py
  touched: both languages build, nothing needs rewriting);
* rebuild after editing one tutorial's prose, and after editing its code
  (only that tutorial may run again: the table says how many ran);
* each tutorial's execution time, from sphinx-gallery's records;
* the last training epoch of each variant a page times, on any tutorial
  page that prints timed epoch lines (see ``EPOCH_LINE``): seconds and
  images per second as the page printed them, labelled with the page and
  the device it ran on (its provenance record: a GPU's name, or the CPU).
  The core classifier page prints no timings; pages about speed do.

Run where CUDA is available, the same command records the GPU rows.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from project import SOURCE_LANGUAGE, TRANSLATIONS, copy_project

EDITED = "autograd_tutorial.py"  # the tutorial the edit rows change
# One line per timed epoch, as a page prints it:
# "DataLoader, epoch 2/2: loss 0.284, 5.41 s (11,090 images/s)".  Lines
# without a variant name ("Epoch 2/2: ...") count as the variant "training".
EPOCH_LINE = re.compile(
    r"(?:(?P<name>[^<>\n]+?), e|E)poch (?P<epoch>\d+)/(?P<epochs>\d+): "
    r"loss [\d.]+, (?P<seconds>[\d.]+) s \((?P<speed>[\d,]+) images/s\)"
)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import torch

    if torch.cuda.is_available():
        device = f"{torch.cuda.device_count()} x {torch.cuda.get_device_name(0)}"
    else:
        device = "no GPU"
    return f"{cpu}, {os.cpu_count()} cores, {device}; torch {torch.__version__}"


def run_make(project: Path, *targets: str) -> tuple[float, str]:
    # The output goes to a file rather than a pipe: a process the build leaves
    # running (the KaTeX server) would keep a pipe open, and with it this call,
    # long after make has exited.
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as log:
        start = time.perf_counter()
        proc = subprocess.run(
            ["make", *targets], cwd=project, stdout=log, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "SPHINXOPTS": "-W --keep-going -n"},
        )
        elapsed = time.perf_counter() - start
        log.seek(0)
        output = log.read()
    if proc.returncode != 0:
        sys.exit(f"`make {' '.join(targets)}` failed in {project}:\n{output[-6000:]}")
    return elapsed, output


def executed_count(log: str) -> int:
    match = re.search(r"executed (\d+) out of", log)
    return int(match.group(1)) if match else 0


def example_times(project: Path) -> dict[str, float]:
    times = {}
    for cost in sorted((project / "docs" / "tutorials").glob("*_tutorial.cost.json")):
        times[cost.name.removesuffix(".cost.json")] = json.loads(cost.read_text())["time"]
    return times


def last_epochs(text: str) -> dict[str, tuple[float, float]]:
    """Each training variant's last epoch in ``text``: name -> (seconds, images per second).

    Variants keep the order in which the page first prints them.
    """
    found: dict[str, tuple[float, float]] = {}
    for match in EPOCH_LINE.finditer(text):
        name = (match["name"] or "training").strip()
        found[name] = (float(match["seconds"]), float(match["speed"].replace(",", "")))
    return found


def timed_epochs(project: Path) -> dict[str, dict[str, tuple[float, float]]]:
    """The last epoch per variant of each built English tutorial page that prints timed epochs."""
    found = {}
    for page in sorted((project / "_build" / "html" / SOURCE_LANGUAGE / "tutorials").glob("*_tutorial.html")):
        epochs = last_epochs(page.read_text(encoding="utf-8"))
        if epochs:
            found[page.stem] = epochs
    return found


def page_device(project: Path, page: str) -> str:
    """The device a tutorial page ran on, from its provenance record."""
    record = project / "docs" / "tutorials" / f"{page}.provenance.json"
    try:
        return json.loads(record.read_text())["device"]
    except (OSError, ValueError, KeyError):
        return "device unknown"


def epoch_rows(page: str, runs: list[dict[str, tuple[float, float]]], device: str) -> list[str]:
    """Table rows for one page's last epochs: the median of each variant over the runs."""
    names = list(dict.fromkeys(name for run in runs for name in run))
    rows = []
    for name in names:
        seconds = statistics.median(run[name][0] for run in runs if name in run)
        speed = statistics.median(run[name][1] for run in runs if name in run)
        rows.append(
            f"| {page}, last epoch, {name} ({device}) | {seconds:.2f} s ({speed:,.0f} images/s) |"
        )
    return rows


def median(values) -> str:
    return f"{statistics.median(values):.1f} s"


def bench(runs: int) -> str:
    rows: dict[str, list] = {k: [] for k in ("clean", "en", "zh", "noop", "pass", "prose", "code")}
    ran = {"prose": [], "code": []}
    per_example: dict[str, list[float]] = {}
    epochs: dict[str, list[dict[str, tuple[float, float]]]] = {}
    devices: dict[str, str] = {}
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
            project = copy_project(Path(tmp) / "project", make=True)
            en, _ = run_make(project, f"html-{SOURCE_LANGUAGE}")
            zh, _ = run_make(project, *(f"html-{lang}" for lang in TRANSLATIONS))
            rows["en"].append(en)
            rows["zh"].append(zh)
            rows["clean"].append(en + zh)
            for name, seconds in example_times(project).items():
                per_example.setdefault(name, []).append(seconds)
            for page, found in timed_epochs(project).items():
                epochs.setdefault(page, []).append(found)
                devices[page] = page_device(project, page)
            rows["noop"].append(run_make(project, "html")[0])
            (project / "conf.py").touch()
            rows["pass"].append(run_make(project, "html")[0])
            script = project / "examples" / EDITED
            text = script.read_text()
            # Prose: a sentence at the end of the docstring.  Code: a new statement.
            edited = text.replace('\n"""\n', '\n\nA sentence added by the benchmark.\n"""\n', 1)
            assert edited != text, f"no docstring end found in {EDITED}"
            script.write_text(edited)
            seconds, log = run_make(project, "html")
            rows["prose"].append(seconds)
            ran["prose"].append(executed_count(log))
            script.write_text(script.read_text() + "\nprint('edited')\n")
            seconds, log = run_make(project, "html")
            rows["code"].append(seconds)
            ran["code"].append(executed_count(log))
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on: {machine()}; median of {runs} run(s).",
        "",
        "| what | time |",
        "|---|---:|",
        f"| clean build, both languages (tutorials executed) | {median(rows['clean'])} |",
        f"| English build alone | {median(rows['en'])} |",
        f"| {', '.join(TRANSLATIONS)} build on top (marginal) | {median(rows['zh'])} "
        f"({100 * statistics.median(rows['zh']) / statistics.median(rows['en']):.0f} % of English) |",
        f"| `make html` with nothing changed (no Sphinx run) | {median(rows['noop'])} |",
        f"| Sphinx pass over unchanged sources, both languages (`touch conf.py`) | {median(rows['pass'])} |",
        f"| rebuild after editing one tutorial's prose ({max(ran['prose'])} executed) | {median(rows['prose'])} |",
        f"| rebuild after editing one tutorial's code ({max(ran['code'])} executed) | {median(rows['code'])} |",
    ]
    for name, values in per_example.items():
        lines.append(f"| execution: {name} | {median(values)} |")
    lines.append(f"| execution: all tutorials | {statistics.median([sum(v) for v in zip(*per_example.values())]):.1f} s |")
    for page, runs in epochs.items():
        lines += epoch_rows(page, runs, devices[page])
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    args = parser.parse_args(argv)
    print(bench(args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
