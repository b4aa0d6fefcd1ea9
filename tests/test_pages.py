"""Every page of the built site, read as parsed HTML (what only a browser shows is test_browser.py's).

``test_page`` runs every check below on each page of each language; each check's docstring is the promise it keeps.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from blitz.figure_images import WIDE
from blitz.i18n.switcher import hreflang
from bs4 import BeautifulSoup
from conftest import LANGUAGES, ROOT, SITE, SOURCE_LANGUAGE, TUTORIALS, parse
from site_checks import PAGES
from sphinx.util.images import get_image_size

LANG_PAGES = [(lang, page) for lang in LANGUAGES for page in PAGES]

#: The deploy artifact, every language and the root pages: at most 15 MB.
ARTIFACT_BUDGET = 15_000_000
ICONS_CSS = ROOT / "docs" / "_static" / "icons.css"


soup_of = cache(parse)


@pytest.mark.parametrize("lang, path", LANG_PAGES, ids=[f"{lang}/{path}" for lang, path in LANG_PAGES])
def test_page(site, lang, path):
    file = site / lang / path
    assert file.is_file(), f"{lang}/{path} is missing: every page exists in every language"
    checks = PAGE_CHECKS + (CHINESE_CHECKS if lang == "zh_CN" else [])
    problems = [f"{check.__name__}: {problem}" for check in checks for problem in check(lang, file, soup_of(file))]
    assert not problems, "\n".join(problems[:30]) + (f"\n... {len(problems)} in all" if len(problems) > 30 else "")


# -- Links ------------------------------------------------------------------------


def urls(soup: BeautifulSoup) -> list[str]:
    found = [tag[name] for name in ("href", "src") for tag in soup.find_all(attrs={name: True})]
    return found + [c.split()[0] for tag in soup.select("[srcset]") for c in tag["srcset"].split(",") if c.strip()]


def resolve(file: Path, url: str) -> tuple[Path | None, str]:
    """The file a link of ``file`` leads to (None: another site) and its #fragment."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None, ""
    target = (file.parent / unquote(parts.path)).resolve() if parts.path else file
    return (target / "index.html" if target.is_dir() else target), unquote(parts.fragment)


@cache
def ids_of(file: Path) -> frozenset[str]:
    soup = soup_of(file)
    return frozenset(tag.get("id") or tag.get("name") for tag in soup.select("[id], a[name]"))


def links_resolve(lang, file, soup):
    """Every link, image, script and stylesheet leads to a file of the site,
    and every link to a #section to a section that exists."""
    for url in urls(soup):
        target, fragment = resolve(file, url)
        if target is None:
            continue
        if not target.is_file():
            yield f"{url}: no such file"
        elif fragment and target.suffix == ".html" and fragment not in ids_of(target):
            yield f"{url}: no #{fragment} on that page"


def test_every_page_is_reachable_by_links(site):
    """A reader reaches every page by following links from the root page,
    whose own links lead to files of the site too."""
    root = site / "index.html"
    assert not list(links_resolve("", root, soup_of(root)))
    reached, todo = set(), [root]
    while todo:
        file = todo.pop()
        if file and file not in reached and file.suffix == ".html" and file.is_file():
            reached.add(file)
            todo += [resolve(file, a["href"])[0] for a in soup_of(file).select("a[href]")]
    unreachable = [
        f"{lang}/{path}"
        for lang, path in LANG_PAGES
        # 404.html is where the root 404 page sends a reader who followed a broken link.
        if path not in ("genindex.html", "search.html", "404.html") and (site / lang / path).resolve() not in reached
    ]
    assert not unreachable, f"pages no link leads to: {unreachable}"


