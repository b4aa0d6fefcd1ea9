"""tools/preflight.py with apt-get, sudo, chromium, fc-list and npm as stand-in scripts on PATH."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

import preflight
import pytest
from conftest import copy_project

DEBIAN = {"ID": "debian"}
UBUNTU = {"ID": "ubuntu", "ID_LIKE": "debian"}
APT_COMMAND = "sudo apt-get update && sudo apt-get install -y chromium fonts-noto-cjk fontconfig npm"
SYSTEM_PYTHON = "/usr/bin/python3"


def script(path: Path, body: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(0o755)
    return path


# apt-get that logs its arguments; `install` creates chromium, fc-list (with a CJK font), npm and node.
FAKE_APT = """cd "${0%/*}"
echo "$@" >> apt-get.log
if [ "$1" = install ]; then
  for c in chromium fc-list npm node; do printf '#!/bin/sh\\necho Noto Sans CJK SC\\n' > $c; /bin/chmod +x $c; done
fi"""


@pytest.fixture
def fake_bin():
    """A folder anyone may read (the make test runs as nobody) holding only the stand-in apt-get."""
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)
        script(Path(tmp) / "apt-get", FAKE_APT)
        yield Path(tmp)


def env_for(bin_dir: Path, **extra) -> dict:
    return {"PATH": str(bin_dir), "HOME": str(bin_dir / "home"), **extra}


# -- What is missing ----------------------------------------------------------


def test_python_must_be_3_11_or_newer_with_its_venv_module():
    (need,) = preflight.python_needs(version=(3, 9), has_ensurepip=True)
    assert "3.11" in need.what and "3.9" in need.what
    assert "PYTHON=python3.11" in need.hint and not need.apt
    (need,) = preflight.python_needs(version=(3, 11), has_ensurepip=False)
    assert need.apt == "python3.11-venv"
    assert preflight.python_needs(version=(3, 12), has_ensurepip=True) == []


def test_the_browser_is_chromium_env_then_path_then_playwrights(fake_bin, monkeypatch, capsys):
    (need,) = preflight.chromium_needs(env_for(fake_bin), UBUNTU, "linux")
    assert need.apt == "" and "snap" in need.what, "Ubuntu's chromium package is a snap stub"
    assert "playwright install chromium" in need.hint
    playwrights = fake_bin / "browsers" / "chromium-1200" / "chrome-linux" / "chrome"
    script(playwrights, "")
    env = env_for(fake_bin, PLAYWRIGHT_BROWSERS_PATH=str(fake_bin / "browsers"))
    assert preflight.find_chromium(env) == str(playwrights)
    debians = script(fake_bin / "chromium", "")
    assert preflight.find_chromium(env) == str(debians)
    chrome = script(fake_bin / "Google Chrome", "")
    assert preflight.find_chromium(dict(env, CHROMIUM=str(chrome))) == str(chrome)
    # A wrong CHROMIUM is named, whatever else there is.
    (need,) = preflight.chromium_needs(dict(env, CHROMIUM=str(fake_bin / "nope")), DEBIAN, "darwin")
    assert "CHROMIUM=" in need.what and need.apt == ""
    monkeypatch.setenv("CHROMIUM", str(chrome))
    assert preflight.main(["--print-chromium"]) == 0 and capsys.readouterr().out == f"{chrome}\n"


# -- Installing or telling ------------------------------------------------------


@pytest.mark.parametrize("euid", [0, 1000], ids=["root", "passwordless sudo"])
def test_it_installs_what_is_missing_with_apt(fake_bin, euid):
    log = fake_bin / "apt-get.log"
    sudo_log = fake_bin / "sudo.log"
    script(fake_bin / "sudo", f'echo "$*" >> {sudo_log}\n[ "$1" = -n ] || exit 1\nshift\n[ "$1" = true ] || exec "$@"')
    assert preflight.check(True, env_for(fake_bin), DEBIAN, "test", euid=euid) == 0
    packages = "chromium fonts-noto-cjk fontconfig npm"
    assert log.read_text().splitlines() == ["update -q", f"install -y -q --no-install-recommends {packages}"]
    if euid == 0:
        assert not sudo_log.exists()
    else:  # the probe `sudo -n true`, then apt-get update and install
        assert [c.split()[0] for c in sudo_log.read_text().splitlines()] == ["-n", "-n", "-n"]


def test_make_html_needs_fonts_and_node_but_no_browser(fake_bin, capsys):
    assert preflight.check(False, env_for(fake_bin), DEBIAN, "html", euid=1000) == 1
    err = capsys.readouterr().err
    assert "CJK fonts" in err and "Node.js and npm" in err and "chromium" not in err.lower()


@pytest.mark.skipif(not Path(SYSTEM_PYTHON).exists(), reason="needs /usr/bin/python3")
def test_make_test_stops_before_building_anything(fake_bin):
    """`make test` without Chromium, fonts, npm or root: one message, one command, nothing built."""
    # A copy anyone can read: the clone itself may sit in a private folder
    # (mktemp -d, a home directory of mode 700) that the unprivileged user cannot enter.
    copy = copy_project(fake_bin / "clone", make=True)
    work = copy / "work"
    work.mkdir()
    copy.chmod(0o755)
    work.chmod(0o777)
    nobody = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if os.geteuid() == 0 else []
    make = [*nobody, "/usr/bin/make", "--no-print-directory", "test", f"PYTHON={SYSTEM_PYTHON}"]
    make += [f"VENV={work}/venv", f"BUILDDIR={work}/build", f"DATA_ROOT={work}/data"]
    proc = subprocess.run(make, cwd=copy, env=env_for(fake_bin), capture_output=True, text=True, timeout=120)
    created = list(work.iterdir())
    assert proc.returncode != 0
    assert "Cannot run `make test` yet" in proc.stderr
    assert APT_COMMAND in proc.stderr and proc.stderr.count("apt-get install") == 1
    assert "Chromium without root: make venv && .venv/bin/python -m playwright install chromium" in proc.stderr
    assert "sphinx" not in proc.stdout + proc.stderr
    assert created == [], "something was created before the prerequisites were there"
    assert not (fake_bin / "apt-get.log").exists(), "apt-get ran without root"


# -- The virtual environment ------------------------------------------------------


@pytest.mark.skipif(not Path(SYSTEM_PYTHON).exists(), reason="needs /usr/bin/python3")
def test_a_half_made_venv_is_created_again_and_a_working_one_kept(tmp_path):
    # What a failed `python -m venv` leaves: bin/python exists, pip does not run.
    venv = tmp_path / "venv"
    script(venv / "bin" / "python", "exit 1")
    assert preflight.ensure_venv(venv, python=SYSTEM_PYTHON) == 0
    assert subprocess.run([venv / "bin" / "python", "-m", "pip", "--version"], capture_output=True).returncode == 0
    marker = venv / "kept"
    marker.touch()
    assert preflight.ensure_venv(venv, python=SYSTEM_PYTHON) == 0 and marker.exists()
