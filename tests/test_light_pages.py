"""Light pages: a small site to deploy, and pages that load only what they use.

Readers on phones and slow networks pay for every byte and every request in
a page's ``<head>``.  These tests read the built site (``make html``; or
``$SITE_DIR``) and fail when

* the deploy artifact (both languages) grows past its budget,
* the site ships MathJax again, or a page would run math JavaScript,
* a page links a stylesheet none of whose classes occur on the page, or a
  script whose job is not on the page (the copy button without code,
  copy-tex without math),
* a page with math lacks KaTeX's stylesheet, or an icon of the theme is not
  drawn by ``_static/icons.css`` (it would show as a blank),
* a figure lacks its size (the text below it jumps when it loads) or is not
  loaded lazily.

The pure helpers are tested on small inputs first.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from blitz import page_assets
from blitz.figure_images import img_tag, parse_srcset, wide_figure_link
from blitz.math_assets import fonts_named, woff2_only
from bs4 import BeautifulSoup
from project import LANGUAGES, ROOT
from site_checks import html_pages
from sphinx.util.images import get_image_size

ICONS_CSS = ROOT / "docs" / "_static" / "icons.css"

#: The deploy artifact, every language and the root pages: at most 15 MB.
ARTIFACT_BUDGET = 15_000_000


# -- Helpers ---------------------------------------------------------------------


def css_classes(css: str) -> set[str]:
    """The class names a stylesheet's selectors name (``.name``).

    Strings, ``url(...)`` values and comments are skipped, so a file name
    or a number such as ``1.5em`` is not taken for a class.
    """
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"url\([^)]*\)", "", css)
    css = re.sub(r'"[^"]*"|\'[^\']*\'', "", css)
    selectors = re.findall(r"([^{}]+)\{", css)
    return {name for sel in selectors if not sel.lstrip().startswith("@")
            for name in re.findall(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)", sel)}


def page_classes(soup: BeautifulSoup) -> set[str]:
    return {name for tag in soup.find_all(class_=True) for name in tag.get("class", [])}


def local_assets(soup: BeautifulSoup) -> tuple[list[str], list[str]]:
    """The page's own stylesheets and scripts (href/src without ?query)."""
    styles = [link["href"].split("?")[0] for link in soup.select('link[rel~="stylesheet"][href]')]
    scripts = [script["src"].split("?")[0] for script in soup.select("script[src]")]
    return ([s for s in styles if "://" not in s], [s for s in scripts if "://" not in s])


@cache
def classes_of_file(path: Path) -> frozenset[str]:
    return frozenset(css_classes(path.read_text(encoding="utf-8")))


def pages(site: Path) -> list[tuple[str, str]]:
    return [(lang, page) for lang in LANGUAGES for page in html_pages(site, lang)]


def limited(problems: list[str], n: int = 15) -> str:
    return "\n".join(problems[:n]) + (f"\n... {len(problems)} in all" if len(problems) > n else "")


@pytest.fixture(scope="module")
def site(site_dir) -> Path:
    """The whole built site (every language and the root pages), or SITE_DIR."""
    return site_dir


@pytest.fixture(scope="module")
def soups(site) -> dict[tuple[str, str], BeautifulSoup]:
    return {
        (lang, page): BeautifulSoup((site / lang / page).read_text(encoding="utf-8"), "html.parser")
        for lang, page in pages(site)
    }


# -- The helpers themselves ------------------------------------------------------


def test_css_classes_reads_selectors_not_values():
    css = '/* .comment */ .a, div.b > .c:hover{background:url(x.png);width:1.5em} @media (x){.d{content:".e"}}'
    assert css_classes(css) == {"a", "b", "c", "d"}


def test_woff2_only_keeps_one_source_per_font():
    css = ('@font-face{font-family:K;src:url(fonts/K.woff2) format("woff2"),url(fonts/K.woff) format("woff"),'
           'url(fonts/K.ttf) format("truetype")}.katex{font:normal 1.21em K}')
    slim = woff2_only(css)
    assert slim == '@font-face{font-family:K;src:url(fonts/K.woff2) format("woff2")}.katex{font:normal 1.21em K}'
    assert fonts_named(slim) == ["fonts/K.woff2"]


def test_unused_assets_follow_the_markup():
    with_code = '<div class="highlight-python notranslate"><div class="highlight"><pre>'
    assert "_static/copybutton.js" not in page_assets.unused_assets(with_code)
    assert "_static/katex/katex.min.css" in page_assets.unused_assets(with_code)
    with_math = '<span class="math"><span class="katex"><span class="katex-mathml">'
    assert "_static/katex/katex.min.css" not in page_assets.unused_assets(with_math)
    assert "_static/copybutton.js" in page_assets.unused_assets(with_math)


