"""Give the translated pages figures with translated text, from the one execution.

sphinx-gallery executes each tutorial once, in the English build, and saves
its matplotlib figures as PNG files; the translated build reuses them.  Text
inside a figure (titles, axis labels, legends, tick labels, annotations) is
therefore English on every page unless the figure is drawn again.  This
extension draws it again, from the figure objects the tutorial created:

* :func:`scraper` (:mod:`blitz.i18n.figure_scraper`), named in
  ``sphinx_gallery_conf["image_scrapers"]``, runs
  sphinx-gallery's own matplotlib scraper (which saves the English PNG), then
  keeps each figure next to its PNG: the pickled figure
  (``<image>.figure.pickle``, matplotlib supports pickling figures) and a JSON
  file (``<image>.figure.json``) with the figure's strings and the resolution
  it was saved at.
* In a ``gettext`` build, the strings of every figure on a page become
  messages of the page's catalog (hidden literal blocks after the image, so
  line breaks inside a label are kept), and ``make update-po`` adds them to
  ``locale/`` like any other message.
* In a translated build, a figure with at least one translated string is
  unpickled, its text replaced from the page's catalog, and saved as
  ``<image>.<language>.png`` next to the English one, with a font that has
  the language's glyphs (``figure_i18n_fonts``); the page's image then points
  at that file.  Strings without a translation stay English.  A figure is
  drawn again only when its pickle, its translations or the font changed.
  The gallery thumbnail of a tutorial is made the same way from its
  translated figure, wherever the thumbnail appears.

Because the translated figures are drawn at build time from the pickles, a
changed translation shows up without executing the tutorial again.  The
English build never needs the translation fonts; a translated build without
them warns, naming the package to install, and keeps the English figures.
The pickles are build outputs of this project, read back by the same build.

This module is the Sphinx side (the transform); the drawing itself, without
Sphinx, is :mod:`blitz.i18n.figure_drawing`.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from .. import _compat
from .catalogs import is_gettext, is_translated, page_catalog
from .figure_drawing import (
    DEFAULT_FONTS,
    FONT_PACKAGES,
    SIDECAR_SUFFIX,
    draw_translated,
    font_path,
    format_srcset,
    parse_srcset,
    read_sidecar,
    translated_name,
)
from .figure_scraper import scraper  # noqa: F401 (named in conf.py's sphinx_gallery_conf)

logger = logging.getLogger(__name__)


class FigureText(SphinxTransform):
    """Extract figure strings (gettext) or point at the translated figure."""

    default_priority = 15  # before Sphinx's Locale transform, like the alt text

    def apply(self, **kwargs) -> None:
        gettext, translated = is_gettext(self.app), is_translated(self.app)
        if not (gettext or translated):
            return
        srcdir = Path(self.app.srcdir)
        catalog = page_catalog(self.app, self.env.docname) if translated else {}
        if translated:
            for node in list(self.document.findall(nodes.image)):
                example = _compat.thumbnail_example(node.get("uri", ""))
                if example:
                    self._translate_thumbnail(node, *example)
        for node in list(self.document.findall(_compat.figure_node)):
            found = read_sidecar(srcdir, node["uri"])
            if found is None:
                logger.warning(
                    "%s has no %s next to it: the tutorials ran before figure translation "
                    "was set up (or the figure could not be pickled); run `make clean html` "
                    "to execute them again",
                    node["uri"].lstrip("/"), SIDECAR_SUFFIX, location=node, once=True,
                )
                continue
            image, sidecar = found
            if gettext:
                self._extract(node, sidecar["texts"])
            elif any(catalog.get(t, t) != t for t in sidecar["texts"]):
                self._translate(node, image, sidecar, catalog)

    @staticmethod
    def _extract(node, texts: list[str]) -> None:
        parent = node.parent
        index = parent.index(node) + 1
        for text in reversed(texts):
            block = nodes.literal_block(text, text)
            block[_compat.TRANSLATABLE] = True  # a message, line breaks kept
            block.source, block.line = node.source or parent.source, node.line or parent.line
            parent.insert(index, block)

    def _font(self, node) -> str | None:
        """The font for this language's figures, or None (with a warning) if missing."""
        language = self.config.language
        font = self.config.figure_i18n_fonts.get(language)
        if font and font_path(font) is None:
            package = FONT_PACKAGES.get(font)
            how = f"install {package} (Debian: apt-get install {package})" if package else "install it"
            logger.warning(
                "the %s figures need the font %r, which matplotlib cannot find: %s and remove "
                "~/.cache/matplotlib; the pages keep the English figures",
                language, font, how, location=node, once=True,
            )
            return None
        return font

    def _translate_thumbnail(self, node, folder: str, name: str) -> None:
        """Point a gallery thumbnail at one made from the translated figure."""
        srcdir, language = Path(self.app.srcdir), self.config.language
        gallery_conf = getattr(self.config, "sphinx_gallery_conf", None) or {}
        docname = f"{folder}/{name}"
        script = _compat.example_copy(srcdir, gallery_conf, docname)
        catalog = page_catalog(self.app, docname)
        if not catalog or script is None:
            return
        file_conf = _compat.script_file_conf(script)
        if file_conf.get("thumbnail_path") and "thumbnail_number" not in file_conf:
            return
        number = int(file_conf.get("thumbnail_number", 1))
        images = _compat.figure_files(script.parent, name)
        index = number - 1 if number > 0 else number  # negative: from the last one
        if not -len(images) <= index < len(images):
            return
        image = images[index]
        found = read_sidecar(srcdir, "/" + image.relative_to(srcdir).as_posix())
        if found is None or not any(catalog.get(t, t) != t for t in found[1]["texts"]):
            return
        font = self._font(node)
        if not font:
            return
        targets = draw_translated(image, found[1], catalog, language, font, {0: image.name})
        if targets is None:
            return
        thumb = Path(srcdir, node["uri"].lstrip("/"))
        new = thumb.with_name(translated_name(PurePosixPath(thumb.name), language).name)
        if not new.is_file() or new.stat().st_mtime_ns < targets[0].stat().st_mtime_ns:
            size = gallery_conf["thumbnail_size"]
            _compat.scale_image(str(targets[0]), str(new), *size)
        node["uri"] = str(PurePosixPath(node["uri"]).with_name(new.name))

    def _translate(self, node, image: Path, sidecar: dict, catalog: dict) -> None:
        language = self.config.language
        font = self._font(node)
        if not font:
            return
        srcset = parse_srcset(node["srcset"]) if node.get("srcset") else {0: node["uri"]}
        targets = draw_translated(image, sidecar, catalog, language, font, srcset)
        if targets is None:
            return
        new = {
            mult: str(PurePosixPath(path).with_name(target.name))
            for (mult, path), target in zip(srcset.items(), targets)
        }
        node["uri"] = str(PurePosixPath(node["uri"]).with_name(targets[0].name))
        if node.get("srcset"):
            node["srcset"] = format_srcset(new)


def setup(app):
    app.add_config_value("figure_i18n_fonts", DEFAULT_FONTS, "env", types=(dict,))
    app.add_transform(FigureText)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
