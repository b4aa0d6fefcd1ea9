"""Fault injection on real builds, in a scratch copy of the project (slow).

One copy is built once with `make html` (data linked, .venv shared, the
executed gallery copied from this checkout when there is one, so only
changed tutorials run); each
test then injects one fault, checks what the build and the site show, and
puts the file back.  The fast checks of the same guards are in
test_hardening.py.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import LANGUAGES, copy_project, parse

pytestmark = pytest.mark.slow

SPHINX = [sys.executable, "-m", "sphinx", "-c", "."]


def _make(project: Path, *args, env=None, timeout=900):
    return subprocess.run(
        # The shared .venv is set up already: never reinstall it from here.
        ["make", "--no-print-directory", "-o", ".venv/.requirements-installed", *args],
        cwd=project, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    dest = copy_project(tmp_path_factory.mktemp("scratch") / "project", make=True, gallery=True)
    proc = _make(dest, "html")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return dest


class Edit:
    """Change a file for one test and put the exact bytes back afterwards."""

    def __init__(self, path: Path):
        self.path, self.original = path, path.read_bytes()

    def replace(self, old: str, new: str) -> None:
        text = self.path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {self.path}"
        self.path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def restore(self) -> None:
        self.path.write_bytes(self.original)


def test_failed_run_then_exact_revert_publishes_no_traceback(project):
    tutorial = Edit(project / "examples" / "autograd_tutorial.py")
    tutorial.replace("import torch\n", 'import torch\n\nraise RuntimeError("boom")\n')
    try:
        failed = _make(project, "html-en")
        assert failed.returncode != 0
        assert "autograd_tutorial.py" in failed.stdout + failed.stderr
    finally:
        tutorial.restore()
    passed = _make(project, "html")
    assert passed.returncode == 0, passed.stdout[-3000:] + passed.stderr[-3000:]
    for lang in LANGUAGES:
        page = parse(project / "_build" / "html" / lang / "tutorials" / "autograd_tutorial.html")
        text = page.get_text()
        assert "boom" not in text and "Traceback" not in text, lang
        assert page.select("div.sphx-glr-script-out pre"), f"{lang}: the reverted page has no output"


def test_hanging_tutorial_fails_the_build_naming_it_and_keeps_the_site(project):
    before = (project / "_build" / "html" / "en" / "tutorials" / "tensor_tutorial.html").read_bytes()
    tutorial = Edit(project / "examples" / "tensor_tutorial.py")
    tutorial.replace("import torch\n", "import torch\nimport time\n\ntime.sleep(600)\n")
    start = time.monotonic()
    try:
        proc = _make(project, "html-en", env={"BLITZ_EXAMPLE_TIMEOUT": "5"})
    finally:
        tutorial.restore()
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert time.monotonic() - start < 300
    assert "tensor_tutorial.py ran longer than its time limit of 5 s" in log, log[-3000:]
    # The failed build left the previous English site in place.
    assert (project / "_build" / "html" / "en" / "tutorials" / "tensor_tutorial.html").read_bytes() == before


def test_interrupted_chinese_build_then_make_html_gives_a_complete_site(project):
    page = Edit(project / "docs" / "setup.md")
    page.replace("\n", "\n\n")  # a change, so that both languages build
    build = subprocess.Popen(
        ["make", "--no-print-directory", "-o", ".venv/.requirements-installed", "html"],
        cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    staging = project / "_build" / "staging" / "zh_CN"
    deadline = time.monotonic() + 600
    # Interrupt while the Chinese pages are being written.
    while time.monotonic() < deadline and not any(staging.glob("*.html")):
        assert build.poll() is None, "the build ended before it could be interrupted"
        time.sleep(0.05)
    os.killpg(build.pid, signal.SIGINT)
    build.wait(timeout=60)
    page.restore()
    assert build.returncode != 0
    zh = project / "_build" / "html" / "zh_CN"
    assert (zh / "index.html").is_file(), "the interrupted build removed the previous Chinese site"

    for _ in range(2):
        proc = _make(project, "html")
        assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    text = (zh / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    pages = {p.relative_to(zh).with_suffix("").as_posix() for p in zh.rglob("*.html")
             if p.relative_to(zh).parts[0] not in ("_static", "_downloads", "_images", "_sources")
             and p.name not in ("genindex.html", "search.html")}
    assert pages <= set(index["docnames"]), pages - set(index["docnames"])
    assert "setup" in index["docnames"]


def test_download_outside_the_project_fails_and_copies_nothing(project, tmp_path):
    page = Edit(project / "docs" / "setup.md")
    secret = tmp_path / "secret.txt"
    secret.write_text("do not publish\n")
    rel = os.path.relpath(secret, project / "docs")
    page.replace("\n", f"\n\n{{download}}`the appendix <{rel}>`\n\n", )
    try:
        proc = subprocess.run(
            [*SPHINX, "-b", "html", "-W", "--keep-going", "-d", str(tmp_path / "doctrees"),
             "-D", "plot_gallery=0", "docs", str(tmp_path / "out")],
            cwd=project, capture_output=True, text=True, timeout=900,
        )
    finally:
        page.restore()
    assert proc.returncode != 0
    assert "setup.md" in proc.stderr and "refused: it is outside the project" in proc.stderr, proc.stderr[-2000:]
    assert not list((tmp_path / "out").rglob("secret.txt"))


def test_raw_html_in_markdown_is_text_not_markup(project, tmp_path):
    page = Edit(project / "docs" / "index.md")
    page.replace("## The reading plan", "## The reading plan<script>document.title=1</script>")
    try:
        proc = subprocess.run(
            [*SPHINX, "-b", "html", "-d", str(tmp_path / "doctrees"), "-D", "plot_gallery=0",
             "docs", str(tmp_path / "out")],
            cwd=project, capture_output=True, text=True, timeout=900,
        )
    finally:
        page.restore()
    assert proc.returncode == 0, proc.stderr[-2000:]
    soup = parse(tmp_path / "out" / "index.html")
    assert not [s for s in soup.select("script") if "document.title=1" in s.get_text()]
    assert "<script>document.title=1</script>" in soup.select_one("h2").get_text()


def test_editing_sphinx_po_rerenders_every_chinese_page(project, tmp_path):
    out, doctrees = tmp_path / "out", tmp_path / "doctrees"
    command = [*SPHINX, "-b", "html", "-d", str(doctrees), "-D", "language=zh_CN", "-D", "plot_gallery=0",
               "docs", str(out)]
    first = subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=900)
    assert first.returncode == 0, first.stderr[-2000:]
    catalog = Edit(project / "locale" / "zh_CN" / "LC_MESSAGES" / "sphinx.po")
    catalog.replace('msgstr "语言"', 'msgstr "界面语言"')
    try:
        second = subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=900)
    finally:
        catalog.restore()
    assert second.returncode == 0, second.stderr[-2000:]
    pages = [p for p in out.rglob("*.html") if p.relative_to(out).parts[0] not in ("_static", "_downloads")]
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
    assert _processes_in(project) == [], "processes of the failed run are still running"


def _processes_in(folder: Path) -> list[str]:
    """Command lines of the running processes whose working directory is in ``folder``."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            cwd = os.readlink(proc / "cwd")
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if cwd.startswith(str(folder)) and int(proc.name) != os.getpid():
            found.append(cmdline)
    return found


