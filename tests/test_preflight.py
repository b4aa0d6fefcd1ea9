"""tools/preflight.py: the system prerequisites, with fake commands on a fake PATH.

Nothing here installs or removes a real package: apt-get, sudo, chromium,
fc-list and npm are small scripts in a temporary directory.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import preflight
import pytest
from conftest import ROOT

DEBIAN = {"ID": "debian"}
UBUNTU = {"ID": "ubuntu", "ID_LIKE": "debian"}
APT_COMMAND = "sudo apt-get update && sudo apt-get install -y chromium fonts-noto-cjk fontconfig npm"
SYSTEM_PYTHON = "/usr/bin/python3"


def script(path: Path, body: str) -> Path:
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


@pytest.fixture(autouse=True)
def no_fonts_on_disk(monkeypatch, tmp_path_factory):
    """The tests decide which fonts exist, not this machine."""
    monkeypatch.setattr(preflight, "FONT_DIRS", (str(tmp_path_factory.mktemp("no-fonts")),))


@pytest.fixture
def fake_bin():
    """An empty directory to serve as PATH, readable by every user."""
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)
        yield Path(tmp)


def fake_apt(bin_dir: Path) -> Path:
    """apt-get that logs its arguments and "installs" by creating fake commands."""
    log = bin_dir / "apt-get.log"
    script(bin_dir / "apt-get", f"""echo "$@" >> {log}
if [ "$1" = install ]; then
  for pkg in "$@"; do
    case "$pkg" in
      chromium) printf '#!/bin/sh\\n' > {bin_dir}/chromium; /bin/chmod +x {bin_dir}/chromium ;;
      fonts-noto-cjk) printf '#!/bin/sh\\necho "Noto Sans CJK SC"\\n' > {bin_dir}/fc-list; /bin/chmod +x {bin_dir}/fc-list ;;
      npm) for c in npm node; do printf '#!/bin/sh\\n' > {bin_dir}/$c; /bin/chmod +x {bin_dir}/$c; done ;;
    esac
  done
