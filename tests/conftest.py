"""Shared fixtures: the repository paths and the built site."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build"
SITE = BUILD / "html"
EXAMPLES = ROOT / "examples"
TUTORIALS = sorted(p.stem for p in EXAMPLES.glob("*_tutorial.py"))

sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "docs" / "_ext"))


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: runs every downloadable tutorial, or builds a scratch copy of the site; deselect with -m 'not slow'")


@pytest.fixture(scope="session")
def site() -> Path:
    """The English site that `make html` built (make test builds it first)."""
    index = SITE / "en" / "index.html"
    if not index.is_file():
        pytest.fail(f"{index} is missing: run `make html` (or `make test`, which builds it).")
    return SITE


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def copy_project(dest: Path) -> Path:
    """A copy of the project's sources (no build, no executed gallery) for a scratch build."""
    dest.mkdir(parents=True)
    skip = (".venv", "_build", "data", ".git", "__pycache__", "*.mo")
    for name in ("conf.py", "docs", "examples", "locale"):
        src = ROOT / name
        # docs/tutorials/ is the executed gallery; locale/ has catalogs named tutorials/ too.
        ignore = shutil.ignore_patterns(*skip, *(("tutorials",) if name == "docs" else ()))
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=ignore)
        else:
            shutil.copy2(src, dest / name)
    # KaTeX's stylesheet and fonts (`make katex`), which every build serves.
    katex = ROOT / ".cache" / "npm" / "katex"
    if katex.is_dir():
        (dest / ".cache" / "npm").mkdir(parents=True)
        (dest / ".cache" / "npm" / "katex").symlink_to(katex)
    return dest


@pytest.fixture(scope="session")
def site_dir() -> Path:
    """The built site, both languages and the root page."""
    from site_checks import SITE_DIR

    missing = [p for p in ("index.html", "en/index.html", "zh_CN/index.html") if not (SITE_DIR / p).is_file()]
    if missing:
        pytest.fail(f"{SITE_DIR} lacks {', '.join(missing)}: run `make html` (or set SITE_DIR).")
    return SITE_DIR


@pytest.fixture(scope="session")
def base_url(site_dir):
    """The site served over HTTP on 127.0.0.1 (search and fetch() need HTTP)."""
    from site_checks import serve

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
