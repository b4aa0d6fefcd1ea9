"""The publishing guard (tools/check_build.py, `make check-gpu-build`).

Each test fabricates what a build leaves behind (a source in examples/, the
gallery copy with its .md5 and provenance record, and the built pages, their
"How this page ran" box rendered by the site's own template) in a temporary
folder, then breaks one thing.  No Sphinx build runs.
"""

from __future__ import annotations

import check_build
import jinja2
import pytest
from blitz import provenance
from conftest import LANGUAGES, ROOT, SOURCE_LANGUAGE

GPU = "NVIDIA H100 80GB HBM3"
CPU = "CPU (AMD EPYC 7B13)"
TORCH = "2.14.1+cu130"
# A translated language of the site (conf.py's site_languages).
TRANSLATED = LANGUAGES[-1]


def provenance_box(info: dict) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "docs" / "_templates"))
    return env.get_template("provenance.html").render(_=lambda s: s, provenance=info)


def write_page(path, info: dict, output: str = '<div class="sphx-glr-script-out highlight-none"><pre>ok</pre></div>'):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"<html><body><article>{output}</article><aside>{provenance_box(info)}</aside></body></html>",
        encoding="utf-8",
    )


def recorded(device=GPU, torch=TORCH) -> dict:
    return {"state": provenance.RECORDED, "torch": torch, "device": device, "run_date": "2026-11-28",
            "run_seconds": 1.5, "build_date": "2026-11-28"}


def fabricate(tmp_path, names=("a_tutorial", "b_tutorial"), device=GPU, torch=TORCH):
    """A complete, publishable build of ``names``; returns the three folders."""
    examples, gallery, site = tmp_path / "examples", tmp_path / "docs" / "tutorials", tmp_path / "html"
    examples.mkdir()
    gallery.mkdir(parents=True)
    for name in names:
        source = examples / f"{name}.py"
        source.write_text(f'"""\n{name}\n===\n"""\nprint("{name}")\n', encoding="utf-8")
        copy = gallery / source.name
        copy.write_bytes(source.read_bytes())
        md5 = provenance.source_md5(copy)
        copy.with_name(copy.name + ".md5").write_text(md5, encoding="utf-8")
        provenance.write_record(provenance.record_path(copy), {
            "torch": torch, "device": device, "date": "2026-11-28T12:00:00+00:00", "source_md5": md5})
        for language in LANGUAGES:
            write_page(site / language / "tutorials" / f"{name}.html", recorded(device, torch))
    # A helper script next to the tutorials is not a tutorial.
    (examples / "helper.py").write_text("x = 1\n", encoding="utf-8")
    return examples, gallery, site


def check(folders, require_gpu=True, torch_version=TORCH):
    return check_build.check_site(*folders, LANGUAGES, require_gpu=require_gpu, torch_version=torch_version)


def messages(problems, name="a_tutorial"):
    return [p.message for p in problems if p.subject == name]


def test_a_complete_gpu_build_passes(tmp_path):
    devices, problems = check(fabricate(tmp_path))
    assert problems == []
    assert devices == {"a_tutorial": GPU, "b_tutorial": GPU}


def test_cpu_outputs_fail_the_gpu_check_but_pass_with_allow_cpu(tmp_path):
    folders = fabricate(tmp_path, device=CPU)
    _, problems = check(folders)
    found = messages(problems)
    assert any(m.startswith(f"ran on {CPU}, not on a GPU") for m in found), found
    # The record and both pages each say CPU.
    assert len(found) == 1 + len(LANGUAGES)
    assert {p.subject for p in problems} == {"a_tutorial", "b_tutorial"}
    assert check(folders, require_gpu=False)[1] == []


def test_one_cpu_tutorial_among_gpu_ones_is_named(tmp_path):
    folders = fabricate(tmp_path)
    examples, gallery, site = folders
    copy = gallery / "b_tutorial.py"
    record = provenance.read_json(provenance.record_path(copy))
    provenance.write_record(provenance.record_path(copy), {**record, "device": "CPU"})
    problems = check(folders)[1]
    assert messages(problems, "a_tutorial") == []
    # The record says CPU, and the pages no longer describe the recorded run.
    assert any("ran on CPU, not on a GPU" in m for m in messages(problems, "b_tutorial"))
    assert any("out of date" in m for m in messages(problems, "b_tutorial"))


def test_a_failed_run_leaves_no_md5(tmp_path):
    folders = fabricate(tmp_path)
    (folders[1] / "a_tutorial.py.md5").unlink()
    found = messages(check(folders)[1])
    assert len(found) == 1 and "has no successful run" in found[0] and "EXAMPLE=a" in found[0]


def test_a_source_changed_since_its_last_successful_run(tmp_path):
    folders = fabricate(tmp_path)
    source = folders[0] / "a_tutorial.py"
    source.write_text(source.read_text(encoding="utf-8") + "print('new')\n", encoding="utf-8")
    found = messages(check(folders)[1])
    assert len(found) == 1 and "older version" in found[0]


