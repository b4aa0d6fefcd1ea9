"""Typesetting the math (docs/_ext/blitz/math_assets.py), with a stand-in
KaTeX: every formula of a page typeset, one it cannot typeset named, a
missing ``node`` stopping the build saying what to do."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from blitz import math_assets
from docutils import nodes
from sphinx.errors import ConfigError

STAND_IN = """module.exports.renderToString = (tex, options) => {
  if (tex.includes("\\\\bad")) throw new Error("Undefined control sequence: \\\\bad");
  return `<span class="katex">${options.displayMode ? "display" : "inline"}:${tex}</span>`;
};
"""


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path.parent)
    (tmp_path / "contrib").mkdir()
    for name in ("katex.min.js", "katex.min.css", "contrib/copy-tex.min.js"):
        (tmp_path / name).write_text(STAND_IN, encoding="utf-8")
    return SimpleNamespace(
        builder=SimpleNamespace(format="html"),
        config=SimpleNamespace(katex_dist=tmp_path.name),  # relative, as conf.py may set it
    )


def page(*formulas):
    paragraph = nodes.paragraph("", "", *(nodes.math(tex, tex) for tex in formulas[:-1]))
    return nodes.section("", paragraph, nodes.math_block(formulas[-1], formulas[-1]))


def test_every_formula_of_a_page_is_typeset(app):
    doctree = page("x^2", "y_1", "\\frac{a}{b}")
    math_assets.typeset(app, doctree, "autograd")
    found = [node["html"] for node in doctree.findall(lambda n: isinstance(n, (nodes.math, nodes.math_block)))]
    assert found == [
        f'<span class="katex">{tex}</span>' for tex in ("inline:x^2", "inline:y_1", "display:\\frac{a}{b}")
    ]


def test_a_formula_katex_cannot_typeset_is_an_error_naming_it(app, caplog):
    doctree = page("x", "\\bad")
    math_assets.typeset(app, doctree, "autograd")
    (record,) = [r for r in caplog.records if r.levelname == "ERROR"]
    assert "KaTeX cannot typeset '\\\\bad': Undefined control sequence" in record.getMessage()
    assert record.location is doctree.next_node(nodes.math_block)  # Sphinx prints its file and line
    assert doctree.next_node(nodes.math_block)["html"] == "\\bad"  # the page shows the TeX


def test_a_broken_katex_is_one_error_and_the_page_keeps_its_tex(app, tmp_path, caplog):
    (tmp_path / "katex.min.js").write_text("throw new Error('cut short');", encoding="utf-8")
    doctree = page("x", "y")
    math_assets.typeset(app, doctree, "autograd")
    (record,) = caplog.records
    assert record.getMessage().startswith("KaTeX did not run on autograd:") and "cut short" in record.getMessage()
    assert doctree.next_node(nodes.math)["html"] == "x"


def test_node_missing_from_path_stops_the_build_saying_what_to_do(app, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # a folder without node
    with pytest.raises(ConfigError, match=r"`node` is not on PATH.*sudo apt-get install nodejs"):
        math_assets.check_katex(app)
