"""The system prerequisites of the build and the tests, checked in one place.

    python3 tools/preflight.py                   # before `make html`: Python, venv,
                                                 # CJK fonts, Node.js/npm
    python3 tools/preflight.py --browser         # before `make test`: also Chromium
    python3 tools/preflight.py --venv .venv      # create .venv, or rebuild a half-made one
    python3 tools/preflight.py --print-chromium  # the browser the tests will drive

The Makefile runs it before anything is built.  What is missing is installed
with apt-get where that is possible (as root, or through `sudo -n`, which never
asks for a password); otherwise it stops with one message naming the exact
command to run.  ``CHROMIUM=/path/to/chromium`` chooses the browser (macOS:
Chrome or Chromium from /Applications).

It runs with the system Python before .venv exists, so it uses only the
standard library and keeps to syntax old Pythons can parse (they must live long
enough to say that they are too old).
"""

from __future__ import annotations

import argparse
import glob
import importlib.util
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

MIN_PYTHON = (3, 11)
APT_ENV = {"DEBIAN_FRONTEND": "noninteractive"}


@dataclass
class Need:
    """Something missing: what it is, its apt package and how else to get it."""

    what: str
    apt: str = ""  # the Debian/Ubuntu packages that provide it, if any (space-separated)
    hint: str = ""  # what to do where apt cannot provide it


# -- Looking ----------------------------------------------------------------


def which(command: str, env: dict) -> str | None:
    return shutil.which(command, path=env.get("PATH", os.defpath))