def test_figure_tag_has_size_lazy_loading_and_widths():
    assert parse_srcset("/t/a_001.png, /t/a_001_2_00x.png 2.00x") == {1.0: "/t/a_001.png", 2.0: "/t/a_001_2_00x.png"}
    tag = BeautifulSoup(
        img_tag("../_images/a.png", [("../_images/a.png", 640), ("../_images/a_2_00x.png", 1280)],
                (640, 480), 'a "plot"', ["sphx-glr-single-img"]),
        "html.parser",
    ).img
    assert (tag["width"], tag["height"], tag["loading"]) == ("640", "480", "lazy")
    assert tag["srcset"] == "../_images/a.png 640w, ../_images/a_2_00x.png 1280w"
    assert tag["sizes"] and tag["alt"] == 'a "plot"'


def test_a_wide_figure_links_to_its_largest_file():
    """A figure at least WIDE times as wide as tall (the LeNet-5 diagram) is
    a link to its 2x file, which a phone reader taps to open and zoom;
    site.css keeps it readable there (a.wide-figure)."""
    candidates = [("../_images/a.png", 640), ("../_images/a_2_00x.png", 1280)]
    wide = BeautifulSoup(wide_figure_link("<img>", candidates, (640, 120)), "html.parser")
    assert wide.a["class"] == ["wide-figure"] and wide.a["href"] == "../_images/a_2_00x.png" and wide.a.img
    assert wide_figure_link("<img>", candidates, (640, 480)) == "<img>"
    css = (ROOT / "docs" / "_static" / "site.css").read_text(encoding="utf-8")
    assert "a.wide-figure" in css


# -- The deploy artifact ---------------------------------------------------------


def test_deploy_artifact_fits_the_budget(site):
    """Both languages together (what the Pages deploy uploads) stay under 15 MB."""
    sizes: dict[str, int] = {}  # bytes per folder, three levels deep (en/_static/katex)
    for path in site.rglob("*"):
        if path.is_file():
            folder = "/".join(path.relative_to(site).parts[:-1][:3]) or "."
            sizes[folder] = sizes.get(folder, 0) + path.stat().st_size
    total = sum(sizes.values())
    biggest = sorted(sizes.items(), key=lambda item: -item[1])[:8]
    assert total <= ARTIFACT_BUDGET, (
        f"{site} holds {total / 1e6:.1f} MB, over the {ARTIFACT_BUDGET / 1e6:.0f} MB budget; biggest folders:\n"
        + "\n".join(f"  {size / 1e6:6.2f} MB  {folder}" for folder, size in biggest)
    )


def test_site_ships_no_mathjax(site):
    """Math is typeset at build time: no MathJax file is deployed."""
    shipped = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if "mathjax" in p.name.lower())
    # Name a MathJax folder once, not each of its files.
    tops = [p for p in shipped if not any(p.startswith(other + "/") for other in shipped)]
    assert not tops, limited(tops) + (
        "\n(A build from before KaTeX leaves these behind: remove _build/html and run `make html`.)"
    )


# -- What each page loads ----------------------------------------------------------


def test_pages_link_only_stylesheets_they_use(site, soups):
    """Every stylesheet a page links styles at least one class that the page
    has (derived from the stylesheet itself, so a new extension's CSS is
    checked too)."""
    problems = []
    for (lang, page), soup in soups.items():
        classes = page_classes(soup)
        base = (site / lang / page).parent
        for href in local_assets(soup)[0]:
            file = (base / href).resolve()
            if not file.is_file():
                problems.append(f"{lang}/{page}: {href} does not exist")
                continue
            styled = classes_of_file(file)
            if styled and not styled & classes:
                problems.append(f"{lang}/{page}: {href} styles nothing on the page")
    assert not problems, limited(problems)


# Scripts cannot be read for what they act on, so each names it here: the
# markup a script works on, as a CSS selector.  Scripts not listed are the
# theme's and Sphinx's search, which every page uses.
SCRIPT_NEEDS = {
    "copybutton.js": "div.highlight pre",
    "clipboard.min.js": "div.highlight pre",
    "copy-tex.min.js": ".katex",
    "sg-tags.js": "[data-sgtags]",
    "originals.js": ".page-originals",
}
NEVER_LOADED = ("mathjax", "tex-chtml", "tex-mml", "fontawesome", "katex.min.js", "auto-render")


# Sphinx's search: used on the search page, and on the others only when the
# theme's search-as-you-type is on (the page's own options say so).
SEARCH_SCRIPTS = ("searchtools.js", "language_data.js", "searchindex.js")


def searches_as_you_type(soup: BeautifulSoup) -> bool:
    return any(re.search(r"search_as_you_type\s*=\s*true", s.get_text()) for s in soup.select("script:not([src])"))


