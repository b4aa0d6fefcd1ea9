"""Shared fixtures: the built site, a parser and a browser.

The project's folders, languages, tutorial list, build command and scratch
copy are tools/project.py's, imported here for the tests (``from conftest
import ROOT, TUTORIALS`` and ``import project`` both work).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

from project import (  # noqa: E402
    BUILD,
    EXAMPLES,
    LANGUAGES,
    ROOT,
    SITE,
    SOURCE_LANGUAGE,
    TRANSLATIONS,
    TUTORIALS,
    copy_project,
)

sys.path.insert(0, str(ROOT / "docs" / "_ext"))

# Sphinx's own fixtures (make_app, app) build the tiny projects in tests/roots/.
pytest_plugins = ("sphinx.testing.fixtures",)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return Path(__file__).resolve().parent / "roots"


__all__ = ["BUILD", "EXAMPLES", "LANGUAGES", "ROOT", "SITE", "SOURCE_LANGUAGE", "TRANSLATIONS", "TUTORIALS",
           "copy_project", "parse"]


# What a test needs, from the fixtures it uses (markers in pyproject.toml):
# `make check` runs the unit tests, `make test` all of them after `make html`.
SITE_FIXTURES = {"site", "site_dir", "base_url"}
BROWSER_FIXTURES = {"browser", "page"}
# `make test` runs pytest-xdist with --dist loadscope: the tests of a module
# run in one worker, so a module's costly fixture (a scratch build, the link
# check) is made once.


@pytest.hookimpl(tryfirst=True)  # before -m selects by these markers
def pytest_collection_modifyitems(config, items):
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if names & (SITE_FIXTURES | BROWSER_FIXTURES):
            item.add_marker(pytest.mark.site)
        if not any(item.get_closest_marker(name) for name in ("site", "browser", "slow")):
            item.add_marker(pytest.mark.unit)


@pytest.fixture(scope="session")
def site() -> Path:
    """The site that `make html` built (make test builds it first), or SITE_DIR."""
    index = SITE / SOURCE_LANGUAGE / "index.html"
    if not index.is_file():
        pytest.fail(f"{index} is missing: run `make html` (or `make test`, which builds it).")
    return SITE


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="session")
def site_dir() -> Path:
    """The built site: every language and the root pages."""
    missing = [p for p in ("index.html", *(f"{lang}/index.html" for lang in LANGUAGES)) if not (SITE / p).is_file()]
    if missing:
        pytest.fail(f"{SITE} lacks {', '.join(missing)}: run `make html` (or set SITE_DIR).")
    return SITE


@pytest.fixture(scope="session")
def base_url(site_dir):
    """The site served over HTTP on 127.0.0.1 (search and fetch() need HTTP)."""
    from project import serve

    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """One Chromium for every browser test (Playwright allows one per thread)."""
    from playwright.sync_api import sync_playwright
    from site_checks import launch_chromium

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()
