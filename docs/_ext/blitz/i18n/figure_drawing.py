"""The matplotlib side of :mod:`blitz.i18n.figures`, without Sphinx.

:func:`scraper` keeps each figure a tutorial draws; :func:`draw_translated`
draws it again with translated text.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
from pathlib import Path, PurePath

from sphinx.util import logging
from sphinx_gallery.scrapers import matplotlib_scraper

from .._compat import new_image_paths

logger = logging.getLogger(__name__)

PICKLE_SUFFIX = ".figure.pickle"
SIDECAR_SUFFIX = ".figure.json"

_MATH = re.compile(r"(?<!\\)\$.*?(?<!\\)\$", re.S)
_WORD = re.compile(r"[A-Za-z]{2,}")
# Sizes such as 6x28x28: messages too, so that a translation can write 6×28×28.
_DIMENSIONS = re.compile(r"\b\d+(?:x\d+)+\b")


def is_prose(text: str) -> bool:
    """Whether a figure string has something to translate: words or sizes, not just math."""
    text = _MATH.sub("", text)
    return bool(_WORD.search(text) or _DIMENSIONS.search(text))


def figure_texts(fig) -> list[str]:
    """The strings of a drawn figure worth translating, in drawing order, once each."""
    from matplotlib.text import Text

    texts = (artist.get_text() for artist in fig.findobj(Text) if artist.get_visible())
    return list(dict.fromkeys(text for text in texts if is_prose(text)))


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

    return TranslatingFormatter()


def translate_figure(fig, catalog: dict[str, str], font: str) -> None:
    """Replace the figure's strings that ``catalog`` translates.

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

    for artist in fig.findobj(Text):
        old = artist.get_text()
        new = lookup(old)
        if new != old:
            artist.set_text(new)
            artist.set_fontfamily(fallback(artist.get_fontfamily(), new))
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            axis.set_major_formatter(_translating_formatter(axis.get_major_formatter(), lookup))
            axis.set_minor_formatter(_translating_formatter(axis.get_minor_formatter(), lookup))
            families = next((label.get_fontfamily() for label in axis.get_majorticklabels()), ["sans-serif"])
            axis.set_tick_params(which="both", labelfontfamily=fallback(families, ""))


def translated_name(path: PurePath, language: str) -> PurePath:
    """``images/x_001.png`` -> ``images/x_001.zh_CN.png``."""
    return path.with_name(f"{path.stem}.{language}{path.suffix}")


def scraper(block, block_vars, gallery_conf):
    """sphinx-gallery's matplotlib scraper, keeping each figure, pickled, and its strings next to its PNG."""
    import matplotlib
    import matplotlib.pyplot as plt

    figures = [plt.figure(number) for number in plt.get_fignums()]
    first = len(block_vars["image_path_iterator"])
    rst = matplotlib_scraper(block, block_vars, gallery_conf)
    for fig, image in zip(figures, new_image_paths(block_vars["image_path_iterator"], first)):
        image = Path(image)
        dpi = matplotlib.rcParams["savefig.dpi"]
        sidecar = {"dpi": fig.dpi if dpi == "figure" else float(dpi), "texts": figure_texts(fig)}
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


def read_sidecar(image: Path) -> dict | None:
    """The sidecar of ``image``, or None when it has none."""
    path = image.with_name(image.stem + SIDECAR_SUFFIX)
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        logger.warning("%s: unreadable (%s); run `make clean html` to execute the tutorials again", path, exc)
        return None


def font_path(font: str) -> str | None:
    """The file matplotlib draws ``font`` from, or None when it cannot find it."""
    from matplotlib import font_manager

    try:
        return font_manager.findfont(font_manager.FontProperties(family=font), fallback_to_default=False)
    except ValueError:
        return None


def draw_translated(image: Path, sidecar: dict, catalog: dict[str, str], language: str,
                    font: str, srcset: dict[float, str]) -> list[Path] | None:
    """Draw the translated PNGs of ``image``, one per srcset density; None on failure.

    Each PNG has its own stamp, so the gallery thumbnail (which asks for the
    1x PNG alone) and the page (1x and 2x) share one drawing instead of
    invalidating each other's.
    """
    import matplotlib

    pickled = image.with_name(image.stem + PICKLE_SUFFIX)
    used = {t: catalog[t] for t in sidecar["texts"] if catalog.get(t, t) != t}
    targets = [translated_name(image.with_name(PurePath(p).name), language) for p in srcset.values()]
    inputs = [used, font, font_path(font), matplotlib.__version__, sidecar["dpi"]]
    common = pickled.read_bytes() + json.dumps(inputs).encode()
    stale = []
    for mult, target in zip(srcset, targets):
        key = hashlib.sha256(common + repr(mult).encode()).hexdigest()
        stamp = target.with_suffix(".stamp")
        if not (target.is_file() and stamp.is_file() and stamp.read_text() == key):
            stale.append((mult, target, stamp, key))
    if not stale:
        return targets
    import matplotlib.pyplot as plt

    try:
        fig = pickle.loads(pickled.read_bytes())
    except Exception as exc:  # noqa: BLE001 - a pickle from another matplotlib
        logger.warning("%s: cannot read the figure back (%s); run `make clean html`", pickled, exc)
        return None
    try:
        translate_figure(fig, used, font)
        for mult, target, stamp, key in stale:
            # Several pages show one figure (the thumbnail) and parallel readers
            # may draw it at once: each writes its own file and renames it into
            # place, so no reader ever sees half a PNG, and an interrupted save
            # leaves no stamp behind.
            stamp.unlink(missing_ok=True)
            partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
            try:
                # "auto": the figure's own colours, as sphinx-gallery saved the English PNG.
                fig.savefig(partial, format="png", dpi=sidecar["dpi"] * mult, facecolor="auto", edgecolor="auto")
                os.replace(partial, target)
            finally:
                partial.unlink(missing_ok=True)
            stamp.write_text(key)
    except (ValueError, RuntimeError) as exc:  # a translated string matplotlib cannot lay out
        logger.warning(
            "%s: matplotlib cannot draw the %s figure (%s); the page keeps the English figure. "
            "Check the translations of its strings in the page's catalog.",
            image.name, language, str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__,
        )
        return None
    finally:
        plt.close(fig)
    return targets

