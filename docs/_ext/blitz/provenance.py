"""Show on each tutorial page how its outputs were produced.

Every printed value and figure on a tutorial page is real output, so a reader
comparing it with their own run needs to know which PyTorch version and which
device produced it, when, and how long the script took.

sphinx-gallery only re-executes an example whose source changed (it keeps an
``.md5`` next to the generated page), so the PyTorch and device of the *current*
build may not be the ones that produced the outputs on the page.  The record is
therefore written by the run itself:

* :func:`record_run` is a sphinx-gallery ``reset_modules`` hook.  It is called
  right before an example executes and writes ``<name>.provenance.json``
  (PyTorch version, device, UTC date and the md5 of the source it is about to
  run) next to the generated page, in the folder sphinx-gallery caches.
* At page-render time, :func:`add_page_context` reads that record together with
  sphinx-gallery's ``<name>.cost.json`` (the run time, for tools such as
  ``tools/bench.py``; the page itself states it once, in
  sphinx-gallery's running-time line) and exposes them to the
  ``provenance.html`` template component as ``provenance``.  A record whose md5
  is not the one of the outputs on the page is ignored, so the page then says
  "not executed in this build" instead of describing the wrong run.  The
  files read are noted as dependencies of the page, so an incremental build
  re-renders it after a new run.

The template labels go through Sphinx's ``sphinx`` message catalog, so a
``sphinx.po`` in the project's locale directory translates them.
"""

from __future__ import annotations

import json
import os
import platform
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sphinx.util import logging

from ._compat import example_copy as gallery_copy
from ._compat import gallery_folders, run_cost_path, run_md5_path, run_seconds, source_md5

logger = logging.getLogger(__name__)

#: Suffix of the record written next to the generated page.
RECORD_SUFFIX = ".provenance.json"

#: sphinx-gallery's run-time cache of an example (``tutorials/<name>.cost.json``).
cost_path = run_cost_path

#: States of :func:`page_provenance`.
RECORDED = "recorded"
NOT_EXECUTED = "not-executed"
NOT_RECORDED = "not-recorded"


# -- Pure helpers -------------------------------------------------------------


def record_path(example_copy: Path) -> Path:
    """Where the record for ``tutorials/<name>.py`` lives."""
    return example_copy.with_name(example_copy.stem + RECORD_SUFFIX)


def read_json(path: Path) -> dict[str, Any] | None:
    """A JSON object from ``path``, or None when it is missing or unreadable."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_record(path: Path, record: dict[str, Any]) -> None:
    """Write ``record`` as JSON, replacing ``path`` only once fully written."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def cpu_name(cpuinfo: Path = Path("/proc/cpuinfo")) -> str:
    """``"CPU (<model>)"`` from /proc/cpuinfo where there is one, else ``"CPU"``."""
    try:
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name" and value.strip():
                return f"CPU ({value.strip()})"
    except OSError:
        pass
    model = platform.processor()
    return f"CPU ({model})" if model else "CPU"


def describe_device() -> str:
    """The device the tutorials pick: the accelerator when present, else the CPU."""
    import torch

    if torch.cuda.is_available():
        name = torch.cuda.get_device_name(0)
        count = torch.cuda.device_count()
        return f"{count} × {name}" if count > 1 else name
    if torch.accelerator.is_available():
        return torch.accelerator.current_accelerator().type.upper()
    return cpu_name()