def test_pages_load_only_scripts_they_use(soups):
    """No page loads math JavaScript that renders (MathJax, KaTeX's own), Font
    Awesome's script or stylesheet (its font is 115 KB for a dozen icons),
    the search outside search, or a script whose markup it does not have."""
    problems = []
    for (lang, page), soup in soups.items():
        styles, scripts = local_assets(soup)
        problems += [f"{lang}/{page}: loads {href}" for href in styles if any(w in href.lower() for w in NEVER_LOADED)]
        for src in scripts:
            name = src.rsplit("/", 1)[-1]
            if any(word in src.lower() for word in NEVER_LOADED):
                problems.append(f"{lang}/{page}: loads {src}")
            elif name in SCRIPT_NEEDS and not soup.select_one(SCRIPT_NEEDS[name]):
                problems.append(f"{lang}/{page}: loads {src} but has no {SCRIPT_NEEDS[name]}")
            elif name in SEARCH_SCRIPTS and page != "search.html" and not searches_as_you_type(soup):
                problems.append(f"{lang}/{page}: loads {src} but does not search")
    assert not problems, limited(problems)


def test_pages_with_math_have_its_stylesheet(soups):
    """A page with typeset math links KaTeX's stylesheet (formulas are
    unreadable without it) and copy-tex (formulas copy as LaTeX)."""
    problems = []
    for (lang, page), soup in soups.items():
        if not soup.select_one(".katex"):
            continue
        styles, scripts = local_assets(soup)
        if not any(s.endswith("katex/katex.min.css") for s in styles):
            problems.append(f"{lang}/{page}: math without katex.min.css")
        if not any(s.endswith("katex/copy-tex.min.js") for s in scripts):
            problems.append(f"{lang}/{page}: math without copy-tex")
    assert not problems, limited(problems)


def test_local_stylesheets_carry_their_checksum(soups):
    """Every local stylesheet is linked with its checksum (``?v=``, or the
    theme's ``?digest=``), KaTeX's included, so a reader's browser fetches it again when it changes, in a
    fresh build and in an incremental one alike."""
    problems = []
    for (lang, page), soup in soups.items():
        for link in soup.select('link[rel="stylesheet"]'):
            href = link.get("href", "")
            if "://" not in href and "?v=" not in href and "?digest=" not in href:
                problems.append(f"{lang}/{page}: {href}")
    assert not problems, limited(problems)


def test_tutorials_typeset_their_math(soups):
    """The tutorials' formulas are typeset HTML, with MathML for screen
    readers and the LaTeX source kept (copy-tex copies it)."""
    with_math = [(key, soup) for key, soup in soups.items() if soup.select(".math")]
    assert any(page.startswith("tutorials/") for (_, page), _ in with_math), "no page has math"
    untypeset = [f"{lang}/{page}" for (lang, page), soup in with_math
                 if soup.select(".math:not(:has(.katex))")]
    assert not untypeset, f"math left as LaTeX source on: {untypeset}"
    for (_lang, page), soup in with_math:
        katex = soup.select_one(".katex")
        assert katex.select_one(".katex-mathml math") and katex.select_one('annotation[encoding="application/x-tex"]'), page


def test_every_icon_is_drawn_without_the_icon_font(soups):
    """Every Font Awesome icon on a page has its SVG in icons.css; the icon
    font would otherwise be downloaded (115 KB) just for it."""
    drawn = set(re.findall(r"\.fa-solid\.fa-([a-z0-9-]+)\s*\{\s*--icon:", ICONS_CSS.read_text(encoding="utf-8")))
    used = {}
    for (lang, page), soup in soups.items():
        for icon in soup.select(".fa-solid, .fas, .fa-regular, .fa-brands"):
            names = [c[3:] for c in icon["class"] if c.startswith("fa-") and c not in
                     ("fa-solid", "fa-regular", "fa-brands", "fa-lg", "fa-fw", "fa-2x", "fa-xl", "fa-sm")]
            for name in names:
                used.setdefault(name, f"{lang}/{page}")
    assert used, "no icon found: the check would not see a regression"
    missing = {name: page for name, page in used.items() if name not in drawn}
    assert not missing, f"icons not in {ICONS_CSS.name} (first page using each): {missing}"


# -- Figures --------------------------------------------------------------------------


def test_figures_have_size_and_load_lazily(site, soups):
    """Every tutorial figure states its width and height (the page does not
    jump when it arrives), matching the file, and is loaded lazily."""
    problems, checked = [], 0
    for (lang, page), soup in soups.items():
        for img in soup.select("img.sphx-glr-single-img, img.sphx-glr-multi-img"):
            checked += 1
            where = f"{lang}/{page}: {img.get('src')}"
            if not (img.get("width") and img.get("height")):
                problems.append(f"{where} has no width/height")
                continue
            actual = get_image_size(str((site / lang / page).parent / img["src"]))
            if actual != (int(img["width"]), int(img["height"])):
                problems.append(f"{where} says {img['width']}x{img['height']}, the file is {actual}")
            if img.get("loading") != "lazy":
                problems.append(f"{where} is not loading=lazy")
            for candidate in filter(None, (c.strip().split(" ")[0] for c in img.get("srcset", "").split(","))):
                if not ((site / lang / page).parent / candidate).is_file():
                    problems.append(f"{where}: srcset file {candidate} is missing")
    assert checked, "no figure found"
    assert not problems, limited(problems)
