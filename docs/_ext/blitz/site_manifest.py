"""A finished build says so, and an edited extension reads every page again.

``build-finished`` without an error writes ``.build-manifest.json`` into the
output folder: every page of the project, as the file the builder wrote for
it.  tools/build_site.py publishes a language only when the manifest and
every page it lists are there, so a build that ended early (a tutorial that
exited the process, a full disk, a killed Sphinx) publishes nothing.

Sphinx reads a page again when the page or the configuration changed, not
when the code of an extension that transforms it did: ``extension_digest``,
a hash of every file under ``docs/_ext/``, is declared to need a new
environment.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

MANIFEST = ".build-manifest.json"


def write_manifest(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    pages = sorted(app.builder.get_target_uri(docname) for docname in app.env.found_docs)
    Path(app.outdir, MANIFEST).write_text(json.dumps({"pages": pages}, indent=1), encoding="utf-8")


def extension_digest(folder: Path = Path(__file__).resolve().parent) -> str:
    """A hash of the name and content of every Python file of the extensions."""
    sha = hashlib.sha256()
    for path in sorted(folder.rglob("*.py")):
        sha.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    return sha.hexdigest()


def record_extension_digest(app, config) -> None:
    config.extension_digest = extension_digest()


def setup(app):
    # "env": a new value means every page is read and written again.
    app.add_config_value("extension_digest", "", "env", types=[str])
    app.connect("config-inited", record_extension_digest)
    app.connect("build-finished", write_manifest, priority=900)  # after everything else was written
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
