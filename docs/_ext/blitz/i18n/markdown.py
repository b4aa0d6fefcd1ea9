"""The notebooks' text cells as Markdown, written from the reStructuredText's doctree.

sphinx-gallery turns the text blocks of a tutorial into notebook cells with
regular expressions (``sphinx_gallery.notebook.rst2md``) that handle a few
constructs, so the downloaded notebooks showed reST as raw text: roles
(``:ref:`sphx_glr_tutorials_autograd_tutorial.py```), escapes (``*可选*\\ 当``),
a simple table whose ``=====`` rules Jupyter draws as headings, directives.

:func:`rst_to_markdown` parses a block with docutils, with stand-ins for the
Sphinx roles and directives the tutorials use, and writes CommonMark (plus
pipe tables, which Jupyter renders) for each kind of node:

* ``:ref:`` and ``:doc:`` become links to the page of the same language on
  the site, through a ``resolve`` callable (:mod:`.downloads` gives one that
  knows the build's labels);
* tables become pipe tables, admonitions block quotes with their title,
  dropdowns ``<details>`` with a ``<summary>`` (Jupyter shows them folded,
  like the page), math ``$...$`` and ``$$...$$``, code fenced code;
* emphasis that CommonMark could not close beside Chinese punctuation
  (``*可选。*当``) is written as ``<em>``, and text is escaped only where
  Markdown would read it as markup.

:class:`HeadingLevels` gives titles the same level across the blocks of a
notebook, by their adornment, as sphinx-gallery does.
"""

from __future__ import annotations

import re
import unicodedata

from docutils import nodes

from .rst_doctree import Resolver, parse, parse_inline

_ADMONITIONS = (nodes.note, nodes.tip, nodes.warning, nodes.important, nodes.hint,
                nodes.caution, nodes.attention, nodes.danger, nodes.error)


# -- Writing Markdown -------------------------------------------------------------


def _is_punct(char: str) -> bool:
    return unicodedata.category(char).startswith("P") or (char.isascii() and not char.isalnum() and char.isprintable()
                                                          and not char.isspace())


def _opens(before: str, inner: str) -> bool:
    """Whether ``*`` before ``inner`` opens emphasis (CommonMark's left-flanking rule)."""
    first = inner[:1]
    if not first or first.isspace():
        return False
    return not _is_punct(first) or not before or before.isspace() or _is_punct(before)


def _closes(inner: str, after: str) -> bool:
    """Whether ``*`` after ``inner`` closes emphasis (the right-flanking rule)."""
    last = inner[-1:]
    if not last or last.isspace():
        return False
    return not _is_punct(last) or not after or after.isspace() or _is_punct(after)


_SPECIAL = re.compile(r"([\\`*\[\]<$|])")


def escape(text: str) -> str:
    """Plain text that Markdown shows as it is: markup characters escaped."""
    text = _SPECIAL.sub(r"\\\1", text)
    # "_" only where it could start or end emphasis, not inside names.
    return re.sub(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])", r"\\_", text)


def _code_span(text: str) -> str:
    text = " ".join(text.split("\n"))
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


class HeadingLevels:
    """Heading levels by title adornment, in the order they first appear (as reST does)."""

    def __init__(self) -> None:
        self.levels: dict[tuple[str, str], int] = {}

    def level(self, title: nodes.title, lines: list[str]) -> int:
        under = lines[title.line - 1].strip()[:1] if title.line and title.line <= len(lines) else ""
        over_line = lines[title.line - 3].strip() if title.line and title.line >= 3 else ""
        over = over_line[:1] if over_line and set(over_line) == {under} else ""
        return self.levels.setdefault((over, under), len(self.levels) + 1)


