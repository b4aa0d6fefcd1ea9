"""Shared fixtures: the built site, its server and a browser."""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

from project import (  # noqa: E402, F401 (the project's names, for the tests to import from here)
    BUILD,
    EXAMPLES,
    LANGUAGES,
    ROOT,
    SITE,
    SOURCE_LANGUAGE,
    TRANSLATIONS,
    TUTORIALS,
    copy_project,
    serve,
)

sys.path.insert(0, str(ROOT / "docs" / "_ext"))

# Sphinx's own fixtures (make_app, app) build the tiny projects in tests/roots/.
pytest_plugins = ("sphinx.testing.fixtures",)

# Debian's Chromium unless CHROMIUM names another (`make test` passes preflight's choice).
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests run as root in CI containers
    "--disable-gpu",
    # No traffic of the browser's own (updates, field trials, safe browsing):
    # the only requests left are the pages' requests.
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return Path(__file__).resolve().parent / "roots"


# A test's tier (markers in pyproject.toml) follows from the fixtures it uses.
@pytest.hookimpl(tryfirst=True)  # before -m selects by these markers
def pytest_collection_modifyitems(config, items):
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if "browser" in names:
            item.add_marker(pytest.mark.browser)
        if names & {"site", "browser"}:  # base_url uses site
            item.add_marker(pytest.mark.site)
        if not any(item.get_closest_marker(name) for name in ("site", "browser", "slow")):
            item.add_marker(pytest.mark.unit)


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@cache
def translations(lang: str = "zh_CN") -> tuple[tuple[str, str, str], ...]:
    """(catalog, msgid, msgstr) of every reviewed (not fuzzy) translation of
    ``lang``, catalogs in order, named as under LC_MESSAGES (tutorials/x.po)."""
    from babel.messages.pofile import read_po

    folder = ROOT / "locale" / lang / "LC_MESSAGES"
    found = []
    for path in sorted(folder.rglob("*.po")):
        with path.open("rb") as f:
            found += [
                (path.relative_to(folder).as_posix(), m.id, m.string)
                for m in read_po(f)
                if isinstance(m.id, str) and m.id and m.string and not m.fuzzy
            ]
    return tuple(found)


@pytest.fixture(scope="session")
def site() -> Path:
    """The site that `make html` built (make test builds it first), or SITE_DIR: every language and the root pages."""
    missing = [p for p in ("index.html", *(f"{lang}/index.html" for lang in LANGUAGES)) if not (SITE / p).is_file()]
    if missing:
        pytest.fail(f"{SITE} lacks {', '.join(missing)}: run `make html` (or `make test`, which builds it).")
    return SITE


@pytest.fixture(scope="session")
def base_url(site):
    """The site served over HTTP on 127.0.0.1 (search and fetch() need HTTP)."""
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """One Chromium for every browser test (Playwright allows one per thread)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium package (or set CHROMIUM)")
    with sync_playwright() as playwright:  # closes the browser on the way out
        yield playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@pytest.fixture(scope="module")
def page(browser):
    """One browser page for the searches of a module, in a profile that prefers Chinese."""
    from site_checks import browser_page

    with browser_page(browser, locale="zh-CN") as page:
        yield page