def os_release(path: str = "/etc/os-release") -> dict:
    """ID, ID_LIKE... of the Linux distribution ({} elsewhere)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError:
        return {}
    fields = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            fields[key.strip()] = value.strip().strip('"')
    return fields


def is_ubuntu(release: dict) -> bool:
    return "ubuntu" in [release.get("ID", "")] + release.get("ID_LIKE", "").split()


def python_needs(version=None, has_ensurepip=None) -> list[Need]:
    """Python >= 3.11 with a venv module that can install pip."""
    version = tuple(version or sys.version_info[:2])
    if has_ensurepip is None:
        has_ensurepip = importlib.util.find_spec("ensurepip") is not None
    shown = f"{version[0]}.{version[1]}"
    if version < MIN_PYTHON:
        wanted = f"{MIN_PYTHON[0]}.{MIN_PYTHON[1]}"
        return [Need(
            f"Python {wanted} or newer (this is Python {shown})",
            hint=f"Debian 12 and Ubuntu 24.04 ship Python {wanted} or newer as python3; elsewhere "
            f"install it (Ubuntu 22.04: sudo apt-get install python{wanted} python{wanted}-venv) "
            f"and run make again with PYTHON=python{wanted}",
        )]
    if not has_ensurepip:
        # Debian and Ubuntu ship venv's pip installer in a package of its own.
        return [Need(f"the venv module of Python {shown}", apt=f"python{shown}-venv",
                     hint="reinstall Python with its venv module (ensurepip)")]
    return []


def playwright_chromium(env: dict) -> str | None:
    """A Chromium that `python -m playwright install chromium` downloaded, if any."""
    root = env.get("PLAYWRIGHT_BROWSERS_PATH") or os.path.join(env.get("HOME", "~"), ".cache", "ms-playwright")
    found = sorted(glob.glob(os.path.join(root, "chromium-*", "chrome-linux*", "chrome")))
    return found[-1] if found else None


def find_chromium(env: dict) -> str | None:
    """The browser the tests drive: $CHROMIUM, Debian's chromium, or Playwright's."""
    if env.get("CHROMIUM"):
        path = env["CHROMIUM"]
        return path if os.path.isfile(path) and os.access(path, os.X_OK) else None
    path = which("chromium", env)
    # A snap's Chromium cannot read the profile Playwright writes to /tmp.
    if path and not os.path.realpath(path).startswith("/snap/"):
        return path
    return playwright_chromium(env)


def has_cjk_fonts(env: dict, platform: str = sys.platform) -> bool:
    fc_list = which("fc-list", env)
    if not fc_list:
        return platform == "darwin"  # macOS has CJK fonts and no fontconfig
    try:
        out = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True,
                             env=env, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return bool(out.strip())


FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")


def unlisted_cjk_fonts(dirs=None) -> list[str]:
    """Noto Sans CJK files on disk (that fontconfig may not list yet)."""
    found = []
    for folder in FONT_DIRS if dirs is None else dirs:
        for root, _, names in os.walk(os.path.expanduser(folder)):
            found += [os.path.join(root, n) for n in names if n.startswith("NotoSansCJK")]
    return sorted(found)


def browser_needs(env: dict, release: dict, platform: str = sys.platform) -> list[Need]:
    """Chromium for Playwright, plus what the build itself needs."""
    return chromium_needs(env, release, platform) + build_needs(env, platform)


def chromium_needs(env: dict, release: dict, platform: str = sys.platform) -> list[Need]:
    """A Chromium the browser tests can drive."""
    needs = []
    if env.get("CHROMIUM") and not find_chromium(env):
        needs.append(Need(
            f"the browser CHROMIUM={env['CHROMIUM']} (not an executable file)",
            hint="point CHROMIUM at a Chromium or Chrome executable, e.g. on macOS "
            "CHROMIUM=\"/Applications/Google Chrome.app/Contents/MacOS/Google Chrome\"",
        ))
    elif not find_chromium(env):
        rootless = ("make venv && .venv/bin/python -m playwright install chromium "
                    "(Playwright's own build, into ~/.cache/ms-playwright/, where the tests find it)")
        if is_ubuntu(release):
            # Ubuntu's chromium packages only install the snap, which Playwright cannot drive.
            needs.append(Need("Chromium (Ubuntu's apt package is a snap stub that Playwright cannot drive)",
                              hint=rootless))
        else:
            needs.append(Need("Chromium (the browser the tests drive)", apt="chromium",
                              hint=rootless if platform.startswith("linux") else
                              "install Chrome or Chromium and set CHROMIUM to its executable"))
    return needs


def build_needs(env: dict, platform: str = sys.platform) -> list[Need]:
    """CJK fonts for the Chinese figures and pages, Node.js for KaTeX and axe-core."""
    needs = []
    if not has_cjk_fonts(env, platform):
        # Without fontconfig's fc-list (a minimal container) the fonts cannot be checked.
        packages = "fonts-noto-cjk" + ("" if which("fc-list", env) else " fontconfig")
        on_disk = unlisted_cjk_fonts() if which("fc-list", env) else []
        if on_disk:
            needs.append(Need(f"CJK fonts that fontconfig does not list (they are on disk: {on_disk[0]})",
                              hint="run `fc-cache -f` (as the user who builds) so that fontconfig sees them"))
            return needs + node_needs(env)
        needs.append(Need("CJK fonts (to draw the Chinese figures and render the Chinese pages)", apt=packages,
                          hint="install the Noto Sans CJK fonts"))
    return needs + node_needs(env)


def node_needs(env: dict) -> list[Need]:
    if which("npm", env) and which("node", env):
        return []
    return [Need("Node.js and npm (KaTeX typesets the math; axe-core checks accessibility)", apt="npm",
                 hint="install Node.js 18 or newer with npm (macOS: brew install node)")]


# -- Installing ---------------------------------------------------------------


def privilege(env: dict, euid: int | None = None) -> list[str] | None:
    """The prefix that runs apt-get as root: [] as root, sudo -n, or None."""
    euid = os.geteuid() if euid is None else euid
    if euid == 0:
        return []
    sudo = which("sudo", env)
    if sudo:
        try:
            ok = subprocess.run([sudo, "-n", "true"], capture_output=True, env=env, timeout=30).returncode == 0
        except (OSError, subprocess.SubprocessError):
            ok = False
        if ok:
            return [sudo, "-n"]
    return None


def apt_install(packages: list[str], prefix: list[str], env: dict) -> bool:
    apt_get = which("apt-get", env) or "apt-get"
    run_env = dict(env, **APT_ENV)
    for command in ([apt_get, "update", "-q"],
                    [apt_get, "install", "-y", "-q", "--no-install-recommends", *packages]):
        command = prefix + command
        print("preflight: " + " ".join(command), flush=True)
        if subprocess.run(command, env=run_env).returncode != 0:
            return False
    return True


def message(needs: list[Need], apt_ok: bool, goal: str) -> str:
    """The one message that says what is missing and the command to run."""
    def name(need):
        return need.what.split(" (")[0]

    lines = [f"Cannot run `make {goal}` yet; this machine lacks:"]
    lines += [f"  - {n.what}" for n in needs]
    lines.append("")
    apt = [n.apt for n in needs if n.apt] if apt_ok else []
    if apt:
        lines += [f"Install them (this needs root), then run `make {goal}` again:", "",
                  "    sudo apt-get update && sudo apt-get install -y " + " ".join(apt), ""]
        lines += [f"  {name(n)}: {n.hint}" for n in needs if not n.apt and n.hint]
        lines += [f"  Chromium without root: {n.hint}" for n in needs if n.apt == "chromium" and n.hint]
    else:
        lines.append(f"Install them, then run `make {goal}` again:")
        lines += [f"  {name(n)}: {n.hint}" for n in needs if n.hint]
    return "\n".join(lines).rstrip()


def check(browser: bool, env: dict, release: dict, goal: str, euid: int | None = None) -> int:
    def gather():
        needs = python_needs()
        if browser:
            needs += chromium_needs(env, release)
        return needs + build_needs(env)

    needs = gather()
    if not needs:
        return 0
    has_apt = which("apt-get", env) is not None
    installable = [p for n in needs for p in n.apt.split()]
    if has_apt and installable:
        prefix = privilege(env, euid)
        if prefix is not None:
            print("preflight: installing " + " ".join(installable), flush=True)
            if apt_install(installable, prefix, env):
                needs = gather()
                if not needs:
                    return 0
    print(message(needs, has_apt, goal), file=sys.stderr)
    return 1


# -- The virtual environment --------------------------------------------------


def venv_works(venv: Path) -> bool:
    python = venv / "bin" / "python"
    try:
        return subprocess.run([str(python), "-m", "pip", "--version"], capture_output=True,
                              timeout=120).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()  # never follow a link into someone else's directory
    elif path.exists():
        shutil.rmtree(path)


def ensure_venv(venv: Path, python: str = sys.executable) -> int:
    """Create ``venv``; a half-made one (no working pip) is removed first."""
    if venv_works(venv):
        return 0
    if venv.exists() or venv.is_symlink():
        print(f"preflight: {venv}/ is half-made (its pip does not run); rebuilding it", flush=True)
        remove(venv)
    print(f"preflight: creating {venv}/ with {python}", flush=True)
    proc = subprocess.run([python, "-m", "venv", str(venv)], capture_output=True, text=True)
    if proc.returncode == 0 and venv_works(venv):
        return 0
    remove(venv)
    shown = f"{sys.version_info[0]}.{sys.version_info[1]}"
    print(f"Could not create {venv}/ with {python}:\n{(proc.stdout + proc.stderr).strip()}\n\n"
          f"On Debian or Ubuntu, run `sudo apt-get install -y python{shown}-venv`, then make again.",
          file=sys.stderr)
    return 1


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--browser", action="store_true", help="also what the browser tests need")
    parser.add_argument("--venv", type=Path, help="create this virtual environment (rebuild if half-made)")
    parser.add_argument("--print-chromium", action="store_true", help="print the browser the tests drive")
    parser.add_argument("--goal", default="", help="the make target, for the message")
    args = parser.parse_args(argv)
    env = dict(os.environ)
    if args.print_chromium:
        print(find_chromium(env) or env.get("CHROMIUM") or "")
        return 0
    if args.venv:
        return ensure_venv(args.venv)
    goal = args.goal or ("test" if args.browser else "html")
    return check(args.browser, env, os_release(), goal)


if __name__ == "__main__":
    sys.exit(main())
