"""Translations change words only: each msgstr is parsed as the build parses it.

A msgstr is parsed again by the build (reStructuredText for the tutorials,
MyST for the ``.md`` pages) or printed unescaped by the HTML templates
(``sphinx.po``), so a translation could add a link to another site, a
``javascript:`` URL, raw HTML, a ``:download:`` of a file outside the
project, or break a placeholder.  :func:`compare` parses msgid and msgstr
alike and compares every node that is not words, with what it points at: a
directive written with a space before ``::`` is a directive because docutils
says so, not because a pattern matched.  Pure Python, no Sphinx: used by
``make check-po`` (``tools/check_po_markup.py``) and when a translated build
starts (:mod:`.catalog_guard`).  Problems read ``file:line: "msgid...": what
differs``.
"""

from __future__ import annotations

import gettext
import re
import signal
import unicodedata
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from babel.messages.pofile import PoFileError, read_po

#: How a catalog's messages are parsed by the build.
RST, MYST, TEMPLATE = "rst", "myst", "template"
#: Seconds one catalog's check may take (a few hundred messages take ~0.1 s).
TIME_LIMIT = 20
#: A msgstr may be this many times longer than its msgid (plus SLACK chars):
#: longer ones are refused before parsing, which bounds what a message costs.
LENGTH_FACTOR, SLACK = 8, 400
#: The one plural rule a catalog may declare for each language (gettext
#: evaluates it as an expression); without one, Sphinx assumes the first.
PLURAL_FORMS = {"zh_CN": "nplurals=1; plural=0;"}

# Node kinds a translation may add, drop or move: they change how words look.
_WORDS_ONLY = {"document", "paragraph", "Text", "emphasis", "strong", "literal"}
_MD_WORDS_ONLY = {
    *("inline", "text", "paragraph_open", "paragraph_close", "softbreak", "hardbreak"),
    *("em_open", "em_close", "strong_open", "strong_close", "code_inline"),
}
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
_PO_LINE = re.compile(r'^(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"\s*$')


@dataclass(frozen=True, order=True)
class Item:
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
    for char in "<&":
        if char in text:
            parser.items[Item(f"character {char!r}")] += text.count(char)
    return parser.items


def _role_target(name: str, content: str) -> str:
    """What a role points at: ``title <target>`` -> target; code roles: all."""
    content = " ".join(content.split())
    if name not in _CODE_ROLES and content.endswith(">") and " <" in content:
        return content[content.rindex(" <") + 2 : -1].strip()
    return content


def _rst_items(text: str) -> Counter:
    from docutils import nodes
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser, states
    from docutils.utils import new_document

    settings = get_default_settings(Parser)
    # An include in a msgstr reads nothing here: it becomes a warning node.
    settings.file_insertion_enabled = False
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
        if token.type in _MD_WORDS_ONLY or token.type.endswith("_close"):
            continue
        if token.type == "myst_role":
            name = token.meta.get("name", "")
            items[Item(f":{name}:", _role_target(name, token.content))] += 1
        elif token.type == "link_open":
            items[Item("link", str(token.attrGet("href")))] += 1
        elif token.type == "image":
            items[Item("image", str(token.attrGet("src")))] += 1
        elif token.type in _MD_BLOCKS:
            kind = "directive" if token.info.startswith("{") else token.type
            items[Item(kind, (token.info or token.content).strip())] += 1
        else:
            items[Item(token.type.removesuffix("_open"), str(token.meta.get("label", "")))] += 1
    return items


def markup(text: str, syntax: str = RST) -> Counter:
    """The multiset of markup items in one message (its words left out)."""
    parse = {TEMPLATE: html_items, MYST: _md_items, RST: _rst_items}[syntax]
    items = parse(text)
    # matplotlib draws $math$ in figure strings, and a build fails on math it cannot draw.
    for math in _DOLLAR_MATH.findall(text):
        items[Item("math", " ".join(math.split()))] += 1
    lone = len(_DOLLAR.findall(_DOLLAR_MATH.sub(" ", text)))
    if lone:
        items[Item("dollar sign", "$")] += lone
    return items


# -- One message ---------------------------------------------------------------


def placeholders(text: str) -> Counter:
    """printf-style and str.format-style placeholders, as a multiset."""
    found = Counter(m.group(0) for m in _PRINTF.finditer(text) if m.group(0) != "%%")
    found.update("{" + m.group(1) + "}" for m in _BRACES.finditer(text))
    return found


class _Anything(dict):
    """A mapping with a number for every key (for trial formatting)."""

    def __getitem__(self, key):
        return 1


def _format_error(msgid: str, msgstr: str) -> str | None:
    """Format ``msgstr`` the way its msgid is formatted; return the error."""
    printf = [m for m in _PRINTF.finditer(msgid) if m.group(0) != "%%"]
    trials = []
    if printf:
        named = all(m.group(1) is not None for m in printf)
        trials.append(lambda s: s % (_Anything() if named else tuple(1 for _ in printf)))
    if _BRACES.search(msgid):
        trials.append(lambda s: s.format_map(_Anything()))
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
    parts = urlsplit(item.value.strip())
    scheme = parts.scheme.lower()
    if scheme in _DANGEROUS:
        return f"the translation contains a {scheme}: URL ({item.value})"
    hosts = {urlsplit(i.value).hostname for i in english if i.kind in _LINKS}
    if parts.hostname and parts.hostname not in hosts:
        return f"the translation links to another host: {parts.hostname} ({item.value})"
    if scheme and not parts.hostname:
        return f"the translation adds a {scheme}: link the English does not have ({item.value})"
    return None


