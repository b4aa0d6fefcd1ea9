"""The notebook and zip of a tutorial, in the build's language, with Markdown text cells.

The notebook is made by sphinx-gallery's own ``jupyter_notebook`` from the
(translated) blocks, cleaned as sphinx-gallery cleans them; then each text
cell, which sphinx-gallery converts with regular expressions that leave
much reST behind, is written again from its block by :mod:`.markdown`.  The
zip keeps the members, names and dates of sphinx-gallery's zip, with the
new script and notebook inside.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from .._compat import clean_notebook_blocks, jupyter_notebook
from .markdown import HeadingLevels, Resolver, rst_to_markdown
from .script_text import translate_blocks


def localized_notebook(source: str, lookup, gallery_conf: dict, target_dir, messages: dict | None = None,
                       resolve: Resolver | None = None, labels: dict | None = None) -> dict:
    """The notebook of ``source``, translated, with Markdown text cells.

    The blocks are cleaned as sphinx-gallery cleans them before writing the
    notebook (ignore blocks, and config comments when
    ``remove_config_comments`` is set).  ``messages`` are the page's messages
    by block (:mod:`.page_messages`); ``resolve`` and ``labels`` are
    :func:`.markdown.rst_to_markdown`'s (links to the site, admonition titles).
    """
    blocks = clean_notebook_blocks(translate_blocks(source, lookup, messages), gallery_conf)
    notebook = jupyter_notebook(blocks, gallery_conf, target_dir)
    texts = [block.content for block in blocks if block.type == "text"]
    cells = [cell for cell in notebook["cells"] if cell["cell_type"] == "markdown"]
    if len(cells) != len(texts):  # cells split by promote_jupyter_magic: keep sphinx-gallery's
        return notebook
    headings = HeadingLevels()
    for cell, text in zip(cells, texts, strict=True):
        cell["source"] = [rst_to_markdown(text, resolve, headings, labels, lookup)]
    return notebook


def notebook_text(notebook: dict) -> str:
    """The notebook file's text, laid out as sphinx-gallery writes its own (indent 2)."""
    return json.dumps(notebook, indent=2)


def write_zip(original: Path, target: Path, members: dict[str, str]) -> None:
    """Copy the zip ``original`` to ``target``, replacing the named members.

    ``members`` maps a member's file name to its new text; the other members,
    the order and each member's date and attributes are kept.
    """
    with zipfile.ZipFile(original) as old:
        infos = [(info, old.read(info)) for info in old.infolist()]
    with zipfile.ZipFile(target, "w") as new:
        for info, data in infos:
            name = Path(info.filename).name
            if name in members:
                new.writestr(info, members[name].encode("utf-8"))
            else:
                new.writestr(info, data)
