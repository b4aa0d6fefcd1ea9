"""The two extensions that cut the cost of rebuilding (docs/_ext/search_zh_lazy.py,
docs/_ext/template_cache.py), exercised without a Sphinx build.

That they leave the site unchanged was checked by building it with and
without them and comparing every file (see the README, "Benchmark").
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import sphinx.search.zh

import search_zh_lazy
import template_cache


@pytest.fixture
def jieba_calls(monkeypatch):
    """Record the dictionary loads and word cuts instead of running jieba."""
    calls = []
    monkeypatch.setattr(sphinx.search.zh, "jieba_load_userdict", lambda path: calls.append(("load", path)))
    monkeypatch.setattr(sphinx.search.zh, "cut_for_search", lambda text: calls.append(("cut", text)) or [text])
    return calls


def test_chinese_search_loads_no_dictionary_until_a_page_is_indexed(tmp_path, jieba_calls):
    words = tmp_path / "dict.txt"
    words.write_text("张量 3 n\n", encoding="utf-8")
    lang = search_zh_lazy.LazySearchChinese({"dict": str(words)})
    assert jieba_calls == []
    assert lang.split("张量 tensor") == ["张量 tensor", "tensor"]  # the cut, then the Latin words
    lang.split("梯度")
    # Loaded once, before the first cut, from the configured dictionary.
    assert jieba_calls == [("load", str(words)), ("cut", "张量 tensor"), ("cut", "梯度")]


def test_lazy_and_eager_search_languages_agree(tmp_path, jieba_calls):
    words = tmp_path / "dict.txt"
    words.write_text("张量 3 n\n", encoding="utf-8")
    eager = sphinx.search.zh.SearchChinese({"dict": str(words)})
    lazy = search_zh_lazy.LazySearchChinese({"dict": str(words)})
    for word in ("Tensors", "tensor", "GPU", "梯度"):
        assert lazy.stem(word) == eager.stem(word)
    text = "在 GPU 上训练 networks"
    assert lazy.split(text) == eager.split(text)
    assert lazy.lang == eager.lang == "zh"


def fake_builder(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text(
        "{% for x in items %}<li>{{ x|upper }}</li>{% endfor %}{{ _('Search') }}", encoding="utf-8"
    )
    return SimpleNamespace(
        config=SimpleNamespace(templates_path=[]),
        confdir=tmp_path,
        _translator=None,
        doctreedir=tmp_path / "doctrees" / "en",
    ), templates


def test_compiled_templates_are_kept_and_render_the_same(tmp_path):
    builder, templates = fake_builder(tmp_path)
    first = template_cache.CachingTemplateLoader()
    first.init(builder, dirs=[str(templates)])
    context = {"items": ["a", "b"], "_": lambda s: s}
    html = first.render("page.html", context)
    cached = list((tmp_path / "doctrees" / "jinja-bytecode").iterdir())
    assert len(cached) == 1, "the compiled template was not written to the cache"

    # A new process: the template comes from the cache and renders the same.
    second = template_cache.CachingTemplateLoader()
    second.init(builder, dirs=[str(templates)])
    assert second.render("page.html", context) == html == "<li>A</li><li>B</li>Search"


def test_an_edited_template_is_recompiled(tmp_path):
    builder, templates = fake_builder(tmp_path)
    loader = template_cache.CachingTemplateLoader()
    loader.init(builder, dirs=[str(templates)])
    loader.render("page.html", {"items": ["a"], "_": lambda s: s})
    (templates / "page.html").write_text("<p>{{ items|length }}</p>", encoding="utf-8")
    fresh = template_cache.CachingTemplateLoader()
    fresh.init(builder, dirs=[str(templates)])
    assert fresh.render("page.html", {"items": ["a", "b"]}) == "<p>2</p>"