class MarkdownWriter:
    """Markdown for the node kinds the tutorials' text blocks use."""

    def __init__(self, lines: list[str], headings: HeadingLevels, labels: dict[str, str], lookup=None):
        self.lines = lines
        self.headings = headings
        self.labels = labels
        self.lookup = lookup

    # Inline --------------------------------------------------------------------

    def inline(self, node: nodes.Element) -> str:
        pieces: list[tuple[str, str]] = []  # (delimiter or "", text)
        for child in node.children:
            if isinstance(child, nodes.emphasis):
                pieces.append(("*", self.inline(child)))
            elif isinstance(child, nodes.strong):
                pieces.append(("**", self.inline(child)))
            else:
                pieces.append(("", self.inline_node(child)))
        out = ""
        for index, (mark, text) in enumerate(pieces):
            if not mark:
                out += text
                continue
            after = pieces[index + 1][1][:1] if index + 1 < len(pieces) else ""
            if _opens(out[-1:], text) and _closes(text, after):
                out += f"{mark}{text}{mark}"
            else:
                tag = "em" if mark == "*" else "strong"
                out += f"<{tag}>{text}</{tag}>"
        return out

    def inline_node(self, node: nodes.Node) -> str:
        if isinstance(node, nodes.Text):
            return escape(node.astext().replace("\n", " "))
        if isinstance(node, nodes.literal):
            return _code_span(node.astext())
        if isinstance(node, nodes.math):
            return f"${node.astext().strip()}$"
        if isinstance(node, nodes.reference):
            uri = node.get("refuri")
            text = self.inline(node)
            if not uri:
                return text
            return f"[{text}](<{uri}>)" if re.search(r"[\s()<>]", uri) else f"[{text}]({uri})"
        if isinstance(node, (nodes.target, nodes.system_message, nodes.problematic, nodes.footnote_reference,
                             nodes.substitution_reference)):
            return "" if not isinstance(node, nodes.problematic) else escape(node.astext())
        if isinstance(node, nodes.Element):
            return self.inline(node)
        return escape(node.astext())

    # Blocks --------------------------------------------------------------------

    def blocks(self, node: nodes.Element) -> list[str]:
        out: list[str] = []
        for child in node.children:
            out.extend(self.block(child))
        return out

    def block(self, node: nodes.Node) -> list[str]:
        if isinstance(node, (nodes.comment, nodes.target, nodes.substitution_definition, nodes.system_message,
                             nodes.pending, nodes.raw)):
            return []
        if isinstance(node, nodes.section):
            return self.blocks(node)
        if isinstance(node, nodes.title):
            return ["#" * min(6, self.headings.level(node, self.lines)) + " " + self.inline(node)]
        if isinstance(node, nodes.paragraph):
            return [self.inline(node)]
        if isinstance(node, (nodes.bullet_list, nodes.enumerated_list)):
            return [self.list(node)]
        if isinstance(node, nodes.literal_block):
            return [self.code(node)]
        if isinstance(node, nodes.math_block):
            return [f"$$\n{node.astext().strip()}\n$$"]
        if isinstance(node, nodes.block_quote):
            return [self.quote(self.blocks(node))]
        if isinstance(node, _ADMONITIONS):
            title = self.labels.get(node.tagname, node.tagname.capitalize())
            return [self.quote([f"**{escape(title)}**"] + self.blocks(node))]
        if isinstance(node, nodes.admonition):
            title = node.next_node(nodes.title)
            head = [f"**{self.inline(title)}**"] if title is not None else []
            return [self.quote(head + [b for c in node.children if c is not title for b in self.block(c)])]
        if isinstance(node, nodes.container) and "dropdown" in node["classes"]:
            summary = self.inline(nodes.paragraph("", "", *parse_inline(node["title"])))
            return [f"<details><summary>{summary}</summary>", *self.blocks(node), "</details>"]
        if isinstance(node, nodes.table):
            return [self.table(node)]
        if isinstance(node, nodes.Element):
            return self.blocks(node)
        return [escape(node.astext())]

    @staticmethod
    def quote(blocks: list[str]) -> str:
        text = "\n\n".join(blocks)
        return "\n".join("> " + line if line else ">" for line in text.split("\n"))

    def list(self, node: nodes.Element) -> str:
        items = []
        start = node.get("start", 1)
        for number, item in enumerate(node.children, start=start):
            marker = f"{number}. " if isinstance(node, nodes.enumerated_list) else "- "
            body = "\n\n".join(self.blocks(item))
            pad = " " * len(marker)
            lines = body.split("\n")
            items.append(marker + lines[0] + "".join("\n" + (pad + line if line else "") for line in lines[1:]))
        loose = any(len(item.children) > 1 for item in node.children)
        return ("\n\n" if loose else "\n").join(items)

    @staticmethod
    def code(node: nodes.Element) -> str:
        language = node.get("language") or next((c for c in node["classes"] if c != "code"), "")
        text = node.astext()
        fence = "```"
        while fence in text:
            fence += "`"
        return f"{fence}{language}\n{text}\n{fence}"

    def cell(self, entry: nodes.Element) -> list[str]:
        """A table cell's blocks, each paragraph translated with ``lookup``: the
        text blocks of the translated script keep tables in English, as
        their columns would not survive a translation of another width."""
        out = []
        for child in entry.children:
            msgid = " ".join(child.rawsource.split()) if isinstance(child, nodes.paragraph) else ""
            new = self.lookup(msgid) if self.lookup and msgid else None
            if new and new != msgid:
                child = nodes.paragraph("", "", *parse_inline(" ".join(new.split())))
            out.extend(self.block(child))
        return out

    def table(self, node: nodes.Element) -> str:
        def cells(row):
            return ["<br>".join(self.cell(entry)).replace("|", "\\|").replace("\n", " ") for entry in row.children]

        head = [cells(row) for row in node.findall(nodes.row) if isinstance(row.parent, nodes.thead)]
        body = [cells(row) for row in node.findall(nodes.row) if isinstance(row.parent, nodes.tbody)]
        if not head:
            head, body = body[:1], body[1:]
        width = max(len(row) for row in head + body)
        rows = [row + [""] * (width - len(row)) for row in head + body]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
        lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
        return "\n".join(lines)


def rst_to_markdown(text: str, resolve: Resolver | None = None, headings: HeadingLevels | None = None,
                    labels: dict[str, str] | None = None, lookup=None) -> str:
    """The reST block ``text`` as Markdown.

    ``resolve`` turns ``:ref:`` and ``:doc:`` targets into (url, title);
    ``headings`` keeps title levels consistent across the blocks of one
    notebook; ``labels`` are the admonition titles ("note" -> "Note");
    ``lookup(msgid)`` translates table cells (None: as written).
    """
    document = parse(text, resolve)
    writer = MarkdownWriter(text.split("\n"), headings or HeadingLevels(), labels or {}, lookup)
    return "\n\n".join(block for block in writer.blocks(document) if block.strip()) + "\n"
