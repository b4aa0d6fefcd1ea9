"""Tutorial runs either succeed in time or leave nothing that looks finished.

sphinx-gallery executes each tutorial inside the build process and caches
the result (the page and an ``.md5`` of the source).  What this module
guarantees is listed in MAINTAINING.md ("Every run accounted for"); why its
guards are shaped as they are:

* A failing run keeps the ``.md5`` of the last good source, so an exact
  revert would publish the traceback page: :func:`forget_failed_runs`.
* At the time limit (:func:`time_limit`, a ``reset_modules`` hook) the
  tutorial's child processes get SIGTERM first, so that the call waiting for
  them (``torchrun``) returns with their output for the page.  A tutorial
  stuck in C code never sees the signal: ``faulthandler`` ends the build
  :data:`WATCHDOG` seconds later, printing the line it was stuck on.
* The tutorial running is named in the file ``BLITZ_RUN_STATE`` names, and
  the file is removed when it returns: if the build ends in between
  (``sys.exit``, ``os._exit``, the watchdog), tools/build_site.py names it.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import signal
import sys
from pathlib import Path

from sphinx.errors import ConfigError
from sphinx.util import logging

from . import _compat
from .processes import become_subreaper, descendants, signal_all, stop_processes

logger = logging.getLogger(__name__)

TIMEOUT_ENV = "BLITZ_EXAMPLE_TIMEOUT"
STATE_ENV = "BLITZ_RUN_STATE"
# Seconds.  The slowest tutorial takes about 15 s on a quiet 2-core CPU, but
# over 7 minutes on a heavily shared one; CI jobs stop after 60 minutes.
DEFAULT_TIMEOUT = 1800
GRACE = 30  # seconds between stopping child processes and raising TimeoutError
WATCHDOG = 120  # seconds after the limit when the build itself is stopped


def forget_failed_runs(app) -> None:
    """``builder-inited``: make every tutorial whose last run failed execute again."""
    for gallery_dir in _compat.gallery_dirs(app.config.sphinx_gallery_conf):
        for rst in sorted(Path(app.srcdir, gallery_dir).glob("*.rst")):
            md5 = _compat.run_md5_path(rst.with_suffix(".py"))
            if _compat.FAILURE_MARKER in rst.read_text(encoding="utf-8") and md5.exists():
                md5.unlink()
                logger.info("%s failed in its last run: it runs again", rst.with_suffix(".py").name)


def timeout_seconds(environ=os.environ) -> int:
    """The per-tutorial limit from ``BLITZ_EXAMPLE_TIMEOUT``, or the default."""
    raw = environ.get(TIMEOUT_ENV, "").strip() or str(DEFAULT_TIMEOUT)
    if not raw.isdecimal() or int(raw) == 0:
        raise ConfigError(f"{TIMEOUT_ENV}={raw!r}: give the per-tutorial time limit in whole seconds, e.g. 600")
    return int(raw)


class _Run:
    """The tutorial running now."""

    name = ""
    limit = 0
    stopping = False
    before: frozenset[int] = frozenset()  # processes running before it started are not its own
    watched: tuple[Path, ...] = ()  # the folders a tutorial must not write into
    files: dict[str, tuple[int, int]] = {}


def _started_by_run() -> list[int]:
    return [pid for pid in descendants(os.getpid()) if pid not in _Run.before]


def _on_alarm(signum, frame) -> None:
    children = _started_by_run()
    if children and not _Run.stopping:
        _Run.stopping = True
        message = f"{_Run.name}: time limit of {_Run.limit} s reached; stopping its child processes"
        print(f"\n{message}", flush=True)  # also into the cell's captured output
        logger.warning(message, type="gallery", subtype="timeout")
        signal.alarm(GRACE)
        signal_all(children, signal.SIGTERM)
        return
    stop_processes(children)
    raise TimeoutError(
        f"{_Run.name} ran longer than its time limit of {_Run.limit} s; "
        f"find what hangs, or raise the limit with {TIMEOUT_ENV}=SECONDS"
    )


def _snapshot(folders) -> dict[str, tuple[int, int]]:
    found = {}
    for folder in folders:
        for root, dirs, names in os.walk(folder):
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            for name in names:
                with contextlib.suppress(OSError):  # removed while we walked
                    stat = os.stat(path := os.path.join(root, name))
                    found[path] = (stat.st_mtime_ns, stat.st_size)
    return found


def watch_build_folders(app) -> None:
    """``builder-inited``: the folders a tutorial must leave alone."""
    become_subreaper()  # a process a tutorial detaches (double fork, setsid) stays its to stop
    builddir = os.environ.get("BLITZ_BUILD_DIR")
    folders = {Path(app.srcdir), Path(app.outdir), Path(app.doctreedir), *([Path(builddir)] if builddir else [])}
    _Run.watched = tuple(sorted(f.resolve() for f in folders))


def time_limit(gallery_conf, fname, when) -> None:
    """``reset_modules`` hook: arm the guards before a tutorial, check and disarm them after."""
    if fname is None:
        return
    name = Path(fname).name
    state = os.environ.get(STATE_ENV)
    if when == "before":
        _Run.name, _Run.limit, _Run.stopping = name, timeout_seconds(), False
        if state:
            Path(state).write_text(name + "\n", encoding="utf-8")
        _Run.files = _snapshot(_Run.watched)
        _Run.before = frozenset(descendants(os.getpid()))
        signal.signal(signal.SIGALRM, _on_alarm)
        signal.alarm(_Run.limit)
        faulthandler.dump_traceback_later(_Run.limit + WATCHDOG, exit=True, file=sys.__stderr__)
        return
    signal.alarm(0)
    faulthandler.cancel_dump_traceback_later()
    leftovers = _started_by_run()
    if leftovers:
        logger.info("%s left %d process(es) running; stopping them", name, len(leftovers))
        stop_processes(leftovers)
    # sphinx-gallery writes the tutorial's own files before this hook: its page,
    # copy, notebook and caches (<stem>.*) and figures (sphx_glr_<stem>_*).
    stem = Path(fname).stem
    written = sorted(
        os.path.relpath(p) for p, stamp in _snapshot(_Run.watched).items()
        if _Run.files.get(p) != stamp and not Path(p).name.startswith((f"{stem}.", f"sphx_glr_{stem}_"))
    )
    if state:
        Path(state).unlink(missing_ok=True)
    if written:
        raise RuntimeError(
            f"{name} wrote into the site's folders, which the build owns: "
            + ", ".join(written[:10]) + (f" and {len(written) - 10} more" if len(written) > 10 else "")
            + "; write into examples/ (or a temporary folder) instead"
        )


def setup(app):
    app.connect("config-inited", lambda app, config: timeout_seconds())  # a bad limit stops the build at once
    # Before sphinx-gallery's generate_gallery_rst (default priority 500).
    app.connect("builder-inited", forget_failed_runs, priority=400)
    app.connect("builder-inited", watch_build_folders, priority=400)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
