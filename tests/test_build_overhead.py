"""The extension that cuts the cost of rebuilding (docs/_ext/blitz/template_cache.py),
exercised without a Sphinx build.

That they leave the site unchanged was checked by building it with and
without them and comparing every file (see BENCHMARKS.md).
"""

from __future__ import annotations

from types import SimpleNamespace

from blitz import template_cache


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
