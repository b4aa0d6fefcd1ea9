"""Save screenshots of a tutorial page as readers see it: `make screenshots`.

Why this exists: the things a reader notices first (a fallback font for the
Chinese text, code running off a phone screen, a figure too small to read, a
dark theme with unreadable colours) do not show in the HTML; they show in
pictures.  This script serves the built site on 127.0.0.1, opens one page in
Chromium in every language, light and dark, at desktop and phone widths, and
saves views of each (the top of the page, the widest code cell, the first
figure, the first displayed formula and, on phones, the navigation drawer)
as PNGs:

    _build/screenshots/<page>-<lang>-<theme>-<device>-<view>.png

Usage:
    python tools/screenshots.py [--site _build/html] [--out _build/screenshots]
                                [--page tutorials/tensor_tutorial.html] [--css fix.css]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import project
from project import LANGUAGES, ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

# The browser's language for each language of the site (its BCP 47 tag).
LOCALES = {lang: lang.replace("_", "-") for lang in LANGUAGES} | {"en": "en-US"}
THEMES = ("light", "dark")
DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 800}, "device_scale_factor": 1},
    "phone": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
              "is_mobile": True, "has_touch": True},
}
# What each view shows: the top of the page, the code block (or output) that
# is widest for the screen, the first figure.  Phones also get the open
# navigation drawer (the language switcher stays in the header).
FIND_WIDEST_CODE = """() => {
    const blocks = [...document.querySelectorAll('article div.highlight pre')];
    const widest = blocks.sort((a, b) => (b.scrollWidth - b.clientWidth) - (a.scrollWidth - a.clientWidth))[0];
    if (widest) widest.closest('div.highlight').id ||= 'screenshot-widest-code';
    return widest ? '#' + widest.closest('div.highlight').id : null;
}"""
FIGURE = "img.sphx-glr-single-img, img.sphx-glr-multi-img"
# The views found by a selector: the first figure, the first displayed formula.
VIEWS = {"figure": FIGURE, "math": "div.math"}


def _show(page, view: str) -> bool:
    """Scroll (or open) the page to show ``view``; False if the page has none."""
    if view == "top":
        page.evaluate("window.scrollTo(0, 0)")
        return True
    if view == "menu":
        toggle = page.locator("button.primary-toggle:visible")
        if not toggle.count():
            return False
        page.evaluate("window.scrollTo(0, 0)")
        toggle.first.click()
        page.locator("dialog#pst-primary-sidebar-modal[open], #pst-primary-sidebar-modal[open]").wait_for()
        return True
    selector = page.evaluate(FIND_WIDEST_CODE) if view == "code" else VIEWS[view]
    if not selector or not page.locator(selector).count():
        return False
    page.locator(selector).first.scroll_into_view_if_needed()
    if view == "figure":
        # Figures load lazily: wait until this one has arrived and decoded.
        page.locator(selector).first.evaluate("img => img.decode().catch(() => null)")
    # Leave room for the sticky header: show a little above the target.
    page.evaluate("window.scrollBy(0, -120)")
    return True


def take(browser, base_url: str, out_dir: Path, page_path: str, extra_css: str = "") -> list[Path]:
    """Screenshots of ``page_path`` in every language, theme, device and view.

    ``extra_css`` is added to every page: a way to try a style fix on the
    built site before rebuilding it.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = Path(page_path).stem
    saved = []
    for lang in LANGUAGES:
        for theme in THEMES:
            for device, options in DEVICES.items():
                context = browser.new_context(locale=LOCALES[lang], color_scheme=theme, **options)
                # The theme's own switch stores the reader's choice here.
                context.add_init_script(
                    f"localStorage.setItem('mode', '{theme}'); localStorage.setItem('theme', '{theme}');"
                )
                page = context.new_page()
                page.goto(f"{base_url}{lang}/{page_path}", wait_until="networkidle")
                if extra_css:
                    page.add_style_tag(content=extra_css)
                page.evaluate("document.fonts.ready")
                for view in ("top", "code", "figure", "math") + (("menu",) if device == "phone" else ()):
                    if not _show(page, view):
                        continue
                    page.wait_for_timeout(200)  # smooth scrolling and the drawer's animation
                    path = out_dir / f"{stem}-{lang}-{theme}-{device}-{view}.png"
                    page.screenshot(path=str(path))
                    saved.append(path)
                context.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=project.SITE)
    parser.add_argument("--out", type=Path, default=project.BUILD / "screenshots")
    parser.add_argument("--page", action="append", help="page path inside a language folder (repeatable)")
    parser.add_argument("--css", type=Path, help="a stylesheet to add to the pages (to preview a fix)")
    parser.add_argument("--chromium", default=CHROMIUM)
    args = parser.parse_args(argv)
    pages = args.page or ["tutorials/tensor_tutorial.html"]
    for page_path in pages:
        for lang in LANGUAGES:
            if not (args.site / lang / page_path).is_file():
                print(f"{args.site / lang / page_path} is missing: run `make html` first.", file=sys.stderr)
                return 1

    from playwright.sync_api import sync_playwright

    with project.serve(args.site) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        for page_path in pages:
            extra_css = args.css.read_text(encoding="utf-8") if args.css else ""
            for path in take(browser, base_url, args.out, page_path, extra_css):
                print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
