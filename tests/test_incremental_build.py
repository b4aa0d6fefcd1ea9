"""`make html` runs Sphinx for a language only when one of its inputs changed.

The Makefile's stamps (_build/stamps/<lang>, see "Building only what changed")
are exercised in a copy of the project with a stand-in for Sphinx that records
each build it is asked for, so every case takes about a second: an edit must
rebuild what it affects, and nothing else, and no edit may be lost.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import ROOT
from project import LANGUAGES, SOURCE_LANGUAGE, TRANSLATIONS, copy_project

TRANSLATION = TRANSLATIONS[0]

# Stands in for `python -m sphinx`: appends the language it builds to a log,
# writes what a real build writes (the output folder's .buildinfo, the
# executed gallery, bytecode, a file a tutorial saves, compiled catalogs),
# and on request fails or saves a source file while it builds one language
# (an author editing mid-build).
FAKE_SPHINX = textwrap.dedent('''\
    import os, sys
    from pathlib import Path
    argv = sys.argv[1:]
    language = next((a.split("=", 1)[1] for a in argv if a.startswith("language=")), "{source}")
    with open(os.environ["FAKE_SPHINX_LOG"], "a", encoding="utf-8") as log:
        log.write(language + "\\n")
    saves, _, path = os.environ.get("FAKE_SPHINX_SAVES", "").partition(":")
    if saves == language:
        Path(path).touch()
    if os.environ.get("FAKE_SPHINX_FAILS") == language:
        sys.exit("the build failed")
    written = ["docs/tutorials/index.rst", "docs/sg_execution_times.rst",
               "docs/_ext/blitz/__pycache__/gallery.cpython-311.pyc",
               f"locale/{language}/LC_MESSAGES/index.mo", argv[-1] + "/.buildinfo"]
    for path in map(Path, written):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("written by the build\\n", encoding="utf-8")
''').replace("{source}", SOURCE_LANGUAGE)


@pytest.fixture(params=["git checkout", "source tree"])
def project(request, tmp_path):
    """A copy of the project where `make html` builds with the stand-in.

    Both ways the Makefile lists sources: `git ls-files` in a checkout,
    `find` in a tree without git.
    """
    root = copy_project(tmp_path / "project", make=True)
    if request.param == "git checkout":
        shutil.copy2(ROOT / ".gitignore", root / ".gitignore")
        subprocess.run(["git", "init", "-q"], cwd=root, check=True)
        subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    fake = tmp_path / "fake_sphinx.py"
    fake.write_text(FAKE_SPHINX, encoding="utf-8")
    log = tmp_path / "builds.log"
    log.touch()

    def make(*args: str, fails: str = "", saves: str = "") -> list[str]:
        """Runs `make html`; returns the languages the stand-in built."""
        env = {k: v for k, v in os.environ.items() if k not in ("SPHINXOPTS", "MAKEFLAGS", "BUILDDIR")}
        env.update(FAKE_SPHINX_LOG=str(log), FAKE_SPHINX_FAILS=fails, FAKE_SPHINX_SAVES=saves)
        before = log.read_text(encoding="utf-8").split()
        # -o: the steps that check the system, the data and the catalogs.
        proc = subprocess.run(
            ["make", "--no-print-directory", "-o", "preflight", "-o", "data", "-o", "check-po",
             f"SPHINX={sys.executable} {fake}", *args, "html"],
            cwd=root, env=env, capture_output=True, text=True, timeout=120,
        )
        if not fails:
            assert proc.returncode == 0, proc.stdout + proc.stderr
        else:
            assert proc.returncode != 0
        return log.read_text(encoding="utf-8").split()[len(before):]

    make.root = root
    # The first build builds every language, the source first; the next, nothing.
    assert make() == list(LANGUAGES)
    assert make() == []
    return make


def test_an_edited_page_or_tutorial_rebuilds_every_language(project):
    (project.root / "docs" / "setup.md").touch()
    assert project() == list(LANGUAGES)
    (project.root / "examples" / "tensor_tutorial.py").touch()
    assert project() == list(LANGUAGES)
    (project.root / "docs" / "_ext" / "blitz" / "gallery.py").touch()
    assert project() == list(LANGUAGES)
    assert project() == []


def test_an_edited_catalog_rebuilds_its_language_only(project):
    catalog = next((project.root / "locale" / TRANSLATION).rglob("*.po"))
    catalog.touch()
    assert project() == [TRANSLATION]
    assert project() == []


def test_a_deleted_or_added_file_rebuilds(project):
    (project.root / "docs" / "404.md").unlink()
    assert project() == list(LANGUAGES)
    # Names make can't take as prerequisites: a space, a colon (also among the
    # root pages' templates).
    for name in ("new page.md", "a:b.png", "_root/c:d.txt"):
        (project.root / "docs" / name).write_text("# New\n", encoding="utf-8")
        assert project() == list(LANGUAGES), name
        (project.root / "docs" / name).write_text("# Edited\n", encoding="utf-8")
        assert project() == list(LANGUAGES), name
    assert project() == []


def test_an_edit_that_kept_the_old_time_rebuilds(project):
    """cp -p, tar and rsync -t put a file's old time back: its content still counts."""
    for path in (project.root / "examples" / "autograd_tutorial.py", next((project.root / "locale").rglob("*.po"))):
        before = path.stat()
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert project() != [], path.name
        assert project() == []


