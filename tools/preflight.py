"""The system prerequisites of the build and the tests (CONTRIBUTING.md, "Setting up").

It runs with the system Python before .venv exists: standard library only, and
syntax old Pythons can parse (they must live long enough to say that they are too old).
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import importlib.util
import os
import platform
import shutil
import subprocess
import sys
from collections import namedtuple
from pathlib import Path

MIN_PYTHON = (3, 11)


# Something missing: what it is, how to get it, and the Debian/Ubuntu packages (if any) that provide it.
Need = namedtuple("Need", ["what", "hint", "apt"], defaults=[""])


def which(command: str, env: dict) -> str | None:
    return shutil.which(command, path=env.get("PATH", os.defpath))


def python_needs(version=sys.version_info[:2], has_ensurepip=importlib.util.find_spec("ensurepip") is not None):
    """Python >= 3.11 with a venv module that can install pip."""
    shown = f"{version[0]}.{version[1]}"
    wanted = f"{MIN_PYTHON[0]}.{MIN_PYTHON[1]}"
    if version < MIN_PYTHON:
        hint = (
            f"Debian 12 and Ubuntu 24.04 ship Python {wanted} or newer as python3; elsewhere install it "
            f"(Ubuntu 22.04: sudo apt-get install python{wanted} python{wanted}-venv) "
            f"and run make again with PYTHON=python{wanted}"
        )
        return [Need(f"Python {wanted} or newer (this is Python {shown})", hint)]
    if not has_ensurepip:
        # Debian and Ubuntu ship venv's pip installer in a package of its own.
        hint = "reinstall Python with its venv module (ensurepip)"
        return [Need(f"the venv module of Python {shown}", hint, apt=f"python{shown}-venv")]
    return []


def find_chromium(env: dict) -> str | None:
    """The browser the tests drive: $CHROMIUM, Debian's chromium, or Playwright's own."""
    if env.get("CHROMIUM"):
        path = env["CHROMIUM"]
        return path if os.path.isfile(path) and os.access(path, os.X_OK) else None
    path = which("chromium", env)
    # A snap's Chromium cannot read the profile Playwright writes to /tmp.
    if path and not os.path.realpath(path).startswith("/snap/"):
        return path
    # Where `python -m playwright install chromium` puts its download.
    root = env.get("PLAYWRIGHT_BROWSERS_PATH") or os.path.join(env.get("HOME", "~"), ".cache", "ms-playwright")
    found = sorted(glob.glob(os.path.join(root, "chromium-*", "chrome-linux*", "chrome")))
    return found[-1] if found else None


def chromium_needs(env: dict, release: dict, system: str = sys.platform) -> list[Need]:
    """A Chromium the browser tests can drive."""
    if find_chromium(env):
        return []
    if env.get("CHROMIUM"):
        hint = (
            "point CHROMIUM at a Chromium or Chrome executable, e.g. on macOS "
            'CHROMIUM="/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"'
        )
        return [Need(f"the browser CHROMIUM={env['CHROMIUM']} (not an executable file)", hint)]
    if not system.startswith("linux"):
        return [Need("Chromium (the browser the tests drive)", "install Chrome or Chromium and set CHROMIUM to it")]
    rootless = (
        "make venv && .venv/bin/python -m playwright install chromium "
        "(Playwright's own build, into ~/.cache/ms-playwright/, where the tests find it)"
    )
    if "ubuntu" in [release.get("ID", "")] + release.get("ID_LIKE", "").split():
        # Ubuntu's chromium packages only install the snap, which Playwright cannot drive.
        return [Need("Chromium (Ubuntu's apt package is a snap stub that Playwright cannot drive)", rootless)]
    return [Need("Chromium (the browser the tests drive)", rootless, apt="chromium")]


def build_needs(env: dict, system: str = sys.platform) -> list[Need]:
    """CJK fonts for the Chinese figures and pages, Node.js for KaTeX and axe-core."""
    fc_list = which("fc-list", env)
    has_fonts = system == "darwin"  # macOS has CJK fonts and no fontconfig
    if fc_list:
        has_fonts = False
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True, env=env, timeout=60)
            has_fonts = bool(out.stdout.strip())
    fonts = Need(
        "CJK fonts (to draw the Chinese figures and render the Chinese pages)",
        "install the Noto Sans CJK fonts",
        # fontconfig too: a minimal Debian lacks the fc-list that finds the fonts.
        apt="fonts-noto-cjk fontconfig",
    )
    node = Need(
        "Node.js and npm (KaTeX typesets the math; axe-core checks accessibility)",
        "install Node.js 18 or newer with npm (macOS: brew install node)",
        apt="npm",
    )
    has_node = which("npm", env) and which("node", env)
    return [need for need, found in ((fonts, has_fonts), (node, has_node)) if not found]


def privilege(env: dict, euid: int | None = None) -> list[str] | None:
    """The prefix that runs apt-get as root: [] as root, sudo -n, or None."""
    if (os.geteuid() if euid is None else euid) == 0:
        return []
    sudo = which("sudo", env)
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        if sudo and subprocess.run([sudo, "-n", "true"], capture_output=True, env=env, timeout=30).returncode == 0:
            return [sudo, "-n"]
    return None


def apt_install(packages: list[str], prefix: list[str], env: dict) -> bool:
    print("preflight: installing " + " ".join(packages), flush=True)
    apt_get = which("apt-get", env)
    run_env = dict(env, DEBIAN_FRONTEND="noninteractive")
    for command in (["update", "-q"], ["install", "-y", "-q", "--no-install-recommends", *packages]):
        command = [*prefix, apt_get, *command]
        print("preflight: " + " ".join(command), flush=True)
        if subprocess.run(command, env=run_env).returncode != 0:
            return False
    return True


def message(needs: list[Need], apt_ok: bool, goal: str) -> str:
    """The one message that says what is missing and the command to run."""
    lines = [f"Cannot run `make {goal}` yet; this machine lacks:", *(f"  - {n.what}" for n in needs), ""]
    apt = [n.apt for n in needs if n.apt] if apt_ok else []
    if apt:
        command = "sudo apt-get update && sudo apt-get install -y " + " ".join(apt)
        lines += [f"Install them (this needs root), then run `make {goal}` again:", "", f"    {command}", ""]
    else:
        lines.append(f"Install them, then run `make {goal}` again:")
    for need in needs:
        if not (apt and need.apt):
            lines.append(f"  {need.what.split(' (')[0]}: {need.hint}")
        elif need.apt == "chromium":
            lines.append(f"  Chromium without root: {need.hint}")
    return "\n".join(lines).rstrip()


def check(browser: bool, env: dict, release: dict, goal: str, euid: int | None = None) -> int:
    def gather():
        return python_needs() + (chromium_needs(env, release) if browser else []) + build_needs(env)

    needs = gather()
    has_apt = which("apt-get", env) is not None
    packages = [p for n in needs for p in n.apt.split()]
    prefix = privilege(env, euid) if has_apt and packages else None
    if prefix is not None and apt_install(packages, prefix, env):
        needs = gather()
    if needs:
        print(message(needs, has_apt, goal), file=sys.stderr)
    return 1 if needs else 0


def ensure_venv(venv: Path, python: str = sys.executable) -> int:
    """Create ``venv``, or create again one that a failure left half-made (its pip does not run)."""
    command = [venv / "bin" / "python", "-m", "pip", "--version"]
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        if subprocess.run(command, capture_output=True, timeout=120).returncode == 0:
            return 0
    print(f"preflight: creating {venv}/ with {python}", flush=True)
    return subprocess.run([python, "-m", "venv", "--clear", str(venv)]).returncode


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--goal", default="html", help="the make target, for the message")
    parser.add_argument("--browser", action="store_true", help="also Chromium, for the browser tests")
    parser.add_argument("--venv", type=Path, help="create this virtual environment (again, if half-made)")
    parser.add_argument("--print-chromium", action="store_true", help="print the browser the tests drive ($CHROMIUM)")
    args = parser.parse_args(argv)
    env = dict(os.environ)
    if args.print_chromium:
        print(find_chromium(env) or env.get("CHROMIUM") or "")
        return 0
    if args.venv:
        return ensure_venv(args.venv)
    try:
        release = platform.freedesktop_os_release()  # ID, ID_LIKE... of the Linux distribution
    except (AttributeError, OSError):  # not Linux, or Python < 3.10 (too old anyway)
        release = {}
    return check(args.browser, env, release, args.goal)


if __name__ == "__main__":
    sys.exit(main())
