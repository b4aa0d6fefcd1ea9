"""tools/bench.py: reading the speed page's comparison table and turning it into table rows.

The samples are output blocks as the speed page's built HTML has them
(each starts with an empty highlight span).
"""

from __future__ import annotations

import json
import time

import bench
import pytest

PAGE = """
<div class="sphx-glr-script-out"><div class="highlight-none notranslate"><div class="highlight"><pre><span></span>Using device: cuda
</pre></div></div></div>
<div class="highlight-Python notranslate"><div class="highlight"><pre><span></span><span class="nb">print</span>(<span class="sa">f</span><span class="s2">"</span><span class="si">{</span><span class="s1">'variant'</span><span class="si">:</span><span class="s2">&lt;32</span><span class="si">}</span><span class="s2">"</span>)
</pre></div></div>
<div class="sphx-glr-script-out"><div class="highlight-none notranslate"><div class="highlight"><pre><span></span>variant                             images/s   s per epoch
DataLoader                             4,512         13.30
batch 512, bf16 autocast             231,000          0.26
a variant whose name is longer than its column  98,361          0.61
</pre></div></div></div>
"""


def test_the_table_gives_each_variant_in_page_order():
    table = bench.speed_table(PAGE)
    assert table == {
        "DataLoader": (13.30, 4512.0),
        "batch 512, bf16 autocast": (0.26, 231000.0),
        "a variant whose name is longer than its column": (0.61, 98361.0),
    }
    assert list(table)[0] == "DataLoader"


def test_code_that_prints_the_table_is_not_the_table():
    code_only = PAGE.split('<div class="sphx-glr-script-out"><div class="highlight-none notranslate"><div class="highlight"><pre><span></span>variant')[0]
    assert bench.speed_table(code_only) == {}


def test_a_line_that_is_not_a_row_is_named():
    broken = PAGE.replace("DataLoader                             4,512         13.30", "DataLoader crashed")
    with pytest.raises(ValueError, match="'DataLoader crashed'"):
        bench.speed_table(broken)


def test_rows_take_the_median_of_each_variant_and_name_the_device():
    runs = [
        {"DataLoader": (14.0, 4300.0), "data on the device": (0.90, 66000.0)},
        {"DataLoader": (12.0, 5000.0), "data on the device": (0.86, 70000.0)},
        {"DataLoader": (13.0, 4600.0)},
    ]
    assert bench.speed_rows(runs, "NVIDIA H200") == [
        "| speed page, DataLoader (NVIDIA H200) | 13.00 s per epoch (4,600 images/s) |",
        "| speed page, data on the device (NVIDIA H200) | 0.88 s per epoch (68,000 images/s) |",
    ]


def test_no_table_gives_one_row_saying_so():
    assert bench.speed_rows([], "CPU (AMD EPYC)") == ["| speed page (CPU (AMD EPYC)) | n/a |"]


def test_device_comes_from_the_speed_page_provenance_record(tmp_path):
    tutorials = tmp_path / "docs" / "tutorials"
    tutorials.mkdir(parents=True)
    assert bench.page_device(tmp_path) == "device unknown"
    record = {"device": "NVIDIA H100 80GB HBM3", "torch": "2.11.0+cu130"}
    (tutorials / "speed_tutorial.provenance.json").write_text(json.dumps(record))
    assert bench.page_device(tmp_path) == "NVIDIA H100 80GB HBM3"


def test_make_runs_return_when_make_exits_though_a_child_keeps_running(tmp_path):
    # A build can leave a helper running (the KaTeX server) that holds make's output open.
    (tmp_path / "Makefile").write_text("all:\n\t@echo built\n\t@sleep 5 &\n")
    start = time.perf_counter()
    seconds, output = bench.run_make(tmp_path, "all")
    assert "built" in output
    assert time.perf_counter() - start < 4
    assert seconds < 4
