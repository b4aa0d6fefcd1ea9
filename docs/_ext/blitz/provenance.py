"""Show on each tutorial page which PyTorch and device produced its outputs.

sphinx-gallery re-executes only an example whose source changed, so the
PyTorch and device of the *current* build may not be the ones behind the
outputs on the page.  The run itself therefore writes the record
(:func:`record_run`: ``<name>.provenance.json`` next to the generated page,
where sphinx-gallery keeps its cache), and a page shows it only when it was
written for the outputs on the page.  ``tools/check_build.py`` reads the same records.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ._compat import example_copy as gallery_copy
from ._compat import gallery_dirs, run_md5_path, source_md5

RECORD_SUFFIX = ".provenance.json"

#: States of :func:`page_provenance`.
RECORDED = "recorded"
NOT_EXECUTED = "not-executed"
NOT_RECORDED = "not-recorded"


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
    text = ""
    with contextlib.suppress(OSError):
        text = cpuinfo.read_text(encoding="utf-8", errors="replace")
    match = re.search(r"^model name[ \t]*:[ \t]*(\S.*?)[ \t]*$", text, re.M)
    model = match[1] if match else platform.processor()
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
    return datetime.fromtimestamp(int(epoch), tz=UTC) if epoch else datetime.now(UTC)


def page_provenance(example_copy: Path) -> dict[str, Any]:
    """What the page of sphinx-gallery's copy ``example_copy`` can say about its outputs:
    the record, trusted only when it was written for the source whose run the page shows."""
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
    # record_run writes every field of a record, and always has.
    info.update(state=RECORDED, torch=record["torch"], device=record["device"], run_date=record["date"][:10])
    return info


def record_run(gallery_conf: dict[str, Any], fname: str, when: str = "before") -> None:
    """``reset_modules`` hook: record the PyTorch and device about to run ``fname``.

    sphinx-gallery calls it only for an example it executes, after copying the
    source next to the generated page, before the run and (``reset_modules_order``
    "both") after it.
    """
    if when != "before":
        return
    src_dir = Path(gallery_conf["src_dir"])
    copy = next(src_dir / g / fname for g in gallery_dirs(gallery_conf) if (src_dir / g / fname).is_file())
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


def track_run_files(app, docname: str, source: list[str]) -> None:
    """Re-render a tutorial page when a new run rewrote its record."""
    copy = gallery_copy(Path(app.srcdir), app.config.sphinx_gallery_conf, docname)
    if copy is None:
        return
    for path in (run_md5_path(copy), record_path(copy)):
        if path.is_file():  # Sphinx re-reads a page on every build while a dependency is missing
            app.env.note_dependency(path, docname=docname)


def add_page_context(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Give tutorial pages a ``provenance`` context variable for the template."""
    copy = gallery_copy(Path(app.srcdir), app.config.sphinx_gallery_conf, pagename)
    if copy is not None:
        context["provenance"] = page_provenance(copy)


def setup(app):
    app.setup_extension("sphinx_gallery.gen_gallery")
    app.connect("source-read", track_run_files)
    # Before the theme drops secondary-sidebar components that render empty.
    app.connect("html-page-context", add_page_context, priority=400)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