def test_a_tutorial_that_never_ran(tmp_path):
    folders = fabricate(tmp_path)
    (folders[0] / "c_tutorial.py").write_text("print('c')\n", encoding="utf-8")
    devices, problems = check(folders)
    assert devices["c_tutorial"] == "?"
    assert any("has no successful run" in m for m in messages(problems, "c_tutorial"))


def test_outputs_without_a_provenance_record(tmp_path):
    folders = fabricate(tmp_path)
    provenance.record_path(folders[1] / "a_tutorial.py").unlink()
    found = messages(check(folders)[1])
    assert len(found) == 1 and "no provenance record" in found[0]


def test_a_record_of_another_source_is_not_trusted(tmp_path):
    folders = fabricate(tmp_path)
    path = provenance.record_path(folders[1] / "a_tutorial.py")
    provenance.write_record(path, {**provenance.read_json(path), "source_md5": "0" * 32})
    assert any("no provenance record" in m for m in messages(check(folders)[1]))


def test_outputs_from_another_pytorch(tmp_path):
    folders = fabricate(tmp_path, torch="2.13.0+cu128")
    found = messages(check(folders, torch_version=TORCH)[1])
    assert len(found) == 1 and "PyTorch 2.13.0+cu128" in found[0] and "make clean html" in found[0]


def test_a_missing_page(tmp_path):
    folders = fabricate(tmp_path)
    (folders[2] / TRANSLATED / "tutorials" / "a_tutorial.html").unlink()
    found = messages(check(folders)[1])
    assert len(found) == 1 and TRANSLATED in found[0] and "is missing" in found[0]


@pytest.mark.parametrize("state", [provenance.NOT_EXECUTED, provenance.NOT_RECORDED])
def test_a_page_that_does_not_say_how_it_ran(tmp_path, state):
    folders = fabricate(tmp_path)
    write_page(folders[2] / SOURCE_LANGUAGE / "tutorials" / "a_tutorial.html", {"state": state, "build_date": "2026-11-28"})
    found = messages(check(folders)[1])
    assert len(found) == 1 and "instead of how it ran" in found[0], found


def test_a_page_without_the_box(tmp_path):
    folders = fabricate(tmp_path)
    (folders[2] / SOURCE_LANGUAGE / "tutorials" / "a_tutorial.html").write_text("<html><body></body></html>", encoding="utf-8")
    found = messages(check(folders)[1])
    assert len(found) == 1 and "no \"How this page ran\" box" in found[0]


def test_a_page_showing_a_traceback(tmp_path):
    folders = fabricate(tmp_path)
    # What sphinx-gallery renders for a cell that raised.
    failed = ('<div class="sphx-glr-script-out highlight-pytb notranslate"><div class="highlight"><pre>'
              "Traceback (most recent call last):\nRuntimeError: boom</pre></div></div>")
    write_page(folders[2] / SOURCE_LANGUAGE / "tutorials" / "a_tutorial.html", recorded(), output=failed)
    found = messages(check(folders)[1])
    assert len(found) == 1 and "traceback" in found[0]


def test_no_tutorials_at_all(tmp_path):
    folders = fabricate(tmp_path, names=())
    assert [p.subject for p in check(folders)[1]] == ["examples"]


@pytest.mark.parametrize(
    ("available", "cuda", "expected"),
    [(True, "13.0", None), (False, None, "CPU-only build"), (False, "13.0", "driver may be older")],
)
def test_cuda_problems(available, cuda, expected):
    problems = check_build.cuda_problems(available, TORCH, cuda)
    if expected is None:
        assert problems == []
    else:
        assert len(problems) == 1 and expected in problems[0].message


def test_command_line_names_each_problem(tmp_path, capsys):
    examples, gallery, site = fabricate(tmp_path, device=CPU)
    args = ["--examples", str(examples), "--gallery", str(gallery), "--site", str(site)]
    import torch

    # The records name the installed PyTorch, so only the device can be wrong.
    for path in gallery.glob("*.provenance.json"):
        provenance.write_record(path, {**provenance.read_json(path), "torch": torch.__version__})
    for name in ("a_tutorial", "b_tutorial"):
        for language in LANGUAGES:
            write_page(site / language / "tutorials" / f"{name}.html", recorded(CPU, torch.__version__))
    assert check_build.main([*args, "--allow-cpu"]) == 0
    assert "OK: 2 tutorials" in capsys.readouterr().out
    assert check_build.main(args) == 1
    err = capsys.readouterr().err
    assert ("CUDA is not available" in err) != torch.cuda.is_available()
    assert "a_tutorial: " in err and "b_tutorial: " in err and "not on a GPU" in err


def test_cuda_only_checks_nothing_else(tmp_path, capsys):
    import torch

    missing = ["--examples", str(tmp_path / "none"), "--site", str(tmp_path / "none")]
    assert check_build.main(["--cuda-only", *missing]) == (0 if torch.cuda.is_available() else 1)
    captured = capsys.readouterr()
    assert "examples" not in captured.out + captured.err
    assert ("CUDA is not available" in captured.err) != torch.cuda.is_available()
