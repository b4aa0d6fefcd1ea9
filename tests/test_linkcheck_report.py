"""The link check summary (tools/linkcheck_report.py), on fabricated output.json files."""

from __future__ import annotations

import json

import linkcheck_report
import pytest


def write(tmp_path, *results, extra=""):
    path = tmp_path / "output.json"
    path.write_text("".join(json.dumps(r) + "\n" for r in results) + extra, encoding="utf-8")
    return path


def link(status, uri="https://example.org/", filename="index.md", lineno=3, info=""):
    return {"filename": filename, "lineno": lineno, "status": status, "code": 0, "uri": uri, "info": info}


def test_all_working_passes_and_lists_no_rows(tmp_path, capsys):
    path = write(tmp_path, link("working"), link("working", uri="https://pytorch.org/"), link("unchecked"))
    assert linkcheck_report.main([str(path)]) == 0
    out = capsys.readouterr().out
    assert "2 working" in out and "1 unchecked" in out
    assert "| status |" not in out


def test_a_broken_link_fails_and_is_named_with_page_and_line(tmp_path, capsys):
    path = write(
        tmp_path,
        link("working"),
        link("redirected", uri="http://old.example/", info="https://new.example/"),
        link("broken", uri="https://gone.example/a|b", filename="tutorials/x.rst", lineno=12, info="404 Client Error"),
    )
    assert linkcheck_report.main([str(path)]) == 1
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines() if line.startswith("| ") and "---" not in line][1:]
    # Broken links come first; a "|" inside a cell is escaped.
    assert rows[0] == "| broken | tutorials/x.rst:12 | https://gone.example/a\\|b | 404 Client Error |"
    assert rows[1].startswith("| redirected | index.md:3 | http://old.example/ |")
    assert len(rows) == 2


def test_timeouts_are_reported_but_do_not_fail(tmp_path, capsys):
    path = write(tmp_path, link("timeout", info="read timed out"))
    assert linkcheck_report.main([str(path)]) == 0
    assert "| timeout |" in capsys.readouterr().out


def test_no_links(tmp_path, capsys):
    assert linkcheck_report.main([str(write(tmp_path))]) == 0
    assert "No links were checked." in capsys.readouterr().out


def test_missing_output_says_the_check_did_not_run(tmp_path, capsys):
    assert linkcheck_report.main([str(tmp_path / "output.json")]) == 2
    captured = capsys.readouterr()
    assert "did not produce a report" in captured.out
    assert "make linkcheck" in captured.err


@pytest.mark.parametrize("bad", ["{trunc", "[1, 2]", '{"uri": "x"}'])
def test_malformed_output_names_the_line(tmp_path, capsys, bad):
    path = write(tmp_path, link("working"), extra=bad + "\n")
    assert linkcheck_report.main([str(path)]) == 2
    assert f"{path}:2:" in capsys.readouterr().err