def test_other_options_rebuild(project):
    assert project("SPHINXOPTS=-W") == list(LANGUAGES)
    assert project("SPHINXOPTS=-W") == []
    assert project("SOURCE_DATE_EPOCH=1700000000", "SPHINXOPTS=-W") == list(LANGUAGES)
    assert project() == list(LANGUAGES)


def test_a_removed_site_folder_is_built_again(project):
    shutil.rmtree(project.root / "_build" / "html" / TRANSLATION)
    assert project() == [TRANSLATION]
    assert (project.root / "_build" / "html" / TRANSLATION / ".buildinfo").is_file()
    assert project() == []
    shutil.rmtree(project.root / "_build" / "html" / SOURCE_LANGUAGE)
    assert project() == list(LANGUAGES)
    assert project() == []


def test_a_failed_build_is_tried_again(project):
    (project.root / "docs" / "setup.md").touch()
    assert project(fails=TRANSLATION) == list(LANGUAGES)
    assert project() == [TRANSLATION]
    assert project() == []


def test_a_file_saved_during_a_build_is_built_by_the_next(project):
    (project.root / "docs" / "setup.md").touch()
    tutorial = project.root / "examples" / "autograd_tutorial.py"
    assert project(saves=f"{SOURCE_LANGUAGE}:{tutorial}") == list(LANGUAGES)
    assert project() == list(LANGUAGES)
    catalog = next((project.root / "locale" / TRANSLATION).rglob("*.po"))
    catalog.touch()
    assert project(saves=f"{TRANSLATION}:{catalog}") == [TRANSLATION]
    assert project() == [TRANSLATION]
    assert project() == []


def concrete_path(pattern: str) -> str | None:
    """A file under docs/, examples/ or locale/ that a .gitignore line matches, if any."""
    pattern = pattern.strip()
    if pattern.startswith("/") and "/" not in pattern[1:].rstrip("/"):
        return None  # a name at the top of the project only
    pattern = pattern.lstrip("/")
    if pattern.startswith(("docs/", "examples/", "locale/")):
        path = pattern.replace("**", "zh_CN/LC_MESSAGES").replace("*", "x")
        return path + "x.txt" if path.endswith("/") else path
    if "/" not in pattern.rstrip("/"):  # a name, anywhere
        name = pattern.replace("*", "x")
        return f"docs/_ext/{name}x.txt" if name.endswith("/") else f"docs/_ext/{name}"
    return None


@pytest.mark.parametrize("checkout", [False, True], ids=["source tree", "git checkout"])
def test_the_inputs_leave_out_the_outputs_gitignore_lists(tmp_path, checkout):
    """Outside git, the Makefile's find must leave out what .gitignore does."""
    root = copy_project(tmp_path / "project")
    shutil.copy2(ROOT / ".gitignore", root / ".gitignore")
    shutil.copy2(ROOT / "Makefile", root / "Makefile")
    (root / "tools").mkdir()
    shutil.copy2(ROOT / "tools" / "project.py", root / "tools" / "project.py")
    if checkout:
        subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    lines = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    outputs = {p for line in lines if line.strip() and not line.startswith("#") if (p := concrete_path(line))}
    assert {"docs/tutorials/x.txt", "docs/_ext/x.pyc"} <= outputs, outputs
    for path in [*outputs, "docs/a new page.md", "examples/new_tutorial.py"]:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text("x\n", encoding="utf-8")
    listed = subprocess.run(
        ["make", "--no-print-directory", "--eval", "print-inputs: ; @$(call list-files,$(SOURCES) locale)",
         "print-inputs"], cwd=root, capture_output=True, text=True, timeout=60, check=True,
    ).stdout.splitlines()
    assert "docs/a new page.md" in listed and "examples/new_tutorial.py" in listed and "conf.py" in listed
    assert not outputs & set(listed)
