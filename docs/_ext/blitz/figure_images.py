"""Tutorial figures that keep the page still and cheap while it loads.

sphinx-gallery writes each figure as a bare ``<img src srcset alt class>``:
the text below it jumps when the file arrives, and every figure is fetched
at once.  This extension renders the gallery's image node
(``blitz._compat.figure_node``) with:

* ``width``/``height`` of the 1x file: the browser reserves the figure's box.
* ``loading="lazy"``: fetched when the reader scrolls near it.
* widths (``w``) and ``sizes`` instead of sphinx-gallery's densities
  (``2x``), so that the browser weighs the shown width too: a 640-pixel
  figure shown 360 CSS pixels wide is sharp at about 1.8x, so most phones
  keep the small file.

A wide figure (the LeNet-5 diagram) shrunk to a phone's width would have
labels a few pixels tall, so it is a link to its largest file, and on narrow
screens it scrolls sideways (site.css, ``a.wide-figure``).
"""

from __future__ import annotations

import html
import posixpath
import shutil
from pathlib import Path
from typing import Any

from docutils import nodes

from ._compat import figure_node, get_image_size

#: How wide a figure is shown: the whole screen on phones, else its own width.
SIZES = "(max-width: {w}px) 100vw, {w}px"

#: Width / height from which a figure is "wide": linked to its largest file.
WIDE = 2.5


def parse_srcset(srcset: str) -> dict[float, str]:
    """sphinx-gallery's ``:srcset:`` option as {density: path}; 1.0 for the plain file.

    >>> parse_srcset("/t/a_001.png, /t/a_001_2_00x.png 2.00x")
    {1.0: '/t/a_001.png', 2.0: '/t/a_001_2_00x.png'}
    """
    entries = (entry.split() for entry in srcset.split(","))
    return {float(density[0].rstrip("x")) if density else 1.0: path for path, *density in entries}


def visit_figure(self, node) -> None:
    """Copy a gallery figure's files into _images/ and write its ``<img>``."""
    srcdir, imagedir = Path(self.builder.srcdir), Path(self.builder.outdir, self.builder.imagedir)
    imagedir.mkdir(parents=True, exist_ok=True)
    # The page's folder relative to the output root gives the way to _images/.
    prefix = posixpath.relpath(self.builder.imagedir, posixpath.dirname(self.builder.current_docname) or ".") + "/"
    files = []  # (url, (width, height)), the 1x file first
    for _, path in sorted(parse_srcset(node["srcset"] or node["uri"]).items()):
        source = srcdir / path.lstrip("/")
        shutil.copyfile(source, imagedir / source.name)
        files.append((prefix + source.name, get_image_size(source)))
    src, (width, height) = files[0]
    attrs = {"src": src}
    if len(files) > 1:
        attrs["srcset"] = ", ".join(f"{url} {size[0]}w" for url, size in files)
        attrs["sizes"] = SIZES.format(w=width)
    attrs |= {"width": str(width), "height": str(height), "loading": "lazy", "decoding": "async", "alt": node["alt"]}
    if node["class"]:
        attrs["class"] = " ".join(node["class"])
    tag = "<img " + " ".join(f'{k}="{html.escape(v)}"' for k, v in attrs.items()) + " />"
    if width >= WIDE * height:
        tag = f'<a class="wide-figure" href="{html.escape(files[-1][0])}">{tag}</a>'
    self.body.append(tag)
    raise nodes.SkipNode  # the whole figure is written: no depart


def setup(app) -> dict[str, Any]:
    app.setup_extension("sphinx_gallery.gen_gallery")
    app.add_node(figure_node, override=True, html=(visit_figure, None))
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
