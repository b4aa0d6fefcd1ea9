"""The "Open in Colab" sidebar link: built from conf.py's colab_notebooks, never required."""

from __future__ import annotations

import jinja2
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

TEMPLATE = (ROOT / "docs" / "_templates" / "colab-launcher.html").read_text(encoding="utf-8")
LINKS = {"jupyter": {"link": "_downloads/abc/tensor_tutorial.ipynb"}, "python": {"link": "_downloads/def/x.py"}}


def render(colab_notebooks: str, links: dict | None, language: str = "en") -> BeautifulSoup:
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    env.install_null_translations()
    context = {"colab_notebooks": colab_notebooks, "language": language}
    if links is not None:
        context["get_download_links"] = lambda: links
    return BeautifulSoup(env.from_string(TEMPLATE).render(**context), "html.parser")


def test_link_opens_this_languages_notebook_in_the_published_branch():
    link = render("owner/repo/blob/gh-pages", LINKS, language="zh_CN").select_one("a")
    assert link["href"] == (
        "https://colab.research.google.com/github/owner/repo/blob/gh-pages/"
        "zh_CN/_downloads/abc/tensor_tutorial.ipynb"
    )
    assert link.get_text(strip=True) == "Open in Colab"


@pytest.mark.parametrize("setting, links", [("", LINKS), ("owner/repo/blob/gh-pages", None), ("owner/repo/blob/main", {})])
def test_no_link_without_the_setting_or_a_notebook(setting, links):
    assert render(setting, links).select_one("a") is None

