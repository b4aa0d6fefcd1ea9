"""The run details on each tutorial page (docs/_ext/blitz/provenance.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from blitz import provenance
from conftest import LANGUAGES, TUTORIALS, parse
from site_checks import html_pages


@pytest.mark.parametrize("content", ["", "{trunc", "[1, 2]"])
def test_read_json_broken_is_none(tmp_path, content):
    (tmp_path / "x.json").write_text(content, encoding="utf-8")
    assert provenance.read_json(tmp_path / "x.json") is None


@pytest.mark.parametrize(
    ("cpuinfo", "processor", "expected"),
    [
        ("processor\t: 0\nmodel name\t: Example CPU @ 2.0GHz\n", "x86_64", "CPU (Example CPU @ 2.0GHz)"),
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


def tutorial_copy(folder: Path, ran: bool = True, record: dict | None = None) -> Path:
    """sphinx-gallery's copy of a tutorial, its .md5 if it ran, and a run record with ``record``'s changes."""
    copy = folder / "x_tutorial.py"
    copy.write_text("print('x')\n", encoding="utf-8")
    if ran:
        Path(f"{copy}.md5").write_text(provenance.source_md5(copy), encoding="utf-8")
    if record is not None:
        data = {"torch": "2.14.1", "device": "NVIDIA H100", "date": "2026-01-02T03:04:05+00:00"}
        data["source_md5"] = provenance.source_md5(copy)
        provenance.write_record(provenance.record_path(copy), {**data, **record})
    return copy


def test_page_shows_the_recorded_run(tmp_path):
    info = provenance.page_provenance(tutorial_copy(tmp_path, record={}))
    assert info["state"] == provenance.RECORDED
    assert (info["torch"], info["device"], info["run_date"]) == ("2.14.1", "NVIDIA H100", "2026-01-02")


@pytest.mark.parametrize(
    ("ran", "record", "edited", "state"),
    [
        (False, None, False, provenance.NOT_EXECUTED),
        # A no-plot build regenerated the page from a new source: the old record is stale.
        (True, {}, True, provenance.NOT_EXECUTED),
        (True, None, False, provenance.NOT_RECORDED),
        (True, {"source_md5": "0" * 32}, False, provenance.NOT_RECORDED),
    ],
)
def test_page_states_without_a_trusted_record(tmp_path, ran, record, edited, state):
    copy = tutorial_copy(tmp_path, ran, record)
    if edited:
        copy.write_text("print('changed')\n", encoding="utf-8")
    assert provenance.page_provenance(copy)["state"] == state


# -- The sphinx-gallery hook ------------------------------------------------------


def test_record_run_writes_next_to_the_page_before_the_run_only(tmp_path):
    import torch

    (tmp_path / "docs" / "tutorials").mkdir(parents=True)
    copy = tutorial_copy(tmp_path / "docs" / "tutorials", ran=False)
    gallery_conf = {"src_dir": str(tmp_path / "docs"), "gallery_dirs": "tutorials"}
    # With reset_modules_order "both" sphinx-gallery also calls the hook after each run.
    provenance.record_run(gallery_conf, "x_tutorial.py", when="after")
    assert not provenance.record_path(copy).exists(), "the hook wrote a record after the run"
    provenance.record_run(gallery_conf, "x_tutorial.py")
    data = provenance.read_json(tmp_path / "docs" / "tutorials" / "x_tutorial.provenance.json")
    assert data["torch"] == torch.__version__
    assert data["device"]
    assert data["date"].endswith("+00:00")
    assert data["source_md5"] == provenance.source_md5(copy)


# -- The built site ------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", TUTORIALS)
def test_tutorial_page_shows_the_run_that_produced_it(site, lang, name):
    box = parse(site / lang / "tutorials" / f"{name}.html").select_one("section.provenance")
    assert box is not None, f"{lang}/{name}: no run details in the sidebar"
    assert box["data-state"] == provenance.RECORDED
    for field in ("torch", "device", "run-date", "build-date"):
        assert box.select_one(f".provenance-{field}").get_text(strip=True), field


def test_only_tutorial_pages_show_run_details(site):
    shown = {
        f"{lang}/{page}"
        for lang in LANGUAGES
        for page in html_pages(site, lang)
        if parse(site / lang / page).select_one("section.provenance")
    }
    assert shown == {f"{lang}/tutorials/{name}.html" for lang in LANGUAGES for name in TUTORIALS}
