"""Tutorial figures that keep the page still and cheap while it loads.

sphinx-gallery writes each figure as a bare ``<img src srcset alt class>``:
the text below it jumps when the file arrives, and every figure is fetched
at once.  This extension renders the gallery's image node
(``blitz._compat.figure_node``) as::

    <img src="../_images/x_001.png" srcset="../_images/x_001.png 640w,
         ../_images/x_001_2_00x.png 1280w" sizes="(max-width: 640px) 100vw, 640px"
         width="640" height="480" loading="lazy" decoding="async" alt="..." class="...">

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


# -- Pure helpers -------------------------------------------------------------


def parse_srcset(srcset: str) -> dict[float, str]:
    """sphinx-gallery's ``:srcset:`` option as {density: path}; 1.0 for the plain file.

    >>> parse_srcset("/t/a_001.png, /t/a_001_2_00x.png 2.00x")
    {1.0: '/t/a_001.png', 2.0: '/t/a_001_2_00x.png'}
    """
    files = {}
    for entry in srcset.split(","):
        parts = entry.split()
        if not parts:
            continue
        density = float(parts[1].rstrip("x")) if len(parts) > 1 else 1.0
        files[density] = parts[0]
    return files


def img_tag(src: str, candidates: list[tuple[str, int]], size: tuple[int, int] | None,
            alt: str, classes: list[str]) -> str:
    """The ``<img>`` of one figure; ``candidates`` are (url, pixel width), smallest first."""
    attrs = {"src": src}
    if len(candidates) > 1:
        attrs["srcset"] = ", ".join(f"{url} {width}w" for url, width in candidates)
        attrs["sizes"] = SIZES.format(w=candidates[0][1])
    if size:
        attrs["width"], attrs["height"] = str(size[0]), str(size[1])
    attrs.update({"loading": "lazy", "decoding": "async", "alt": alt})
    if classes:
        attrs["class"] = " ".join(classes)
    return "<img " + " ".join(f'{k}="{html.escape(v, quote=True)}"' for k, v in attrs.items()) + " />"


# -- Sphinx hooks -------------------------------------------------------------


def visit_figure(self, node) -> None:
    """Copy a gallery figure's files into _images/ and write its ``<img>``."""
    srcdir, outdir = Path(self.builder.srcdir), Path(self.builder.outdir)
    files = parse_srcset(node["srcset"] or node["uri"])
    imagedir = outdir / self.builder.imagedir
    imagedir.mkdir(parents=True, exist_ok=True)
    # The page's folder relative to the output root gives the way to _images/.
    page_dir = posixpath.dirname(self.builder.current_docname)
    prefix = posixpath.relpath(self.builder.imagedir, page_dir or ".") + "/"

    candidates, size = [], None
    for density in sorted(files):
        source = srcdir / files[density].lstrip("/")
        shutil.copyfile(source, imagedir / source.name)
        pixels = get_image_size(source)
        if density == 1.0:
            size = pixels
        if pixels:
            candidates.append((prefix + source.name, pixels[0]))
    src = prefix + Path(files[min(files)]).name
    tag = img_tag(src, candidates, size, node["alt"], list(node["class"] or []))
    self.body.append(wide_figure_link(tag, candidates, size))


def wide_figure_link(tag: str, candidates: list[tuple[str, int]], size: tuple[int, int] | None) -> str:
    """A wide figure's ``<img>`` inside a link to its largest file; others as they are."""
    if not size or not candidates or size[0] < WIDE * size[1]:
        return tag
    href = html.escape(candidates[-1][0], quote=True)
    return f'<a class="wide-figure" href="{href}">{tag}</a>'


def depart_figure(self, node) -> None:
    pass


def setup(app) -> dict[str, Any]:
    app.setup_extension("sphinx_gallery.gen_gallery")
    app.add_node(figure_node, override=True, html=(visit_figure, depart_figure))
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
