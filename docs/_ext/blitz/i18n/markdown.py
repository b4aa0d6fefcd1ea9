"""The notebooks' text cells as Markdown, written from the reStructuredText's doctree.

sphinx-gallery's own conversion (``sphinx_gallery.notebook.rst2md``) uses
regular expressions that leave roles, escapes and directives as raw text.
Emphasis that CommonMark could not close beside Chinese punctuation
(``*可选。*当``) is written as ``<em>``.  A node kind the tutorials do not use
fails the build, naming it (CONTRIBUTING.md).
"""

from __future__ import annotations

import re
import string
import unicodedata

from docutils import nodes
from sphinx.locale import admonitionlabels

from .rst_doctree import Resolver, parse

_SPECIAL = re.compile(r"([\\`*\[\]<$|])")
# Markdown's delimiter and HTML tag for each kind of emphasis.
_EMPHASIS = {nodes.emphasis: ("*", "em"), nodes.strong: ("**", "strong")}


def escape(text: str) -> str:
    """Plain text that Markdown shows as it is: markup characters escaped."""
    text = _SPECIAL.sub(r"\\\1", text)
    # "_" only where it could start or end emphasis, not inside names.
    return re.sub(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])", r"\\_", text)


def _is_punct(char: str) -> bool:
    return char in string.punctuation or unicodedata.category(char).startswith("P")


def _can_delimit(inside: str, outside: str) -> bool:
    """Whether ``*`` between the character ``inside`` the emphasis and the one
    ``outside`` it ("" at an end) can open or close it (CommonMark's flanking rules)."""
    return bool(inside.strip()) and (not _is_punct(inside) or not outside.strip() or _is_punct(outside))


def _longest_backticks(text: str) -> int:
    return max(map(len, re.findall("`+", text)), default=0)


def _code_span(text: str) -> str:
    text = " ".join(text.split("\n"))
    fence = "`" * (_longest_backticks(text) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _unknown(node: nodes.Node) -> ValueError:
    text = " ".join(node.astext().split())[:60]
    fix = "blitz/i18n/markdown.py writes only the node kinds the tutorials use"
    return ValueError(f"a notebook cell cannot show {node.tagname!r} ({text!r}): {fix}")


class MarkdownWriter:
    """The text cells of one notebook, as Markdown; title levels follow reST across the cells."""

    def __init__(self, resolve: Resolver | None = None):
        self.resolve = resolve
        self.levels: dict[tuple[str, str], int] = {}

    def write(self, text: str) -> str:
        """The reST block ``text`` as Markdown."""
        self.lines = text.split("\n")  # for the title levels
        return "\n\n".join(block for block in self.blocks(parse(text, self.resolve)) if block.strip()) + "\n"

    # Inline --------------------------------------------------------------------

    def inline(self, node: nodes.Element) -> str:
        pieces = [(_EMPHASIS.get(type(child)), self.inline_node(child)) for child in node.children]
        out = ""
        for (emphasis, text), (_, after) in zip(pieces, [*pieces[1:], (None, "")]):
            if emphasis is None:
                out += text
            elif _can_delimit(text[:1], out[-1:]) and _can_delimit(text[-1:], after[:1]):
                out += f"{emphasis[0]}{text}{emphasis[0]}"
            else:
                out += f"<{emphasis[1]}>{text}</{emphasis[1]}>"
        return out

    def inline_node(self, node: nodes.Node) -> str:
        if isinstance(node, nodes.Text):
            return escape(node.astext().replace("\n", " "))
        if isinstance(node, nodes.literal):
            return _code_span(node.astext())
        if isinstance(node, nodes.math):
            return f"${node.astext().strip()}$"
        if isinstance(node, nodes.reference):
            uri = node["refuri"]
            return f"[{self.inline(node)}](<{uri}>)" if re.search(r"[\s()<>]", uri) else f"[{self.inline(node)}]({uri})"
        if isinstance(node, (nodes.inline, *_EMPHASIS)):  # :download:, a :ref: to no page; emphasis: see inline()
            return self.inline(node)
        raise _unknown(node)

    # Blocks --------------------------------------------------------------------

    def blocks(self, node: nodes.Element) -> list[str]:
        return [text for child in node.children for text in self.block(child)]

    def block(self, node: nodes.Node) -> list[str]:
        if isinstance(node, nodes.system_message):
            # A directive only Sphinx knows: literalinclude, which shows an
            # exercise's solution or ddp_train.py, both left out of notebooks.
            return []
        if isinstance(node, nodes.section):
            return self.blocks(node)
        if isinstance(node, nodes.title):
            return ["#" * min(6, self.level(node)) + " " + self.inline(node)]
        if isinstance(node, nodes.paragraph):
            return [self.inline(node)]
        if isinstance(node, (nodes.bullet_list, nodes.enumerated_list)):
            return [self.list(node)]
        if isinstance(node, nodes.literal_block):
            text = node.astext()
            fence = "`" * max(3, _longest_backticks(text) + 1)
            return [f"{fence}{node.get('language', '')}\n{text}\n{fence}"]
        if isinstance(node, nodes.math_block):
            return [f"$$\n{node.astext().strip()}\n$$"]
        if isinstance(node, nodes.Admonition) and node.tagname in admonitionlabels:
            title = f"**{escape(str(admonitionlabels[node.tagname]))}**"
            text = "\n\n".join([title, *self.blocks(node)])
            return ["\n".join("> " + line if line else ">" for line in text.split("\n"))]
        if isinstance(node, nodes.container) and "dropdown" in node["classes"]:
            title, *body = node.children
            return [
                f"<details><summary>{escape(title.astext())}</summary>",
                *(text for child in body for text in self.block(child)),
                "</details>",
            ]
        raise _unknown(node)

    def level(self, title: nodes.title) -> int:
        under = self.lines[title.line - 1].strip()[:1]
        over = self.lines[title.line - 3].strip() if title.line >= 3 else ""
        return self.levels.setdefault((over[:1] if set(over) == {under} else "", under), len(self.levels) + 1)

    def list(self, node: nodes.Element) -> str:
        items = []
        for number, item in enumerate(node.children, start=node.get("start", 1)):
            marker = f"{number}. " if isinstance(node, nodes.enumerated_list) else "- "
            text = "\n\n".join(self.blocks(item))
            items.append(marker + re.sub(r"\n(?=.)", "\n" + " " * len(marker), text))  # indent each line but blank ones
        loose = any(len(item.children) > 1 for item in node.children)
        return ("\n\n" if loose else "\n").join(items)
