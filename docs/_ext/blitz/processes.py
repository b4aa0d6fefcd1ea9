"""Processes started by a build, found and stopped (Linux ``/proc``).

Used after each tutorial (:mod:`blitz.gallery_runs`) and by
``tools/build_site.py`` after each Sphinx run.  Both make themselves a child
subreaper, so that a process that detached (double fork, ``setsid``) is
re-parented to them, not to PID 1, and found.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path

PR_SET_CHILD_SUBREAPER = 36


def become_subreaper() -> bool:
    """Adopt orphaned descendants (Linux >= 3.4); False where unsupported."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def descendants(pid: int) -> list[int]:
    """Process ids of all descendants of ``pid`` (Linux /proc; empty elsewhere)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        # "pid (comm) state ppid ...": comm may contain spaces and parentheses.
        ppid = text[text.rfind(")") + 2 :].split()[1]
        children.setdefault(int(ppid), []).append(int(stat.parent.name))
    found = list(children.get(pid, []))
    for child in found:  # the list grows while it is walked: breadth first
        found += children.get(child, [])
    return found


def signal_all(pids: list[int], sig: int) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, sig)


def stop_processes(pids: list[int], wait: float = 5.0) -> None:
    """SIGTERM ``pids`` (so launchers can stop their own workers), then SIGKILL."""
    signal_all(pids, signal.SIGTERM)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.1)
    signal_all([p for p in pids if _alive(p)], signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return state[state.rfind(")") + 2 :][:1] not in ("Z", "X")
