"""Keep the theme's compiled page templates between builds.

Every Sphinx process compiles the theme's Jinja templates (pydata-sphinx-theme's
layout and its many components) before it renders its first page, even in a
rebuild that only rewrites the index and search pages.  That is about half a
second per process, paid twice by ``make html`` (English, then Chinese).

conf.py names :class:`CachingTemplateLoader` as ``template_bridge`` (a
documented Sphinx setting): Sphinx's own template loader, with Jinja's
documented ``FileSystemBytecodeCache`` in ``<doctree dir>/../jinja-bytecode``.
Jinja recompiles a template whose source changed (the cache is keyed by the
template's path and checked against a hash of its source), and the compiled
code is the same for every language (translations are looked up when a page
is rendered), so the pages are exactly those an uncached build writes.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemBytecodeCache

from ._compat import BuiltinTemplateLoader


class CachingTemplateLoader(BuiltinTemplateLoader):
    """Sphinx's template loader with an on-disk cache of compiled templates."""

    def init(self, builder, theme=None, dirs=None) -> None:
        super().init(builder, theme, dirs)
        cache = Path(builder.doctreedir).parent / "jinja-bytecode"
        cache.mkdir(parents=True, exist_ok=True)
        self.environment.bytecode_cache = FileSystemBytecodeCache(str(cache))
