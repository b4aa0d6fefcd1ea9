"""The coding exercises: a TODO in every tutorial, its solution hidden.

A solution is the code between ``# sphinx_gallery_start_ignore`` and
``# sphinx_gallery_end_ignore`` in the cell of a ``# TODO:``, starting with
a ``# Solution of exercise N.`` comment (examples/CONVENTIONS.md): it runs
when the site is built, no download holds it, and the page shows it only in
a collapsed "Solution" dropdown.
"""

from __future__ import annotations

import io
import json
import re
import tokenize
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLES, LANGUAGES, TUTORIALS, parse
from sphinx_gallery.py_source_parser import split_code_and_text_blocks

IGNORE_BLOCK = re.compile(
    r"^[ \t]*#\s*sphinx_gallery_start_ignore\s*\n(.*?)^[ \t]*#\s*sphinx_gallery_end_ignore", re.M | re.S
)


def code_lines(source: str) -> set[str]:
    """The stripped lines of ``source`` that hold code: comments and blank lines left out."""
    comment_at = {
        tok.start[0]: tok.start[1]
        for tok in tokenize.generate_tokens(io.StringIO(source).readline)
        if tok.type == tokenize.COMMENT
    }
    lines = (line[: comment_at.get(row, len(line))].strip() for row, line in enumerate(source.split("\n"), 1))
    return {line for line in lines if line}


def solution_blocks(name: str) -> list[str]:
    """The ignore blocks in the code cells of a tutorial that have a ``# TODO:``
    for the reader (ignore blocks elsewhere, such as hidden plotting code, are not)."""
    _, cells = split_code_and_text_blocks(str(EXAMPLES / f"{name}.py"))
    return [
        block
        for cell in cells
        if cell.type == "code" and re.search(r"^\s*# TODO: ", cell.content, re.M)
        for block in IGNORE_BLOCK.findall(cell.content)
    ]


def solutions(name: str) -> list[set[str]]:
    """For each solution of a tutorial, its code lines found nowhere else in the script."""
    source = (EXAMPLES / f"{name}.py").read_text(encoding="utf-8")
    rest = code_lines(IGNORE_BLOCK.sub("", source))
    return [code_lines(block) - rest for block in solution_blocks(name)]


@pytest.mark.parametrize("name", TUTORIALS)
def test_every_tutorial_has_a_coding_exercise(name):
    """A TODO for the reader, a solution that runs at build time, and a dropdown that shows it."""
    source = (EXAMPLES / f"{name}.py").read_text(encoding="utf-8")
    found = solutions(name)
    assert found, f"{name}: no solution between sphinx_gallery_start_ignore and end_ignore"
    assert all(found), f"{name}: a solution repeats the visible code line for line"
    for block in solution_blocks(name):
        marker = re.match(r"# Solution of exercise (\d+)\.\n", block)
        assert marker, f"{name}: a solution does not start with '# Solution of exercise N.'"
        assert f":start-after: {marker.group(0).strip()[2:]}" in source, f"{name}: no dropdown shows {marker.group(0)!r}"
    assert f".. literalinclude:: {name}.py" in source, f"{name}: no dropdown showing the solution"


def download_texts(name: str, data: bytes) -> dict[str, str]:
    """The code a reader gets from a download: the script, the notebook's code cells, the zip's members."""
    if name.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {f"{name}/{k}": v for m in archive.namelist() for k, v in download_texts(m, archive.read(m)).items()}
    if name.endswith(".ipynb"):
        return {name: "\n".join("".join(c["source"]) for c in json.loads(data)["cells"] if c["cell_type"] == "code")}
    return {name: data.decode("utf-8")}


PAGES = [(lang, name) for lang in LANGUAGES for name in TUTORIALS]


@pytest.mark.parametrize("lang, name", PAGES, ids=[f"{lang}/{name}" for lang, name in PAGES])
def test_solutions_are_collapsed_on_the_page_and_in_no_download(site, lang, name):
    page = site / lang / "tutorials" / f"{name}.html"
    soup = parse(page)
    assert not soup.select("details[open]"), f"{lang}/{name}: a dropdown is open when the page loads"
    blocks = soup.select("article pre")
    for solution in solutions(name):
        shown = [pre for pre in blocks if solution <= {line.strip() for line in pre.get_text().splitlines()}]
        assert shown, f"{lang}/{name}: the solution {sorted(solution)} is not on the page"
        for pre in shown:
            assert pre.find_parent("details") is not None, f"{lang}/{name}: a solution is shown outside a dropdown"
    links = {a["href"].split("#")[0] for a in soup.select('a[href*="_downloads/"]')}
    files = sorted((page.parent / href).resolve() for href in links if Path(href).stem == name)
    assert {f.suffix for f in files} >= {".py", ".ipynb"}, f"{lang}/{name}: downloads not found: {files}"
    for file in files:
        for member, text in download_texts(file.name, file.read_bytes()).items():
            lines = code_lines(text)
            for solution in solutions(name):
                assert not solution & lines, f"{lang}/{member} holds the solution: {sorted(solution & lines)}"
