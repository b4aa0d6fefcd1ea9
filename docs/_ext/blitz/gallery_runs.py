"""Tutorial runs either succeed in time or leave nothing that looks finished.

sphinx-gallery executes each tutorial in the build process and caches the
result (the generated page and an ``.md5`` of the source).  Two faults got
past that:

* **A failed run, then an exact revert.**  A failing run rewrites the page
  with the traceback but keeps the ``.md5`` of the last good source, so after
  ``git checkout`` of the script the md5 matches again and the traceback page
  is published.  :func:`forget_failed_runs` (``builder-inited``, before
  sphinx-gallery) deletes the ``.md5`` of every generated page that holds a
  traceback, so that tutorial executes again.
* **A tutorial that hangs.**  :func:`time_limit` is a ``reset_modules`` hook
  (``reset_modules_order = "both"``): before a tutorial runs it arms a
  SIGALRM for ``BLITZ_EXAMPLE_TIMEOUT`` seconds (default
  :data:`DEFAULT_TIMEOUT`).  When the limit is reached, child processes
  (such as ``torchrun`` and its workers) get SIGTERM, so the call waiting for
  them returns with their output and the tutorial fails showing it; a
  tutorial still running :data:`GRACE` seconds later gets a ``TimeoutError``
  naming it.  After every tutorial, processes it left behind are stopped, so
  nothing is orphaned.  A watchdog thread ends the build if a tutorial is
  stuck where no signal reaches it.
* **A tutorial that ends the build process.**  sphinx-gallery runs the
  tutorials in the build process, so ``sys.exit(0)`` in one ended the whole
  build with status 0.  While a tutorial runs, ``sys.exit`` and ``os._exit``
  raise an error naming the call instead (the page fails with its line), and
  the tutorial's name is in the file ``BLITZ_RUN_STATE`` names (set by
  tools/build_site.py): a build that ends anyway (``raise SystemExit``) is
  reported naming the tutorial.
* **A tutorial that writes into the site.**  Files it creates or changes
  under ``docs/`` or the build folders (other than its own figures) fail
  the build, naming them.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path

from sphinx.errors import ConfigError
from sphinx.util import logging

from . import _compat
from .processes import become_subreaper, descendants, signal_all, stop_processes

logger = logging.getLogger(__name__)

TIMEOUT_ENV = "BLITZ_EXAMPLE_TIMEOUT"
# Seconds.  The slowest tutorial takes about 15 s on a quiet 2-core CPU, but
# over 7 minutes on a heavily shared one; CI jobs stop after 60 minutes.
DEFAULT_TIMEOUT = 1800
GRACE = 30  # seconds between stopping child processes and raising TimeoutError
WATCHDOG = 120  # seconds after the limit when the build itself is stopped

#: How sphinx-gallery shows a failing run's traceback on the page.
FAILURE_MARKER = _compat.FAILURE_MARKER


# -- Failed runs ----------------------------------------------------------------


def failed_pages(gallery_dir: Path) -> list[Path]:
    """Generated pages whose last run failed (they show a traceback)."""
    found = []
    for rst in sorted(Path(gallery_dir).glob("*.rst")):
        try:
            text = rst.read_text(encoding="utf-8")
        except OSError:
            continue
        if FAILURE_MARKER in text:
            found.append(rst)
    return found


def forget_failed_runs(app) -> None:
    """Make every tutorial whose last run failed execute again."""
    for gallery_dir in _compat.gallery_dirs(app.config.sphinx_gallery_conf):
        for rst in failed_pages(Path(app.srcdir, gallery_dir)):
            md5 = _compat.run_md5_path(rst.with_suffix(".py"))
            if md5.exists():
                md5.unlink()
                logger.info("%s failed in its last run: it runs again", rst.with_suffix(".py").name)


# -- Time limit -----------------------------------------------------------------


def timeout_seconds(environ=os.environ) -> int:
    """The per-tutorial limit from ``BLITZ_EXAMPLE_TIMEOUT``, or the default."""
    raw = environ.get(TIMEOUT_ENV, "").strip()
    if not raw:
        return DEFAULT_TIMEOUT
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise ValueError(f"{TIMEOUT_ENV}={raw!r}: give the per-tutorial time limit in whole seconds, e.g. 600")
    return value


class _Run:
    name = ""
    watched: tuple[Path, ...] = ()  # the folders a tutorial must not write into
    files: dict[str, tuple[int, int]] = {}
    exits: tuple = ()
    pid = 0  # the build's process: a forked child (a DataLoader worker) may exit
    limit = 0
    stopping = False
    watchdog: threading.Timer | None = None
    # Processes that were running before the tutorial started are not its own.
    before: frozenset[int] = frozenset()


def _started_by_run() -> list[int]:
    """The descendants of this process that the current tutorial started."""
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


def _hard_stop() -> None:
    message = (
        f"{_Run.name} is still running {WATCHDOG} s after its time limit of {_Run.limit} s "
        "and does not respond to signals: stopping the build"
    )
    print(f"\nError: {message}", file=sys.__stderr__, flush=True)
    stop_processes(_started_by_run(), wait=2)
    os._exit(124)


# -- What a tutorial may not do -------------------------------------------------------

STATE_ENV = "BLITZ_RUN_STATE"


class TutorialExit(RuntimeError):
    """A tutorial tried to end the build process."""


def _refuse_exit(call: str, original):
    def refuse(*args, **kwargs):
        if os.getpid() != _Run.pid:
            # A process the tutorial forked (a DataLoader worker, a multiprocessing
            # fork) ends the way it always does: only the build's process is guarded.
            return original(*args, **kwargs)
        raise TutorialExit(
            f"{_Run.name} called {call}({', '.join(map(repr, args))}) while the site was being built: "
            "a tutorial runs inside the build, so it must not exit; remove the call or raise an error instead"
        )

    return refuse


def _guard_exits(on: bool) -> None:
    if on:
        _Run.exits, _Run.pid = (sys.exit, os._exit), os.getpid()
        sys.exit, os._exit = _refuse_exit("sys.exit", sys.exit), _refuse_exit("os._exit", os._exit)
    elif _Run.exits:
        sys.exit, os._exit = _Run.exits
        _Run.exits = ()


def _record_state(name: str | None) -> None:
    """Name the running tutorial in BLITZ_RUN_STATE, or remove the file."""
    state = os.environ.get(STATE_ENV)
    if not state:
        return
    if name:
        Path(state).write_text(name + "\n", encoding="utf-8")
    else:
        Path(state).unlink(missing_ok=True)


def _snapshot(folders) -> dict[str, tuple[int, int]]:
    found = {}
    for folder in folders:
        for root, dirs, names in os.walk(folder):
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            for name in names:
                path = os.path.join(root, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                found[path] = (stat.st_mtime_ns, stat.st_size)
    return found


def _written_by_run(fname: str) -> list[str]:
    # sphinx-gallery writes the tutorial's own files before the "after" hook:
    # its page, copy, notebook and caches (<stem>.*) and figures (sphx_glr_<stem>_*).
    stem = Path(fname).stem
    after = _snapshot(_Run.watched)
    return sorted(
        os.path.relpath(p) for p, stamp in after.items()
        if _Run.files.get(p) != stamp and not Path(p).name.startswith((f"{stem}.", f"sphx_glr_{stem}_"))
    )


def watch_build_folders(app) -> None:
    """``builder-inited``: the folders a tutorial must leave alone."""
    become_subreaper()  # a process a tutorial detaches (double fork, setsid) stays its to stop
    builddir = os.environ.get("BLITZ_BUILD_DIR")
    folders = {Path(app.srcdir), Path(app.outdir), Path(app.doctreedir), *([Path(builddir)] if builddir else [])}
    _Run.watched = tuple(sorted(f.resolve() for f in folders))


def time_limit(gallery_conf, fname, when) -> None:
    """``reset_modules`` hook: arm the time limit before a tutorial, disarm it after."""
    if fname is None:
        return
    if when == "before":
        _record_state(Path(fname).name)
        _Run.files = _snapshot(_Run.watched)
        _guard_exits(True)
        _Run.name, _Run.limit, _Run.stopping = Path(fname).name, timeout_seconds(), False
        _Run.before = frozenset(descendants(os.getpid()))
        if threading.current_thread() is threading.main_thread():  # signals need it
            signal.signal(signal.SIGALRM, _on_alarm)
            signal.alarm(_Run.limit)
        _Run.watchdog = threading.Timer(_Run.limit + WATCHDOG, _hard_stop)
        _Run.watchdog.daemon = True
        _Run.watchdog.start()
        return
    if threading.current_thread() is threading.main_thread():
        signal.alarm(0)
    if _Run.watchdog is not None:
        _Run.watchdog.cancel()
        _Run.watchdog = None
    _guard_exits(False)
    leftovers = _started_by_run()
    if leftovers:
        logger.info("%s left %d process(es) running; stopping them", Path(fname).name, len(leftovers))
        stop_processes(leftovers)
    written = _written_by_run(fname)
    _record_state(None)
    if written:
        raise RuntimeError(
            f"{Path(fname).name} wrote into the site's folders, which the build owns: "
            + ", ".join(written[:10]) + (f" and {len(written) - 10} more" if len(written) > 10 else "")
            + "; write into examples/ (or a temporary folder) instead"
        )


def check_timeout_setting(app, config) -> None:
    """A bad BLITZ_EXAMPLE_TIMEOUT stops the build at once, not mid-gallery."""
    try:
        timeout_seconds()
    except ValueError as exc:
        raise ConfigError(str(exc)) from None


def setup(app):
    app.connect("config-inited", check_timeout_setting)
    # Before sphinx-gallery's generate_gallery_rst (default priority 500).
    app.connect("builder-inited", forget_failed_runs, priority=400)
    app.connect("builder-inited", watch_build_folders, priority=400)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
