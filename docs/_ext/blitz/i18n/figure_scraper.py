"""Keep each figure a tutorial draws, so that translated builds can draw it again.

:func:`scraper`, named in ``sphinx_gallery_conf["image_scrapers"]`` (as
``blitz.i18n.figures.scraper``), runs while sphinx-gallery executes a
tutorial.  It runs sphinx-gallery's own matplotlib scraper (which saves the
English PNG), then keeps each figure next to its PNG: the pickled figure
(``<image>.figure.pickle``, matplotlib supports pickling figures) and a JSON
file (``<image>.figure.json``) with the figure's strings and the resolution
it was saved at.  :mod:`blitz.i18n.figures` reads them back.
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path

from sphinx.util import logging
from sphinx_gallery.scrapers import matplotlib_scraper

from .._compat import new_image_paths
from .figure_drawing import PICKLE_SUFFIX, SIDECAR_SUFFIX, figure_texts

logger = logging.getLogger(__name__)


def scraper(block, block_vars, gallery_conf):
    """sphinx-gallery's matplotlib scraper, keeping each figure for translation."""
    import matplotlib
    import matplotlib.pyplot as plt

    figures = [plt.figure(number) for number in plt.get_fignums()]
    paths = block_vars["image_path_iterator"]
    first = len(paths)
    rst = matplotlib_scraper(block, block_vars, gallery_conf)
    for fig, image in zip(figures, new_image_paths(paths, first)):
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
