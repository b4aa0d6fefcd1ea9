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
    files = {}
    for entry in srcset.split(","):
        parts = entry.split()
        density = float(parts[1].rstrip("x")) if len(parts) > 1 else 1.0
        files[density] = parts[0]
    return files


def visit_figure(self, node) -> None:
    """Copy a gallery figure's files into _images/ and write its ``<img>``."""
    srcdir, outdir = Path(self.builder.srcdir), Path(self.builder.outdir)
    files = parse_srcset(node["srcset"] or node["uri"])
    imagedir = outdir / self.builder.imagedir
    imagedir.mkdir(parents=True, exist_ok=True)
    # The page's folder relative to the output root gives the way to _images/.
    page_dir = posixpath.dirname(self.builder.current_docname)
    prefix = posixpath.relpath(self.builder.imagedir, page_dir or ".") + "/"

    candidates, size = [], None  # candidates: (url, pixel width), smallest first
    for density in sorted(files):
        source = srcdir / files[density].lstrip("/")
        shutil.copyfile(source, imagedir / source.name)
        pixels = get_image_size(source)
        if density == 1.0:
            size = pixels
        if pixels:
            candidates.append((prefix + source.name, pixels[0]))
    attrs = {"src": prefix + Path(files[min(files)]).name}
    if len(candidates) > 1:
        attrs["srcset"] = ", ".join(f"{url} {width}w" for url, width in candidates)
        attrs["sizes"] = SIZES.format(w=candidates[0][1])
    if size:
        attrs["width"], attrs["height"] = str(size[0]), str(size[1])
    attrs.update({"loading": "lazy", "decoding": "async", "alt": node["alt"]})
    if node["class"]:
        attrs["class"] = " ".join(node["class"])
    tag = "<img " + " ".join(f'{k}="{html.escape(v, quote=True)}"' for k, v in attrs.items()) + " />"
    if size and candidates and size[0] >= WIDE * size[1]:
        tag = f'<a class="wide-figure" href="{html.escape(candidates[-1][0], quote=True)}">{tag}</a>'
    self.body.append(tag)


def depart_figure(self, node) -> None:
    pass


def setup(app) -> dict[str, Any]:
    app.setup_extension("sphinx_gallery.gen_gallery")
    app.add_node(figure_node, override=True, html=(visit_figure, depart_figure))
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
