"""tools/po_stats.py: coverage counts, the report `make test` prints and the strict check."""

from __future__ import annotations

import po_stats

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def write(tmp_path, text):
    path = tmp_path / "LC_MESSAGES" / "page.po"
    path.parent.mkdir()
    path.write_text(HEADER + text, encoding="utf-8")
    return path


def test_untranslated_and_fuzzy_are_reported_with_file_and_line(tmp_path):
    path = write(
        tmp_path,
        'msgid "Tensor"\nmsgstr "张量"\n\n'
        'msgid "Gradient"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Layer"\nmsgstr "层"\n',
    )
    report = po_stats.check_catalog(path)
    assert report.total == 3 and report.translated == 1
    assert report.problems == [
        f"{path}:8: untranslated: Gradient",
        f"{path}:12: fuzzy (needs review): Layer",
    ]


def test_untranslated_messages_fail_only_the_strict_check(tmp_path, capsys):
    path = write(tmp_path, 'msgid "Gradient"\nmsgstr ""\n\n#, fuzzy\nmsgid "Layer"\nmsgstr "层"\n')
    assert po_stats.main([str(tmp_path)]) == 0
    out = capsys.readouterr()
    assert "| page.po | 0 | 2 | 0 % |" in out.out
    assert f"{path}:5: untranslated: Gradient" in out.err
    assert po_stats.main([str(tmp_path), "--summary"]) == 0
    out = capsys.readouterr().out
    assert f"{path}:5: untranslated: Gradient" in out and f"{path}:9: fuzzy (needs review): Layer" in out
    assert po_stats.main([str(tmp_path), "--strict"]) == 1
