"""Give the translated pages figures with translated text, without executing the tutorials again.

The scraper keeps each figure pickled next to its PNG, with its strings; a
gettext build makes the strings messages of the page, and a translated build
draws the figure again as ``<image>.<language>.png`` for the page and its
gallery thumbnail.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from .. import _compat
from ..figure_images import parse_srcset
from .catalogs import is_gettext, is_translated, page_catalog
from .figure_drawing import (
    SIDECAR_SUFFIX,
    draw_translated,
    font_path,
    read_sidecar,
    scraper,  # noqa: F401 (named in conf.py's sphinx_gallery_conf)
    translated_name,
)

logger = logging.getLogger(__name__)

#: The font of each language's figures, and the Debian package that has it.
FONTS = {"zh_CN": ("Noto Sans CJK SC", "fonts-noto-cjk")}


class FigureText(SphinxTransform):
    """Extract figure strings (gettext) or point at the translated figure."""

    default_priority = 15  # before Sphinx's Locale transform, like the alt text

    def apply(self, **kwargs) -> None:
        gettext, translated = is_gettext(self.app), is_translated(self.app)
        if not (gettext or translated):
            return
        catalog = page_catalog(self.app, self.env.docname) if translated else {}
        if translated:
            for node in list(self.document.findall(nodes.image)):
                if example := _compat.thumbnail_example(node.get("uri", "")):
                    self._translate_thumbnail(node, *example)
        for node in list(self.document.findall(_compat.figure_node)):
            image = Path(self.app.srcdir, node["uri"].lstrip("/"))
            sidecar = read_sidecar(image)
            if sidecar is None:
                logger.warning(
                    "%s has no %s next to it: the tutorials ran before figure translation "
                    "was set up (or the figure could not be pickled); run `make clean html` "
                    "to execute them again",
                    node["uri"].lstrip("/"), SIDECAR_SUFFIX, location=node, once=True,
                )
                continue
            if gettext:
                index = node.parent.index(node) + 1
                for text in reversed(sidecar["texts"]):
                    block = nodes.literal_block(text, text)
                    block[_compat.TRANSLATABLE] = True  # a message, line breaks kept
                    block.source, block.line = node.source or node.parent.source, node.line or node.parent.line
                    node.parent.insert(index, block)
            else:
                self._translate(node, image, sidecar, catalog)

    def _draw(self, node, image: Path, sidecar: dict, catalog: dict, srcset: dict[float, str]) -> bool:
        """Draw ``image`` with translated text, one PNG per ``srcset`` density; False keeps the English."""
        language = self.config.language
        font, package = FONTS.get(language, (None, None))
        if not font or not any(catalog.get(t, t) != t for t in sidecar["texts"]):
            return False
        if font_path(font) is None:
            logger.warning(
                "the %s figures need the font %r, which matplotlib cannot find: install %s "
                "(Debian: apt-get install %s) and remove ~/.cache/matplotlib; the pages keep the "
                "English figures",
                language, font, package, package, location=node, once=True,
            )
            return False
        return draw_translated(image, sidecar, catalog, language, font, srcset) is not None

    def _translate_thumbnail(self, node, folder: str, name: str) -> None:
        """Point a gallery thumbnail at one made from the translated figure."""
        srcdir, gallery_conf = Path(self.app.srcdir), self.config.sphinx_gallery_conf
        docname = f"{folder}/{name}"
        script = _compat.example_copy(srcdir, gallery_conf, docname)
        catalog = page_catalog(self.app, docname)
        if not catalog or script is None:
            return
        file_conf = _compat.script_file_conf(script)
        number = int(file_conf.get("thumbnail_number", 1))
        if number < 1 or "thumbnail_path" in file_conf:
            # Only a figure counted from 1 is drawn again in this language.
            logger.error("translated thumbnails follow sphinx_gallery_thumbnail_number >= 1 only", location=docname)
            return
        images = _compat.figure_files(script.parent, name)
        if number > len(images):
            return
        image = images[number - 1]
        sidecar = read_sidecar(image)
        if sidecar is None or not self._draw(node, image, sidecar, catalog, {1.0: image.name}):
            return
        uri = str(translated_name(PurePosixPath(node["uri"]), self.config.language))
        drawn, thumbnail = translated_name(image, self.config.language), srcdir / uri.lstrip("/")
        if not thumbnail.is_file() or thumbnail.stat().st_mtime_ns < drawn.stat().st_mtime_ns:
            _compat.scale_image(str(drawn), str(thumbnail), *gallery_conf["thumbnail_size"])
        node["uri"] = uri

    def _translate(self, node, image: Path, sidecar: dict, catalog: dict) -> None:
        if not self._draw(node, image, sidecar, catalog, parse_srcset(node.get("srcset") or node["uri"])):
            return
        # draw_translated names each density's file as translated_name names its path.
        node["uri"] = str(translated_name(PurePosixPath(node["uri"]), self.config.language))
        if node.get("srcset"):
            node["srcset"] = ", ".join(
                " ".join([str(translated_name(PurePosixPath(path), self.config.language)), *density])
                for path, *density in (entry.split() for entry in node["srcset"].split(","))
            )


def setup(app):
    app.add_transform(FigureText)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
