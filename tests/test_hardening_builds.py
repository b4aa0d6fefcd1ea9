"""Fault injection on real builds of one scratch copy of the project, built once (slow).

Each test injects its faults and puts the files back afterwards."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import LANGUAGES, TUTORIALS, copy_project, parse
from site_checks import html_pages

pytestmark = pytest.mark.slow

SPHINX = [sys.executable, "-m", "sphinx", "-c", "."]
# The shared .venv is set up already: never reinstall it from here.
MAKE = ["make", "--no-print-directory", "-o", ".venv/.requirements-installed"]


def _make(project: Path, *args, env=None):
    return subprocess.run([*MAKE, *args], cwd=project, capture_output=True, text=True, timeout=900,
                          env={**os.environ, **(env or {})})


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    dest = copy_project(tmp_path_factory.mktemp("scratch") / "project", make=True, gallery=True)
    proc = _make(dest, "html")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return dest


@contextmanager
def edited(path: Path, old: str, new: str):
    """``path`` with its first ``old`` replaced by ``new``; the exact bytes come back afterwards."""
    original = path.read_bytes()
    assert old.encode() in original, f"{old!r} not in {path}"
    path.write_bytes(original.replace(old.encode(), new.encode(), 1))
    try:
        yield
    finally:
        path.write_bytes(original)


def _tutorial_pages(project: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in (project / "_build" / "html").glob("*/tutorials/*.html")}


def test_broken_tutorials_publish_nothing_and_their_revert_no_traceback(project):
    """One tutorial raises, a later one raises SystemExit: both named, nothing published; reverted, both run again."""
    examples = project / "examples"
    before = _tutorial_pages(project)
    text = (examples / "autograd_tutorial.py").read_text(encoding="utf-8")
    line = text[: text.index("import torch\n")].count("\n") + 3  # of the raise
    with (edited(examples / "autograd_tutorial.py", "import torch\n", 'import torch\n\nraise RuntimeError("boom")\n'),
          edited(examples / "neural_networks_tutorial.py", "import torch\n", "import torch\n\nraise SystemExit(0)\n")):
        failed = _make(project, "html")
    log = failed.stdout + failed.stderr
    assert failed.returncode != 0, log[-3000:]
    assert "autograd_tutorial.py" in log and f"line {line}" in log and "boom" in log, log[-3000:]
    assert "while neural_networks_tutorial.py was running" in log and "Nothing was published" in log, log[-3000:]
    assert _tutorial_pages(project) == before

    passed = _make(project, "html")
    assert passed.returncode == 0, passed.stdout[-3000:] + passed.stderr[-3000:]
    for lang in LANGUAGES:
        page = parse(project / "_build" / "html" / lang / "tutorials" / "autograd_tutorial.html")
        assert "boom" not in page.get_text() and "Traceback" not in page.get_text(), lang
        assert page.select("div.sphx-glr-script-out pre"), f"{lang}: the reverted page has no output"


def test_an_interrupted_build_then_two_builds_at_once_give_one_complete_site(project):
    """Ctrl-C keeps the published site; two `make html` at once leave one complete site, without
    a deleted tutorial's outputs (as a CI cache brings them back) and without running a tutorial again."""
    zh = project / "_build" / "html" / "zh_CN"
    published = (zh / "index.html").read_bytes()
    with edited(project / "docs" / "setup.md", "\n", "\n\n"):  # a change, so that both languages build
        build = subprocess.Popen([*MAKE, "html"], cwd=project, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline and not any((project / "_build" / "staging" / "zh_CN").glob("*.html")):
            assert build.poll() is None, "the build ended before it could be interrupted"
            time.sleep(0.05)
        os.killpg(build.pid, signal.SIGINT)
        build.wait(timeout=60)
        assert build.returncode != 0
        assert (zh / "index.html").read_bytes() == published, "the interrupted build changed the published site"

        gallery = project / "docs" / "tutorials"
        for path in [*gallery.glob("autograd_tutorial.*"), *gallery.glob("images/**/sphx_glr_autograd_tutorial_*")]:
            path.with_name(path.name.replace("autograd_tutorial", "deleted_tutorial")).write_bytes(path.read_bytes())
        shutil.rmtree(project / "_build" / "staging")  # it exists again once the first build holds the lock
        first = subprocess.Popen([*MAKE, "html"], cwd=project, stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 300
        while not (project / "_build" / "staging").exists():
            assert first.poll() is None and time.monotonic() < deadline, "the first build ended early"
            time.sleep(0.05)
        second = subprocess.run([*MAKE, "html"], cwd=project, capture_output=True, text=True, timeout=900)
        first_log = first.communicate(timeout=900)[0]
    assert first.returncode == 0 and second.returncode == 0, first_log[-2000:] + second.stdout[-2000:]
    assert "waiting for it to finish" in second.stdout
    assert f"excluding {len(TUTORIALS)} files that had previously been run" in first_log  # no tutorial ran again
    assert not list(gallery.rglob("*deleted_tutorial*"))
    for lang in LANGUAGES:
        site = project / "_build" / "html" / lang
        assert not list(site.rglob("*deleted_tutorial*"))
        assert {p.stem for p in site.glob("tutorials/*_tutorial.html")} == set(TUTORIALS), lang
        text = (site / "searchindex.js").read_text(encoding="utf-8")
        indexed = set(json.loads(text[text.index("(") + 1 : text.rindex(")")])["docnames"])
        pages = {page.removesuffix(".html") for page in html_pages(site.parent, lang)} - {"genindex", "search"}
        assert "setup" in indexed and pages <= indexed, (lang, pages - indexed)


def test_a_download_from_outside_fails_and_copies_nothing_and_raw_html_is_text(project, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("do not publish\n")
    rel = os.path.relpath(secret, project / "docs")
    (project / "docs" / "leak.txt").symlink_to(secret)  # inside docs/, but a link out of it
    downloads = f"\n\n{{download}}`the appendix <{rel}>` and {{download}}`the leak <leak.txt>`\n\n"
    with (edited(project / "docs" / "setup.md", "\n", downloads),
          edited(project / "docs" / "index.md", "## The reading plan", "## The reading plan<script>document.title=1</script>")):
        proc = subprocess.run(
            [*SPHINX, "-b", "html", "-W", "--keep-going", "-d", str(tmp_path / "doctrees"),
             "-D", "plot_gallery=0", "docs", str(tmp_path / "out")],
            cwd=project, capture_output=True, text=True, timeout=900,
        )
    (project / "docs" / "leak.txt").unlink()
    assert proc.returncode != 0
    assert proc.stderr.count("refused: it is outside the project") == 2 and "setup.md" in proc.stderr, proc.stderr[-2000:]
    assert not list((tmp_path / "out").rglob("secret.txt")) and not list((tmp_path / "out").rglob("leak.txt"))
    soup = parse(tmp_path / "out" / "index.html")  # --keep-going wrote the other pages
    assert not [s for s in soup.select("script") if "document.title=1" in s.get_text()]
    assert "<script>document.title=1</script>" in soup.select_one("h2").get_text()


def test_editing_any_catalog_rerenders_every_chinese_page(project):
    """A tutorial's catalog titles its cards on other pages; sphinx.po labels every page."""
    zh, messages = project / "_build" / "html" / "zh_CN", project / "locale" / "zh_CN" / "LC_MESSAGES"
    with (edited(messages / "tutorials" / "autograd_tutorial.po", "Autograd：自动微分", "Autograd：自动求导"),
          edited(messages / "sphinx.po", 'msgstr "语言"', 'msgstr "界面语言"')):
        proc = _make(project, "html-zh_CN")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    for index in ("index.html", "tutorials/index.html"):
        titles = [t.get_text(strip=True) for t in parse(zh / index).select(".sphx-glr-thumbnail-title")]
        assert "Autograd：自动求导" in titles, (index, titles)
    pages = [zh / page for page in html_pages(zh.parent, "zh_CN")]
    stale = [p for p in pages if (nav := parse(p).select_one("nav.language-switcher"))
             and nav.get("aria-label") != "界面语言"]
    assert pages and not stale, stale


# Makes every torchrun worker (RANK is set for them only) print a line and fail.
FAILING_WORKER = """\
import os, sys
if "RANK" in os.environ and "LOCAL_WORLD_SIZE" in os.environ:
    print(f"[rank {os.environ['RANK']}] about to fail", flush=True)
    sys.exit("deliberate worker failure")
"""


def test_failing_torchrun_workers_show_their_output_and_leave_no_process(project, tmp_path):
    published = project / "_build" / "html" / "en" / "tutorials" / "data_parallel_tutorial.html"
    before = published.read_bytes()
    (tmp_path / "sitecustomize.py").write_text(FAILING_WORKER)
    proc = _make(project, "example", "EXAMPLE=data_parallel", env={"PYTHONPATH": str(tmp_path)})
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "data_parallel_tutorial.py" in log and "deliberate worker failure" in log, log[-3000:]
    assert "[rank 0] about to fail" in log and "[rank 1] about to fail" in log
    # The failed page was not published; it shows what the workers printed
    # (sphinx-gallery shows a failing cell's traceback, not its printed output).
    assert published.read_bytes() == before
    failed = parse(project / "_build" / "staging" / "en" / "tutorials" / "data_parallel_tutorial.html")
    traceback = failed.select_one("div.highlight-pytb").get_text()
    assert "[rank 0] about to fail" in traceback and "[rank 1] about to fail" in traceback
    running = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if os.readlink(proc / "cwd").startswith(str(project)) and int(proc.name) != os.getpid():
                running.append((proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
        except OSError:
            continue
    assert running == [], "processes of the failed run are still running"
