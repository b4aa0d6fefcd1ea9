"""The English original on demand (blitz.i18n.originals)."""

from __future__ import annotations

import time

import pytest
from blitz.i18n.originals import ID_PREFIX, message_id
from conftest import LANGUAGES, SOURCE_LANGUAGE, TRANSLATIONS, TUTORIALS, parse
from site_checks import DESKTOP, browser_page, html_pages, open_page

PAGE = "tutorials/autograd_tutorial.html"
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True}


# -- Pure ---------------------------------------------------------------------------


def test_ids_come_from_the_msgid_and_repeat_with_a_number():
    seen: dict[str, int] = {}
    first = message_id("Solution", seen)
    assert first.startswith(ID_PREFIX) and len(first) == len(ID_PREFIX) + 6
    assert message_id("Solution", seen) == first + "-2"
    assert message_id("Summary", seen) != first
    assert message_id("Solution", {}) == first  # the same on every page and in every language


# -- The built site -----------------------------------------------------------------


def marked(soup) -> dict[str, object]:
    return {p["id"]: p for p in soup.select(f'article p[id^="{ID_PREFIX}"]')}


@pytest.mark.parametrize("lang", TRANSLATIONS)
@pytest.mark.parametrize("name", TUTORIALS)
def test_translated_paragraphs_share_their_id_with_the_english_page(site, lang, name):
    english = marked(parse(site / "en" / "tutorials" / f"{name}.html"))
    page = parse(site / lang / "tutorials" / f"{name}.html")
    translated = marked(page)
    assert len(translated) >= 10, f"{lang}/{name}: expected its translated paragraphs to be marked"
    for ident, paragraph in translated.items():
        assert ident in english, f"{lang}/{name}: #{ident} is on no paragraph of the English page"
        assert "untranslated" not in paragraph.get("class", [])
        assert paragraph.get_text(strip=True) != english[ident].get_text(strip=True), ident
    # Gallery chrome (download lines, running time) is not a paragraph to compare.
    chrome = '[class*="sphx-glr"]:not(.sphx-glr-example-title)'
    assert not page.select(f'{chrome} p[id^="{ID_PREFIX}"], p{chrome}[id^="{ID_PREFIX}"]')


def test_assets_only_where_used(site):
    for lang in LANGUAGES:
        for name in html_pages(site, lang):
            path = site / lang / name
            soup = parse(path)
            scripts = [s["src"] for s in soup.select("script[src]") if "originals.js" in s["src"]]
            styles = [s["href"] for s in soup.select("link[rel=stylesheet]") if "originals.css" in s["href"]]
            box = soup.select_one(".page-originals")
            uses = lang != SOURCE_LANGUAGE and bool(marked(soup))
            assert bool(scripts) == uses and bool(styles) == uses and (box is not None) == uses, f"{lang}/{name}"
            if uses:
                assert (path.parent / box["data-original"]).resolve() == (site / SOURCE_LANGUAGE / name).resolve()
                assert box.select_one("button.bilingual-toggle[aria-pressed=false]") is not None


# -- In the browser -----------------------------------------------------------------


def open_tracked(page, base_url: str) -> list[str]:
    """Open the Chinese page; the list of English URLs it fetches from then on."""
    english = []
    page.on("request", lambda request: english.append(request.url) if "/en/" in request.url else None)
    # Shifts of the article's content: what the buttons could move.  (On a
    # desktop the theme moves the whole article container once as it loads,
    # with or without this script: that shift's source is the container.)
    page.add_init_script(
        "window.__shifts = 0; new PerformanceObserver(l => l.getEntries().forEach(e => {"
        " if (!e.hadRecentInput && e.sources.some(s => s.node && s.node.closest && s.node.closest('.bd-article')))"
        " window.__shifts += e.value; })).observe({type: 'layout-shift', buffered: true});"
    )
    # The script arrives after the first paint, as on a slow network, so that
    # a button that moved the text would count as a layout shift.
    page.route("**/_static/originals.js*", lambda route: (time.sleep(1), route.continue_()))
    open_page(page, f"{base_url}zh_CN/{PAGE}")
    page.wait_for_selector("button.original-toggle", state="attached")
    return english


def tab_to(page, selector: str, limit: int = 400) -> None:
    """Press Tab until the focus is on the first element matching ``selector``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement && document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.parametrize("options", [{"viewport": DESKTOP}, PHONE], ids=["desktop", "phone"])
def test_reveal_one_original_then_the_whole_page_by_keyboard(browser, base_url, options, site):
    with browser_page(browser, locale="zh-CN", **options) as page:
        english = open_tracked(page, base_url)
        toggles = page.locator(".bd-article p > button.original-toggle")
        assert toggles.count() >= 10
        assert english == [], f"fetched before the reader asked: {english}"
        assert page.evaluate("window.__shifts") == 0, "the buttons moved the page"
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, "the page scrolls sideways"

        # One paragraph: Tab to its button, Enter.
        tab_to(page, "button.original-toggle")
        first = page.evaluate("document.activeElement.parentElement.id")
        page.keyboard.press("Enter")
        panel = page.locator(f"#{first}-en")
        panel.wait_for(state="visible")
        assert page.get_attribute(f"#{first} > button", "aria-expanded") == "true"
        assert page.get_attribute(f"#{first} > button", "aria-controls") == f"{first}-en"
        assert panel.locator("p[lang=en]").count() == 1
        expected = parse(site / "en" / PAGE).select_one(f"#{first}").get_text(" ", strip=True)
        assert " ".join(panel.locator("p[lang=en]").inner_text().split()) == " ".join(expected.split())
        assert len({u.split("#")[0] for u in english}) == 1, english  # the English page, once
        page.keyboard.press("Enter")
        assert page.get_attribute(f"#{first} > button", "aria-expanded") == "false"
        assert panel.is_hidden()

        # The whole page: the switch in the article header, by keyboard too.
        page.keyboard.press("Shift+Tab")
        page.evaluate("document.activeElement.blur(); window.scrollTo(0, 0)")
        tab_to(page, "button.bilingual-toggle")
        page.keyboard.press("Enter")
        page.wait_for_function("document.querySelectorAll('.original:not([hidden]) p[lang=en]').length >= 10")
        assert page.get_attribute("button.bilingual-toggle", "aria-pressed") == "true"
        assert toggles.count() == page.locator("button.original-toggle[aria-expanded=true]").count()
        assert len({u.split("#")[0] for u in english}) == 1, english

        # Remembered: the next page opens bilingual.
        page.reload(wait_until="load")
        page.wait_for_function("document.querySelectorAll('.original:not([hidden])').length >= 10")
        assert page.get_attribute("button.bilingual-toggle", "aria-pressed") == "true"
        page.click("button.bilingual-toggle")
        assert page.locator(".original:not([hidden])").count() == 0
        assert page.evaluate("localStorage.getItem('blitz-bilingual')") is None
