"""The run details on each tutorial page (docs/_ext/blitz/provenance.py).

All but the last test exercise the helpers without a Sphinx build; the last
one reads the site that `make test` built.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from blitz import provenance
from conftest import LANGUAGES, TUTORIALS, parse


@pytest.mark.parametrize("content", [None, "", "{trunc", "[1, 2]"])
def test_read_json_missing_or_broken_is_none(tmp_path, content):
    path = tmp_path / "x.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert provenance.read_json(path) is None


@pytest.mark.parametrize(
    ("cpuinfo", "processor", "expected"),
    [
        (
            "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Example CPU @ 2.0GHz\n\n"
            "processor\t: 1\nmodel name\t: Example CPU @ 2.0GHz\n",
            "x86_64",
            "CPU (Example CPU @ 2.0GHz)",
        ),
        # No /proc/cpuinfo (macOS, Windows): the platform's processor, if it names one.
        (None, "arm", "CPU (arm)"),
        (None, "", "CPU"),
        # An ARM /proc/cpuinfo has no "model name" line.
        ("processor\t: 0\nBogoMIPS\t: 50.00\nCPU implementer\t: 0x41\n", "aarch64", "CPU (aarch64)"),
        # An empty model name is no name.
        ("processor\t: 0\nmodel name\t:   \n", "", "CPU"),
    ],
)
def test_cpu_name(tmp_path, monkeypatch, cpuinfo, processor, expected):
    monkeypatch.setattr(provenance.platform, "processor", lambda: processor)
    path = tmp_path / "cpuinfo"
    if cpuinfo is not None:
        path.write_text(cpuinfo, encoding="utf-8")
    assert provenance.cpu_name(path) == expected


def test_build_date_honours_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert provenance.build_date().date().isoformat() == "1970-01-01"


# -- The page states ------------------------------------------------------------


def make_gallery(tmp_path: Path, *, ran: bool = True) -> Path:
    """A gallery folder as sphinx-gallery leaves it: the copy and its .md5."""
    copy = tmp_path / "x_tutorial.py"
    copy.write_text("print('x')\n", encoding="utf-8")
    if ran:
        Path(f"{copy}.md5").write_text(provenance.source_md5(copy), encoding="utf-8")
    return copy


def record(copy: Path, **changes) -> None:
    data = {
        "torch": "2.14.1",
        "device": "NVIDIA H100 80GB HBM3",
        "date": "2026-01-02T03:04:05+00:00",
        "source_md5": provenance.source_md5(copy),
    }
    provenance.write_record(provenance.record_path(copy), {**data, **changes})


def test_page_shows_the_recorded_run(tmp_path):
    copy = make_gallery(tmp_path)
    record(copy)
    info = provenance.page_provenance(copy)
    assert info["state"] == provenance.RECORDED
    assert info["torch"] == "2.14.1"
    assert info["device"] == "NVIDIA H100 80GB HBM3"
    assert info["run_date"] == "2026-01-02"
    assert info["build_date"]


def test_page_never_executed(tmp_path):
    copy = make_gallery(tmp_path, ran=False)
    assert provenance.page_provenance(copy)["state"] == provenance.NOT_EXECUTED
    assert provenance.page_provenance(tmp_path / "absent_tutorial.py")["state"] == provenance.NOT_EXECUTED


def test_source_changed_but_not_executed(tmp_path):
    """A no-plot build regenerated the page from a new source: old record is stale."""
    copy = make_gallery(tmp_path)
    record(copy)
    copy.write_text("print('changed')\n", encoding="utf-8")
    assert provenance.page_provenance(copy)["state"] == provenance.NOT_EXECUTED


def test_outputs_without_a_record_of_their_source(tmp_path):
    copy = make_gallery(tmp_path)
    assert provenance.page_provenance(copy)["state"] == provenance.NOT_RECORDED
    record(copy, source_md5="0" * 32)
    assert provenance.page_provenance(copy)["state"] == provenance.NOT_RECORDED


# -- The sphinx-gallery hook ------------------------------------------------------


def gallery_with_a_copy(tmp_path: Path) -> dict:
    """sphinx-gallery's configuration for a project whose tutorial was just copied."""
    src_dir = tmp_path / "docs"
    (tmp_path / "examples").mkdir()
    (src_dir / "tutorials").mkdir(parents=True)
    (tmp_path / "examples" / "x_tutorial.py").write_text("print('x')\n", encoding="utf-8")
    (src_dir / "tutorials" / "x_tutorial.py").write_text("print('x')\n", encoding="utf-8")
    return {"src_dir": str(src_dir), "examples_dirs": "../examples", "gallery_dirs": "tutorials"}


def test_record_run_writes_next_to_the_page(tmp_path):
    gallery_conf = gallery_with_a_copy(tmp_path)
    src_dir = tmp_path / "docs"
    copy = src_dir / "tutorials" / "x_tutorial.py"

    provenance.record_run(gallery_conf, "x_tutorial.py")

    data = provenance.read_json(src_dir / "tutorials" / "x_tutorial.provenance.json")
    import torch

    assert data["torch"] == torch.__version__
    assert data["device"]
    assert data["date"].endswith("+00:00")
    assert data["source_md5"] == provenance.source_md5(copy)


def test_record_run_records_nothing_after_a_run(tmp_path):
    """With reset_modules_order "both" sphinx-gallery also calls the hook after each run."""
    gallery_conf = gallery_with_a_copy(tmp_path)
    before = sorted(tmp_path.rglob("*"))
    provenance.record_run(gallery_conf, "x_tutorial.py", when="after")
    assert sorted(tmp_path.rglob("*")) == before, "the hook wrote a record"


# -- The Sphinx side, with a stand-in for the application --------------------------


def test_only_tutorial_pages_get_a_context(tmp_path):
    from types import SimpleNamespace

    (tmp_path / "tutorials").mkdir()
    (tmp_path / "tutorials" / "x_tutorial.py").write_text("print('x')\n", encoding="utf-8")
    gallery_conf = {"gallery_dirs": "tutorials"}
    app = SimpleNamespace(srcdir=tmp_path, config=SimpleNamespace(sphinx_gallery_conf=gallery_conf))
    pages = {"tutorials/x_tutorial": True, "tutorials/index": False, "index": False}
    for page, expected in pages.items():
        context = {}
        provenance.add_page_context(app, page, "page.html", context, None)
        assert ("provenance" in context) is expected, page


# -- The built site ------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", TUTORIALS)
def test_tutorial_page_shows_the_run_that_produced_it(site, lang, name):
    box = parse(site / lang / "tutorials" / f"{name}.html").select_one("section.provenance")
    assert box is not None, f"{lang}/{name}: no run details in the sidebar"
    assert box["data-state"] == provenance.RECORDED
    for field in ("torch", "device", "run-date", "build-date"):
        assert box.select_one(f".provenance-{field}").get_text(strip=True), field
