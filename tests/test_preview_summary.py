"""tools/preview_summary.py: the tutorials table of a pull request's summary."""

from __future__ import annotations

import json

import preview_summary
from blitz import provenance


def test_rows_show_the_time_of_recorded_runs_only(tmp_path):
    ran = tmp_path / "autograd_tutorial.py"
    ran.write_text("print('hello')\n")
    md5 = provenance.source_md5(ran)
    (tmp_path / "autograd_tutorial.py.md5").write_text(md5)
    (tmp_path / "autograd_tutorial.provenance.json").write_text(json.dumps(
        {"source_md5": md5, "torch": "2.14.1+cpu", "device": "CPU (Test)", "date": "2026-11-28T10:00:00+00:00"}))
    (tmp_path / "autograd_tutorial.cost.json").write_text(json.dumps({"time": 1.26, "memory": 0}))
    # Edited since its last run: its outputs are not described.
    stale = tmp_path / "tensor_tutorial.py"
    stale.write_text("print('edited')\n")
    (tmp_path / "tensor_tutorial.py.md5").write_text(md5)
    rows = preview_summary.tutorial_rows(tmp_path)
    assert rows[2:] == [
        "| autograd_tutorial | 1.3 s | 2.14.1+cpu | CPU (Test) | 2026-11-28 |",
        "| tensor_tutorial | not executed in this build | | | |",
    ]
