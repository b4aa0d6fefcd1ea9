"""Lighthouse on every tutorial page, as a phone on slow 4G meets it: `make lighthouse`.

The site is served from 127.0.0.1 gzip-compressed, as GitHub Pages serves
it, so the size printed is what a reader downloads.  Pages are measured one
after the other: runs in parallel would slow each other down.  Exits 1 when
a page scores under 0.95 or weighs over 350 KiB (BENCHMARKS.md).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import project

LIGHTHOUSE = os.environ.get("LIGHTHOUSE", project.ROOT / ".cache/npm/lighthouse/node_modules/lighthouse/cli/index.js")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --no-first-run"
FLAGS = ["--quiet", "--only-categories=performance", "--output=json", "--output-path=stdout"]


def main() -> int:
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROMIUM", "/usr/bin/chromium")}
    print("| page | performance | KiB |\n|---|---:|---:|")
    missed = 0
    with project.serve(project.SITE) as base:
        for page in [f"{lang}/tutorials/{name}.html" for lang in project.LANGUAGES for name in project.TUTORIALS]:
            command = ["node", str(LIGHTHOUSE), base + page, *FLAGS, f"--chrome-flags={CHROME_FLAGS}"]
            report = json.loads(subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout)
            score = report["categories"]["performance"]["score"]
            kib = report["audits"]["total-byte-weight"]["numericValue"] / 1024
            missed += score < 0.95 or kib > 350
            print(f"| {page} | {score:.2f} | {kib:.0f} |", flush=True)
    print(f"\nLighthouse {report['lighthouseVersion']}, mobile, simulated slow 4G; {missed} page(s) missed a target.")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
