"""The markup of an HTML fragment, as a multiset: what a translation may not change.

Used to compare a template string's translation with its English, before a
build (:mod:`.markup_compare`) and as each page is written
(:mod:`.template_text`).  Standard library only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser


@dataclass(frozen=True, order=True)
class Item:
    """One piece of markup: what kind it is and what it points at."""

    kind: str
    value: str = ""

    def __str__(self) -> str:
        return f"{self.kind} {self.value!r}" if self.value else self.kind


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