def build_date() -> datetime:
    """Now in UTC, or SOURCE_DATE_EPOCH when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(UTC)


def page_provenance(example_copy: Path) -> dict[str, Any]:
    """What the page generated from ``example_copy`` can say about its outputs.

    ``example_copy`` is sphinx-gallery's copy of the example next to the page
    (``docs/tutorials/<name>.py``).  Its ``.md5`` file holds the md5 of the last
    source that ran to completion; it is only current when the outputs on the
    page come from that run.  The record is trusted only when it was written for
    that same source.
    """
    info: dict[str, Any] = {"state": NOT_EXECUTED, "build_date": build_date().date().isoformat()}
    try:
        current = source_md5(example_copy)
        ran = run_md5_path(example_copy).read_text(encoding="utf-8").strip()
    except OSError:
        return info
    if ran != current:
        return info
    record = read_json(record_path(example_copy))
    if record is None or record.get("source_md5") != current:
        info["state"] = NOT_RECORDED
        return info
    info.update(
        state=RECORDED,
        torch=str(record.get("torch", "?")),
        device=str(record.get("device", "?")),
        run_date=str(record.get("date", ""))[:10],
    )
    info["run_seconds"] = run_seconds(read_json(cost_path(example_copy)))
    return info


# -- sphinx-gallery hook -------------------------------------------------------


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def find_example_copy(gallery_conf: dict[str, Any], fname: str) -> Path | None:
    """sphinx-gallery's copy of the example ``fname`` in its gallery folder."""
    src_dir = Path(gallery_conf["src_dir"])
    for examples_dir, gallery_dir in gallery_folders(gallery_conf):
        examples = (src_dir / examples_dir).resolve()
        for source in sorted(examples.rglob(Path(fname).name)):
            copy = src_dir / gallery_dir / source.relative_to(examples)
            if copy.is_file():
                return copy
    return None


def record_run(gallery_conf: dict[str, Any], fname: str, when: str = "before") -> None:
    """``reset_modules`` hook: record the PyTorch and device about to run ``fname``.

    sphinx-gallery calls it only for an example it executes, after copying the
    source next to the generated page and before running it.
    """
    if fname is None or when != "before":  # entering a folder, or after a run
        return
    copy = find_example_copy(gallery_conf, fname)
    if copy is None:
        logger.warning(
            "provenance: cannot find the gallery copy of %s; its page will show no run details",
            fname,
            type="provenance",
        )
        return
    import torch

    write_record(
        record_path(copy),
        {
            "torch": torch.__version__,
            "device": describe_device(),
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "source_md5": source_md5(copy),
        },
    )
    logger.debug("provenance: recorded the run of %s", fname)


# -- Sphinx side -----------------------------------------------------------------


def check_hook_configured(app) -> None:
    """Warn when the gallery would run examples without recording them."""
    hooks = app.config.sphinx_gallery_conf.get("reset_modules", ())
    names = {getattr(h, "__name__", str(h).rpartition(".")[2]) for h in _as_list(hooks)}
    if "record_run" not in names:
        logger.warning(
            'provenance: add "blitz.provenance.record_run" to sphinx_gallery_conf["reset_modules"]; '
            "without it no tutorial page can show how its outputs were produced",
            type="provenance",
        )


def example_copy_for(app, docname: str) -> Path | None:
    """sphinx-gallery's copy of the example behind ``docname``, if it is a tutorial page."""
    return gallery_copy(Path(app.srcdir), app.config.sphinx_gallery_conf, docname)


def track_run_files(app, docname: str, source: list[str]) -> None:
    """Re-render a tutorial page when a new run rewrote its record or cost."""
    copy = example_copy_for(app, docname)
    if copy is None:
        return
    for path in (run_md5_path(copy), record_path(copy), cost_path(copy)):
        if path.is_file():  # Sphinx re-reads a page on every build while a dependency is missing
            app.env.note_dependency(path, docname=docname)


def add_page_context(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Give tutorial pages a ``provenance`` context variable for the template."""
    copy = example_copy_for(app, pagename)
    if copy is not None:
        context["provenance"] = page_provenance(copy)


def setup(app):
    app.setup_extension("sphinx_gallery.gen_gallery")
    app.connect("builder-inited", check_hook_configured)
    app.connect("source-read", track_run_files)
    # Before the theme drops secondary-sidebar components that render empty.
    app.connect("html-page-context", add_page_context, priority=400)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
