"""The built site as a reader meets it: in a real browser, offline, in both languages.

`make test` builds the site first; these tests serve ``_build/html`` (or
``$SITE_DIR``) on 127.0.0.1 and drive Debian's Chromium with Playwright.
Every request to another host is blocked and reported, so a page that would
need the internet (a CDN font, a remote script) fails here, as it would for
a reader offline or behind a filtered network.

The downloads run in tests/test_downloads.py.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from conftest import TUTORIALS
from playwright.sync_api import expect
from site_checks import (
    AXE_JS,
    HREFLANG,
    LANGUAGES,
    SITE_DIR,
    PageProblems,
    all_pages,
    html_pages,
    run_linkchecker,
)

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

# Browser contexts for the two screens: a phone shows another header (menu
# and search icons, the language link) that a desktop-width check never sees.
SCREENS = {
    "desktop": {"viewport": DESKTOP},
    "phone": {"viewport": PHONE, "device_scale_factor": 2, "is_mobile": True, "has_touch": True},
}

# Every page either language has, plus the tutorials that examples/ promises,
# so that a page missing from one language (or from both) fails by name.
PAGES = sorted(set(all_pages(SITE_DIR)) | {f"tutorials/{name}.html" for name in TUTORIALS})
TUTORIAL_PAGES = [p for p in PAGES if p.startswith("tutorials/") and p.endswith("_tutorial.html")]
LANG_PAGES = [(lang, page) for lang in LANGUAGES for page in PAGES]
LANG_TUTORIALS = [(lang, page) for lang in LANGUAGES for page in TUTORIAL_PAGES]


def _ids(params):
    return [f"{lang}/{page}" for lang, page in params]


# -- Fixtures --------------------------------------------------------------------


@pytest.fixture
def context(browser):
    """A fresh browser profile (no stored theme, empty cache) at desktop size."""
    context = browser.new_context(viewport=DESKTOP, locale="en-US")
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def problems(context) -> PageProblems:
    return PageProblems().watch(context)


@pytest.fixture
def page(context, problems):
    """A page whose console errors, failed and non-local requests are recorded."""
    return context.new_page()


def open_page(page, url: str) -> None:
    """Go to ``url`` and wait until it is quiet (fonts, figures, search index...)."""
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, f"{url}: HTTP {response.status if response else '?'}"
    page.wait_for_load_state("networkidle")


# -- 1. Every page loads cleanly, and offline -------------------------------------


@pytest.mark.parametrize("lang, path", [("", "index.html"), *LANG_PAGES], ids=["root"] + _ids(LANG_PAGES))
def test_page_loads_without_errors_or_internet(base_url, page, problems, lang, path):
    """Each page opens with no console error, no failed request, nothing
    fetched from another host (fonts, scripts and images are local), and
    every image on it (figures, thumbnails, logos) decodes: none shows as a
    broken-image icon."""
    open_page(page, f"{base_url}{lang + '/' if lang else ''}{path}")
    assert not problems, problems.report()
    broken = page.evaluate(
        """async () => {
            const images = [...document.images];
            images.forEach(img => { img.loading = 'eager'; });
            await Promise.all(images.map(img => img.decode().catch(() => null)));
            return images.filter(img => !(img.complete && img.naturalWidth > 0))
                         .map(img => img.currentSrc || img.src);
        }"""
    )
    assert not broken, f"images that did not load: {broken}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_declare_their_icon(site_dir, lang):
    """Every page names an icon file that ships with the site, so the browser
    tab shows the site's icon and the browser does not probe /favicon.ico
    (a 404 in the console, and on a shared host someone else's icon)."""
    problems = []
    for path in html_pages(site_dir, lang):
        file = site_dir / lang / path
        icon = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser").select_one('link[rel~="icon"][href]')
        if icon is None:
            problems.append(f"{path}: no <link rel=icon>")
        elif "://" in icon["href"] or not (file.parent / icon["href"]).is_file():
            problems.append(f"{path}: icon {icon['href']} is not a file of the site")
    assert not problems, "\n".join(problems[:10]) + (f"\n... {len(problems)} in all" if len(problems) > 10 else "")


# -- 2. The root page sends readers to their language --------------------------------


@pytest.mark.parametrize(
    "locale, lang",
    [("zh-CN", "zh_CN"), ("zh-TW", "zh_CN"), ("en-US", "en"), ("fr-FR", "en")],
)
def test_root_page_sends_reader_to_their_language(browser, base_url, locale, lang):
    """A browser that prefers Chinese lands on the Chinese home page; any
    other lands on the English one."""
    context = browser.new_context(locale=locale)
    try:
        page = context.new_page()
        page.goto(base_url)
        page.wait_for_url(f"{base_url}{lang}/index.html")
        expect(page.locator("html")).to_have_attribute("lang", HREFLANG[lang])
    finally:
        context.close()


# -- 3. The language switcher keeps the page and the #anchor -------------------------


@pytest.mark.parametrize("start, other", [("en", "zh_CN"), ("zh_CN", "en")])
def test_language_switcher_keeps_page_and_anchor(site_dir, base_url, page, start, other):
    """From a section of a tutorial, the switcher opens the same section of
    the same tutorial in the other language."""
    path = "tutorials/autograd_tutorial.html"
    # A real section of the page (not the title), as a reader's bookmark would have.
    soup = BeautifulSoup((site_dir / start / path).read_text(encoding="utf-8"), "html.parser")
    section = soup.select_one("article section section[id]")
    assert section is not None, "the page has no sections to link to"
    anchor = section["id"]
    open_page(page, f"{base_url}{start}/{path}#{anchor}")

    switcher = page.locator(f'nav.language-switcher a[hreflang="{HREFLANG[other]}"]:visible').first
    switcher.click()
    page.wait_for_url(f"{base_url}{other}/{path}#{anchor}")
    expect(page.locator("html")).to_have_attribute("lang", HREFLANG[other])
    expect(page.locator(f"[id='{anchor}']")).to_have_count(1)


# -- 4. Search finds pages in both languages -----------------------------------------

SEARCHES = [
    ("en", "broadcasting", "tutorials/tensor_tutorial.html"),
    ("en", "DataLoader", "tutorials/classifier_tutorial.html"),
    ("en", "backward", "tutorials/autograd_tutorial.html"),
    ("zh_CN", "张量", "tutorials/tensor_tutorial.html"),
    ("zh_CN", "梯度", "tutorials/autograd_tutorial.html"),
    ("zh_CN", "神经网络", "tutorials/neural_networks_tutorial.html"),
]


@pytest.mark.parametrize("lang, term, expected", SEARCHES, ids=[f"{lang}-{t}" for lang, t, _ in SEARCHES])
def test_search_finds_the_tutorial(base_url, page, lang, term, expected):
    """Searching for a word the tutorial teaches lists that tutorial."""
    open_page(page, f"{base_url}{lang}/search.html?q={quote(term)}")
    # Sphinx fills the summary line only once the search has finished.
    page.wait_for_function(
        "() => (document.querySelector('#search-results .search-summary')?.innerText || '').trim() !== ''"
    )
    hrefs = page.locator("#search-results ul.search li a").evaluate_all(
        "links => links.map(a => a.getAttribute('href').split('#')[0])"
    )
    assert expected in hrefs, f"searching {term!r} on the {lang} site found {sorted(set(hrefs))}"


# -- 5. Copy buttons copy the code ---------------------------------------------------


def wait_for_clipboard_change(page, before: str, timeout_s: float = 5.0) -> str:
    deadline = time.monotonic() + timeout_s
    while True:
        text = page.evaluate("navigator.clipboard.readText()")
        if text != before or time.monotonic() > deadline:
            return text
        page.wait_for_timeout(100)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_copy_button_copies_the_code(browser, base_url, lang):
    """The copy button of a code cell puts exactly that code in the clipboard,
    without prompts or line numbers, ready to paste into Python."""
    context = browser.new_context(viewport=DESKTOP, permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        open_page(page, f"{base_url}{lang}/tutorials/tensor_tutorial.html")
        cell = page.locator("article div.highlight").first
        expected = cell.locator("pre").evaluate(
            """pre => {
                const clone = pre.cloneNode(true);
                clone.querySelectorAll('.gp, .linenos').forEach(n => n.remove());
                return clone.textContent.replace(/\\n$/, '');
            }"""
        )
        page.evaluate("navigator.clipboard.writeText('(clipboard before the click)')")
        cell.hover()
        cell.locator("button.copybtn").click()
        copied = wait_for_clipboard_change(page, "(clipboard before the click)")
        assert copied == expected
        assert copied.strip() and not re.search(r"^(>>>|\.\.\.) ", copied, re.M)
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_formula_copies_as_latex(browser, base_url, lang):
    """Selecting a typeset formula and copying it gives its LaTeX source
    (KaTeX's copy-tex), not the glyphs of the rendering."""
    context = browser.new_context(viewport=DESKTOP, permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        open_page(page, f"{base_url}{lang}/tutorials/autograd_tutorial.html")
        formula = page.locator("article .katex").first
        tex = formula.locator('annotation[encoding="application/x-tex"]').text_content().strip()
        page.evaluate("navigator.clipboard.writeText('(clipboard before the copy)')")
        formula.evaluate(
            """k => { const range = document.createRange(); range.selectNode(k);
                      getSelection().removeAllRanges(); getSelection().addRange(range); }"""
        )
        page.keyboard.press("Control+C")
        copied = wait_for_clipboard_change(page, "(clipboard before the copy)")
    finally:
        context.close()
    assert tex and tex in copied and copied.strip().startswith("$"), f"copied {copied!r}, formula {tex!r}"


# -- 6. The light/dark switch --------------------------------------------------------


def choose_theme(page, mode: str) -> None:
    page.locator("button.theme-switch-button:visible").click()
    page.locator(f'.theme-change-button[data-mode="{mode}"]:visible').click()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_theme_switch_changes_and_remembers_the_theme(base_url, page, lang):
    """Choosing dark or light in the navbar recolours the page at once, and
    the choice holds on the next page."""
    open_page(page, f"{base_url}{lang}/tutorials/tensor_tutorial.html")
    html = page.locator("html")
    for mode in ("dark", "light", "dark"):
        choose_theme(page, mode)
        expect(html).to_have_attribute("data-theme", mode)
    open_page(page, f"{base_url}{lang}/tutorials/autograd_tutorial.html")
    expect(html).to_have_attribute("data-theme", "dark")


# -- 7. Links and anchors ------------------------------------------------------------


@pytest.fixture(scope="session")
def link_report(base_url, tmp_path_factory):
    starts = [base_url, *(f"{base_url}{lang}/index.html" for lang in LANGUAGES)]
    return run_linkchecker(starts, tmp_path_factory.mktemp("linkchecker"))


def test_no_broken_links(link_report):
    """Every link inside the site, in both languages, leads to a page or file
    that exists (LinkChecker over the served site)."""
    assert not link_report.broken, "\n".join(link_report.broken)


def test_no_broken_anchors(link_report):
    """Every link to a #section lands on a section that exists."""
    assert not link_report.bad_anchors, "\n".join(link_report.bad_anchors)


def test_every_page_is_reachable_by_links(base_url, link_report):
    """A reader can reach every page by following links from the home page."""
    unreachable = [
        f"{lang}/{path}"
        for lang, path in LANG_PAGES
        # 404.html is where the root 404 page sends a reader who followed a broken link.
        if path not in ("genindex.html", "search.html", "404.html") and f"{base_url}{lang}/{path}" not in link_report.checked
    ]
    assert not unreachable, f"pages no link leads to: {unreachable}"


# -- 8. Accessibility ---------------------------------------------------------------


@pytest.fixture(scope="session")
def axe_js() -> Path:
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS} is missing: run `make axe` (npm install of axe-core).")
    return AXE_JS


# Every tutorial in both themes (its content: code colors, outputs, figures);
# the phone's header and menu are the same on every page, so one tutorial
# per language is checked at phone width, in both themes.
AXE_RUNS = [(lang, path, theme, "desktop") for lang, path in LANG_TUTORIALS for theme in ("light", "dark")] + [
    (lang, TUTORIAL_PAGES[0], theme, "phone") for lang in LANGUAGES for theme in ("light", "dark")
]


@pytest.mark.parametrize("lang, path, theme, screen", AXE_RUNS, ids=[f"{lang}/{p}-{t}-{s}" for lang, p, t, s in AXE_RUNS])
def test_axe_finds_no_serious_problems(browser, base_url, axe_js, lang, path, theme, screen):
    """axe-core reports no "serious" or "critical" accessibility violation on a
    tutorial page, in the light theme and in the dark one (contrast), at
    desktop width and at phone width (390 px).  Its rules include images
    without alt text and links or buttons without a name (the phone header's
    icon-only buttons)."""
    context = browser.new_context(**SCREENS[screen], color_scheme=theme)
    context.add_init_script(f"localStorage.setItem('mode', '{theme}'); localStorage.setItem('theme', '{theme}');")
    try:
        page = context.new_page()
        open_page(page, f"{base_url}{lang}/{path}")
        page.add_script_tag(path=str(axe_js))
        violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    finally:
        context.close()
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    report = [
        f"{v['impact']}: {v['id']} ({v['help']}), e.g. {[n['target'] for n in v['nodes'][:3]]}"
        f" [{len(v['nodes'])} elements]"
        for v in serious
    ]
    assert not serious, "\n".join(report)


def _article_soups(site_dir):
    for lang, path in LANG_PAGES:
        file = site_dir / lang / path
        if file.is_file():
            yield f"{lang}/{path}", BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


def test_figures_have_alt_text(site_dir):
    """Every image has alt text (decorative ones say so with alt=""), and no
    tutorial figure is left with an empty one."""
    problems = []
    for name, soup in _article_soups(site_dir):
        problems += [f"{name}: no alt on {img.get('src')}" for img in soup.select("img:not([alt])")]
        problems += [f"{name}: empty alt on {img.get('src')}"
                     for img in soup.select("img.sphx-glr-single-img, img.sphx-glr-multi-img") if not img["alt"].strip()]
    assert not problems, "\n".join(problems[:20])


def test_headings_do_not_skip_levels(site_dir):
    """Each page has one h1 and its headings go down one level at a time, so
    that screen-reader outlines make sense."""
    problems = []
    for name, soup in _article_soups(site_dir):
        levels = [(int(h.name[1]), h.get_text(" ", strip=True)[:60]) for h in soup.select("h1, h2, h3, h4, h5, h6")]
        if [level for level, _ in levels].count(1) != 1:
            problems.append(f"{name}: expected one h1: {levels}")
        problems += [f"{name}: h{a} {ta!r} -> h{b} {tb!r}" for (a, ta), (b, tb) in zip(levels, levels[1:]) if b > a + 1]
    assert not problems, "\n".join(problems[:20])


# -- 9. Layout on a phone ----------------------------------------


@pytest.mark.parametrize("lang, path", LANG_TUTORIALS, ids=_ids(LANG_TUTORIALS))
def test_phone_page_does_not_scroll_sideways(browser, base_url, lang, path):
    """On a phone (390 px wide) the page fits the screen: wide code and
    outputs scroll inside their own box, figures shrink to the width."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        open_page(page, f"{base_url}{lang}/{path}")
        overflow = page.evaluate(
            """() => {
                const width = document.documentElement.clientWidth;
                const wide = [...document.querySelectorAll('article *')]
                    .filter(el => el.getBoundingClientRect().right > width + 1
                                  && !el.closest('pre, .highlight, .sphx-glr-script-out, div.math, table'))
                    .slice(0, 5)
                    .map(el => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : ''));
                return {scrollWidth: document.documentElement.scrollWidth, width, wide};
            }"""
        )
    finally:
        context.close()
    assert overflow["scrollWidth"] <= overflow["width"] + 1, overflow
