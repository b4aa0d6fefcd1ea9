"""What sphinx-gallery reads and writes: readable sources, nothing stale, sane sizes.

* A source that is not UTF-8 stops the build at once, naming the file, line
  and column (sphinx-gallery would fail deep inside with a traceback).
* sphinx-gallery writes each tutorial's page, copy, notebook, zip, figures
  and caches next to the site's sources and never removes them: a deleted
  tutorial's page stayed a source, failing the build ("document isn't
  included in any toctree") on every CI run whose cache brought it back.
  :func:`check_sources` deletes the files of tutorials that no longer exist
  before sphinx-gallery runs.
* An output block longer than :data:`OUTPUT_LIMIT` characters (a page nobody
  could load) keeps its first and last lines, with a line saying how many
  were left out.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx.errors import ConfigError
from sphinx.util import logging

from . import _compat

logger = logging.getLogger(__name__)

#: Characters of printed output one block may show (about 1 MB).
OUTPUT_LIMIT = 1_000_000
HEAD_LINES, TAIL_LINES = 400, 100

# sphinx-gallery's names for a tutorial's files: <stem>.rst, .py, .ipynb, .zip,
# .py.md5, .codeobj.json...; images/sphx_glr_<stem>_001.png, thumb/sphx_glr_<stem>_thumb.png.
_GENERATED = re.compile(r"^(?P<stem>[^.]+)\.(?:rst|py|ipynb|zip|py\.md5|[a-z]+\.json)$")
_IMAGE = re.compile(r"^sphx_glr_(?P<stem>.+?)_(?:\d{3}|thumb)[._]")


def check_sources(app) -> None:
    """``builder-inited``: every tutorial source is UTF-8; deleted ones leave nothing."""
    for examples, gallery in _compat.gallery_folders(app.config.sphinx_gallery_conf):
        scripts = sorted(Path(app.srcdir, examples).glob("*.py"))
        errors = []
        for path in scripts:
            data = path.read_bytes()
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as exc:
                *lines, last = data[: exc.start].split(b"\n")
                where = f"{path}:{len(lines) + 1}:{len(last) + 1}"
                errors.append(f"{where}: not UTF-8 (byte {data[exc.start]:#04x}); save the file as UTF-8")
        if errors:
            raise ConfigError("\n".join(errors))
        sources = {p.stem for p in scripts} | {"index"}
        generated = [(p, _GENERATED.match(p.name)) for p in Path(app.srcdir, gallery).glob("*")]
        generated += [(p, _IMAGE.match(p.name)) for p in Path(app.srcdir, gallery, "images").rglob("sphx_glr_*")]
        orphans = sorted(p for p, match in generated if match and p.is_file() and match["stem"] not in sources)
        for path in orphans:
            path.unlink()
        if orphans:
            logger.info("removed %d generated file(s) of deleted tutorials (e.g. %s)", len(orphans), orphans[0].name)


def cut_long_outputs(app, doctree) -> None:
    """``doctree-read``: shorten output blocks longer than OUTPUT_LIMIT."""
    for block in doctree.findall(nodes.literal_block):
        classes = block.get("classes", []) + (block.parent.get("classes", []) if block.parent else [])
        text = block.astext()
        if "sphx-glr-script-out" not in classes or len(text) <= OUTPUT_LIMIT:
            continue
        lines = text.splitlines()
        head = "\n".join(lines[:HEAD_LINES])[: OUTPUT_LIMIT // 2]
        tail = "\n".join(lines[-TAIL_LINES:])[-OUTPUT_LIMIT // 10 :]
        omitted = len(lines) - head.count("\n") - tail.count("\n") - 2
        note = f"[... {omitted:,} lines omitted: the output was {len(text):,} characters ...]"
        block.children = []
        block += nodes.Text(f"{head}\n{note}\n{tail}")
        logger.info("%s prints %s characters in one cell: the page shows its start and end",
                    app.env.docname, f"{len(text):,}")


def setup(app):
    app.connect("builder-inited", check_sources, priority=400)  # before sphinx-gallery (500)
    app.connect("doctree-read", cut_long_outputs)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
