"""Give the translated pages figures with translated text, from the one execution.

sphinx-gallery executes each tutorial once, in the English build, and saves
its matplotlib figures as PNG files; the translated build reuses them.  Text
inside a figure (titles, axis labels, legends, tick labels, annotations) is
therefore English on every page unless the figure is drawn again.  This
extension draws it again, from the figure objects the tutorial created:

* :func:`scraper`, named in ``sphinx_gallery_conf["image_scrapers"]``, runs
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
"""

from __future__ import annotations

import hashlib
import json
import pickle
import re
from pathlib import Path, PurePosixPath

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx_gallery.directives import imgsgnode
from sphinx_gallery.scrapers import matplotlib_scraper

from .catalogs import is_gettext, is_translated, page_catalog

logger = logging.getLogger(__name__)

PICKLE_SUFFIX = ".figure.pickle"
SIDECAR_SUFFIX = ".figure.json"
# Fonts for the translated figures, per language, and where they come from.
DEFAULT_FONTS = {"zh_CN": "Noto Sans CJK SC"}
FONT_PACKAGES = {"Noto Sans CJK SC": "fonts-noto-cjk"}

_THUMB = re.compile(r"^(?P<dir>.*)/images/thumb/sphx_glr_(?P<name>.+)_thumb\.png$")
_MATH = re.compile(r"(?<!\\)\$.*?(?<!\\)\$", re.S)
_WORD = re.compile(r"[A-Za-z]{2,}")
# Sizes such as 6x28x28: messages too, so that a translation can write 6×28×28.
_DIMENSIONS = re.compile(r"\b\d+(?:x\d+)+\b")


# -- Pure helpers --------------------------------------------------------------


def is_prose(text: str) -> bool:
    """Whether a figure string has something to translate: words or sizes, not just math."""
    text = _MATH.sub("", text)
    return bool(_WORD.search(text) or _DIMENSIONS.search(text))


def figure_texts(fig) -> list[str]:
    """The strings of a drawn figure worth translating, in drawing order, once each."""
    from matplotlib.text import Text

    seen: dict[str, None] = {}
    for artist in fig.findobj(Text):
        text = artist.get_text()
        if artist.get_visible() and is_prose(text):
            seen.setdefault(text, None)
    return list(seen)


def _translating_formatter(inner, lookup):
    """A tick formatter that translates what ``inner`` writes."""
    from matplotlib.ticker import Formatter

    class TranslatingFormatter(Formatter):
        def __call__(self, x, pos=None):
            return lookup(inner(x, pos))

        def format_ticks(self, values):
            return [lookup(label) for label in inner.format_ticks(values)]

        def set_locs(self, locs):
            inner.set_locs(locs)

        def get_offset(self):
            return inner.get_offset()

        def format_data(self, value):
            return inner.format_data(value)

        def format_data_short(self, value):
            return inner.format_data_short(value)

    return TranslatingFormatter()


def translate_figure(fig, catalog: dict[str, str], font: str) -> int:
    """Replace the figure's strings that ``catalog`` translates; return how many.

    Translated text gets ``font`` as a fallback after its own family, so Latin
    characters keep their look; text with ``$math$`` gets ``font`` first,
    because matplotlib sets the words around math in the first family only.
    Tick labels are written by formatters at draw time, so the formatters are
    wrapped instead.
    """
    from matplotlib.text import Text

    def lookup(text: str) -> str:
        return catalog.get(text) or text

    def fallback(families: list[str], text: str) -> list[str]:
        families = [f for f in families if f != font]
        return [font, *families] if _MATH.search(text) else [*families, font]

    changed = 0
    for artist in fig.findobj(Text):
        old = artist.get_text()
        new = lookup(old)
        if new != old:
            artist.set_text(new)
            artist.set_fontfamily(fallback(artist.get_fontfamily(), new))
            changed += 1
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            axis.set_major_formatter(_translating_formatter(axis.get_major_formatter(), lookup))
            axis.set_minor_formatter(_translating_formatter(axis.get_minor_formatter(), lookup))
            labels = axis.get_majorticklabels() or [None]
            families = labels[0].get_fontfamily() if labels[0] is not None else ["sans-serif"]
            axis.set_tick_params(which="both", labelfontfamily=fallback(families, ""))
    return changed


