"""The translated notebook and zip of a tutorial, written as sphinx-gallery writes them.

The notebook is made by sphinx-gallery's own ``jupyter_notebook`` from the
translated blocks, cleaned as sphinx-gallery cleans them; the zip keeps the
members, names and dates of sphinx-gallery's zip, with the translated
script and notebook inside.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from .._compat import clean_notebook_blocks, jupyter_notebook, notebook_json
from .script_text import translate_blocks


def localized_notebook(source: str, lookup, gallery_conf: dict, target_dir, messages: dict | None = None) -> dict:
    """The notebook sphinx-gallery would write for ``source``, translated.

    The blocks are cleaned as sphinx-gallery cleans them before writing the
    notebook (ignore blocks, and config comments when
    ``remove_config_comments`` is set); paragraphs stay on one line each.
    ``messages`` are the page's messages by block (:mod:`.page_messages`).
    """
    blocks = clean_notebook_blocks(translate_blocks(source, lookup, messages), gallery_conf)
    return jupyter_notebook(blocks, gallery_conf, target_dir)


def notebook_text(notebook: dict) -> str:
    """The notebook as ``sphinx_gallery.notebook.save_notebook`` writes it."""
    return notebook_json(notebook)


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
