"""Whether a translation changes more than words: one message at a time (MAINTAINING.md).

:func:`compare` parses msgid and msgstr as the build parses them and compares every node
that is not words: a directive is a directive because docutils says so, not because a
pattern matched.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import NamedTuple
from urllib.parse import urlsplit

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser, states
from docutils.utils import new_document
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser
from sphinx.util.nodes import split_explicit_title

#: How a catalog's messages are parsed by the build.
RST, MYST, TEMPLATE = "rst", "myst", "template"
#: A msgstr may be this many times longer than its msgid (plus SLACK chars):
#: longer ones are refused before parsing, which bounds what a message costs.
LENGTH_FACTOR, SLACK = 8, 400

# Node kinds a translation may add, drop or move: they change how words look.
_WORDS_ONLY = {"document", "paragraph", "Text", "emphasis", "strong", "literal"}
_MD_WORDS_ONLY = {"inline", "text", "paragraph_open", "softbreak", "hardbreak", "em_open", "strong_open", "code_inline"}
_MD_BLOCKS = {"fence", "colon_fence", "myst_target", "math_inline", "math_block", "html_inline", "html_block"}
# Roles whose content is code or math, not words: it must stay as it is.
_CODE_ROLES = {"math", "code", "kbd", "samp", "file", "command", "program", "option", "envvar", "eq"}
_DANGEROUS = ("javascript", "vbscript", "data", "file")
_LINKS = ("link", "image", "target")

# $math$ (neither $ escaped), and a lone $ left over; no nested quantifiers.
_DOLLAR_MATH = re.compile(r"(?<!\\)\$((?:[^$\\]|\\.)+?)(?<!\\)\$")
_DOLLAR = re.compile(r"(?<!\\)\$")
_PRINTF = re.compile(r"%(?:\(([^)]*)\))?[#0+-]?\d*(?:\.\d+)?[sdifrxXeEgGc%]")
_BRACES = re.compile(r"(?<!\{)\{([A-Za-z_]\w*)(?:![rsa])?(?::[^{}]*)?\}(?!\})(?!`)")


class Item(NamedTuple):
    """One piece of markup: what kind it is and what it points at."""

    kind: str
    value: str = ""

    def __str__(self) -> str:
        return f"{self.kind} {self.value!r}" if self.value else self.kind


# -- Parsing as the build does --------------------------------------------------


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.items: Counter = Counter()

    def handle_starttag(self, tag, attrs):
        self.items[Item(f"<{tag}>", " ".join(f"{k}={v!r}" for k, v in sorted(attrs, key=str)))] += 1

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self.items[Item(f"</{tag}>")] += 1

    def handle_comment(self, data):
        self.items[Item("<!-- -->", data)] += 1

    def handle_entityref(self, name):
        self.items[Item("character reference", f"&{name};")] += 1

    def handle_charref(self, name):
        self.items[Item("character reference", f"&#{name};")] += 1

    def handle_decl(self, decl):
        self.items[Item("<!>", decl)] += 1

    handle_pi = unknown_decl = handle_decl


def html_items(text: str) -> Counter:
    """The tags, comments and character references of an HTML fragment."""
    parser = _Tags()
    parser.feed(text)
    parser.close()
    # What a browser might still take for markup where html.parser gave up
    # (an unclosed "<!--", "<a" at the end): every "<" and "&" counts too.
    parser.items.update(Item(f"character {char!r}") for char in text if char in "<&")
    return parser.items


def _role_target(name: str, content: str) -> str:
    """What a role points at: ``title <target>`` -> target; code roles: all."""
    content = " ".join(content.split())
    return content if name in _CODE_ROLES else split_explicit_title(content)[2]


def _rst_items(text: str) -> Iterator[Item]:
    settings = get_default_settings(Parser)
    # An include in a msgstr reads nothing here: it becomes a warning node.
    vars(settings).update(
        file_insertion_enabled=False, raw_enabled=False, report_level=5, halt_level=5, warning_stream=False
    )

    def interpreted(rawsource, content, role, lineno):
        # Every role (Sphinx's :ref:, :download:... which docutils does not
        # know) becomes one node naming it, instead of an "unknown role" error.
        return [nodes.inline(rawsource, content, role=role or "default")], []

    inliner = states.Inliner()
    inliner.interpreted = interpreted
    document = new_document("<message>", settings)
    Parser(inliner=inliner).parse(text, document)
    for node in document.findall(nodes.Element):
        kind = type(node).__name__
        if kind in _WORDS_ONLY:
            continue
        if "role" in node:
            yield Item(f":{node['role']}:", _role_target(node["role"], node.astext()))
        elif "refuri" in node:
            yield Item("link" if kind == "reference" else kind, node["refuri"])
        elif kind == "system_message":
            yield Item("markup docutils reports", node.children[0].astext() if node.children else "")
        else:
            yield Item(kind, node.get("refname") or node.get("uri") or " ".join(node.get("names", [])))


def _md_items(text: str) -> Iterator[Item]:
    # Stricter than the site's settings: HTML is parsed (and so refused).
    parser = create_md_parser(MdParserConfig(enable_extensions={"colon_fence", "deflist"}), RendererHTML)
    todo = list(parser.parse(text))
    while todo:
        token = todo.pop()
        todo.extend(token.children or [])
        if token.type in _MD_WORDS_ONLY or token.type.endswith("_close"):
            continue
        if token.type == "myst_role":
            name = token.meta.get("name", "")
            yield Item(f":{name}:", _role_target(name, token.content))
        elif token.type == "link_open":
            yield Item("link", str(token.attrGet("href")))
        elif token.type == "image":
            yield Item("image", str(token.attrGet("src")))
        elif token.type in _MD_BLOCKS:
            yield Item("directive" if token.info.startswith("{") else token.type, (token.info or token.content).strip())
        else:
            yield Item(token.type.removesuffix("_open"), str(token.meta.get("label", "")))


def markup(text: str, syntax: str = RST) -> Counter:
    """The multiset of markup items in one message (its words left out)."""
    parse = {TEMPLATE: html_items, MYST: _md_items, RST: _rst_items}[syntax]
    items = Counter(parse(text))
    # matplotlib draws $math$ in figure strings, and a build fails on math it cannot draw.
    items.update(Item("math", " ".join(math.split())) for math in _DOLLAR_MATH.findall(text))
    items.update(Item("dollar sign", "$") for _ in _DOLLAR.findall(_DOLLAR_MATH.sub(" ", text)))
    return items


# -- One message ---------------------------------------------------------------


def placeholders(text: str) -> Counter:
    """printf-style and str.format-style placeholders, as a multiset."""
    found = Counter(m.group(0) for m in _PRINTF.finditer(text) if m.group(0) != "%%")
    found.update("{" + m.group(1) + "}" for m in _BRACES.finditer(text))
    return found


def _format_error(msgid: str, msgstr: str) -> str | None:
    """Format ``msgstr`` the way its msgid is formatted; return the error."""
    printf = [m for m in _PRINTF.finditer(msgid) if m.group(0) != "%%"]
    # A number for every name (for trial formatting), else one for each position.
    numbers = defaultdict(int) if all(m.group(1) is not None for m in printf) else (0,) * len(printf)
    trials = [lambda s: s % numbers] if printf else []
    if _BRACES.search(msgid):
        trials.append(lambda s: s.format_map(defaultdict(int)))
    errors = (KeyError, ValueError, TypeError, IndexError, AttributeError)
    for trial in trials:
        try:
            trial(msgid)
        except errors:
            continue  # the English is not a format string of this kind either
        try:
            trial(msgstr)
        except errors as exc:
            return f"the translation does not format like the English ({type(exc).__name__}: {exc})"
    return None


def _describe(char: str) -> str:
    names = {"\r": "CARRIAGE RETURN", "\x0b": "LINE TABULATION", "\x0c": "FORM FEED"}
    return f"{(unicodedata.name(char, None) or names.get(char, 'control character')).lower()} ({char!r})"


def _link_problem(item: Item, english: Counter) -> str | None:
    if item.kind not in _LINKS or not item.value:
        return None
    parts = urlsplit(item.value.strip())  # its scheme in lower case
    if parts.scheme in _DANGEROUS:
        return f"the translation contains a {parts.scheme}: URL ({item.value})"
    hosts = {urlsplit(i.value).hostname for i in english if i.kind in _LINKS}
    if parts.hostname and parts.hostname not in hosts:
        return f"the translation links to another host: {parts.hostname} ({item.value})"
    if parts.scheme and not parts.hostname:
        return f"the translation adds a {parts.scheme}: link the English does not have ({item.value})"
    return None


def _differences(what: str, missing, added) -> str:
    parts = [f"lacks {', '.join(map(str, missing))}"] if missing else []
    parts += [f"adds {', '.join(map(str, added))}"] if added else []
    return f"{what} from the English: the translation " + "; ".join(parts)


def compare(msgid: str, msgstr: str, syntax: str = RST) -> list[str]:
    """What the translation changes beyond words (empty when it is fine)."""
    problems = []
    # Only newline and tab: a carriage return in a code comment's translation would start a line of code.
    bad_chars = sorted({c for c in msgstr if c not in "\n\t" and unicodedata.category(c) in ("Cc", "Zl", "Zp")})
    if bad_chars:
        problems.append(
            f"the translation contains {', '.join(map(_describe, bad_chars))}; "
            "use plain spaces (a line break in a code comment would become code)"
        )
    if len(msgstr) > LENGTH_FACTOR * len(msgid) + SLACK:
        return problems + [
            f"the translation is {len(msgstr)} characters long, the English {len(msgid)}: "
            "a translation says the same thing, not many times more"
        ]
    source, target = markup(msgid, syntax), markup(msgstr, syntax)
    unexplained = []
    for item in sorted(target - source):
        if problem := _link_problem(item, source):
            problems.append(problem)
        elif syntax == TEMPLATE or item.kind.startswith("html"):
            problems.append(f"the translation adds raw HTML the English does not have: {item}")
        else:
            unexplained.append(item)
    if source - target or unexplained:
        problems.append(_differences("markup differs", sorted(source - target), unexplained))
    english, translated = placeholders(msgid), placeholders(msgstr)
    if english != translated:
        problems.append(_differences("placeholders differ", sorted(english - translated), sorted(translated - english)))
    elif error := _format_error(msgid, msgstr):
        problems.append(error)
    return problems
