"""tools/po_stats.py: coverage counts, the report `make test` prints and the strict check."""

from __future__ import annotations

import po_stats

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def test_untranslated_and_fuzzy_are_named_with_file_and_line_and_fail_only_the_strict_check(tmp_path, capsys):
    path = tmp_path / "LC_MESSAGES" / "page.po"
    path.parent.mkdir()
    path.write_text(
        HEADER + 'msgid "Tensor"\nmsgstr "张量"\n\n'
        'msgid "Gradient"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Layer"\nmsgstr "层"\n',
        encoding="utf-8",
    )
    problems = [f"{path}:8: untranslated: Gradient", f"{path}:12: fuzzy (needs review): Layer"]
    assert po_stats.main([str(tmp_path)]) == 0
    out = capsys.readouterr()
    assert "| page.po | 1 | 3 | 33 % |" in out.out
    assert all(p in out.err for p in problems)
    # What `make test` prints at its end.
    assert po_stats.main([str(tmp_path), "--summary"]) == 0
    summary = capsys.readouterr().out
    assert all(p in summary for p in problems)
    assert po_stats.main([str(tmp_path), "--strict"]) == 1
