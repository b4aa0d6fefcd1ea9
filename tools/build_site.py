"""Build the site's languages and publish them together, or not at all.

``make html`` runs this; what it guarantees, and why it is shaped so, is in
MAINTAINING.md ("What the build guarantees", "Incremental rebuilds").
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs" / "_ext"))

import project  # noqa: E402
from blitz.processes import become_subreaper, descendants, stop_processes  # noqa: E402
from blitz.site_manifest import MANIFEST  # noqa: E402

#: Environment variables a build reads; a change rebuilds.
BUILD_ENV = ("SOURCE_DATE_EPOCH", "BLITZ_EXAMPLE_TIMEOUT")
#: Free space a build needs on the disk of _build/ (a clean build writes ~60 MB).
MIN_FREE_MB = 200
# Generated under docs/ and examples/: never inputs (keep in step with .gitignore).
_NOT_INPUTS = {"docs/tutorials", "docs/sg_execution_times.rst", "examples/data"}


class BuildError(Exception):
    """A build that must not be published; the message says why and what to do."""


def low_disk(builddir: Path) -> str:
    """What to do when the disk holding ``builddir`` is nearly full, else ""."""
    free = shutil.disk_usage(builddir if builddir.exists() else builddir.parent).free // 2**20
    return f"only {free} MB free on the disk holding {builddir}: free some space" if free < MIN_FREE_MB else ""


# -- Inputs -------------------------------------------------------------------------------


def input_files(root: Path, paths: list[str]) -> list[str]:
    """The files under ``paths`` that git tracks or would track (sorted)."""
    try:
        listed = subprocess.run(
            ["git", "-c", "core.quotepath=off", "ls-files", "-z", "-co", "--exclude-standard", "--", *paths],
            cwd=root, capture_output=True, check=True, timeout=60,
        ).stdout.decode("utf-8", "surrogateescape").split("\0")
    except (OSError, subprocess.SubprocessError):  # not a git clone (a downloaded archive)
        listed = [str(p.relative_to(root)) for path in paths for p in Path(root, path).rglob("*")]
    return sorted(
        f for f in listed
        if f and Path(root, f).is_file() and not Path(root, f).is_symlink()
        and not any(f == n or f.startswith(n + "/") for n in _NOT_INPUTS)
        and "__pycache__" not in f and not f.endswith((".pyc", ".mo"))
        and not any(part.startswith(".") for part in Path(f).parts)
    )


def digest(root: Path, paths: list[str], extra: list[str]) -> str:
    """A hash of ``extra`` and of the name and content of every input file."""
    sha = hashlib.sha256("\0".join(extra).encode())
    for name in input_files(root, paths):
        sha.update(b"\0" + name.encode("utf-8", "surrogateescape") + b"\0" + Path(root, name).read_bytes())
    return sha.hexdigest()


def language_digests(root: Path, languages: list[str], options: list[str], extra_options: list[str]) -> dict:
    venv = root / ".venv" / ".requirements-installed"
    packages = str(venv.stat().st_mtime_ns) if venv.exists() else ""
    environment = [f"{k}={os.environ.get(k, '')}" for k in BUILD_ENV]
    source = digest(root, ["conf.py", "docs", "examples", "requirements.txt"],
                    [*options, "|", *extra_options, "|", *environment, packages, str(project.KATEX)])
    found = {project.SOURCE_LANGUAGE: source}
    for language in languages:
        if language != project.SOURCE_LANGUAGE:
            found[language] = digest(root, [f"locale/{language}", f"locale/theme/{language}"], [source])
    return found


# -- Checking a staged site -------------------------------------------------------------


class _Links(HTMLParser):
    """The links of a page, read as it streams by: a third of the time a parsed tree takes."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and name in ("src", "href"):
                self.links.append(value)
            elif value and name == "srcset":
                self.links += [v.split()[0] for v in value.split(",") if v.strip()]


def site_problems(site: Path) -> list[str]:
    """Why the staged site of one language must not be published (empty: fine)."""
    manifest = site / MANIFEST
    if not manifest.is_file():
        return [f"{site} has no {MANIFEST}: the build did not finish"]
    pages = json.loads(manifest.read_text(encoding="utf-8"))["pages"]
    problems = [f"{site}: the page {p} is missing" for p in [*pages, "searchindex.js"] if not (site / p).is_file()]
    for page in (p for p in pages if (site / p).is_file()):
        parser = _Links()
        parser.feed((site / page).read_text(encoding="utf-8", errors="replace"))
        for parts in map(urlsplit, parser.links):
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = ((site / page).parent / unquote(parts.path)).resolve()
            if target.is_relative_to(site.resolve()) and not target.exists():
                problems.append(f"{site}/{page} links to {parts.path}, which the build did not write")
    return problems


# -- Running one build --------------------------------------------------------------------


