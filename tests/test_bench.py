"""tools/bench.py: reading a page's timed epoch lines and turning them into table rows.

The samples are timed epoch lines as they appear in a page's built HTML
(output blocks start with an empty highlight span).
"""

from __future__ import annotations

import json
import time

import bench

PAGE = """
<div class="highlight"><pre><span></span>Using device: cuda
</pre></div>
<div class="highlight-Python"><pre><span class="sa">f</span><span class="s2">"</span><span class="si">{</span>name<span class="si">}</span>, epoch </pre></div>
<div class="highlight-none"><pre><span></span>DataLoader, epoch 1/2: loss 0.391, 1.93 s (31,088 images/s)
DataLoader, epoch 2/2: loss 0.279, 1.21 s (49,587 images/s)
</pre></div>
<div class="highlight-none"><pre><span></span>On the device, epoch 1/4: loss 0.512, 0.61 s (98,361 images/s)
On the device, epoch 4/4: loss 0.244, 0.27 s (222,222 images/s)
Test accuracy, whole dataset on the device: 88.9 %
</pre></div>
"""


def test_last_epoch_of_each_variant_in_page_order():
    assert bench.last_epochs(PAGE) == {
        "DataLoader": (1.21, 49587.0),
        "On the device": (0.27, 222222.0),
    }
    assert list(bench.last_epochs(PAGE)) == ["DataLoader", "On the device"]


def test_epoch_lines_without_a_variant_name_still_count():
    text = "<pre><span></span>Epoch 1/2: loss 0.387, 31.0 s (1,936 images/s)\nEpoch 2/2: loss 0.284, 7.9 s (7,600 images/s)"
    assert bench.last_epochs(text) == {"training": (7.9, 7600.0)}


def test_text_without_epoch_lines_gives_nothing():
    assert bench.last_epochs("<pre>Accuracy on the 10000 test images: 88.7 %</pre>") == {}


def test_rows_take_the_median_of_each_variant_and_name_the_page_and_device():
    runs = [
        {"DataLoader": (1.4, 42000.0), "On the device": (0.30, 200000.0)},
        {"DataLoader": (1.2, 50000.0), "On the device": (0.26, 222222.0)},
        {"DataLoader": (1.3, 46000.0)},
    ]
    rows = bench.epoch_rows("speed_tutorial", runs, "NVIDIA H200")
    assert rows == [
        "| speed_tutorial, last epoch, DataLoader (NVIDIA H200) | 1.30 s (46,000 images/s) |",
        "| speed_tutorial, last epoch, On the device (NVIDIA H200) | 0.28 s (211,111 images/s) |",
    ]


def test_only_pages_that_print_timed_epochs_give_rows(tmp_path):
    pages = tmp_path / "_build" / "html" / "en" / "tutorials"
    pages.mkdir(parents=True)
    (pages / "classifier_tutorial.html").write_text("<pre>Epoch 1/2: average loss 0.968</pre>")
    (pages / "speed_tutorial.html").write_text(PAGE)
    assert bench.timed_epochs(tmp_path) == {
        "speed_tutorial": {"DataLoader": (1.21, 49587.0), "On the device": (0.27, 222222.0)},
    }


def test_device_comes_from_the_page_provenance_record(tmp_path):
    tutorials = tmp_path / "docs" / "tutorials"
    tutorials.mkdir(parents=True)
    assert bench.page_device(tmp_path, "speed_tutorial") == "device unknown"
    record = {"device": "NVIDIA H100 80GB HBM3", "torch": "2.11.0+cu130"}
    (tutorials / "speed_tutorial.provenance.json").write_text(json.dumps(record))
    assert bench.page_device(tmp_path, "speed_tutorial") == "NVIDIA H100 80GB HBM3"


def test_make_runs_return_when_make_exits_though_a_child_keeps_running(tmp_path):
    # A build can leave a helper running (the KaTeX server) that holds make's output open.
    (tmp_path / "Makefile").write_text("all:\n\t@echo built\n\t@sleep 5 &\n")
    start = time.perf_counter()
    seconds, output = bench.run_make(tmp_path, "all")
    assert "built" in output
    assert time.perf_counter() - start < 4
    assert seconds < 4