def same_page_in_every_language(lang, file, soup):
    """The page says its language, names itself in every language with
    ``<link rel=alternate hreflang>``, and its language switcher opens it in
    every other language."""
    if soup.html.get("lang") != hreflang(lang):
        yield f"<html lang={soup.html.get('lang')!r}>"
    path = file.relative_to(SITE / lang)
    for other in LANGUAGES:
        selectors = ['link[rel="alternate"]'] + (["nav.language-switcher a"] if other != lang else [])
        for selector in selectors:
            link = soup.select_one(f'{selector}[hreflang="{hreflang(other)}"]')
            if link is None or (file.parent / link["href"]).resolve() != (SITE / other / path).resolve():
                yield f"{selector} to {other}: {link and link['href']}"


# -- Accessibility that the markup shows ------------------------------------------------


def images_have_alt_text(lang, file, soup):
    """Every image has alt text (decorative ones say so with alt="")."""
    for img in soup.select("img:not([alt])"):
        yield f"no alt on {img.get('src')}"


def headings_do_not_skip_levels(lang, file, soup):
    """One h1, and headings that go down one level at a time, so that
    screen-reader outlines make sense."""
    levels = [(int(h.name[1]), h.get_text(" ", strip=True)[:60]) for h in soup.select("h1, h2, h3, h4, h5, h6")]
    if [level for level, _ in levels].count(1) != 1:
        yield f"expected one h1: {levels}"
    yield from (f"h{a} {ta!r} -> h{b} {tb!r}" for (a, ta), (b, tb) in zip(levels, levels[1:]) if b > a + 1)


def icon_is_the_sites_own(lang, file, soup):
    """The page names an icon (links_resolve checks the file), so the browser
    does not probe /favicon.ico: a 404 in the console, and on a shared host
    someone else's icon."""
    icon = soup.select_one('link[rel~="icon"][href]')
    if icon is None or "://" in icon["href"]:
        yield f"icon: {icon}"


# -- What the page loads ---------------------------------------------------------------------


