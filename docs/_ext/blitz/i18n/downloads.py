"""Give the Chinese site Chinese downloads: the tutorial .py, .ipynb and .zip.

sphinx-gallery writes one downloadable script, notebook and zip per tutorial
into the gallery folder, and Sphinx copies them to ``_downloads/`` unchanged,
so without this extension the translated pages offer English files.  Gettext
never sees these files, but their text is the page's text: the docstring and
the ``# %%`` text cells are the reStructuredText of the page, and the code
comments are messages of the page's catalog (``code_comments``).

In a translated build only, once the build has finished, each tutorial's
copies in ``_downloads/`` are overwritten with localized versions built from
the page's catalog:

* the script: prose paragraphs, titles, list items and admonitions of the
  text blocks translated, code comments and docstrings translated, code
  untouched (same Python AST but for docstring text, code lines verbatim);
* the notebook: made by sphinx-gallery's own ``jupyter_notebook`` from the
  translated blocks;
* the zip: the same members, holding the translated script and notebook.

The files in the source tree are never modified; the English build copies
them as they are.  Messages without a translation stay in English.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
import textwrap
import tokenize
import unicodedata
import zipfile
from pathlib import Path

from sphinx.util import logging
from sphinx_gallery.notebook import jupyter_notebook, save_notebook
from sphinx_gallery.py_source_parser import (
    Block,
    remove_config_comments,
    remove_ignore_blocks,
    split_code_and_text_blocks,
)

from .catalogs import is_translated, page_catalog
from .code_comments import WIDTH, code_ast, display_width, translate_source  # noqa: F401 - code_ast for callers

logger = logging.getLogger(__name__)

# Directives whose content is prose to translate; everything else (math,
# code-block, literalinclude, image, comments, targets...) is kept verbatim.
ADMONITIONS = {
    "admonition", "attention", "caution", "danger", "error", "hint",
    "important", "note", "seealso", "tip", "warning",
    # sphinx-design's collapsible block (exercise solutions); its argument is a title.
    "dropdown",
}

_PUNCT = r"""!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~"""
_ADORNMENT = re.compile(rf"^([{_PUNCT}])\1+\s*$")
_BULLET = re.compile(r"^(\s*)([-*+\u2022])(?: +|$)")
_ENUMERATED = re.compile(r"^(\s*)(\(?(?:\d+|#)[.)])(?: +|$)")
_EXPLICIT = re.compile(r"^(\s*)\.\.(?:\s|$)")
_DIRECTIVE = re.compile(r"^(\s*)\.\.\s+([\w:+.-]+)::(.*)$")
_OPTION = re.compile(r"^\s*:[\w -]+:(?:\s|$)")
# docutils' field marker, so that ":ref:`x` ..." stays a paragraph.
_FIELD = re.compile(r"^\s*:(?![: ])([^:\\]|\\.|:(?!([ `]|$)))*(?<! ):( +|$)")
# Tables, line blocks and doctests: kept verbatim up to the next blank line.
_VERBATIM = re.compile(r"^\s*(\+[-=+]+\+\s*$|=+( +=+)+\s*$|\| |\|$|>>> )")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _block_end(lines: list[str], start: int, indent: int) -> int:
    """Index after the lines from ``start`` indented deeper than ``indent``.

    Trailing blank lines are left out of the block.
    """
    end = last = start
    while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > indent):
        end += 1
        if lines[end - 1].strip():
            last = end
    return last


def _is_adornment(line: str) -> bool:
    return _indent(line) == 0 and bool(_ADORNMENT.match(line))


def _one_line(message: str) -> str:
    return " ".join(part.strip() for part in message.splitlines() if part.strip())


# Units a line never breaks inside: inline markup, Latin words, one CJK char.
_UNIT = re.compile(
    r"\s+"
    r"|:[\w:+.-]+:`[^`]*`"  # a role, :math:`...` included
    r"|``.+?``"
    r"|`[^`]+`_{0,2}"
    r"|\*\*[^*]+\*\*|\*[^*\s][^*]*\*"
    r"|\|[^|\s][^|]*\|_{0,2}"
    r"|(?:(?![\s`*|])[^\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6])+"
    r"|."
)
_NO_BREAK_BEFORE = set("，。、；：？！）」』》〉】”’…—")
_NO_BREAK_AFTER = set("（「『《〈【“‘")


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def _wrap(text: str, width: int | None) -> list[str]:
    """``text`` on lines of at most ``width`` columns, or one line when None.

    Lines break at spaces, and between two CJK characters (not before a
    closing or after an opening punctuation mark); never inside inline markup
    or a Latin word, and never between CJK and Latin text written without a
    space, so that the reStructuredText means the same once wrapped.
    """
    if width is None or display_width(text) <= width:
        return [text]
    chunks: list[list[str]] = [["", ""]]  # [separator before, unbreakable text]
    for unit in _UNIT.findall(text):
        last = chunks[-1]
        if unit.isspace():
            chunks.append([unit, ""])
        elif (
            last[1]
            and _wide(last[1][-1])
            and len(unit) == 1
            and _wide(unit)
            and unit not in _NO_BREAK_BEFORE
            and last[1][-1] not in _NO_BREAK_AFTER
        ):
            chunks.append(["", unit])
        else:
            last[1] += unit
    lines: list[str] = []
    current = ""
    for sep, chunk in chunks:
        if not chunk:
            continue
        if current and display_width(current + sep + chunk) > width:
            lines.append(current)
            current = chunk
        else:
            current += sep + chunk if current else chunk
    if current:
        lines.append(current)
    return lines or [text]


def _lookup(lookup, msgid: str) -> str | None:
    new = lookup(msgid) if msgid else None
    if not new or new == msgid:
        return None
    return _one_line(new)


def _paragraph(lines: list[str], lookup, width) -> tuple[list[str], bool]:
    """Translate one paragraph; also say whether a literal block follows."""
    msgid = " ".join(line.strip() for line in lines).strip()
    literal_next = msgid.endswith("::") and not msgid.endswith("\\::")
    new = _lookup(lookup, msgid)
    if new is None:
        return lines, literal_next
    if literal_next and not new.endswith("::"):
        new += " ::"  # the expanded form: introduces the block, shows no colon
    pad = " " * _indent(lines[0])
    room = None if width is None else max(20, width - len(pad))
    return [pad + part for part in _wrap(new, room)], literal_next


def _title(lines: list[str], lookup) -> list[str]:
    """Translate a section title, with or without overline, resizing the rules."""
    text = lines[-2]
    new = _lookup(lookup, text.strip())
    if new is None:
        return lines
    inset = text[: _indent(text)]
    rule = lines[-1].rstrip()
    extra = max(0, len(rule) - display_width(text.rstrip()))
    new_rule = rule[0] * (display_width(inset + new) + extra)
    return ([new_rule] if len(lines) == 3 else []) + [inset + new, new_rule]


def _item(lines: list[str], marker_end: int, lookup, width) -> list[str]:
    """Translate a list item: its body is parsed like any body, marker aside."""
    first, rest = lines[0], lines[1:]
    text = first[marker_end:]
    indents = [_indent(line) for line in rest if line.strip()]
    column = min(indents) if indents else marker_end
    if not text.strip():  # the item starts on the next line
        body = rest
    else:
        body = [" " * column + text] + rest
    new = _body(body, lookup, width)
    if new == body:
        return lines
    if not text.strip():
        return [first] + new
    return [first[:marker_end] + new[0][column:]] + new[1:]


def _directive(lines: list[str], lookup, width) -> list[str]:
    """Translate an admonition (title and content); keep other markup as is."""
    match = _DIRECTIVE.match(lines[0])
    if not match or match.group(2).lower() not in ADMONITIONS:
        return lines
    pad, name, argument = match.group(1), match.group(2), match.group(3).strip()
    head = lines[0][: match.start(3)]
    rest = lines[1:]
    content_pad = next((line[: _indent(line)] for line in rest if line.strip()), pad + "   ")
    out = [lines[0]]
    i = 0
    if argument and name.lower() in ("admonition", "dropdown"):
        new = _lookup(lookup, argument)
        if new is not None:
            out = [head + " " + new]
    elif argument:
        # ``.. note:: Text`` starts the first paragraph on the directive line.
        end = 0
        while end < len(rest) and rest[end].strip():
            end += 1
        para = [content_pad + argument] + rest[:end]
        new, _ = _paragraph(para, lookup, width)
        if new != para:
            out = [head + " " + new[0].lstrip()] + new[1:]
        else:
            out = lines[: end + 1]
        i = end
    while i < len(rest) and rest[i].strip() and _OPTION.match(rest[i]):
        out.append(rest[i])
        i += 1
    return out + _body(rest[i:], lookup, width)


def _body(lines: list[str], lookup, width) -> list[str]:
    """Translate a sequence of body elements, all at least as indented as the first."""
    nonblank = [line for line in lines if line.strip()]
    if not nonblank:
        return lines
    base = _indent(nonblank[0])
    out: list[str] = []
    literal_next = False
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if not line.strip():
            out.append(line)
            i += 1
            continue
        indent = _indent(line)
        if indent > base:  # a literal block after "::", else a block quote
            end = _block_end(lines, i, base)
            block = lines[i:end]
            out += block if literal_next else _body(block, lookup, width)
            literal_next = False
            i = end
            continue
        literal_next = False
        if _EXPLICIT.match(line):
            end = _block_end(lines, i + 1, indent)
            out += _directive(lines[i:end], lookup, width)
            i = end
            continue
        if (
            _is_adornment(line)
            and i + 2 < n
            and lines[i + 1].strip()
            and _is_adornment(lines[i + 2])
            and lines[i + 2][0] == line[0]
        ):
            out += _title(lines[i : i + 3], lookup)
            i += 3
            continue
        if i + 1 < n and _is_adornment(lines[i + 1]) and not _is_adornment(line) and indent == 0:
            out += _title(lines[i : i + 2], lookup)
            i += 2
            continue
        marker = _BULLET.match(line) or _ENUMERATED.match(line)
        if marker:
            end = _block_end(lines, i + 1, indent)
            out += _item(lines[i:end], marker.end(), lookup, width)
            i = end
            continue
        if _FIELD.match(line) or _VERBATIM.match(line) or _is_adornment(line):
            end = i
            while end < n and lines[end].strip():
                end += 1
            out += lines[i:end]
            literal_next = lines[end - 1].rstrip().endswith("::")
            i = end
            continue
        end = i + 1
        while end < n and lines[end].strip() and _indent(lines[end]) == indent:
            end += 1
        if end == i + 1 and end < n and lines[end].strip() and _indent(lines[end]) > indent:
            # A definition list item: the term, then its indented definition.
            term = _lookup(lookup, line.strip())
            out.append(line if term is None else line[:indent] + term)
            stop = _block_end(lines, end, indent)
            out += _body(lines[end:stop], lookup, width)
            i = stop
            continue
        new, literal_next = _paragraph(lines[i:end], lookup, width)
        out += new
        i = end
    return out


def translate_rst_block(text: str, lookup, width: int | None = WIDTH - 2) -> str:
    """Translate one reStructuredText block, paragraph by paragraph.

    ``lookup(msgid)`` returns the translation or None; msgids are the ones
    Sphinx extracts (a paragraph's lines stripped and joined with spaces).
    Translated paragraphs are wrapped to ``width`` columns, or kept on one
    line when ``width`` is None.  Everything not translated (math, code,
    literal blocks, other directives, messages without translation) is kept
    line for line, so a lookup that knows nothing returns ``text`` itself.
    """
    lines = text.split("\n")
    new = _body(lines, lookup, width)
    return text if new == lines else "\n".join(new)


# -- Scripts -----------------------------------------------------------------


def _split(source: str):
    """sphinx-gallery's blocks of ``source``, each with its span in ``source``.

    Returns ``(blocks, spans)``; a span is ``(start, end)`` in characters: the
    docstring token for the first block, the verbatim code for a code block,
    and the ``#`` comment lines for a text block.  Both are empty when the
    file is not a gallery script.
    """
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "script.py")
        path.write_text(source, encoding="utf-8")
        try:
            _, blocks, node = split_code_and_text_blocks(path, return_node=True)
        except Exception:  # noqa: BLE001 - no docstring: not a gallery script
            return [], []
    if node is None:  # a syntax error: sphinx-gallery shows a placeholder
        return [], []

    line_starts = [0]
    for line in source.split("\n"):
        line_starts.append(line_starts[-1] + len(line) + 1)
    lines = source.split("\n")

    token = next(
        t for t in tokenize.generate_tokens(io.StringIO(source).readline) if t.type == tokenize.STRING
    )
    (srow, scol), (erow, ecol) = token.start, token.end
    spans = [(line_starts[srow - 1] + scol, line_starts[erow - 1] + ecol)]
    for block in blocks[1:]:
        start = line_starts[block.lineno - 1]
        if block.type == "code":
            spans.append((start, start + len(block.content)))
            continue
        row = block.lineno - 1
        while row < len(lines) and lines[row].startswith("#"):
            row += 1
        spans.append((start, min(line_starts[row], len(source))))
    return blocks, spans


def _text_content(region: str) -> str:
    """What sphinx-gallery makes of the comment lines ``region``."""
    return textwrap.dedent(re.sub("^#", "", region, flags=re.M)).lstrip()


def render_text_block(region: str, new: str) -> str:
    """The comment lines of a text block whose content becomes ``new``.

    ``region`` is the block's original comment lines: the blank comment lines
    that sphinx-gallery skips are kept, and the indentation after ``#`` is
    the original one.
    """
    lines = region.split("\n")
    trailing_newline = region.endswith("\n")
    if trailing_newline:
        lines.pop()
    skipped = 0
    while skipped < len(lines) and not lines[skipped][1:].strip():
        skipped += 1
    texts = [line[1:] for line in lines[skipped:] if line[1:].strip()]
    pad = min((_indent(t) for t in texts), default=1)
    body = new[:-1] if new.endswith("\n") else new
    rendered = ["#" + " " * pad + line if line.strip() else "#" for line in body.split("\n")]
    return "\n".join(lines[:skipped] + rendered) + ("\n" if trailing_newline else "")


def render_docstring(token: str, old: str, new: str) -> str:
    """The docstring literal ``token`` with its text ``old`` replaced by ``new``."""
    match = re.match(r"(?i)([rbuf]*)('''|\"\"\"|'|\")", token)
    prefix, quote = match.group(1), match.group(2)
    raw = token[len(prefix) + len(quote) : len(token) - len(quote)]
    lead = raw[: len(raw) - len(raw.lstrip())]
    trail = raw[len(raw.rstrip()) :]
    if raw.strip() != old.strip():  # escapes or indentation: start afresh
        lead = trail = "\n"
    body = new.strip()
    if len(quote) == 1 and "\n" in lead + body + trail:
        quote *= 3
    if "r" not in prefix.lower():
        body = body.replace("\\", "\\\\").replace(quote, "\\" + quote)
    return prefix + quote + lead + body + trail + quote


def translate_blocks(source: str, lookup) -> list[Block]:
    """sphinx-gallery's blocks of ``source``, text and comments translated.

    Translated paragraphs stay on one line: these blocks make the notebook.
    """
    blocks, _ = _split(source)
    return [
        Block(
            block.type,
            translate_source(block.content, lookup)
            if block.type == "code"
            else translate_rst_block(block.content, lookup, width=None),
            block.lineno,
        )
        for block in blocks
    ]


def translate_script(source: str, lookup) -> str:
    """``source``, a sphinx-gallery script, with its prose translated.

    The docstring and the ``# %%`` text blocks go through
    :func:`translate_rst_block`, the code blocks through
    :func:`code_comments.translate_source`.  Only what changed is rewritten:
    headers, blank lines and code are kept character for character, so a
    lookup that knows nothing returns ``source`` itself.
    """
    blocks, spans = _split(source)
    edits = []
    for index, (block, (start, end)) in enumerate(zip(blocks, spans)):
        region = source[start:end]
        if index == 0:
            new = translate_rst_block(block.content, lookup, WIDTH)
            if new != block.content:
                edits.append((start, end, render_docstring(region, block.content, new)))
        elif block.type == "code":
            new = translate_source(region, lookup) if region == block.content else region
            if new != region:
                edits.append((start, end, new))
        elif _text_content(region) == block.content:
            new = translate_rst_block(block.content, lookup, WIDTH - 2)
            if new != block.content:
                edits.append((start, end, render_text_block(region, new)))
    for start, end, new in reversed(edits):
        source = source[:start] + new + source[end:]
    return source


# -- Notebooks and zips ------------------------------------------------------


def localized_notebook(source: str, lookup, gallery_conf: dict, target_dir) -> dict:
    """The notebook sphinx-gallery would write for ``source``, translated.

    The blocks are cleaned as sphinx-gallery cleans them before writing the
    notebook (ignore blocks, and config comments when
    ``remove_config_comments`` is set); paragraphs stay on one line each.
    """
    blocks = [
        Block(b.type, remove_ignore_blocks(b.content), b.lineno)
        for b in translate_blocks(source, lookup)
    ]
    if gallery_conf.get("remove_config_comments"):
        blocks = [Block(b.type, remove_config_comments(b.content), b.lineno) for b in blocks]
    if blocks and blocks[-1].content.isspace():
        blocks = blocks[:-1]
    return jupyter_notebook(blocks, gallery_conf, target_dir)


def notebook_text(notebook: dict) -> str:
    """The notebook as ``sphinx_gallery.notebook.save_notebook`` writes it."""
    return json.dumps(notebook, indent=2)


def _write_zip(original: Path, target: Path, members: dict[str, str]) -> None:
    """Copy the zip ``original`` to ``target``, replacing the named members."""
    with zipfile.ZipFile(original) as old:
        infos = [(info, old.read(info)) for info in old.infolist()]
    with zipfile.ZipFile(target, "w") as new:
        for info, data in infos:
            name = Path(info.filename).name
            if name in members:
                new.writestr(info, members[name].encode("utf-8"))
            else:
                new.writestr(info, data)


# -- Sphinx ------------------------------------------------------------------


def _gallery_pages(app) -> dict[Path, str]:
    """Each tutorial script in the source tree -> the docname of its page."""
    conf = getattr(app.config, "sphinx_gallery_conf", None) or {}
    dirs = conf.get("gallery_dirs") or []
    if isinstance(dirs, str):
        dirs = [dirs]
    srcdir = Path(app.srcdir)
    pages = {}
    for folder in dirs:
        for script in Path(srcdir, folder).glob("*.py"):
            docname = (Path(folder) / script.stem).as_posix()
            if docname in app.env.found_docs:
                pages[script.resolve()] = docname
    return pages


def localize_downloads(app, exception) -> None:
    """Overwrite the tutorials' downloads in ``_downloads/`` with translations."""
    if exception is not None or not is_translated(app) or app.builder.format != "html":
        return
    conf = getattr(app.config, "sphinx_gallery_conf", None) or {}
    pages = _gallery_pages(app)
    downloads = Path(app.outdir, "_downloads")
    srcdir = Path(app.srcdir)
    done: dict[Path, tuple[str, dict]] = {}

    def localized(script: Path, catalog: dict) -> tuple[str, dict]:
        if script not in done:
            source = script.read_text(encoding="utf-8")
            notebook = localized_notebook(source, catalog.get, conf, script.parent)
            done[script] = translate_script(source, catalog.get), notebook
        return done[script]

    for src, (docnames, dest) in sorted(app.env.dlfiles.items(), key=lambda item: str(item[0])):
        path = Path(srcdir, src).resolve()
        target = downloads / dest
        if not target.is_file():
            continue
        docname = pages.get(path.with_suffix(".py"))
        if docname is not None and path.suffix in {".py", ".ipynb", ".zip"}:
            catalog = page_catalog(app, docname)
            if not catalog:
                continue
            script, notebook = localized(path.with_suffix(".py"), catalog)
            if path.suffix == ".py":
                target.write_text(script, encoding="utf-8")
            elif path.suffix == ".ipynb":
                save_notebook(notebook, target)
            else:
                members = {
                    path.with_suffix(".py").name: script,
                    path.with_suffix(".ipynb").name: notebook_text(notebook),
                }
                _write_zip(path, target, members)
        elif path.suffix == ".py" and path not in pages:
            # A helper script shown with literalinclude on translated pages
            # (ddp_train.py): its comments are messages of those pages.
            catalog = {}
            for name in sorted(docnames):
                catalog |= page_catalog(app, name)
            if not catalog:
                continue
            source = path.read_text(encoding="utf-8")
            new = translate_source(source, catalog.get)
            if new == source:
                continue
            target.write_text(new, encoding="utf-8")
        else:
            continue
        logger.info("localized download: _downloads/%s", Path(dest).as_posix())


def setup(app):
    app.connect("build-finished", localize_downloads)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
