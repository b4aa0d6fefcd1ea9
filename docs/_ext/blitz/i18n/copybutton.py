"""sphinx-copybutton's Chinese messages with Chinese punctuation.

sphinx-copybutton ships its own messages inside ``copybutton.js`` (no
gettext catalog); its zh-CN "copied" message ends in a half-width "!".
After a Chinese build this replaces the few messages listed in
``copybutton_messages`` in the site's copy of the script, and warns when
one is no longer there (a new sphinx-copybutton changed its wording).
"""

from __future__ import annotations

from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

#: {language: {message as sphinx-copybutton writes it: as this site writes it}}
MESSAGES = {"zh_CN": {"'复制成功!'": "'复制成功！'"}}


def fix_messages(script: str, replacements: dict[str, str]) -> tuple[str, list[str]]:
    """``script`` with each message replaced, and the messages not found."""
    missing = [old for old in replacements if old not in script]
    for old, new in replacements.items():
        script = script.replace(old, new)
    return script, missing


def rewrite(app, exception) -> None:
    replacements = MESSAGES.get(app.config.language or "")
    path = Path(app.outdir, "_static", "copybutton.js")
    if exception or not replacements or app.builder.format != "html" or not path.is_file():
        return
    script, missing = fix_messages(path.read_text(encoding="utf-8"), replacements)
    for old in missing:
        logger.warning("copybutton.js no longer has the message %s: update blitz/i18n/copybutton.py", old)
    path.write_text(script, encoding="utf-8")


def setup(app):
    app.connect("build-finished", rewrite)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