def translated_name(path: PurePosixPath, language: str) -> PurePosixPath:
    """``images/x_001.png`` -> ``images/x_001.zh_CN.png``."""
    return path.with_name(f"{path.stem}.{language}{path.suffix}")


def parse_srcset(srcset: str) -> dict[float, str]:
    """sphinx-gallery's ``:srcset:`` option: ``{0: path, 2.0: path_2x}``."""
    out: dict[float, str] = {}
    for entry in srcset.split(","):
        parts = entry.split()
        if len(parts) == 1:
            out[0] = parts[0]
        elif len(parts) == 2 and parts[1].endswith("x"):
            out[float(parts[1][:-1])] = parts[0]
    return out


def format_srcset(srcset: dict[float, str]) -> str:
    return ", ".join(path if mult == 0 else f"{path} {mult:.2f}x" for mult, path in srcset.items())


# -- Execution: the scraper ----------------------------------------------------


def scraper(block, block_vars, gallery_conf):
    """sphinx-gallery's matplotlib scraper, keeping each figure for translation."""
    import matplotlib
    import matplotlib.pyplot as plt

    figures = [plt.figure(number) for number in plt.get_fignums()]
    paths = block_vars["image_path_iterator"]
    first = len(paths)
    rst = matplotlib_scraper(block, block_vars, gallery_conf)
    for fig, image in zip(figures, paths.paths[first:]):
        image = Path(image)
        dpi = matplotlib.rcParams["savefig.dpi"]
        savefig = {}
        to_rgba = matplotlib.colors.to_rgba
        for attr in ("facecolor", "edgecolor"):
            value = getattr(fig, "get_" + attr)()
            if to_rgba(value) != to_rgba(matplotlib.rcParams["figure." + attr]):
                savefig[attr] = list(to_rgba(value))
        sidecar = {
            "image": image.name,
            "dpi": fig.dpi if dpi == "figure" else float(dpi),
            "savefig": savefig,
            "texts": figure_texts(fig),
        }
        for suffix in (PICKLE_SUFFIX, SIDECAR_SUFFIX):  # never leave an older run's
            image.with_name(image.stem + suffix).unlink(missing_ok=True)
        try:
            data = pickle.dumps(fig)
        except Exception as exc:  # noqa: BLE001 - any artist may refuse
            logger.warning(
                "%s: figure %s cannot be pickled (%s), so the translated pages cannot show it "
                "translated; keep what the figure holds picklable (for example, no function "
                "defined in the tutorial as a tick formatter)",
                block_vars.get("src_file", "?"), image.name, exc,
            )
            continue
        image.with_name(image.stem + PICKLE_SUFFIX).write_bytes(data)
        image.with_name(image.stem + SIDECAR_SUFFIX).write_text(
            json.dumps(sidecar, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    return rst


# -- Builds --------------------------------------------------------------------


def _sidecar(srcdir: Path, uri: str) -> tuple[Path, dict] | None:
    image = Path(srcdir, uri.lstrip("/"))
    path = image.with_name(image.stem + SIDECAR_SUFFIX)
    if not path.is_file():
        return None
    try:
        return image, json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        logger.warning("%s: unreadable (%s); run `make clean html` to execute the tutorials again", path, exc)
        return None


def _font_path(font: str) -> str | None:
    from matplotlib import font_manager

    try:
        return font_manager.findfont(font_manager.FontProperties(family=font), fallback_to_default=False)
    except ValueError:
        return None


def draw_translated(image: Path, sidecar: dict, catalog: dict[str, str], language: str,
                    font: str, srcset: dict[float, str]) -> list[Path] | None:
    """Draw the translated PNGs of ``image``, one per srcset entry; None on failure."""
    import matplotlib

    pickled = image.with_name(image.stem + PICKLE_SUFFIX)
    used = {t: catalog[t] for t in sidecar["texts"] if catalog.get(t, t) != t}
    mults = list(srcset)
    targets = [image.with_name(translated_name(PurePosixPath(p), language).name) for p in srcset.values()]
    key = hashlib.sha256()
    key.update(pickled.read_bytes())
    key.update(json.dumps([used, font, _font_path(font), mults, matplotlib.__version__, sidecar["dpi"]],
                          sort_keys=True).encode())
    stamp = image.with_name(f"{image.stem}.{language}.stamp")
    if all(t.is_file() for t in targets) and stamp.is_file() and stamp.read_text() == key.hexdigest():
        return targets
    import matplotlib.pyplot as plt

    try:
        fig = pickle.loads(pickled.read_bytes())
    except Exception as exc:  # noqa: BLE001 - a pickle from another matplotlib
        logger.warning("%s: cannot read the figure back (%s); run `make clean html`", pickled, exc)
        return None
    try:
        translate_figure(fig, used, font)
        for mult, target in zip(mults, targets):
            dpi = sidecar["dpi"] * (mult or 1)
            fig.savefig(target, dpi=dpi, **sidecar.get("savefig", {}))
    finally:
        plt.close(fig)
    stamp.write_text(key.hexdigest())
    return targets


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
                match = _THUMB.match(node.get("uri", ""))
                if match:
                    self._translate_thumbnail(node, match)
        for node in list(self.document.findall(imgsgnode)):
            found = _sidecar(srcdir, node["uri"])
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
            block["translatable"] = True  # a message, line breaks kept
            block.source, block.line = node.source or parent.source, node.line or parent.line
            parent.insert(index, block)

    def _font(self, node) -> str | None:
        """The font for this language's figures, or None (with a warning) if missing."""
        language = self.config.language
        font = self.config.figure_i18n_fonts.get(language)
        if font and _font_path(font) is None:
            package = FONT_PACKAGES.get(font)
            how = f"install {package} (Debian: apt-get install {package})" if package else "install it"
            logger.warning(
                "the %s figures need the font %r, which matplotlib cannot find: %s and remove "
                "~/.cache/matplotlib; the pages keep the English figures",
                language, font, how, location=node, once=True,
            )
            return None
        return font

    def _translate_thumbnail(self, node, match) -> None:
        """Point a gallery thumbnail at one made from the translated figure."""
        from sphinx_gallery.py_source_parser import split_code_and_text_blocks
        from sphinx_gallery.utils import scale_image

        srcdir, language = Path(self.app.srcdir), self.config.language
        folder = Path(srcdir, match["dir"].lstrip("/"))
        script = folder / f"{match['name']}.py"
        docname = f"{match['dir'].strip('/')}/{match['name']}"
        catalog = page_catalog(self.app, docname)
        if not catalog or not script.is_file():
            return
        file_conf = split_code_and_text_blocks(script)[0]
        if file_conf.get("thumbnail_path") and "thumbnail_number" not in file_conf:
            return
        number = int(file_conf.get("thumbnail_number", 1))
        images = sorted((folder / "images").glob(f"sphx_glr_{match['name']}_[0-9][0-9][0-9].png"))
        index = number - 1 if number > 0 else number  # negative: from the last one
        if not -len(images) <= index < len(images):
            return
        image = images[index]
        found = _sidecar(srcdir, "/" + image.relative_to(srcdir).as_posix())
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
            size = (getattr(self.config, "sphinx_gallery_conf", None) or {}).get("thumbnail_size", (400, 280))
            scale_image(str(targets[0]), str(new), *size)
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
