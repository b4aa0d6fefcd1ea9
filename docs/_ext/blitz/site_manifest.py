"""A finished build says so: the list of pages it wrote.

When an HTML build ends without an error (``build-finished``), this writes
``.build-manifest.json`` into the output folder: every page of the project,
as the file the builder wrote for it.  tools/build_site.py publishes a
language only when its manifest is there and every page it lists, and
every file those pages link to, exists; so a build that ended early (a
tutorial that exited the process, a full disk, a killed Sphinx) publishes
nothing, however its process exited.
"""

from __future__ import annotations

import json
from pathlib import Path

MANIFEST = ".build-manifest.json"


def write_manifest(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    pages = sorted(app.builder.get_target_uri(docname) for docname in app.env.found_docs)
    Path(app.outdir, MANIFEST).write_text(json.dumps({"pages": pages}, indent=1), encoding="utf-8")


def setup(app):
    app.connect("build-finished", write_manifest, priority=900)  # after everything else was written
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
