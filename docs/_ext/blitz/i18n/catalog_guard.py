"""Refuse translated builds from faulty catalogs; re-render on catalog edits.

``make html`` checks the catalogs before building (:mod:`.markup_check`);
this check when a translated build starts means that ``sphinx-build -D
language=zh_CN`` alone cannot publish a hostile or broken translation
either.  Sphinx re-reads a page only when its own catalog changes, but pages
also use ``sphinx.po`` and other pages' catalogs (gallery cards), so
``catalog_digest``, a hash of all the language's catalogs, is a config value
that needs a new environment.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from sphinx.errors import ConfigError
from sphinx.util import logging

from . import markup_check
from .catalogs import build_language, source_language

logger = logging.getLogger(__name__)


def digest(paths: list[Path]) -> str:
    sha = hashlib.sha256()
    for path in paths:
        sha.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return sha.hexdigest()


def check_catalogs(app, config) -> None:
    language = build_language(config)
    if language == source_language(config):
        return
    catalogs = markup_check.catalog_files([Path(app.srcdir, d, language, "LC_MESSAGES") for d in config.locale_dirs])
    removed = markup_check.remove_unreadable_mo(catalogs)
    for mo in removed:
        logger.info("removed %s: unreadable (an interrupted build?); Sphinx compiles it again", os.path.relpath(mo))
    if any(mo.stem == "sphinx" for mo in removed):
        # Sphinx loaded the labels of its templates before this check ran.
        raise ConfigError(
            "the template labels' catalog (sphinx.mo) was unreadable and has been removed; "
            "build again, and Sphinx compiles it from sphinx.po (make html does this before building)."
        )
    _, _, problems = markup_check.check_all(catalogs)
    if problems:
        raise ConfigError(
            f"{len(problems)} translation(s) change more than words:\n  "
            + "\n  ".join(problems)
            + "\nKeep the English markup and translate only the words, then build again."
        )
    config.catalog_digest = digest(catalogs)


def setup(app):
    app.add_config_value("catalog_digest", "", "env", types=[str])
    app.connect("config-inited", check_catalogs)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