def _differences(what: str, missing, added) -> str:
    parts = [f"lacks {', '.join(map(str, missing))}"] if missing else []
    parts += [f"adds {', '.join(map(str, added))}"] if added else []
    return f"{what} from the English: the translation " + "; ".join(parts)


def compare(msgid: str, msgstr: str, syntax: str = RST) -> list[str]:
    """What the translation changes beyond words (empty when it is fine)."""
    problems = []
    # Only newline and tab: a carriage return in a code comment's translation would start a line of code.
    bad_chars = sorted(
        {c for c in msgstr if c not in "\n\t" and (unicodedata.category(c) in ("Cc", "Zl", "Zp") or c == "\x85")}
    )
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
        problem = _link_problem(item, source)
        if problem:
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


# -- Catalogs -------------------------------------------------------------------


def syntax_of(path: Path) -> str:
    """How the build parses the messages of the catalog at ``path``.

    ``sphinx.po`` holds template strings (HTML); a page's catalog is parsed
    like its page: Markdown for ``docs/<page>.md``, else reStructuredText.
    """
    path = Path(path)
    if path.name == "sphinx.po":
        return TEMPLATE
    if "LC_MESSAGES" in path.parts:
        cut = path.parts.index("LC_MESSAGES")
        page = Path(*path.parts[cut + 1 :]).with_suffix(".md")
        if (Path(*path.parts[: cut - 1]).parent / "docs" / page).is_file():
            return MYST
    return RST


def _plural_problems(path: Path, catalog) -> list[str]:
    header = dict(catalog.mime_headers)
    declared = header.get("Plural-Forms")
    language = header.get("Language") or "this language"
    expected = PLURAL_FORMS.get(language)
    if declared is None or " ".join(declared.split()) == expected:
        return []
    fix = f"use {expected!r}" if expected else "add its standard rule to PLURAL_FORMS in blitz/i18n/markup_check.py"
    return [f"{path}:1: Plural-Forms {declared!r} is not the rule for {language}: {fix}"]


def read_catalog(path: Path):
    """(the catalog as babel reads it, []), or (None, why it is malformed as ``file:line: ...``)."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - data.rfind(b"\n", 0, exc.start)
        reason = f"{exc.reason}, byte {data[exc.start]:#04x}"
        return None, [f"{path}:{line}:{column}: malformed catalog: not UTF-8 ({reason}); save the file as UTF-8"]
    # babel's reader silently skips lines it cannot parse: an unterminated quote would cut a message short.
    malformed = [
        f"{path}:{number}: malformed catalog: {line.strip()[:60]} (an unterminated or stray quote?)"
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#") and not _PO_LINE.match(line.strip())
    ]
    if malformed:
        return None, malformed
    try:
        with open(path, "rb") as f:
            return read_po(f, abort_invalid=True), []
    except PoFileError as exc:
        return None, [f"{path}: malformed catalog: {exc}"]


def check_catalog(path: Path) -> tuple[int, list[str]]:
    """(messages checked, problems as ``file:line: ...``) for one .po file."""
    path = Path(path)
    catalog, malformed = read_catalog(path)
    if catalog is None:
        return 0, malformed
    problems = _plural_problems(path, catalog)
    syntax = syntax_of(path)
    count = 0
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        ids = message.id if isinstance(message.id, (list, tuple)) else [message.id]
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        for msgstr in filter(None, strings):
            count += 1
            # A plural form may follow the singular or the plural msgid
            # (with one plural form, as in Chinese, msgstr[0] serves both).
            found = min((compare(msgid, msgstr, syntax) for msgid in ids), key=len)
            short = " ".join(ids[0].split())
            short = short if len(short) <= 50 else short[:47] + "..."
            problems += [f'{path}:{message.lineno}: "{short}": {problem}' for problem in found]
    return count, problems


def _check_in_time(path: Path) -> tuple[int, list[str]]:
    """:func:`check_catalog` within :data:`TIME_LIMIT` seconds."""

    def expire(signum, frame):
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT)
    try:
        return check_catalog(path)
    except TimeoutError:
        return 0, [
            f"{path}:1: checking this catalog took over {TIME_LIMIT} s: a msgstr holds something "
            "pathological (thousands of repeated markup characters?); find it and translate plainly"
        ]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def catalog_files(paths: list[Path]) -> list[Path]:
    """The .po files named in ``paths`` or found under its folders, sorted."""
    return sorted({f for p in map(Path, paths) for f in ([p] if p.is_file() else p.rglob("*.po"))})


def check_all(paths: list[Path]) -> tuple[int, int, list[str]]:
    """(catalogs, messages, problems) for every .po file under ``paths``."""
    files = catalog_files(paths)
    messages, problems = 0, []
    for path in files:
        count, found = _check_in_time(path)
        messages += count
        problems += found
    return len(files), messages, problems


def remove_unreadable_mo(po_files: list[Path]) -> list[Path]:
    """Remove each compiled ``.mo`` next to ``po_files`` that gettext cannot read; return them.

    A ``.mo`` cut short by an interrupted build is newer than its ``.po``, so
    Sphinx would never compile it again, and reading it fails or leaves the
    pages in English.
    """
    removed = []
    for po in po_files:
        mo = Path(po).with_suffix(".mo")
        if not mo.is_file():
            continue
        try:
            with open(mo, "rb") as f:
                gettext.GNUTranslations(f)
        except Exception:  # noqa: BLE001 - gettext raises OSError, struct.error, UnicodeDecodeError...
            mo.unlink()
            removed.append(mo)
    return removed
