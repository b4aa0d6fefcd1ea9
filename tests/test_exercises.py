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


def solutions(name: str) -> dict[str, set[str]]:
    """The solutions of a tutorial, the ignore blocks in its code cells that have a ``# TODO:`` for the
    reader (not those elsewhere, such as hidden plotting code), each with its code lines found nowhere else."""
    _, cells = split_code_and_text_blocks(str(EXAMPLES / f"{name}.py"))
    todo = [cell.content for cell in cells if cell.type == "code" and re.search(r"^\s*# TODO: ", cell.content, re.M)]
    rest = code_lines(IGNORE_BLOCK.sub("", (EXAMPLES / f"{name}.py").read_text(encoding="utf-8")))
    return {block: code_lines(block) - rest for cell in todo for block in IGNORE_BLOCK.findall(cell)}


@pytest.mark.parametrize("name", TUTORIALS)
def test_every_tutorial_has_a_coding_exercise(name):
    """A TODO for the reader, a solution that runs at build time, and a dropdown that shows it."""
    source = (EXAMPLES / f"{name}.py").read_text(encoding="utf-8")
    found = solutions(name)
    assert found, f"{name}: no solution between sphinx_gallery_start_ignore and end_ignore"
    assert all(found.values()), f"{name}: a solution repeats the visible code line for line"
    for block in found:
        marker = re.match(r"# Solution of exercise (\d+)\.\n", block)
        assert marker, f"{name}: a solution does not start with '# Solution of exercise N.'"
        assert f":start-after: {marker.group(0).strip()[2:]}" in source, f"{name}: no dropdown shows {marker.group(0)!r}"
    assert f".. literalinclude:: {name}.py" in source, f"{name}: no dropdown showing the solution"


def download_code(file: Path) -> str:
    """The code a reader gets from a download: the script, or the notebook's code cells (the zip holds
    the two, byte for byte: test_localized_downloads.py)."""
    text = file.read_text(encoding="utf-8")
    if file.suffix == ".ipynb":
        return "\n".join("".join(c["source"]) for c in json.loads(text)["cells"] if c["cell_type"] == "code")
    return text


@pytest.mark.parametrize("name", TUTORIALS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_solutions_are_collapsed_on_the_page_and_in_no_download(site, lang, name):
    page = site / lang / "tutorials" / f"{name}.html"
    soup = parse(page)
    assert not soup.select("details[open]"), f"{lang}/{name}: a dropdown is open when the page loads"
    blocks = soup.select("article pre")
    for solution in solutions(name).values():
        shown = [pre for pre in blocks if solution <= {line.strip() for line in pre.get_text().splitlines()}]
        assert shown, f"{lang}/{name}: the solution {sorted(solution)} is not on the page"
        for pre in shown:
            assert pre.find_parent("details") is not None, f"{lang}/{name}: a solution is shown outside a dropdown"
    links = {a["href"].split("#")[0] for a in soup.select('a[href*="_downloads/"]')}
    files = sorted((page.parent / href).resolve() for href in links if href.endswith((f"/{name}.py", f"/{name}.ipynb")))
    assert {f.suffix for f in files} == {".py", ".ipynb"}, f"{lang}/{name}: downloads not found: {files}"
    for file in files:
        lines = code_lines(download_code(file))
        for solution in solutions(name).values():
            assert not solution & lines, f"{lang}/{file.name} holds the solution: {sorted(solution & lines)}"