def run_sphinx(argv: list[str], state: Path, env: dict) -> int:
    """Run one Sphinx build; stop every process it leaves; return its status."""
    state.unlink(missing_ok=True)
    process = subprocess.Popen(argv, cwd=project.ROOT, env={**env, "BLITZ_RUN_STATE": str(state)})
    try:
        return process.wait()
    except KeyboardInterrupt:
        try:
            process.wait(timeout=30)  # Ctrl-C reached Sphinx too
        except subprocess.TimeoutExpired:
            process.kill()
        raise
    finally:
        stop_processes(descendants(os.getpid()), wait=3)


def build_language(language: str, builddir: Path, options: list[str], extra: list[str]) -> Path:
    staged = builddir / "staging" / language
    shutil.rmtree(staged, ignore_errors=True)
    state = builddir / "state" / f"{language}.running"  # blitz.gallery_runs names the tutorial running
    argv = project.sphinx_argv(language, outdir=staged, doctrees=builddir / "doctrees" / language,
                               options=[*options, *(extra if language == project.SOURCE_LANGUAGE else [])])
    status = run_sphinx(argv, state, {**os.environ, "BLITZ_BUILD_DIR": str(builddir)})
    if state.is_file():
        tutorial = state.read_text(encoding="utf-8").strip()
        state.unlink()
        raise BuildError(
            f"the {language} build ended (exit status {status}) while {tutorial} was running: a tutorial "
            "must not end the build process (sys.exit, raise SystemExit, os._exit; remove that call), "
            "and one stuck past its time limit is stopped (see where above)"
        )
    if status != 0:
        hint = low_disk(builddir)
        raise BuildError(f"the {language} build failed (exit status {status}; see the messages above)."
                         + (f" There is {hint}." if hint else ""))
    problems = site_problems(staged)
    if problems:
        raise BuildError(f"the {language} build is incomplete:\n  " + "\n  ".join(problems[:20]))
    (staged / MANIFEST).unlink()
    return staged


def publish(staged: dict[str, Path], builddir: Path) -> None:
    """Move every staged language into _build/html/ together."""
    site = builddir / "html"
    site.mkdir(parents=True, exist_ok=True)
    old = {lang: builddir / "staging" / f"{lang}.old" for lang in staged}
    for lang, path in staged.items():
        shutil.rmtree(old[lang], ignore_errors=True)
        if (site / lang).exists():
            (site / lang).rename(old[lang])
        path.rename(site / lang)
    for path in old.values():
        shutil.rmtree(path, ignore_errors=True)


# -- One build at a time ----------------------------------------------------------------------


def lock(builddir: Path):
    builddir.mkdir(parents=True, exist_ok=True)
    handle = open(builddir / ".lock", "a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        owner = handle.read().strip() or "another build"
        print(f"Another build of this clone is running ({owner}); waiting for it to finish "
              "(Ctrl-C to stop waiting)...", flush=True)
        fcntl.flock(handle, fcntl.LOCK_EX)
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()}, since {time.strftime('%H:%M:%S')}\n")
    handle.flush()
    return handle


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--languages", nargs="+", default=list(project.LANGUAGES), choices=project.LANGUAGES)
    parser.add_argument("--builddir", type=Path, default=project.BUILD)
    parser.add_argument("--options", default=" ".join(project.SPHINXOPTS), help="Sphinx options for every language")
    parser.add_argument("--sphinx-option", action="append", default=[], dest="extra",
                        help="an extra Sphinx argument for the source language (repeat)")
    parser.add_argument("--force", action="store_true", help="build even if nothing changed")
    args = parser.parse_args(argv)
    builddir = project.ROOT / args.builddir  # an absolute one as it is
    options = shlex.split(args.options)
    languages = [lang for lang in project.LANGUAGES if lang in args.languages]
    if hint := low_disk(builddir):
        print(f"Error: {hint}, then build again.", file=sys.stderr)
        return 1
    become_subreaper()
    held = lock(builddir)
    try:
        digests = language_digests(project.ROOT, languages, options, args.extra)
        record = builddir / "state" / "inputs.json"
        record.parent.mkdir(exist_ok=True)  # a fresh clone has no state/ yet
        previous = json.loads(record.read_text(encoding="utf-8")) if record.is_file() else {}
        todo = [
            lang for lang in languages
            if args.force or previous.get(lang) != digests[lang] or not (builddir / "html" / lang / "index.html").is_file()
        ]
        if not todo:
            print(f"Nothing changed since the last build of {', '.join(languages)}.")
            return 0
        staged = {}
        for language in todo:
            print(f"Building {language} into {builddir / 'staging' / language}", flush=True)
            staged[language] = build_language(language, builddir, options, args.extra)
        publish(staged, builddir)
        record.write_text(json.dumps({**previous, **{lang: digests[lang] for lang in todo}}, indent=1), encoding="utf-8")
        print(f"Published {', '.join(todo)} into {builddir / 'html'}.")
        return 0
    except BuildError as error:
        print(f"Error: {error}\nNothing was published: {builddir / 'html'} is as it was.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrupted: nothing was published.", file=sys.stderr)
        return 130
    finally:
        held.close()


if __name__ == "__main__":
    sys.exit(main())
