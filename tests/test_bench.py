"""tools/bench.py: a timed `make` returns when make exits."""

from __future__ import annotations

import time

import bench


def test_make_runs_return_when_make_exits_though_a_child_keeps_running(tmp_path):
    # A process the build leaves running would hold make's output open.
    (tmp_path / "Makefile").write_text("all:\n\t@echo built\n\t@sleep 5 &\n")
    start = time.perf_counter()
    seconds, output = bench.run_make(tmp_path, "all")
    assert "built" in output
    assert time.perf_counter() - start < 4
    assert seconds < 4
