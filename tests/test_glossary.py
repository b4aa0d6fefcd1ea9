"""The Chinese catalogs use the glossary's terms (locale/glossary-zh.md).

Fast, no build: every translation in locale/zh_CN/ is checked against the
glossary table.  A rendering in the table's third column ("not") appears in
no translation, outside code; an English term of a row found in a message's
prose is rendered with one of the row's Chinese terms (learning rate ->
学习率, a term the learner then searches for and finds).
"""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, translations

GLOSSARY = ROOT / "locale" / "glossary-zh.md"


def glossary_rows(text: str) -> list[tuple[list[str], list[str], list[str]]]:
    """(English terms, Chinese terms, terms to avoid) of each table row."""
    rows = []
    for line in [line for line in text.splitlines() if line.startswith("|")][2:]:  # after the header and |---|
        english, chinese, avoid = (cell.strip() for cell in line.strip().strip("|").split("|"))
        english = [t.strip() for t in english.split("/") if t.strip()]
        chinese = [re.sub(r"（量词.*?）", "", t).strip() for t in chinese.split("/") if t.strip()]
        rows.append((english, chinese, [t.strip() for t in avoid.split("、") if t.strip()]))
    return rows


ROWS = glossary_rows(GLOSSARY.read_text(encoding="utf-8"))
_CODE = re.compile(r"``.*?``|`[^`]*`|:\w+:`[^`]*`", re.S)


def prose(text: str) -> str:
    """A message without its code and roles, markup and escapes."""
    return _CODE.sub(" ", text).replace("**", "").replace("\\ ", "").replace("\\", "")


MESSAGES = translations()


def english_term(term: str) -> re.Pattern:
    """A whole-word, case-insensitive pattern for an English glossary term."""
    term = re.sub(r"^\(.*?\)\s*", "", term)  # "(gradient) tracking" -> "tracking"
    return re.compile(rf"(?<![\w-]){re.escape(term)}s?(?![\w-])", re.I)


def test_the_glossary_table_is_read():
    assert len(ROWS) >= 30
    assert (["epoch"], ["轮（epoch）"], ["轮次", "迭代轮"]) in ROWS
    assert any("块 GPU" in avoid for _, _, avoid in ROWS)


def test_prose_leaves_out_code():
    assert prose("用 ``x.zero_grad()`` 把\\ **梯度**\\ 清零") == "用   把梯度清零"


def test_no_avoided_rendering():
    bad = [
        f"{catalog}: {wrong!r} (glossary: {' / '.join(chinese)}): {prose(msgstr)[:70]}"
        for catalog, _, msgstr in MESSAGES
        for _, chinese, avoid in ROWS
        for wrong in avoid
        if wrong in prose(msgstr)
    ]
    assert not bad, "\n".join(bad)


# Rows whose English word is too general to require the term in every
# message (a "layer" of paint, "training" as an adjective...).
GENERAL = {"layer", "parameter", "training", "device", "process", "gradient", "tensor", "weight", "batch",
           "classifier", "dataset", "replica", "bias", "autograd", "rank", "epoch", "accuracy", "inference",
           "tracking", "each GPU", "several GPUs", "worker process", "accelerator"}


@pytest.mark.parametrize("english, chinese", [(e, c) for e, c, _ in ROWS if not set(e) <= GENERAL],
                         ids=lambda v: "/".join(v) if isinstance(v, list) else v)
def test_taught_terms_are_rendered_with_the_glossary_term(english, chinese):
    names = [c.split("（")[0] for c in chinese]
    bad = []
    for catalog, msgid, msgstr in MESSAGES:
        found = [e for e in english if e not in GENERAL and english_term(e).search(prose(msgid))]
        if found and not any(name in prose(msgstr) for name in names):
            bad.append(f"{catalog}: {found[0]!r} without {' / '.join(names)}: {prose(msgstr)[:80]}")
    assert not bad, "\n".join(bad)


FIRST_USE = [(c.split("（")[0], c.split("（")[1].rstrip("）")) for _, chinese, _ in ROWS for c in chinese
             if re.fullmatch(r"[^（）]+（[A-Za-z ]+）", c)]


@pytest.mark.parametrize("chinese, english", FIRST_USE, ids=[c for c, _ in FIRST_USE])
def test_bracketed_terms_are_introduced_at_first_use(chinese, english):
    """The first translation of a page that uses the English word introduces
    it as 中文（english） (the Chinese may stand alone afterwards)."""
    first: dict[str, str] = {}
    for catalog, _, msgstr in MESSAGES:
        text = prose(msgstr)
        if catalog not in first and (english in text or chinese + "（" in text):
            first[catalog] = text
    bad = [f"{catalog}: {text[:80]}" for catalog, text in first.items() if f"{chinese}（{english}" not in text]
    assert not bad, f"introduce {chinese}（{english}） at its first use:\n" + "\n".join(bad)


TUTORIAL_LINK = re.compile(r":ref:`sphx_glr_tutorials_\w+\.py`|\[[^\]]*\]\(tutorials/\w+\)")


def test_titles_of_other_tutorials_are_set_off():
    """A link to another tutorial by its title reads 《标题》 in a sentence
    (a link standing alone, in a list of pages, does not)."""
    bad = [
        f"{catalog}: {msgstr[:80]}"
        for catalog, _, msgstr in MESSAGES
        for link in TUTORIAL_LINK.finditer(msgstr)
        if link.group() != msgstr.strip()
        and not (msgstr[: link.start()].endswith("《") and msgstr[link.end() :].startswith("》"))
    ]
    assert not bad, "\n".join(bad)

