"""The built site as a reader meets it: in a real browser, offline, in every language.

Only what a browser shows is checked here; what the HTML says is test_pages.py's.
"""

from __future__ import annotations

import re
import shutil
import time
from urllib.parse import quote

import pytest
from blitz.i18n.switcher import hreflang
from conftest import LANGUAGES, ROOT, SITE, TUTORIALS, parse
from playwright.sync_api import expect
from project import serve
from site_checks import (
    PAGES,
    PHONE,
    browser_page,
    english_on_page,
    open_page,
    watch,
)

TUTORIAL_PAGES = [f"tutorials/{name}.html" for name in TUTORIALS]
LANG_PAGES = [pytest.param("", "index.html", id="index.html")]
LANG_PAGES += [pytest.param(lang, page, id=f"{lang}/{page}") for lang in LANGUAGES for page in PAGES]
LANG_TUTORIALS = [pytest.param(lang, page, id=f"{lang}/{page}") for lang in LANGUAGES for page in TUTORIAL_PAGES]
# axe-core from npm, installed by `make axe`.
AXE_JS = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
# The tutorial whose header is checked at phone width (the same on every
# page), and whose theme choice is checked on the next page.
SAMPLE_TUTORIAL = "tutorials/autograd_tutorial.html"


def serious_accessibility_problems(page) -> list[str]:
    """axe-core's "serious" and "critical" violations on the open page."""
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS} is missing: run `make axe` (npm install of axe-core).")
    page.add_script_tag(path=str(AXE_JS))
    violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [
        f"{v['impact']}: {v['id']} ({v['help']}), e.g. {[n['target'] for n in v['nodes'][:3]]} [{len(v['nodes'])} elements]"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


def choose_theme(page, mode: str) -> None:
    page.locator("button.theme-switch-button:visible").click()
    page.locator(f'.theme-change-button[data-mode="{mode}"]:visible').click()
    expect(page.locator("html")).to_have_attribute("data-theme", mode)
    # The theme's colours change through CSS transitions: axe must read the
    # finished colours, not a mix of the two themes.
    page.wait_for_function("document.getAnimations().every((a) => a.playState !== 'running')")


# -- Every page, at desktop width ---------------------------------------------------


@pytest.mark.parametrize("lang, path", LANG_PAGES)
def test_page_in_the_browser(browser, base_url, lang, path):
    """Each page opens with no console error, no failed request and nothing
    fetched from another host (fonts, scripts and images are local); every
    image on it decodes (none shows as a broken-image icon); the language
    switcher is on screen.  A Chinese page shows and announces no English
    (search.html with results on screen).  On a tutorial axe-core finds no
    serious accessibility problem (images without alt text, links or
    buttons without a name, contrast) in the light theme, nor in the dark
    one, which the theme switch sets at once (and the next page keeps)."""
    query = f"?q={quote('张量')}" if (lang, path) == ("zh_CN", "search.html") else ""
    with browser_page(browser, locale=hreflang(lang) if lang else "en-US") as page:
        problems = watch(page)
        open_page(page, f"{base_url}{lang + '/' if lang else ''}{path}{query}")
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
        for other in [other for other in LANGUAGES if lang and other != lang]:
            switcher = page.locator(f'nav.language-switcher a[hreflang="{hreflang(other)}"]:visible')
            expect(switcher).not_to_have_count(0)
        if lang == "zh_CN":
            if query:
                page.wait_for_selector("#search-results p.context")
            found = english_on_page(page)
            assert not found, f"{len(found)} English words:\n" + "\n".join(found[:40])
        if path in TUTORIAL_PAGES:
            assert not (light := serious_accessibility_problems(page)), "light theme:\n" + "\n".join(light)
            choose_theme(page, "dark")
            assert not (dark := serious_accessibility_problems(page)), "dark theme:\n" + "\n".join(dark)
        if path == SAMPLE_TUTORIAL:  # the choice holds on the next page, and switches back
            open_page(page, page.url)
            expect(page.locator("html")).to_have_attribute("data-theme", "dark")
            choose_theme(page, "light")
        assert not problems, "\n".join(dict.fromkeys(problems))


def test_the_english_check_catches_a_fabricated_page(browser):
    """The page walk finds English in text and in each attribute, and
    ignores code, output, identifiers, acronyms, the allowed names, English
    glossed in full-width brackets and quoted in Chinese quotation marks."""
    with browser_page(browser) as page:
        page.set_content(
            """<html lang="zh-CN"><head><title>张量</title></head><body>
            <p>张量是 PyTorch 的核心，Search the docs。</p>
            <button aria-label="Color mode">⚙</button><img alt="Training loss" src="data:,">
            <input placeholder="搜索"><span title="Back to top">↑</span>
            <pre>print("not checked")</pre><div class="sphx-glr-script-out">Epoch 1 loss</div>
            <p>用 <code>torch.zeros</code> 创建</p>
            <p>用 torch.nn 和 DataLoader 在 GPU 上训练，三轮（epoch）后的 cost</p>
            <p>页锁定内存（pinned memory）和 world size，以“In Model”开头的行</p>
            <p>(half precision) 与 “Outside” lines</p></body></html>"""
        )
        found = english_on_page(page)
    words = sorted(line.split("'")[1] for line in found)
    expected = ["Search", "the", "docs", "Color", "mode", "Training", "loss", "Back", "to", "top", "cost"]
    assert words == sorted(expected + ["half", "precision", "lines"]), found


# -- Every tutorial, at phone width -----------------------------------------------------


@pytest.mark.parametrize("lang, path", LANG_TUTORIALS)
def test_tutorial_on_a_phone(browser, base_url, lang, path):
    """At 390 px the page fits the screen: wide code and outputs scroll
    inside their own box, figures shrink to the width.  On SAMPLE_TUTORIAL, axe
    finds no serious problem in either theme (the header's icon-only buttons
    among them), and the link to each other language sits in the header,
    visible without opening a menu: one tap opens the same section of the
    same page there."""
    with browser_page(browser, **PHONE) as page:
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
        assert overflow["scrollWidth"] <= overflow["width"] + 1, overflow
        if path != SAMPLE_TUTORIAL:
            return
        for theme in ("light", "dark"):
            page.evaluate(f"localStorage.setItem('mode', '{theme}'); localStorage.setItem('theme', '{theme}')")
            page.emulate_media(color_scheme=theme)
            open_page(page, page.url)
            assert not (found := serious_accessibility_problems(page)), f"{theme} theme:\n" + "\n".join(found)
        # A real section of the page (not the title), as a reader's bookmark would have.
        anchor = parse(SITE / lang / path).select_one("article section section[id]")["id"]
        page.evaluate(f"location.hash = '{anchor}'")
        for other in [other for other in LANGUAGES if other != lang]:
            link = page.locator(f'header nav.language-switcher a[hreflang="{hreflang(other)}"]:visible')
            expect(link).to_have_count(1)
            box = link.bounding_box()
            assert box and box["y"] + box["height"] <= 80 and box["x"] + box["width"] <= 390, box
            assert box["width"] >= 24 and box["height"] >= 24, f"tap target too small: {box}"
        link.tap()  # to the last of them
        page.wait_for_url(f"{base_url}{other}/{path}#{anchor}")
        expect(page.locator("html")).to_have_attribute("lang", hreflang(other))
        expect(page.locator(f"[id='{anchor}']")).to_have_count(1)


# -- Copying code and formulas ----------------------------------------------------------------


def wait_for_clipboard_change(page, before: str, timeout_s: float = 5.0) -> str:
    deadline = time.monotonic() + timeout_s
    while True:
        text = page.evaluate("navigator.clipboard.readText()")
        if text != before or time.monotonic() > deadline:
            return text
        page.wait_for_timeout(100)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_code_and_formulas_copy_as_source(browser, base_url, lang):
    """The copy button of a code cell puts exactly that code in the clipboard,
    without prompts or line numbers, ready to paste into Python; selecting a
    typeset formula and copying it gives its LaTeX (KaTeX's copy-tex), not
    the glyphs of the rendering."""
    with browser_page(browser, permissions=["clipboard-read", "clipboard-write"]) as page:
        open_page(page, f"{base_url}{lang}/tutorials/autograd_tutorial.html")
        cell = page.locator("article div.highlight").first
        pre = parse(SITE / lang / "tutorials/autograd_tutorial.html").select_one("article div.highlight pre")
        for prompt in pre.select(".gp, .linenos"):
            prompt.decompose()
        expected = pre.get_text().removesuffix("\n")
        page.evaluate("navigator.clipboard.writeText('(before the click)')")
        cell.hover()
        cell.locator("button.copybtn").click()
        copied = wait_for_clipboard_change(page, "(before the click)")
        assert copied == expected
        assert copied.strip() and not re.search(r"^(>>>|\.\.\.) ", copied, re.M)

        formula = page.locator("article .katex").first
        tex = formula.locator('annotation[encoding="application/x-tex"]').text_content().strip()
        formula.evaluate(
            """k => { const range = document.createRange(); range.selectNode(k);
                      getSelection().removeAllRanges(); getSelection().addRange(range); }"""
        )
        page.keyboard.press("Control+C")
        copied = wait_for_clipboard_change(page, copied)
    assert tex and tex in copied and copied.strip().startswith("$"), f"copied {copied!r}, formula {tex!r}"


# -- The root page and the root 404 page -------------------------------------------------------


@pytest.fixture(scope="module")
def project_site(site, tmp_path_factory):
    """The site published under a path (example.org/project/), as GitHub
    Pages publishes a project site, with its 404.html at the root."""
    root = tmp_path_factory.mktemp("pages")
    (root / "project").symlink_to(site, target_is_directory=True)
    shutil.copy(site / "404.html", root / "404.html")
    with serve(root) as url:
        yield url + "project/"


@pytest.mark.parametrize(
    "locale, address, lands_on",
    [
        # The root page: the home page in the reader's language (any Chinese,
        # else English), with the query and the #anchor.
        ("zh-CN", "?utm_source=test#the-tutorials", "zh_CN/index.html?utm_source=test#the-tutorials"),
        ("zh-TW", "?utm_source=test#the-tutorials", "zh_CN/index.html?utm_source=test#the-tutorials"),
        ("en-US", "?utm_source=test#the-tutorials", "en/index.html?utm_source=test#the-tutorials"),
        ("fr-FR", "?utm_source=test#the-tutorials", "en/index.html?utm_source=test#the-tutorials"),
        # An address without a language: the same page in the reader's language.
        ("zh-CN", "tutorials/autograd_tutorial.html#backward", "zh_CN/tutorials/autograd_tutorial.html#backward"),
        ("en-US", "tutorials/autograd_tutorial.html", "en/tutorials/autograd_tutorial.html"),
        ("zh-CN", "search.html?q=%E5%BC%A0%E9%87%8F", "zh_CN/search.html?q=%E5%BC%A0%E9%87%8F"),
        # A page the site does not have: the not-found page of its language.
        ("en-US", "zh_CN/tutorials/no_such_tutorial.html", "zh_CN/404.html"),
        ("zh-CN", "en/no-such-page.html", "en/404.html"),
        ("zh-CN", "no-such-page.html", "zh_CN/404.html"),
    ],
)
@pytest.mark.parametrize("where", ["root", "project"])
def test_root_pages_send_reader_on(browser, base_url, project_site, where, locale, address, lands_on):
    site = base_url if where == "root" else project_site
    with browser_page(browser, locale=locale) as page:
        page.goto(site + address)
        page.wait_for_url(site + lands_on)
        expect(page.locator("html")).to_have_attribute("lang", hreflang(lands_on.split("/")[0]))
        if lands_on.endswith("404.html"):
            heading = "找不到页面" if lands_on.startswith("zh_CN") else "Page not found"
            expect(page.locator("article h1")).to_contain_text(heading)


@pytest.mark.parametrize(
    "hostile",
    [
        "/evil.example/en/x",
        "/evil.example/x.html",
        "/%5Cevil.example/en/x",
        "\\evil.example/zh_CN/x",
        "/" + "a/" * 2000 + "x.html",
    ],
)
def test_root_404_never_leaves_the_site(browser, base_url, hostile):
    """A path can't send the root 404 page to another host, and a long one ends at once."""
    origin = base_url.rstrip("/")
    requests = []
    with browser_page(browser, locale="zh-CN") as page:
        page.on("request", lambda request: requests.append((request.method, request.url)))
        page.route(lambda url: not url.startswith(origin), lambda route: route.abort())
        started = time.monotonic()
        page.goto(origin + "/" + hostile, wait_until="load")
        page.wait_for_timeout(1500)  # time for any redirect the script makes
        assert page.url.startswith(origin + "/"), page.url
        assert all(url.startswith(origin + "/") for _, url in requests), requests
        probes = [url for method, url in requests if method == "HEAD"]
        assert len(probes) <= 8 and time.monotonic() - started < 10, (len(probes), time.monotonic() - started)
