"""Whether a translation changes more than words: one message at a time.

:func:`compare` takes a msgid and its msgstr and says what the translation
changes beyond the words (empty when nothing):

* the markup of the two must be the same multiset (order may change):
  reST roles and their targets (``:ref:``, ``:download:``, ``:math:``...),
  MyST roles (``{download}`...```), reST and Markdown links and images,
  link targets, directives, substitutions, footnotes, raw HTML tags and URLs;
* ``javascript:``/``vbscript:``/``data:`` URLs are always rejected, and a
  link to a host that the English message does not link to is named;
* ``$...$`` math (MyST's dollar math, and matplotlib's in the figure
  strings, which it might fail to draw) is markup too, and so is a lone
  unescaped ``$`` (adding or removing one changes which ``$`` pair up);
* printf and ``str.format`` placeholders must match, and the translation
  must format without error;
* no control characters other than newline and tab (a carriage return in a
  code-comment translation would start a new line of code).

:mod:`blitz.i18n.markup_check` applies it to whole catalogs.  Pure text
functions: no Sphinx, no catalog reader.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlsplit

# :role:`content` (reST, also :py:class:) and {role}`content` (MyST).
_ROLE = re.compile(
    r"(?::(?P<rst>[A-Za-z][\w.+-]*(?::[A-Za-z][\w.+-]*)*):|\{(?P<myst>[A-Za-z][\w.+-]*(?::[A-Za-z][\w.+-]*)*)\})"
    r"`(?P<content>[^`]*)`"
)
_EXPLICIT_TARGET = re.compile(r"<([^<>]*)>\s*$")
# `text <target>`_ and `text <target>`__ (embedded hyperlinks).
_RST_LINK = re.compile(r"`(?P<text>[^`]*?)\s*<(?P<target>[^<>`]+)>`__?")
_INLINE_TARGET = re.compile(r"_`(?P<name>[^`]+)`")
_LITERAL = re.compile(r"``.+?``|`[^`\n]+`(?!_)")
_DIRECTIVE = re.compile(r"(?m)^\s*\.\.\s+(?:\|[^|]+\|\s+)?(?P<name>[\w:.+-]+)::")
_RST_TARGET = re.compile(r"(?m)^\s*\.\.\s+_(?P<name>[^:]+):")
_MD_TARGET = re.compile(r"(?m)^\s*\((?P<name>[^()\s]+)\)=\s*$")
_FOOTNOTE = re.compile(r"\[(?P<name>#[\w-]*|\*|\d+|[A-Za-z][\w-]*)\]_")
_SUBSTITUTION = re.compile(r"(?<![\w|])\|(?P<name>[^|\s](?:[^|\n]*[^|\s])?)\|(?![\w|])")
_MD_IMAGE = re.compile(r"!\[(?P<text>[^\]]*)\]\(\s*(?P<target>[^)\s]*)(?:\s+\"[^\"]*\")?\s*\)")
_MD_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\(\s*(?P<target>[^)\s]*)(?:\s+\"[^\"]*\")?\s*\)")
_MD_REF = re.compile(r"\[(?P<text>[^\]]+)\]\[(?P<ref>[^\]]*)\]")
_AUTOLINK = re.compile(r"<(?P<target>[A-Za-z][A-Za-z0-9+.-]*:[^<>\s]+)>")
_HTML_TAG = re.compile(r"<!--|-->|</?[A-Za-z][\w:-]*(?:\s+[^<>]*?)?\s*/?>")
# $math$ (neither $ escaped), and a lone $ left over.
_DOLLAR_MATH = re.compile(r"(?<!\\)\$(?P<math>(?:[^$\\]|\\.)+?)(?<!\\)\$")
_DOLLAR = re.compile(r"(?<!\\)\$")
_URL = re.compile(r"(?i)\b(?:[a-z][a-z0-9+.-]*://|mailto:|www\.)[^\s<>\"'`)\]]+")
_PRINTF = re.compile(r"%(?:\((?P<name>[^)]*)\))?[#0+-]?\d*(?:\.\d+)?[sdifrxXeEgGc%]")
_BRACES = re.compile(r"(?<!\{)\{(?P<name>[A-Za-z_]\w*)(?:![rsa])?(?::[^{}]*)?\}(?!\})(?!`)")
_DANGEROUS_SCHEME = re.compile(r"(?<![a-z0-9_])(javascript|vbscript|data(?=:[a-z]+/))\s*:", re.I)
_SEPARATORS = {"\n", "\t"}


@dataclass(frozen=True, order=True)
class Item:
    """One piece of markup: what kind it is and what it points at."""

    kind: str
    value: str

    def __str__(self) -> str:
        return f"{self.kind} {self.value!r}"


def _role_item(name: str, content: str) -> Item:
    content = " ".join(content.split())
    explicit = _EXPLICIT_TARGET.search(content)
    target = explicit.group(1).strip() if explicit and content[: explicit.start()].strip() else content
    if name in ("math", "code", "kbd", "samp", "file", "command", "program", "option", "envvar"):
        target = content  # the content is code, not words
    return Item(f":{name}:", target)


def markup(text: str) -> Counter:
    """The multiset of markup items in one message (text is left out)."""
    items: Counter = Counter()
    rest = text

    def take(pattern, make):
        nonlocal rest

        def sub(match):
            item = make(match)
            if item is not None:
                items[item] += 1
            return " "

        rest = pattern.sub(sub, rest)

    take(_ROLE, lambda m: _role_item(m["rst"] or m["myst"], m["content"]))
    take(_RST_LINK, lambda m: Item("link", m["target"].strip()))
    take(_INLINE_TARGET, lambda m: Item("target", m["name"]))
    take(_LITERAL, lambda m: None)
    take(_DOLLAR_MATH, lambda m: Item("math", " ".join(m["math"].split())))
    take(_DOLLAR, lambda m: Item("dollar sign", "$"))
    take(_DIRECTIVE, lambda m: Item("directive", m["name"]))
    take(_RST_TARGET, lambda m: Item("target", m["name"].strip()))
    take(_MD_TARGET, lambda m: Item("target", m["name"]))
    take(_FOOTNOTE, lambda m: Item("footnote", m["name"]))
    take(_MD_IMAGE, lambda m: Item("image", m["target"]))
    take(_MD_LINK, lambda m: Item("link", m["target"]))
    take(_MD_REF, lambda m: Item("reference", m["ref"] or m["text"]))
    take(_AUTOLINK, lambda m: Item("link", m["target"]))
    take(_HTML_TAG, lambda m: Item("html", " ".join(m.group(0).split())))
    take(_URL, lambda m: Item("url", m.group(0)))
    take(_SUBSTITUTION, lambda m: Item("substitution", m["name"]))
    return items


def placeholders(text: str) -> Counter:
    """printf-style and str.format-style placeholders, as a multiset."""
    found = Counter(m.group(0) for m in _PRINTF.finditer(text) if m.group(0) != "%%")
    found.update("{" + m["name"] + "}" for m in _BRACES.finditer(text))
    return found


def _targets(items: Counter) -> list[str]:
    return [i.value for i in items if i.kind in ("link", "image", "url") or i.kind.startswith(":")]


def _host(target: str) -> str | None:
    if target.lower().startswith("www."):
        target = "http://" + target
    parts = urlsplit(target)
    return parts.hostname if parts.scheme and parts.netloc else None


def _try_format(msgid: str, msgstr: str) -> str | None:
    """Format ``msgstr`` the way its msgid is formatted; return the error."""
    printf = [m for m in _PRINTF.finditer(msgid) if m.group(0) != "%%"]
    if printf:
        names = [m["name"] for m in printf]
        try:
            if all(n is not None for n in names):
                msgstr % _Anything()
            else:
                msgstr % tuple(1 for _ in names)
        except (KeyError, ValueError, TypeError, IndexError) as exc:
            return f"the translation does not format like the English ({type(exc).__name__}: {exc})"
    if _BRACES.search(msgid):
        try:
            msgid.format_map(_Anything())
        except (KeyError, ValueError, IndexError, AttributeError):
            return None  # the English is not a format string either
        try:
            msgstr.format_map(_Anything())
        except (KeyError, ValueError, IndexError, AttributeError) as exc:
            return f"the translation does not format like the English ({type(exc).__name__}: {exc})"
    return None


class _Anything(dict):
    """A mapping with a number for every key (for trial formatting)."""

    def __missing__(self, key):
        return 1

    def __getitem__(self, key):
        return 1


def _describe(char: str) -> str:
    name = unicodedata.name(char, None) or {"\r": "CARRIAGE RETURN", "\x0b": "LINE TABULATION", "\x0c": "FORM FEED"}.get(
        char, "control character"
    )
    return f"{name.lower()} ({char!r})"


def compare(msgid: str, msgstr: str) -> list[str]:
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
    unescaped = html.unescape(msgstr)
    compact = "".join(c for c in unescaped if not (c.isspace() or unicodedata.category(c) == "Cc"))
    english = "".join(html.unescape(msgid).split())
    for scheme in sorted({m.group(1).lower() for m in _DANGEROUS_SCHEME.finditer(compact)}):
        if not _DANGEROUS_SCHEME.search(english):
            problems.append(f"the translation contains a {scheme}: URL")
    source, target = markup(msgid), markup(msgstr)
    if source != target:
        missing, added = source - target, target - source
        hosts = {h for t in _targets(source) if (h := _host(t))}
        unexplained = []
        for item in sorted(added):
            host = _host(item.value)
            if host and host not in hosts:
                problems.append(f"the translation links to another host: {host} ({item.value})")
            elif item.kind == "html":
                problems.append(f"the translation adds raw HTML the English does not have: {item.value}")
            else:
                unexplained.append(item)
        details = []
        if missing:
            details.append("lacks " + ", ".join(str(i) for i in sorted(missing)))
        if unexplained:
            details.append("adds " + ", ".join(str(i) for i in unexplained))
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