def css_classes(css: str) -> set[str]:
    """The class names a stylesheet's selectors name (``.name``).

    Comments, strings, ``url(...)`` and declarations are skipped, so a file
    name or a number such as ``1.5em`` is not taken for a class.
    """
    selectors = re.sub(r"/\*.*?\*/|\"[^\"]*\"|'[^']*'|url\([^)]*\)|\{[^{}]*\}", " ", css, flags=re.S)
    return set(re.findall(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)", selectors))


def test_css_classes_reads_selectors_not_values():
    css = '/* .comment */ .a, div.b > .c:hover{background:url(x.png);width:1.5em} @media (x){.d{content:".e"}}'
    assert css_classes(css) == {"a", "b", "c", "d"}


@cache
def classes_of_file(path: Path) -> frozenset[str]:
    return frozenset(css_classes(path.read_text(encoding="utf-8")))


def stylesheets_are_used(lang, file, soup):
    """Every stylesheet the page links styles at least one class the page has
    (read from the stylesheet itself, so a new extension's CSS is checked too),
    and carries its checksum (``?v=``, or the theme's ``?digest=``), so that
    browsers fetch it again when it changes."""
    classes = {name for tag in soup.find_all(class_=True) for name in tag["class"]}
    for link in soup.select('link[rel~="stylesheet"][href]:not([href*="://"])'):
        if not re.search(r"\?(v|digest)=", link["href"]):
            yield f"{link['href']} has no checksum"
        css = file.parent / link["href"].split("?")[0]
        if css.is_file() and (styled := classes_of_file(css.resolve())) and not styled & classes:
            yield f"{link['href']} styles nothing on the page"


# Scripts cannot be read for what they act on, so each names it here: the
# markup a script works on, as a CSS selector.  Scripts not listed are the
# theme's and Sphinx's search, which every page uses, and originals.js
# (test_originals.py).
SCRIPT_NEEDS = {
    "copybutton.js": "div.highlight pre",
    "clipboard.min.js": "div.highlight pre",
    "copy-tex.min.js": ".katex",
    "sg-tags.js": "[data-sgtags]",
}
NEVER_LOADED = ("mathjax", "tex-chtml", "tex-mml", "fontawesome", "katex.min.js", "auto-render")
# Sphinx's search: used on the search page, and on the others only when the
# theme's search-as-you-type is on (the page's own options say so).
SEARCH_SCRIPTS = ("searchtools.js", "language_data.js", "searchindex.js")


def scripts_are_used(lang, file, soup):
    """No math JavaScript that renders (MathJax, KaTeX's own), no Font
    Awesome (its font is 115 KB for a dozen icons), no search outside search,
    no script whose markup the page does not have."""
    searches = file.name == "search.html" or any(
        re.search(r"search_as_you_type\s*=\s*true", s.get_text()) for s in soup.select("script:not([src])")
    )
    for tag in soup.select('link[rel~="stylesheet"][href], script[src]'):
        src = tag.get("href", tag.get("src")).split("?")[0]
        name = src.rsplit("/", 1)[-1]
        if any(word in src.lower() for word in NEVER_LOADED):
            yield f"loads {src}"
        elif name in SCRIPT_NEEDS and not soup.select_one(SCRIPT_NEEDS[name]):
            yield f"loads {src} but has no {SCRIPT_NEEDS[name]}"
        elif name in SEARCH_SCRIPTS and not searches:
            yield f"loads {src} but does not search"


def math_is_typeset(lang, file, soup):
    """Formulas are typeset HTML, with MathML for screen readers and the
    LaTeX source kept; the page links KaTeX's stylesheet (formulas are
    unreadable without it) and copy-tex (formulas copy as LaTeX)."""
    for math in soup.select(".math:not(:has(.katex))"):
        yield f"math left as LaTeX source: {math.get_text()[:40]}"
    for katex in soup.select(".katex"):
        if not (
            katex.select_one(".katex-mathml math") and katex.select_one('annotation[encoding="application/x-tex"]')
        ):
            yield f"formula without MathML or its TeX: {katex.get_text()[:40]}"
    needed = ['link[rel~="stylesheet"][href*="katex/katex.min.css"]', 'script[src*="katex/copy-tex.min.js"]']
    if soup.select_one(".katex"):
        yield from (f"math without {selector}" for selector in needed if not soup.select_one(selector))


@cache
def drawn_icons() -> frozenset[str]:
    return frozenset(re.findall(r"\.fa-solid\.fa-([a-z0-9-]+)\s*\{\s*--icon:", ICONS_CSS.read_text(encoding="utf-8")))


def icons_are_drawn_without_the_icon_font(lang, file, soup):
    """Every Font Awesome icon has its SVG in _static/icons.css; the icon
    font would otherwise be downloaded (115 KB) just for it."""
    modifiers = {"solid", "regular", "brands", "lg", "fw", "2x", "xl", "sm"}  # styles and sizes
    for icon in soup.select(".fa-solid, .fas, .fa-regular, .fa-brands"):
        for name in icon["class"]:
            if name.startswith("fa-") and name[3:] not in drawn_icons() | modifiers:
                yield f"{name} is not in {ICONS_CSS.name}"


def figures_have_size_and_load_lazily(lang, file, soup):
    """Every tutorial figure states its width and height, those of the file
    (the page does not jump when it arrives), is loaded lazily, and offers
    its files by width (``srcset`` with ``w``, and ``sizes``).  A figure at
    least WIDE times as wide as tall (the LeNet-5 diagram) is a link to its
    largest file, which a phone reader taps to open and zoom."""
    for img in soup.select("img.sphx-glr-single-img, img.sphx-glr-multi-img"):
        if not (img.get("width") and img.get("height")):
            yield f"{img['src']} has no width/height"
            continue
        width, height = int(img["width"]), int(img["height"])
        if get_image_size(str(file.parent / img["src"])) != (width, height):
            yield f"{img['src']} says {width}x{height}, the file is {get_image_size(str(file.parent / img['src']))}"
        if img.get("loading") != "lazy" or not img.get("sizes") or not re.fullmatch(r"(\S+ \d+w(, )?)+", img["srcset"]):
            yield f"{img['src']}: loading={img.get('loading')}, sizes={img.get('sizes')}, srcset={img.get('srcset')}"
        largest = img["srcset"].split(",")[-1].split()[0]
        wrapped = img.parent.name == "a" and "wide-figure" in img.parent.get("class", [])
        if (width >= WIDE * height) != (wrapped and img.parent["href"] == largest):
            yield f"{img['src']} ({width}x{height}) is {'' if wrapped else 'not '}a link to its largest file"


def test_the_checks_have_something_to_check(site):
    """The math, icon and wide-figure checks would see a regression."""
    tutorials = [soup_of(site / lang / f"tutorials/{name}.html") for lang in LANGUAGES for name in TUTORIALS]
    assert any(soup.select_one(".katex") for soup in tutorials), "no tutorial has math"
    assert any(soup.select_one(".fa-solid, .fas, .fa-regular, .fa-brands") for soup in tutorials), "no icon found"
    assert any(soup.select_one("a.wide-figure") for soup in tutorials), "no wide figure"
    # site.css keeps a wide figure readable on a phone.
    assert "a.wide-figure" in (ROOT / "docs" / "_static" / "site.css").read_text(encoding="utf-8")


def english_shown_is_announced(lang, file, soup):
    """A translated page that shows English (messages not translated yet)
    says so in a notice that counts at least those; a page of the source
    language has neither."""
    shown = {" ".join(el.get_text().split()) for el in soup.select(".untranslated")}
    notice = soup.select_one(".translation-notice")
    if lang == SOURCE_LANGUAGE and (shown or notice):
        yield "an English page with a translation notice or untranslated text"
    elif shown and notice is None:
        yield f"English text without a notice: {sorted(shown)[:3]}"
    elif shown and (count := re.search(r"本页有 (\d+) 段", notice.get_text())) and int(count.group(1)) < len(shown):
        yield f"the notice counts {count.group(1)}, the page shows {len(shown)}"


PAGE_CHECKS = [
    links_resolve,
    same_page_in_every_language,
    images_have_alt_text,
    headings_do_not_skip_levels,
    icon_is_the_sites_own,
    stylesheets_are_used,
    scripts_are_used,
    math_is_typeset,
    icons_are_drawn_without_the_icon_font,
    figures_have_size_and_load_lazily,
    english_shown_is_announced,
]


# -- Chinese typography ---------------------------------------------------------------------

_HAN = "\u3400-\u9fff\uf900-\ufaff"
_FULLWIDTH = "\u3000-\u303f\uff00-\uffef"  # CJK punctuation and full-width forms
# A space where inline markup meets Chinese on both sides ("\0" marks where an
# inline element starts or ends): 方法会 原地 修改张量, 跳到页尾 下载, 前置知识： 上一篇.
_STRAY_SPACE = re.compile(rf"[{_HAN}{_FULLWIDTH}]\0*[ \u00a0]+\0*[{_HAN}{_FULLWIDTH}]|[{_FULLWIDTH}]\0*[ \u00a0]+\0*\S")
INLINE = ["a", "strong", "em", "b", "i", "span", "abbr"]
PROSE = "p, li, h1, h2, h3, dt, dd, td, th, figcaption, caption"


def _marked_text(el) -> str:
    """The text of ``el`` with "\\0" at every inline element boundary; code as "X"."""
    el = copy.copy(el)
    while code := el.select_one("code, pre, script, style, .math"):
        code.replace_with("X")  # code is Latin: spaces around it are right
    for tag in el.find_all(INLINE):
        tag.insert(0, "\0")
        tag.append("\0")
    return el.get_text()


def stray_spaces(text: str) -> list[str]:
    """Spaces between Chinese and inline markup in ``text`` (marked as above)."""
    found = []
    for match in _STRAY_SPACE.finditer(text):
        if "\0" in match.group(0) or re.match(rf"[{_FULLWIDTH}]", match.group(0)):
            start = max(0, match.start() - 8)
            found.append(text[start : match.end() + 8].replace("\0", "|"))
    return found


def test_stray_space_pattern():
    assert len(stray_spaces("方法会 \0原地\0 修改张量")) == 2
    assert stray_spaces("前置知识： \0上一篇\0") and stray_spaces("跳到页尾\0 下载")
    assert stray_spaces("方法会\0原地\0修改张量。使用 X 数据集，第 1 轮") == []
    assert stray_spaces("用 \0Fashion-MNIST\0 数据集") == []  # Chinese and Latin: a space


def no_stray_spaces_around_inline_markup(lang, file, soup):
    """No space where a link or emphasis meets Chinese text."""
    for el in (soup.select_one("article") or soup.body).select(PROSE):
        if not el.find(["p", "li", "div"]):  # the innermost blocks only
            yield from stray_spaces(_marked_text(el))


def dimensions_use_the_multiplication_sign(lang, file, soup):
    """28×28, not 28x28, in Chinese prose (code, program output and English
    not translated yet keep x)."""
    prose = f":is({PROSE}):not(.highlight *, .untranslated, .untranslated *)"
    for el in (soup.select_one("article") or soup.body).select(prose):
        clone = el.__copy__()
        for code in clone.select("code, pre, .math, .headerlink, .untranslated"):
            code.decompose()
        text = clone.get_text(" ", strip=True)
        yield from (f"{m.group(0)} in {text[:50]}" for m in re.finditer(r"\b\d+x\d+(x\d+)?\b", text))


def no_unrendered_markup(lang, file, soup):
    """No reST markup left as text: a sign of markup glued to Chinese.

    reST only sees ``literal``, **strong** or :role:`x` when the character
    before and after it may border markup; a translation that glues one to a
    Chinese character or bracket (``x``（…） shows the backquotes instead:
    escape the space next to the markup with a backslash.
    """
    for text in (soup.select_one("article") or soup.body).find_all(string=True):
        code = text.find_parent(["pre", "code", "script", "style", "kbd"])
        if not code and re.search(r"``|\*\*\S|\S\*\*|:(?:ref|doc|math|download):`", text):
            yield str(text).strip()[:80]


def test_unrendered_markup_pattern():
    glued = BeautifulSoup("<article><p>关闭 ``requires_grad``（末尾）</p></article>", "html.parser")
    assert list(no_unrendered_markup("zh_CN", None, glued))
    fine = BeautifulSoup("<article><p>关闭 <code>x ** 2</code>（末尾）</p></article>", "html.parser")
    assert list(no_unrendered_markup("zh_CN", None, fine)) == []


CHINESE_CHECKS = [no_stray_spaces_around_inline_markup, dimensions_use_the_multiplication_sign, no_unrendered_markup]


# -- The site as a whole ---------------------------------------------------------------------


def test_deploy_artifact_fits_the_budget(site):
    """Both languages together (what the Pages deploy uploads) stay under 15 MB."""
    sizes = Counter()  # bytes per folder, three levels deep (en/_static/katex)
    for path in filter(Path.is_file, site.rglob("*")):
        sizes["/".join(path.relative_to(site).parts[:-1][:3]) or "."] += path.stat().st_size
    total = sum(sizes.values())
    biggest = sizes.most_common(8)
    assert total <= ARTIFACT_BUDGET, (
        f"{site} holds {total / 1e6:.1f} MB, over the {ARTIFACT_BUDGET / 1e6:.0f} MB budget; biggest folders:\n"
        + "\n".join(f"  {size / 1e6:6.2f} MB  {folder}" for folder, size in biggest)
    )


def test_katex_ships_one_font_file_per_font(site):
    """KaTeX's stylesheet names only its .woff2 fonts (the others would be deployed too)."""
    for lang in LANGUAGES:
        fonts = re.findall(r"url\(([^)]*)\)", (site / lang / "_static/katex/katex.min.css").read_text(encoding="utf-8"))
        assert fonts and all(font.endswith(".woff2") for font in fonts), fonts
