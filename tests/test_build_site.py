"""tools/build_site.py without a real Sphinx (the lock: test_hardening_builds.py)."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import build_site
import pytest
from blitz.site_manifest import MANIFEST
from conftest import ROOT

LANGS = ["en", "zh_CN"]


def _site(folder: Path, text: str) -> Path:
    (folder / "_images").mkdir(parents=True)
    for page in ("index.html", "search.html"):
        (folder / page).write_text(f'<p>{text}</p><img src="_images/a.png"><a href="#x">x</a>', encoding="utf-8")
    (folder / "_images" / "a.png").write_bytes(b"png")
    (folder / "searchindex.js").write_text("Search.setIndex({})", encoding="utf-8")
    (folder / MANIFEST).write_text(json.dumps({"pages": ["index.html", "search.html"]}), encoding="utf-8")
    return folder


# -- The check before publishing ----------------------------------------------------------


@pytest.mark.parametrize("missing, expected", [
    (None, None),
    (MANIFEST, "did not finish"),
    ("search.html", "the page search.html is missing"),
    ("_images/a.png", "links to _images/a.png, which the build did not write"),
    ("searchindex.js", "the page searchindex.js is missing"),
])
def test_only_a_complete_staged_site_passes(tmp_path, missing, expected):
    site = _site(tmp_path / "en", "new")
    if missing:
        (site / missing).unlink()
    problems = build_site.site_problems(site)
    assert any(expected in p for p in problems) if missing else problems == [], problems


# -- Publishing: every language together, or none ------------------------------------------


@pytest.fixture
def builddir(tmp_path, monkeypatch):
    build = tmp_path / "_build"
    for lang in LANGS:
        _site(build / "html" / lang, f"old {lang}")
    monkeypatch.setattr(build_site, "language_digests", lambda root, langs, *a: {lang: "new" for lang in langs})
    return build


def _fake_builds(monkeypatch, fail: str | None = None):
    built = []

    def build_language(language, builddir, options, extra):
        built.append(language)
        staged = _site(builddir / "staging" / language, f"new {language}")
        if language == fail:
            raise build_site.BuildError(f"the {language} build failed")
        (staged / MANIFEST).unlink()
        return staged

    monkeypatch.setattr(build_site, "build_language", build_language)
    return built


def _page(builddir, lang):
    return (builddir / "html" / lang / "index.html").read_text(encoding="utf-8")


def test_a_failed_translation_publishes_no_language(builddir, monkeypatch, capsys):
    _fake_builds(monkeypatch, fail="zh_CN")
    assert build_site.main(["--builddir", str(builddir)]) == 1
    assert "old en" in _page(builddir, "en") and "old zh_CN" in _page(builddir, "zh_CN")
    assert "Nothing was published" in capsys.readouterr().err


def test_both_languages_are_published_together_then_nothing_is_rebuilt(builddir, monkeypatch):
    (builddir / "html" / "en" / "deleted_tutorial.html").write_text("stale")
    built = _fake_builds(monkeypatch)
    assert build_site.main(["--builddir", str(builddir)]) == 0
    assert built == LANGS
    assert "new en" in _page(builddir, "en") and "new zh_CN" in _page(builddir, "zh_CN")
    assert not (builddir / "html" / "en" / "deleted_tutorial.html").exists()  # no source produces it any more
    assert not list((builddir / "staging").iterdir())
    assert build_site.main(["--builddir", str(builddir)]) == 0 and built == LANGS  # nothing changed
    assert build_site.main(["--builddir", str(builddir), "--force"]) == 0 and built == LANGS * 2


def test_a_full_disk_is_named_before_and_after_a_build(builddir, monkeypatch, capsys):
    monkeypatch.setattr(build_site.shutil, "disk_usage", lambda path: SimpleNamespace(free=50 * 2**20))
    assert build_site.main(["--builddir", str(builddir)]) == 1
    assert f"only 50 MB free on the disk holding {builddir}: free some space" in capsys.readouterr().err
    monkeypatch.setattr(build_site, "run_sphinx", lambda argv, state, env: 1)  # Sphinx ran out of space
    with pytest.raises(build_site.BuildError, match="exit status 1.*only 50 MB free"):
        build_site.build_language("en", builddir, [], [])


ENDINGS = {
    "sys.exit": "sys.exit(0)",
    "os._exit": "os._exit(0)",
    "stuck in C code": "sum(range(10**12))",  # the time limit's signal never runs: the watchdog ends it
}


@pytest.mark.parametrize("how", list(ENDINGS))
def test_a_tutorial_that_ends_the_build_is_named(tmp_path, monkeypatch, how):
    code = ("import os, sys; from blitz import gallery_runs; gallery_runs.WATCHDOG = 1; "
            f"gallery_runs.time_limit({{}}, '/x/ending_tutorial.py', 'before'); {ENDINGS[how]}")
    monkeypatch.setattr(build_site.project, "sphinx_argv", lambda *args, **kwargs: [sys.executable, "-c", code])
    monkeypatch.setenv("BLITZ_EXAMPLE_TIMEOUT", "1")
    monkeypatch.setenv("PYTHONPATH", str(ROOT / "docs" / "_ext"))
    # run_sphinx stops every process this one started: here, only the one it runs.
    monkeypatch.setattr(build_site, "run_sphinx", lambda argv, state, env: subprocess.run(
        argv, env={**env, "BLITZ_RUN_STATE": str(state)}, timeout=60).returncode)
    (tmp_path / "state").mkdir()
    with pytest.raises(build_site.BuildError, match=r"ended \(exit status \d\) while ending_tutorial\.py was running"):
        build_site.build_language("en", tmp_path, [], [])


# -- What changed --------------------------------------------------------------------------


def test_inputs_are_what_git_tracks_never_what_the_build_writes():
    files = build_site.input_files(ROOT, ["conf.py", "docs", "examples"])
    assert "conf.py" in files and "examples/tensor_tutorial.py" in files
    assert not [f for f in files if f.startswith(("docs/tutorials/", "examples/data/")) or f.endswith(".pyc")]


def test_an_edit_counts_by_content_even_with_its_old_time(tmp_path):
    (tmp_path / "docs").mkdir()
    page = tmp_path / "docs" / "page.md"
    page.write_text("one")
    before = build_site.digest(tmp_path, ["docs"], [])
    stat = page.stat()
    page.write_text("two")
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # as cp -p or tar would leave it
    edited = build_site.digest(tmp_path, ["docs"], [])
    (tmp_path / "docs" / "new page.md").write_text("")
    added = build_site.digest(tmp_path, ["docs"], [])
    assert len({before, edited, added, build_site.digest(tmp_path, ["docs"], ["-W"])}) == 4  # each one counts


# -- Every process accounted for -------------------------------------------------------------

# In a process of its own: run_sphinx stops every descendant of the process that runs it.
RUN = ("import os, sys, build_site; assert build_site.become_subreaper(); "
       "build_site.run_sphinx([sys.executable, '-c', sys.argv[1]], build_site.Path(sys.argv[2]), dict(os.environ))")

DETACHERS = {
    # What a tutorial might do: a double fork, a new session, then end the build.
    "double fork": 'import subprocess; subprocess.Popen("sleep {tag} &", shell=True).wait()',
    "setsid": 'import subprocess; subprocess.Popen(["setsid", "sleep", "{tag}"])',
    # sphinx-build killed with SIGKILL while a process it started (here: sleep) runs.
    "kill -9": 'import os, signal, subprocess; subprocess.Popen(["sleep", "{tag}"]); os.kill(os.getpid(), signal.SIGKILL)',
}


def _running(tag: str) -> list[int]:
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        with contextlib.suppress(OSError):  # a process that ended meanwhile
            if cmdline.read_bytes().split(b"\0")[:2] == [b"sleep", tag.encode()]:
                found.append(int(cmdline.parent.name))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="Linux /proc")
@pytest.mark.parametrize("how", list(DETACHERS))
def test_no_process_outlives_the_build_however_it_detached(tmp_path, how):
    tag = str(600 + list(DETACHERS).index(how)) + ".5"
    proc = subprocess.run([sys.executable, "-c", RUN, DETACHERS[how].format(tag=tag), str(tmp_path / "state")],
                          env={**os.environ, "PYTHONPATH": str(ROOT / "tools")}, capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    try:
        assert _running(tag) == [], f"{how}: a process outlived the build"
    finally:
        for pid in _running(tag):
            os.kill(pid, 9)
