"""Helpers for the reader-side tests in test_browser.py.

Why this module exists: the browser tests look at the built site the way a
reader does, over HTTP from a local server, in a real Chromium, with every
request that leaves the machine blocked.  The plumbing for that (the server,
the browser options, the record of what went wrong while a page loaded, the
link checker and the runner for the downloadable tutorials) lives here so
that the tests themselves read as a list of promises to readers.

Nothing here runs Sphinx; everything works on a finished ``_build/html``.
The folders, the languages and the server are tools/project.py's.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from blitz.i18n.switcher import hreflang
from project import (
    LANGUAGES,
    ROOT,
    serve,  # noqa: F401 (the browser tests' server)
)
from project import SITE as SITE_DIR  # noqa: F401 (the built site; SITE_DIR points the tests at another build)

# Each language's tag in the pages' lang and hreflang attributes.
HREFLANG = {lang: hreflang(lang) for lang in LANGUAGES}

# Debian's Chromium: Playwright cannot download its own browser builds here.
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests run as root in CI containers
    "--disable-gpu",
    # No traffic of the browser's own (updates, field trials, safe browsing):
    # the only requests left are the pages' requests.
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

# axe-core from npm, installed by `make axe` (see the Makefile).
AXE_JS = Path(os.environ.get("AXE_JS", ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"))

# Fashion-MNIST as `make data` provisions it; the tutorials read root="data".
DATA_DIR = Path(os.environ.get("DATA_DIR", ROOT / "examples" / "data")).resolve()

# Top-level folders of a language build that hold assets, not pages.
ASSET_DIRS = {"_static", "_sources", "_downloads", "_images"}


# -- Pages of the built site ---------------------------------------------------


def html_pages(site: Path, lang: str) -> list[str]:
    """The pages of one language build, as paths relative to its folder."""
    root = site / lang
    if not root.is_dir():
        return []
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*.html")
        if p.relative_to(root).parts[0] not in ASSET_DIRS
    )


def all_pages(site: Path) -> list[str]:
    """Every page that any language has: each should exist in all."""
    return sorted({page for lang in LANGUAGES for page in html_pages(site, lang)})


# -- What went wrong while a page was open --------------------------------------


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname == "127.0.0.1"


@dataclass
class PageProblems:
    """Console errors, failed requests and blocked non-local requests of a page.

    ``watch(context)`` blocks (and records) every request to another host:
    a page that needs the internet to render is broken for offline readers and
    for readers behind filtered networks.
    """

    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    non_local: list[str] = field(default_factory=list)

    def watch(self, context) -> PageProblems:
        context.route("**/*", self._route)
        context.on("page", self._attach)
        for page in context.pages:
            self._attach(page)
        return self

    def _route(self, route):
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            self.non_local.append(url)
            route.abort("blockedbyclient")

    def _attach(self, page):
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console_errors.append(f"uncaught: {error}"))
        page.on("requestfailed", self._on_request_failed)
        page.on("response", self._on_response)

    def _on_console(self, message):
        # The browser's own probe for /favicon.ico, made when a page declares no
        # icon, comes and goes with timing; test_pages_declare_their_icon checks
        # the icon deterministically instead.
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            where = message.location.get("url", "")
            self.console_errors.append(f"{message.text} ({where})" if where else message.text)

    def _on_request_failed(self, request):
        if is_local(request.url):  # blocked non-local requests are listed apart
            self.failed_requests.append(f"{request.url}: {request.failure}")

    def _on_response(self, response):
        if response.status >= 400 and urlsplit(response.url).path != "/favicon.ico":
            self.failed_requests.append(f"{response.url}: HTTP {response.status}")

    def report(self) -> str:
        lines = []
        for title, items in (
            ("console errors", self.console_errors),
            ("failed requests", self.failed_requests),
            ("requests to other hosts (blocked)", self.non_local),
        ):
            if items:
                lines.append(f"{title}:")
                lines.extend(f"  {item}" for item in dict.fromkeys(items))
        return "\n".join(lines)

    def __bool__(self) -> bool:
        return bool(self.console_errors or self.failed_requests or self.non_local)


def launch_chromium(playwright):
    if not Path(CHROMIUM).is_file():
        raise FileNotFoundError(f"{CHROMIUM} not found: install Debian's chromium package (or set CHROMIUM)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


# -- The link checker ------------------------------------------------------------


@dataclass
class LinkReport:
    broken: list[str]  # links whose target is missing or failed
    bad_anchors: list[str]  # links whose target page has no such #anchor
    checked: set[str]  # every URL the checker visited, without fragments


LINKCHECKER_CONFIG = """\
[checking]
threads=4
maxrequestspersecond=100
[filtering]
# The whole local site is internal (not only the folders of the start URLs);
# links to other sites are listed but not fetched: the test is offline.
internlinks={intern}
checkextern=0
[AnchorCheck]
"""


def run_linkchecker(start_urls: list[str], workdir: Path, timeout: int = 600) -> LinkReport:
    """Check every internal link and #anchor reachable from ``start_urls``.

    Runs LinkChecker (with its AnchorCheck plugin) and reads its CSV output.
    """
    config = workdir / "linkcheckerrc"
    parts = urlsplit(start_urls[0])
    origin = f"{parts.scheme}://{parts.netloc}/"
    config.write_text(LINKCHECKER_CONFIG.format(intern="^" + re.escape(origin)), encoding="utf-8")
    # (Run as root, LinkChecker reads its configuration, then drops privileges.)
    command = [
        sys.executable, "-m", "linkcheck",
        "--config", str(config), "--output", "csv", "--verbose", "--no-status",
        *start_urls,
    ]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if proc.returncode not in (0, 1):  # 1 means "found problems"
        raise RuntimeError(f"linkchecker failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return parse_linkchecker_csv(proc.stdout)


def parse_linkchecker_csv(text: str) -> LinkReport:
    # Comment lines start with "# "; rows for in-page links start with "#name".
    lines = [line for line in text.splitlines() if line and not line.startswith("# ")]
    broken, bad_anchors, checked = [], [], set()
    for row in csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"):
        url = row.get("url") or row.get("urlname") or ""
        where = f"{row.get('urlname')} (in {row.get('parentname')}, line {row.get('line')})"
        checked.add(url.split("#")[0])
        if row.get("valid") == "False":
            broken.append(f"{where}: {row.get('result')}")
        elif "Anchor" in (row.get("warningstring") or "") and "not found" in row["warningstring"]:
            bad_anchors.append(where)
    return LinkReport(broken=broken, bad_anchors=bad_anchors, checked=checked)


# -- Running the downloadable tutorials -----------------------------------------


@dataclass
class DownloadRun:
    name: str
    ok: bool
    seconds: float
    log: str


NOTEBOOK_RUNNER = """\
import sys, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, timeout=int(sys.argv[2]), kernel_name="python3",
               resources={"metadata": {"path": "."}}).execute()
