"""Whether a translation changes more than words: one message at a time.

A msgstr is parsed the way the build will parse it, and so is its msgid:
reStructuredText with docutils for the tutorials' catalogs, Markdown with
MyST's parser for the ``.md`` pages, and HTML (Python's ``html.parser``) for
template strings (``sphinx.po``).  :func:`compare` then compares what the two
trees contain besides text: every node kind other than paragraphs, emphasis,
strong and inline literals, with what it points at (a role's name and target,
a link's URL, a target's name, a directive).  A translation may change the
words and their emphasis; it may not add or drop any of that.  So a
directive written with a space before ``::`` is a directive, a link to
another host or scheme (``javascript:``, ``mailto:``, ``tel:``) is a link,
whatever the spelling, because docutils and MyST said so, not a pattern.

The parse is safe on hostile text: docutils runs with file insertion and raw
output disabled (an ``include`` in a msgstr reads nothing here; it becomes a
warning node the msgid lacks), and a msgstr many times longer than its
msgid is refused before parsing, which bounds the time any message costs.

Besides the trees:

* printf and ``str.format`` placeholders must match, and the translation
  must format without error;
* ``$...$`` math (matplotlib draws it in figure strings and might fail) and
  a lone unescaped ``$`` must match;
* no control characters other than newline and tab (a carriage return in a
  code-comment translation would start a new line of code).

Pure functions: docutils, myst-parser and the standard library, no Sphinx.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from urllib.parse import urlsplit

from .html_markup import Item, html_items

#: How a catalog's messages are parsed by the build.
RST, MYST, TEMPLATE = "rst", "myst", "template"

#: A msgstr may be this many times longer than its msgid (plus SLACK chars).
LENGTH_FACTOR, SLACK = 8, 400

# Node kinds a translation may add, drop or move: they change how words look.
_WORDS_ONLY = {"document", "paragraph", "Text", "emphasis", "strong", "literal"}
_MD_WORDS_ONLY = {
    "inline", "text", "paragraph_open", "paragraph_close", "softbreak", "hardbreak",
    "em_open", "em_close", "strong_open", "strong_close", "code_inline",
}
# Roles whose content is code or math, not words: it must stay as it is.
_CODE_ROLES = {"math", "code", "kbd", "samp", "file", "command", "program", "option", "envvar", "eq"}
_DANGEROUS = ("javascript", "vbscript", "data", "file")

# $math$ (neither $ escaped), and a lone $ left over; no nested quantifiers.
_DOLLAR_MATH = re.compile(r"(?<!\\)\$((?:[^$\\]|\\.)+?)(?<!\\)\$")
_DOLLAR = re.compile(r"(?<!\\)\$")
_PRINTF = re.compile(r"%(?:\(([^)]*)\))?[#0+-]?\d*(?:\.\d+)?[sdifrxXeEgGc%]")
_BRACES = re.compile(r"(?<!\{)\{([A-Za-z_]\w*)(?:![rsa])?(?::[^{}]*)?\}(?!\})(?!`)")
_SEPARATORS = {"\n", "\t"}


# -- Parsing as the build does --------------------------------------------------


def _role_target(name: str, content: str) -> str:
    """What a role points at: ``title <target>`` -> target; code roles: all."""
    content = " ".join(content.split())
    if name in _CODE_ROLES:
        return content
    if content.endswith(">") and " <" in content:
        return content[content.rindex(" <") + 2 : -1].strip()
    return content


def _rst_items(text: str) -> Counter:
    from docutils import nodes
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser, states
    from docutils.utils import new_document

    settings = get_default_settings(Parser)
    settings.file_insertion_enabled = False  # an include in a msgstr reads nothing here
    settings.raw_enabled = False
    settings.report_level = settings.halt_level = 5
    settings.warning_stream = False

    def interpreted(rawsource, content, role, lineno):
        # Every role (Sphinx's :ref:, :download:... which docutils does not
        # know) becomes one node naming it, instead of an "unknown role" error.
        return [nodes.inline(rawsource, content, role=role or "default")], []

    inliner = states.Inliner()
    inliner.interpreted = interpreted
    document = new_document("<message>", settings)
    Parser(inliner=inliner).parse(text, document)
    items: Counter = Counter()
    for node in document.findall(nodes.Element):
        kind = type(node).__name__
        if kind in _WORDS_ONLY:
            continue
        if "role" in node:
            items[Item(f":{node['role']}:", _role_target(node["role"], node.astext()))] += 1
        elif "refuri" in node:
            items[Item("link" if kind == "reference" else kind, node["refuri"])] += 1
        elif kind == "system_message":
            items[Item("markup docutils reports", node.children[0].astext() if node.children else "")] += 1
        else:
            value = node.get("refname") or node.get("uri") or " ".join(node.get("names", []))
            items[Item(kind, value)] += 1
    return items


def _md_items(text: str) -> Counter:
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    # Stricter than the site's settings: HTML is parsed (and so refused).
    parser = create_md_parser(MdParserConfig(enable_extensions={"colon_fence", "deflist"}), RendererHTML)
    items: Counter = Counter()
    todo = list(parser.parse(text))
    while todo:
        token = todo.pop()
        todo.extend(token.children or [])
        if token.type in _MD_WORDS_ONLY:
            continue
        if token.type == "myst_role":
            name = token.meta.get("name", "")
            items[Item(f":{name}:", _role_target(name, token.content))] += 1
        elif token.type in ("link_open", "image"):
            items[Item("link" if token.type == "link_open" else "image", str(token.attrGet("href") or token.attrGet("src")))] += 1
        elif token.type in ("fence", "colon_fence", "myst_target", "math_inline", "math_block", "html_inline", "html_block"):
            kind = "directive" if token.info.startswith("{") else token.type
            items[Item(kind, (token.info or token.content).strip())] += 1
        elif token.type.endswith("_close"):
            continue  # counted with its _open
        else:
            items[Item(token.type.removesuffix("_open"), str(token.meta.get("label", "")))] += 1
    return items


def markup(text: str, syntax: str = RST) -> Counter:
    """The multiset of markup items in one message (its words left out)."""
    if syntax == TEMPLATE:
        items = html_items(text)
    else:
        items = _md_items(text) if syntax == MYST else _rst_items(text)
    for math in _DOLLAR_MATH.findall(text):
        items[Item("math", " ".join(math.split()))] += 1
    lone = len(_DOLLAR.findall(_DOLLAR_MATH.sub(" ", text)))
    if lone:
        items[Item("dollar sign", "$")] += lone
    return items


# -- Placeholders -----------------------------------------------------------------


def placeholders(text: str) -> Counter:
    """printf-style and str.format-style placeholders, as a multiset."""
    found = Counter(m.group(0) for m in _PRINTF.finditer(text) if m.group(0) != "%%")
    found.update("{" + m.group(1) + "}" for m in _BRACES.finditer(text))
    return found


class _Anything(dict):
    """A mapping with a number for every key (for trial formatting)."""

    def __missing__(self, key):
        return 1

    def __getitem__(self, key):
        return 1


def _try_format(msgid: str, msgstr: str) -> str | None:
    """Format ``msgstr`` the way its msgid is formatted; return the error."""
    printf = [m for m in _PRINTF.finditer(msgid) if m.group(0) != "%%"]
    trials = []
    if printf:
        named = all(m.group(1) is not None for m in printf)
        trials.append(lambda s: s % (_Anything() if named else tuple(1 for _ in printf)))
    if _BRACES.search(msgid):
        trials.append(lambda s: s.format_map(_Anything()))
    for trial in trials:
        try:
            trial(msgid)
        except (KeyError, ValueError, TypeError, IndexError, AttributeError):
            continue  # the English is not a format string of this kind either
        try:
            trial(msgstr)
        except (KeyError, ValueError, TypeError, IndexError, AttributeError) as exc:
            return f"the translation does not format like the English ({type(exc).__name__}: {exc})"
    return None


# -- The comparison -----------------------------------------------------------------


def _describe(char: str) -> str:
    names = {"\r": "CARRIAGE RETURN", "\x0b": "LINE TABULATION", "\x0c": "FORM FEED"}
    return f"{(unicodedata.name(char, None) or names.get(char, 'control character')).lower()} ({char!r})"


def _link_problem(item: Item, english: Counter) -> str | None:
    if item.kind not in ("link", "image", "target") or not item.value:
        return None
    parts = urlsplit(item.value.strip())
    scheme = parts.scheme.lower()
    if scheme in _DANGEROUS:
        return f"the translation contains a {scheme}: URL ({item.value})"
    hosts = {urlsplit(i.value).hostname for i in english if i.kind in ("link", "image", "target")}
    if parts.hostname and parts.hostname not in hosts:
        return f"the translation links to another host: {parts.hostname} ({item.value})"
    if scheme and not parts.hostname:
        return f"the translation adds a {scheme}: link the English does not have ({item.value})"
    return None


def compare(msgid: str, msgstr: str, syntax: str = RST) -> list[str]:
    """What the translation changes beyond words (empty when it is fine)."""
    problems = []
    bad_chars = sorted(
        {c for c in msgstr if c not in _SEPARATORS and (unicodedata.category(c) in ("Cc", "Zl", "Zp") or c == "\x85")}
    )
    if bad_chars:
        problems.append(
            "the translation contains " + ", ".join(_describe(c) for c in bad_chars)
            + "; use plain spaces (a line break in a code comment would become code)"
        )
    if len(msgstr) > LENGTH_FACTOR * len(msgid) + SLACK:
        return problems + [
            f"the translation is {len(msgstr)} characters long, the English {len(msgid)}: "
            "a translation says the same thing, not many times more"
        ]
    source, target = markup(msgid, syntax), markup(msgstr, syntax)
    if source != target:
        missing, added = source - target, target - source
        unexplained = []
        for item in sorted(added):
            problem = _link_problem(item, source)
            if problem:
                problems.append(problem)
            elif syntax == TEMPLATE or item.kind.startswith("html"):
                problems.append(f"the translation adds raw HTML the English does not have: {item}")
            else:
                unexplained.append(item)
        details = []
        if missing:
            details.append("lacks " + ", ".join(map(str, sorted(missing))))
        if unexplained:
            details.append("adds " + ", ".join(map(str, unexplained)))
        if details:
            problems.append("markup differs from the English: the translation " + "; ".join(details))
    if placeholders(msgid) != placeholders(msgstr):
        missing = placeholders(msgid) - placeholders(msgstr)
        added = placeholders(msgstr) - placeholders(msgid)
        parts = [f"lacks {', '.join(sorted(missing))}"] if missing else []
        parts += [f"adds {', '.join(sorted(added))}"] if added else []
        problems.append("placeholders differ from the English: the translation " + "; ".join(parts))
    else:
        error = _try_format(msgid, msgstr)
        if error:
            problems.append(error)
    return problems