fi""")
    return log


def env_for(bin_dir: Path, **extra) -> dict:
    return {"PATH": str(bin_dir), "HOME": str(bin_dir / "home"), **extra}


# -- What is missing ----------------------------------------------------------


def test_python_too_old_names_the_version_and_what_to_do():
    (need,) = preflight.python_needs(version=(3, 9), has_ensurepip=True)
    assert "3.11" in need.what and "3.9" in need.what
    assert "PYTHON=python3.11" in need.hint and not need.apt


def test_python_without_ensurepip_needs_its_venv_package():
    (need,) = preflight.python_needs(version=(3, 11), has_ensurepip=False)
    assert need.apt == "python3.11-venv"
    assert preflight.python_needs(version=(3, 12), has_ensurepip=True) == []


def test_everything_present_needs_nothing(fake_bin):
    fake_apt(fake_bin)
    subprocess.run([str(fake_bin / "apt-get"), "install", "chromium", "fonts-noto-cjk", "npm"], check=True)
    assert preflight.browser_needs(env_for(fake_bin), DEBIAN, "linux") == []


def test_missing_browser_packages_are_apt_packages_on_debian(fake_bin):
    needs = preflight.browser_needs(env_for(fake_bin), DEBIAN, "linux")
    assert [n.apt for n in needs] == ["chromium", "fonts-noto-cjk fontconfig", "npm"]
    # With fontconfig present only the fonts are missing.
    script(fake_bin / "fc-list", "")
    needs = preflight.browser_needs(env_for(fake_bin), DEBIAN, "linux")
    assert [n.apt for n in needs] == ["chromium", "fonts-noto-cjk", "npm"]


def test_ubuntu_is_not_offered_its_snap_stub(fake_bin):
    needs = preflight.browser_needs(env_for(fake_bin), UBUNTU, "linux")
    chromium = needs[0]
    assert chromium.apt == "" and "snap" in chromium.what
    assert "playwright install chromium" in chromium.hint
    assert [n.apt for n in needs[1:]] == ["fonts-noto-cjk fontconfig", "npm"]


def test_chromium_override_is_used_and_checked(fake_bin):
    browser = script(fake_bin / "Google Chrome", "")
    assert preflight.find_chromium(env_for(fake_bin, CHROMIUM=str(browser))) == str(browser)
    # A chromium on PATH does not hide a wrong CHROMIUM.
    script(fake_bin / "chromium", "")
    needs = preflight.browser_needs(env_for(fake_bin, CHROMIUM=str(fake_bin / "nope")), DEBIAN, "darwin")
    assert "CHROMIUM=" in needs[0].what and needs[0].apt == ""
    proc = subprocess.run([sys.executable, ROOT / "tools" / "preflight.py", "--print-chromium"],
                          env=env_for(fake_bin, CHROMIUM=str(browser)), capture_output=True, text=True)
    assert proc.stdout.strip() == str(browser)


def test_playwrights_own_chromium_is_found(fake_bin):
    chrome = fake_bin / "browsers" / "chromium-1200" / "chrome-linux" / "chrome"
    chrome.parent.mkdir(parents=True)
    script(chrome, "")
    env = env_for(fake_bin, PLAYWRIGHT_BROWSERS_PATH=str(fake_bin / "browsers"))
    assert preflight.find_chromium(env) == str(chrome)


# -- Installing or telling ------------------------------------------------------


def test_as_root_it_installs_what_is_missing_with_apt(fake_bin, capsys):
    log = fake_apt(fake_bin)
    assert preflight.check(True, env_for(fake_bin), DEBIAN, "test", euid=0) == 0
    calls = log.read_text().splitlines()
    assert calls[0] == "update -q"
    assert calls[1].startswith("install -y -q --no-install-recommends")
    assert calls[1].split()[-4:] == ["chromium", "fonts-noto-cjk", "fontconfig", "npm"]


def test_with_passwordless_sudo_it_installs_through_sudo_n(fake_bin):
    log = fake_apt(fake_bin)
    sudo_log = fake_bin / "sudo.log"
    script(fake_bin / "sudo", f'printf "%s\\n" "$*" >> {sudo_log}\n[ "$1" = -n ] || exit 1\nshift\n[ "$1" = true ] && exit 0\nexec "$@"')
    assert preflight.check(True, env_for(fake_bin), DEBIAN, "test", euid=1000) == 0
    assert sudo_log.read_text().splitlines()[0] == "-n true"
    assert len(log.read_text().splitlines()) == 2


def test_without_root_it_stops_with_the_one_command(fake_bin, capsys):
    log = fake_apt(fake_bin)
    script(fake_bin / "sudo", "exit 1")  # sudo -n fails: a password would be needed
    assert preflight.check(True, env_for(fake_bin), DEBIAN, "test", euid=1000) == 1
    err = capsys.readouterr().err
    assert APT_COMMAND in err
    assert err.count("apt-get install") == 1
    assert "playwright install chromium" in err  # the rootless browser
    assert not log.exists(), "apt-get ran without root"


def test_make_html_needs_no_browser(fake_bin, capsys):
    """The build needs fonts (Chinese figures) and Node.js (KaTeX), not Chromium."""
    assert preflight.check(False, env_for(fake_bin), DEBIAN, "html", euid=1000) == 1
    err = capsys.readouterr().err
    assert "CJK fonts" in err and "Node.js and npm" in err
    assert "chromium" not in err.lower()
    for command in ("fc-list", "npm", "node"):
        script(fake_bin / command, 'echo "Noto Sans CJK SC"')
    assert preflight.check(False, env_for(fake_bin), DEBIAN, "html", euid=1000) == 0


def _as_nobody(command: list[str]) -> list[str]:
    """Run as an unprivileged user when the tests run as root."""
    if os.geteuid() != 0:
        return command
    return ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]


@pytest.mark.skipif(not Path(SYSTEM_PYTHON).exists(), reason="needs /usr/bin/python3")
def test_make_test_stops_before_building_anything(fake_bin):
    """`make test` without Chromium, fonts, npm or root: one message, nothing built."""
    fake_apt(fake_bin)
    # A copy anyone can read: the clone itself may sit in a private folder
    # (mktemp -d, a home directory of mode 700) that the unprivileged user cannot enter.
    copy = Path(tempfile.mkdtemp(prefix="preflight-"))
    copy.chmod(0o755)
    for name in ("Makefile", "conf.py", "requirements.txt"):
        shutil.copy2(ROOT / name, copy / name)
    shutil.copytree(ROOT / "tools", copy / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    work = copy / "work"
    work.mkdir()
    work.chmod(0o777)
    try:
        proc = subprocess.run(
            _as_nobody(["/usr/bin/make", "--no-print-directory", "test", f"PYTHON={SYSTEM_PYTHON}",
                        f"VENV={work}/venv", f"BUILDDIR={work}/build", f"DATA_ROOT={work}/data"]),
            cwd=copy, env=env_for(fake_bin), capture_output=True, text=True, timeout=120,
        )
        created = list(work.iterdir())
    finally:
        shutil.rmtree(copy)
    assert proc.returncode != 0
    assert "Cannot run `make test` yet" in proc.stderr
    assert APT_COMMAND in proc.stderr
    assert "sphinx" not in proc.stdout + proc.stderr
    assert created == [], "something was created before the prerequisites were there"
    assert not (fake_bin / "apt-get.log").exists()


# -- The virtual environment ------------------------------------------------------


def test_a_venv_that_cannot_be_created_is_removed_with_the_command(tmp_path, capsys):
    broken_python = script(tmp_path / "python3", 'mkdir -p "$3/bin"; echo "ensurepip is not available" >&2; exit 1')
    venv = tmp_path / "venv"
    assert preflight.ensure_venv(venv, python=str(broken_python)) == 1
    assert not venv.exists(), "a half-made venv was left behind"
    err = capsys.readouterr().err
    assert "ensurepip is not available" in err
    assert "sudo apt-get install -y python3." in err and "-venv" in err


@pytest.mark.skipif(not Path(SYSTEM_PYTHON).exists(), reason="needs /usr/bin/python3")
def test_a_half_made_venv_is_rebuilt_and_a_link_is_not_followed(tmp_path):
    # A venv left by a failed `python -m venv`: bin/python exists, pip does not run.
    elsewhere = tmp_path / "elsewhere"
    script((elsewhere / "bin").mkdir(parents=True) or elsewhere / "bin" / "python", "exit 1")
    venv = tmp_path / "venv"
    venv.symlink_to(elsewhere)
    assert not preflight.venv_works(venv)
    assert preflight.ensure_venv(venv, python=SYSTEM_PYTHON) == 0
    assert preflight.venv_works(venv) and not venv.is_symlink()
    assert (elsewhere / "bin" / "python").read_text().endswith("exit 1\n"), "the link's target was touched"
    # A working venv is kept as it is.
    marker = venv / "kept"
    marker.touch()
    assert preflight.ensure_venv(venv, python=SYSTEM_PYTHON) == 0 and marker.exists()


def test_fonts_on_disk_that_fontconfig_does_not_list_name_the_fix(fake_bin, tmp_path, monkeypatch):
    script(fake_bin / "fc-list", "exit 0")  # fontconfig runs and lists no CJK font
    for command in ("npm", "node"):
        script(fake_bin / command, "exit 0")
    fonts = tmp_path / "fonts" / "opentype" / "noto"
    fonts.mkdir(parents=True)
    (fonts / "NotoSansCJK-Regular.ttc").write_bytes(b"")
    monkeypatch.setattr(preflight, "FONT_DIRS", (str(tmp_path / "fonts"),))
    (need,) = preflight.build_needs(env_for(fake_bin), "linux")
    assert "fontconfig does not list" in need.what and "fc-cache -f" in need.hint and not need.apt
    monkeypatch.setattr(preflight, "FONT_DIRS", (str(tmp_path / "nothing"),))
    (need,) = preflight.build_needs(env_for(fake_bin), "linux")
    assert need.apt == "fonts-noto-cjk"
