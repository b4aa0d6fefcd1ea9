"""Publish downloads only from inside the project.

``:download:`` (and MyST's ``{download}``) copies the file at its path into
the site, so ``../../../etc/hostname`` in a page or in a translation would
publish any file the build user can read.  Before Sphinx's collector sees a
page, every download path is resolved (symbolic links included) and
accepted only inside one of ``safe_download_dirs``; any other download
becomes its plain text, copies nothing, and fails the build naming the
page, the line and the path.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging

logger = logging.getLogger(__name__)


def check_downloads(app, doctree) -> None:
    roots = [Path(app.srcdir, d).resolve() for d in app.config.safe_download_dirs]
    for node in list(doctree.findall(addnodes.download_reference)):
        target = node.get("reftarget", "")
        if "://" in target:
            continue  # a link to a web page, not a file copied into the site
        _, filename = app.env.relfn2path(target, app.env.docname)
        if any(Path(filename).resolve().is_relative_to(root) for root in roots):  # symbolic links resolved
            continue
        logger.error(
            "download of %s refused: it is outside the project (allowed: %s). "
            "Link to a file in docs/ or examples/; in a translation, keep the English path.",
            target, ", ".join(map(str, roots)),
            location=node, type="download", subtype="outside",
        )
        node.replace_self(nodes.inline(node.astext(), node.astext()))


def setup(app):
    app.add_config_value("safe_download_dirs", ["."], "env", types=[list])
    # Before Sphinx's DownloadFileCollector (priority 500) records the file.
    app.connect("doctree-read", check_downloads, priority=400)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
