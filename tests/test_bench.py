"""tools/bench.py: reading the speed page's comparison table and turning it into table rows.

The samples are output blocks as the speed page's built HTML has them
(each starts with an empty highlight span).
"""

from __future__ import annotations

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


@pytest.mark.parametrize(("page", "error"), [
    # The code that prints the table is not the table.
    (PAGE.split('<div class="sphx-glr-script-out"><div class="highlight-none notranslate"><div class="highlight">'
                "<pre><span></span>variant")[0], "no output block"),
    (PAGE.replace("DataLoader                             4,512         13.30", "DataLoader crashed"),
     "'DataLoader crashed'"),
])
def test_a_page_without_a_readable_table_is_named(page, error):
    with pytest.raises(ValueError, match=error):
        bench.speed_table(page)


def test_rows_take_the_median_of_each_variant_and_name_the_device():
    runs = [
        {"DataLoader": (14.0, 4300.0), "data on the device": (0.90, 66000.0)},
        {"DataLoader": (12.0, 5000.0), "data on the device": (0.86, 70000.0)},
        {"DataLoader": (13.0, 4600.0), "data on the device": (0.88, 67000.0)},
    ]
    assert bench.speed_rows(runs, "NVIDIA H200") == [
        "| speed page, DataLoader (NVIDIA H200) | 13.00 s per epoch (4,600 images/s) |",
        "| speed page, data on the device (NVIDIA H200) | 0.88 s per epoch (67,000 images/s) |",
    ]


def test_make_runs_return_when_make_exits_though_a_child_keeps_running(tmp_path):
    # A build can leave a helper running (the KaTeX server) that holds make's output open.
    (tmp_path / "Makefile").write_text("all:\n\t@echo built\n\t@sleep 5 &\n")
    start = time.perf_counter()
    seconds, output = bench.run_make(tmp_path, "all")
    assert "built" in output
    assert time.perf_counter() - start < 4
    assert seconds < 4
