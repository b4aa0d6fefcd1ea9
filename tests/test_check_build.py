"""The publishing guard (tools/check_build.py): a fabricated build with one thing broken."""

from __future__ import annotations

import check_build
import jinja2
import pytest
from blitz import provenance
from conftest import LANGUAGES, ROOT, SOURCE_LANGUAGE, TRANSLATIONS

GPU = "NVIDIA H100 80GB HBM3"
CPU = "CPU (AMD EPYC 7B13)"
TORCH = "2.14.1+cu130"


BOX = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "docs" / "_templates")).get_template("provenance.html")


def write_page(path, info: dict, output: str = '<div class="sphx-glr-script-out highlight-none"><pre>ok</pre></div>'):
    path.parent.mkdir(parents=True, exist_ok=True)
    box = BOX.render(_=lambda s: s, provenance=info)
    path.write_text(f"<html><body><article>{output}</article><aside>{box}</aside></body></html>", encoding="utf-8")


def recorded(device=GPU, torch=TORCH) -> dict:
    return {"state": provenance.RECORDED, "torch": torch, "device": device, "run_date": "2026-11-28",
            "run_seconds": 1.5, "build_date": "2026-11-28"}


def fabricate(tmp_path, device=GPU, torch=TORCH):
    """A complete, publishable build of two tutorials; returns the three folders."""
    examples, gallery, site = tmp_path / "examples", tmp_path / "docs" / "tutorials", tmp_path / "html"
    examples.mkdir()
    gallery.mkdir(parents=True)
    for name in ("a_tutorial", "b_tutorial"):
        source = examples / f"{name}.py"
        source.write_text(f'"""\n{name}\n===\n"""\nprint("{name}")\n', encoding="utf-8")
        copy = gallery / source.name  # sphinx-gallery's copy: only its .md5 and record are read
        md5 = provenance.source_md5(source)
        copy.with_name(copy.name + ".md5").write_text(md5, encoding="utf-8")
        provenance.write_record(provenance.record_path(copy), {
            "torch": torch, "device": device, "date": "2026-11-28T12:00:00+00:00", "source_md5": md5})
        for language in LANGUAGES:
            write_page(site / language / "tutorials" / f"{name}.html", recorded(device, torch))
    # A helper script next to the tutorials is not a tutorial.
    (examples / "helper.py").write_text("x = 1\n", encoding="utf-8")
    return examples, gallery, site


def check(folders):
    return check_build.check_site(*folders, LANGUAGES, require_gpu=True, torch_version=TORCH)


def messages(problems, name="a_tutorial"):
    return [p.removeprefix(f"{name}: ") for p in problems if p.startswith(f"{name}: ")]


def _page(site, language=SOURCE_LANGUAGE):
    return site / language / "tutorials" / "a_tutorial.html"


# What sphinx-gallery renders for a cell that raised.
TRACEBACK = ('<div class="sphx-glr-script-out highlight-pytb notranslate"><div class="highlight"><pre>'
             "Traceback (most recent call last):\nRuntimeError: boom</pre></div></div>")


@pytest.mark.parametrize(("breakage", "expected"), [
    (lambda e, g, s: None, None),  # a complete GPU build passes
    # A failed run leaves no .md5.
    (lambda e, g, s: (g / "a_tutorial.py.md5").unlink(),
     "never executed; read the build log, then re-execute it with `make example EXAMPLE=a`"),
    (lambda e, g, s: (e / "a_tutorial.py").write_text("print('edited')\n"), "older version"),
    (lambda e, g, s: provenance.record_path(g / "a_tutorial.py").unlink(), "no provenance record"),
    # A record left by a run of another source.
    (lambda e, g, s: provenance.write_record(provenance.record_path(g / "a_tutorial.py"), {"source_md5": "0" * 32}),
     "no provenance record"),
    (lambda e, g, s: _page(s, TRANSLATIONS[0]).unlink(), f"{TRANSLATIONS[0]}/tutorials/a_tutorial.html is missing"),
    (lambda e, g, s: _page(s).write_text("<html><body></body></html>"), 'no "How this page ran" box'),
    (lambda e, g, s: write_page(_page(s), {"state": provenance.NOT_EXECUTED, "build_date": "2026-11-28"}),
     "instead of how it ran"),
    (lambda e, g, s: write_page(_page(s), recorded(), output=TRACEBACK), "traceback"),
    # A page that describes another run than the one that produced its outputs.
    (lambda e, g, s: write_page(_page(s), recorded(device="NVIDIA A100")), "out of date"),
])
def test_each_fault_is_named_once(tmp_path, breakage, expected):
    folders = fabricate(tmp_path)
    breakage(*folders)
    problems = check(folders)
    found = messages(problems)
    assert len(found) == 1 and expected in found[0] if expected else problems == [], problems


def test_outputs_from_another_pytorch(tmp_path):
    folders = fabricate(tmp_path, torch="2.13.0+cu128")
    found = messages(check(folders))
    assert len(found) == 1 and "PyTorch 2.13.0+cu128" in found[0] and "make clean html" in found[0]


def test_cuda_problems_say_why():
    assert check_build.cuda_problems(True, TORCH, "13.0") == []
    assert "CPU-only build" in check_build.cuda_problems(False, TORCH, None)[0]
    assert "driver may be older" in check_build.cuda_problems(False, TORCH, "13.0")[0]


def test_command_line_names_each_problem(tmp_path, capsys, monkeypatch):
    import torch

    # The records name the installed PyTorch, so only the device can be wrong.
    examples, gallery, site = fabricate(tmp_path, device=CPU, torch=torch.__version__)
    monkeypatch.setattr(check_build.project, "EXAMPLES", examples)
    monkeypatch.setattr(check_build.project, "GALLERY", gallery)
    assert check_build.main(["--site", str(site), "--allow-cpu"]) == 0
    assert "OK: every tutorial executed successfully" in capsys.readouterr().out
    assert check_build.main(["--site", str(site)]) == 1
    err = capsys.readouterr().err
    assert ("CUDA is not available" in err) != torch.cuda.is_available()
    assert f"a_tutorial: ran on {CPU}, not on a GPU" in err and "b_tutorial: " in err
    # The record and every page each say CPU.
    assert err.count("a_tutorial: ") == 1 + len(LANGUAGES)
    # --cuda-only checks nothing but CUDA.
    assert check_build.main(["--cuda-only", "--site", str(site)]) == (0 if torch.cuda.is_available() else 1)
    assert "a_tutorial" not in capsys.readouterr().err
