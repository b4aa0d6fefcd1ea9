"""Write the site's root pages, index.html and 404.html, from the templates in docs/_root/.

`make html` runs ``python tools/root_pages.py _build/html``.  The languages,
their labels and titles come from conf.py (``site_languages``,
``site_titles``); the text of each language from its catalogs in
``locale_dirs`` ("Page not found" and its paragraph are docs/404.md's
messages, "Choose your language" is in the hand-edited
``locale/theme/<lang>/LC_MESSAGES/sphinx.po``).  A language whose catalogs do
not translate a message is left out of that line, not shown in English twice.
"""

from __future__ import annotations

import sys
from collections import namedtuple
from dataclasses import dataclass
from pathlib import Path

import jinja2
import project
from babel.messages.pofile import read_po
from markupsafe import Markup, escape

sys.path.insert(0, str(project.DOCS / "_ext"))
from blitz.i18n.switcher import hreflang  # noqa: E402 (the same tags as the pages' hreflang links)

PAGES = ("index.html", "404.html")
Language = namedtuple("Language", ["code", "label", "title", "hreflang"])


@dataclass(frozen=True)
class Text:
    """A message in one language, marked with that language where it is not the page's."""

    text: str
    language: Language
    is_source: bool

    def __str__(self) -> str:
        return self.text

    def lang_attribute(self) -> Markup:
        return Markup("") if self.is_source else Markup(' lang="{}"').format(self.language.hreflang)

    def span(self) -> Markup:
        if self.is_source:
            return escape(self.text)
        return Markup('<span lang="{}">{}</span>').format(self.language.hreflang, self.text)


def translations(language: str, conf: Path = project.CONF) -> dict[str, str]:
    """The translated, non-fuzzy messages of the page-level catalogs of ``language``."""
    messages = {}
    for locale_dir in project.conf_value("locale_dirs", conf):
        folder = (conf.parent / "docs" / locale_dir / language / "LC_MESSAGES").resolve()
        for path in sorted(folder.glob("*.po")):
            with path.open("rb") as file:
                catalog = read_po(file)
            messages.update(
                (m.id, m.string) for m in catalog if m.id and isinstance(m.id, str) and m.string and not m.fuzzy
            )
    return messages


def language_tags(found: list[Language]) -> dict[str, str]:
    """Lower-case browser tags -> site language: each whole tag, then each first part
    (``zh`` -> ``zh_CN``) that no earlier language claimed."""
    tags = {language.hreflang.lower(): language.code for language in found}
    for language in found:
        tags.setdefault(language.hreflang.lower().split("-")[0], language.code)
    return tags


def render(conf: Path = project.CONF) -> dict[str, str]:
    """Each root page's HTML, by file name."""
    titles = project.conf_value("site_titles", conf)
    labels = project.site_languages(conf)  # the source language first
    default_title = titles.get(next(iter(labels)), "")
    found = [Language(code, label, titles.get(code, default_title), hreflang(code)) for code, label in labels.items()]
    source = found[0]
    catalogs = {language.code: translations(language.code, conf) for language in found[1:]}

    def each(message: str) -> list[Text]:
        texts = [Text(message, source, True)]
        for language in found[1:]:
            text = catalogs[language.code].get(message)
            if text and text not in (t.text for t in texts):
                texts.append(Text(text, language, False))
        return texts

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(project.DOCS / "_root"), autoescape=True, keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    context = {"languages": found, "source": source, "by_tag": language_tags(found), "each": each}
    return {name: env.get_template(name).render(context) for name in PAGES}


if __name__ == "__main__":
    for name, html in render().items():
        (Path(sys.argv[1]) / name).write_text(html, encoding="utf-8")