@pytest.mark.parametrize("call", ["import sys\nsys.exit(0)", "raise SystemExit(0)", "import os\nos._exit(3)"])
def test_a_tutorial_that_ends_the_build_fails_it_naming_the_tutorial(project, call):
    site = project / "_build" / "html"
    before = {p: p.read_bytes() for p in site.glob("*/tutorials/*.html")}
    tutorial = Edit(project / "examples" / "autograd_tutorial.py")
    tutorial.replace("import torch\n", f"import torch\n\n{call}\n")
    try:
        proc = _make(project, "html")
    finally:
        tutorial.restore()
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0, log[-3000:]
    assert "autograd_tutorial.py" in log and "Nothing was published" in log, log[-3000:]
    if "sys.exit" in call or "os._exit" in call:
        assert f"called {call.split(chr(10))[-1]}" in log, log[-3000:]  # with the line, on the page's traceback
    assert {p: p.read_bytes() for p in site.glob("*/tutorials/*.html")} == before


def test_outputs_of_a_deleted_tutorial_are_gone_and_never_published(project):
    """As a CI cache would bring them back: generated files of a tutorial that no longer exists."""
    gallery = project / "docs" / "tutorials"
    for path in list(gallery.glob("autograd_tutorial.*")) + list(gallery.glob("images/sphx_glr_autograd_tutorial_*")):
        target = path.with_name(path.name.replace("autograd_tutorial", "deleted_tutorial"))
        target.write_bytes(path.read_bytes())
    for lang in LANGUAGES:
        (project / "_build" / "html" / lang / "tutorials" / "deleted_tutorial.html").write_text("stale")
    page = Edit(project / "docs" / "setup.md")
    page.replace("\n", "\n\n\n")  # another text than the other tests'
    try:
        proc = _make(project, "html")
    finally:
        page.restore()
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert not list(gallery.rglob("*deleted_tutorial*"))
    assert not list((project / "_build" / "html").rglob("*deleted_tutorial*"))


def test_two_builds_at_once_end_with_one_complete_site(project):
    page = Edit(project / "docs" / "setup.md")
    page.replace("\n", "\n\n\n\n")  # another text than the other tests'
    command = ["make", "--no-print-directory", "-o", ".venv/.requirements-installed", "html"]
    try:
        first = subprocess.Popen(command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 300
        while not (project / "_build" / "staging" / "en").exists():  # the first build holds the lock
            assert first.poll() is None and time.monotonic() < deadline, "the first build ended early"
            time.sleep(0.05)
        second = subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=900)
        first_log = first.communicate(timeout=900)[0]
    finally:
        page.restore()
    assert first.returncode == 0 and second.returncode == 0, first_log[-2000:] + second.stdout[-2000:]
    assert "waiting for it to finish" in second.stdout
    for lang in LANGUAGES:
        site = project / "_build" / "html" / lang
        for name in ("index.html", "setup.html", "search.html", "searchindex.js", "tutorials/index.html"):
            assert (site / name).is_file(), f"{lang}/{name}"
        assert len(list(site.glob("tutorials/*_tutorial.html"))) == len(list((project / "examples").glob("*_tutorial.py")))
