"""Measure how long the site takes to build and each tutorial takes to execute.

    make bench                 # or: .venv/bin/python tools/bench.py --runs 3

Everything runs in a scratch copy of the project (the working tree and its
build are never touched), sharing .venv/ and the data.  Prints one Markdown
table of medians over ``--runs`` runs, with the machine it ran on, ready for
BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from project import DOCS, SOURCE_LANGUAGE, TRANSLATIONS, copy_project

sys.path.insert(0, str(DOCS / "_ext"))
from blitz import provenance  # noqa: E402  (the names of the CPU and the GPU)

EDITED = "autograd_tutorial.py"  # the tutorial the edit rows change


def machine() -> str:
    import torch

    gpu = provenance.describe_device() if torch.cuda.is_available() else "no GPU"
    return f"{provenance.cpu_name()}, {os.cpu_count()} cores, {gpu}; torch {torch.__version__}"


def run_make(project: Path, *targets: str) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(
        ["make", *targets], cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "SPHINXOPTS": "-W --keep-going -n"},
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"`make {' '.join(targets)}` failed in {project}:\n{proc.stdout[-6000:]}")
    return elapsed, proc.stdout


def median(values) -> str:
    return f"{statistics.median(values):.1f} s"


def bench(runs: int) -> str:
    rows: dict[str, list[float]] = defaultdict(list)  # per row, then per tutorial: seconds of each run
    ran: dict[str, list[int]] = defaultdict(list)
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
            project = copy_project(Path(tmp) / "project", make=True)
            rows["en"].append(run_make(project, f"html-{SOURCE_LANGUAGE}")[0])
            rows["zh"].append(run_make(project, *(f"html-{lang}" for lang in TRANSLATIONS))[0])
            rows["clean"].append(rows["en"][-1] + rows["zh"][-1])
            for cost in sorted((project / "docs" / "tutorials").glob("*_tutorial.cost.json")):
                rows[cost.name.removesuffix(".cost.json")].append(json.loads(cost.read_text())["time"])
            rows["noop"].append(run_make(project, "html")[0])
            script = project / "examples" / EDITED
            text = script.read_text()
            assert '\n"""\n' in text, f"no docstring end found in {EDITED}"
            # Prose: a sentence at the end of the docstring.  Code: then a new statement.
            prose = text.replace('\n"""\n', '\n\nA sentence added by the benchmark.\n"""\n', 1)
            for kind, edited in (("prose", prose), ("code", prose + "\nprint('edited')\n")):
                script.write_text(edited)
                seconds, log = run_make(project, "html")
                rows[kind].append(seconds)
                ran[kind].append(int(re.search(r"executed (\d+) out of", log).group(1)))
    tutorials = [name for name in rows if name.endswith("_tutorial")]
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
        f"| rebuild after editing one tutorial's prose ({max(ran['prose'])} executed) | {median(rows['prose'])} |",
        f"| rebuild after editing one tutorial's code ({max(ran['code'])} executed) | {median(rows['code'])} |",
        *(f"| execution: {name} | {median(rows[name])} |" for name in tutorials),
        f"| execution: all tutorials | {median([sum(run) for run in zip(*(rows[name] for name in tutorials))])} |",
    ]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    args = parser.parse_args(argv)
    print(bench(args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
