"""The project's folders, languages, pages and build command, defined once.

The Makefile and CI run ``tools/project.py languages`` (or ``translations``).
conf.py is read, not imported (its values must be literals), so this module
needs only the standard library: it runs before .venv/ exists, and in CI
jobs that install nothing but Babel.
"""

from __future__ import annotations

import ast
import os
import shutil
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONF = ROOT / "conf.py"
DOCS = ROOT / "docs"
EXAMPLES = ROOT / "examples"
# sphinx-gallery's executed copy of the tutorials (the gallery cache).
GALLERY = DOCS / "tutorials"
BUILD = ROOT / "_build"
# The built site (`make html`): one folder per language and the root pages.
# SITE_DIR points the tests and tools at another build.
SITE = Path(os.environ.get("SITE_DIR", BUILD / "html")).resolve()
KATEX = ROOT / ".cache" / "npm" / "katex"

# The options `make html` passes to every Sphinx build (the Makefile's SPHINXOPTS).
SPHINXOPTS = ("-W", "--keep-going", "-n")


# -- conf.py ---------------------------------------------------------------------


def conf_value(name: str, conf: Path = CONF):
    """The literal value conf.py assigns to ``name`` (its last assignment)."""
    found = None
    for node in ast.parse(conf.read_text(encoding="utf-8"), filename=str(conf)).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            found = node.value
    if found is None:
        raise LookupError(f"{conf} does not set {name}")
    try:
        return ast.literal_eval(found)
    except ValueError:
        raise ValueError(f"{conf}: {name} must be a literal (tools/project.py reads it without running conf.py)") from None


def site_languages(conf: Path = CONF) -> dict[str, str]:
    """conf.py's ``site_languages`` (code -> label), the source language first."""
    languages = conf_value("site_languages", conf)
    source = conf_value("language", conf)
    if source not in languages:
        raise ValueError(f"{conf}: the source language {source!r} is not in site_languages {list(languages)}")
    return {source: languages[source], **{code: label for code, label in languages.items() if code != source}}


LANGUAGES: tuple[str, ...] = tuple(site_languages())
SOURCE_LANGUAGE = LANGUAGES[0]
TRANSLATIONS: tuple[str, ...] = LANGUAGES[1:]


# -- Pages and the build command ---------------------------------------------------

TUTORIALS: list[str] = sorted(p.stem for p in EXAMPLES.glob("*_tutorial.py"))


def sphinx_argv(language: str, outdir: Path, doctrees: Path, options: Sequence[str]) -> list[str]:
    """The sphinx-build command line of one language's HTML, run in the project root."""
    # A translated build executes nothing, so it may fork one reader per core.
    translated = ["-D", f"language={language}", "-j", "auto"] if language != SOURCE_LANGUAGE else []
    return [sys.executable, "-m", "sphinx", "-c", ".", "-b", "html", "-d", str(doctrees), *options, *translated,
            "docs", str(outdir)]


# -- A scratch copy of the project ---------------------------------------------------


def copy_project(dest: Path, *, make: bool = False, gallery: bool = False) -> Path:
    """A copy of the sources without builds; ``make``: `make` runs in it; ``gallery``: the executed gallery too."""
    dest.mkdir(parents=True, exist_ok=True)
    skip = (".venv", "_build", "data", ".git", "__pycache__", "*.mo", ".cache")
    sources = ("conf.py", "docs", "examples", "locale")
    for name in sources + (("tools", "Makefile", "requirements.txt") if make else ()):
        src = ROOT / name
        if src.is_dir():
            # docs/tutorials/ is the executed gallery (no folder of docs/ is named tutorials otherwise);
            # locale/ has catalogs named tutorials/ too.
            executed = ("tutorials",) if name == "docs" else ()
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns(*skip, *executed))
        else:
            shutil.copy2(src, dest / name)
    if KATEX.is_dir():
        (dest / ".cache" / "npm").mkdir(parents=True)
        (dest / ".cache" / "npm" / "katex").symlink_to(KATEX)
    if make:
        (dest / ".venv").symlink_to(ROOT / ".venv")
        (dest / "examples" / "data").symlink_to(EXAMPLES / "data")
    if gallery and GALLERY.is_dir():
        shutil.copytree(GALLERY, dest / "docs" / "tutorials", ignore=shutil.ignore_patterns("__pycache__"))
    return dest


# -- Serving the built site ----------------------------------------------------------

# What GitHub Pages compresses: text, not images or woff2 fonts (already compressed).
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".txt", ".xml", ".map", ".py", ".ipynb"}


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1, on a free port, from a thread; yields the base URL."""
    # Imported here: the Makefile runs this module on every call, and these take 0.1 s.
    import gzip
    import http.server
    import io

    class SiteHandler(http.server.SimpleHTTPRequestHandler):
        """As GitHub Pages serves the site: text gzipped (what Lighthouse measures), 404.html for a missing file."""

        extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".ipynb": "application/x-ipynb+json"}

        def send_head(self):
            path, status = Path(self.translate_path(self.path)), 200
            if not path.exists() and (Path(self.directory) / "404.html").is_file():
                path, status = Path(self.directory) / "404.html", 404
            gzipped = path.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", "")
            if status == 200 and not (gzipped and path.is_file()):
                return super().send_head()
            body = gzip.compress(path.read_bytes(), compresslevel=6) if gzipped else path.read_bytes()
            self.send_response(status)
            self.send_header("Content-Type", self.guess_type(str(path)))
            if gzipped:
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Vary", "Accept-Encoding")
            self.end_headers()
            return io.BytesIO(body)

        def log_message(self, format, *args):  # noqa: A002 (the base class's name)
            pass

    class SiteServer(http.server.ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request, client_address):
            # A browser that drops a connection (a page left mid-load) is no server fault.
            if not isinstance(sys.exc_info()[1], ConnectionError):
                super().handle_error(request, client_address)

    server = SiteServer(("127.0.0.1", 0), partial(SiteHandler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    print(" ".join({"languages": LANGUAGES, "translations": TRANSLATIONS}[sys.argv[1]]))