print("notebook ran to the end")
"""


def prepare_run_dir(run_dir: Path, files: list[Path]) -> None:
    """A reader's folder: the downloaded files side by side, and ``data/``.

    ``data/`` is a fresh folder with a link to each provisioned data set
    (a folder such as ``FashionMNIST/``), so that the tutorials find them
    offline while what they write into ``data/`` (a saved model) stays in the
    temporary folder: files already in the data folder are not linked, as
    writing to a link would overwrite the original.
    """
    run_dir.mkdir(parents=True, exist_ok=True)
    for file in files:
        shutil.copy2(file, run_dir / file.name)
    data = run_dir / "data"
    data.mkdir(exist_ok=True)
    if DATA_DIR.is_dir():
        for entry in DATA_DIR.iterdir():
            if entry.is_dir():
                (data / entry.name).symlink_to(entry, target_is_directory=True)


def run_download(
    target: Path, run_dir: Path, cell_timeout: int = 600, timeout: int = 1200, threads: int | None = None
) -> DownloadRun:
    """Run a downloaded ``.py`` with this Python, or an ``.ipynb`` on a fresh kernel.

    ``threads`` sets PyTorch's (OpenMP's) thread count; None keeps the default.
    """
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONUNBUFFERED": "1"}
    if threads:
        env["OMP_NUM_THREADS"] = str(threads)
    if target.suffix == ".ipynb":
        command = [sys.executable, "-c", NOTEBOOK_RUNNER, target.name, str(cell_timeout)]
    else:
        command = [sys.executable, target.name]
    start = time.monotonic()
    try:
        proc = subprocess.run(command, cwd=run_dir, env=env, capture_output=True, text=True, timeout=timeout)
        ok, log = proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-6000:]
    except subprocess.TimeoutExpired as error:
        ok, log = False, f"still running after {timeout} s\n{error.stderr or ''}"
    return DownloadRun(name=target.name, ok=ok, seconds=time.monotonic() - start, log=log)
