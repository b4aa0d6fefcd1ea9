"""The reading order of the tutorials, for sphinx-gallery.

sphinx-gallery takes :func:`tutorial_order` as a dotted name in
``sphinx_gallery_conf`` (so the Sphinx environment stays picklable and
cacheable), which is why it lives in a module of its own rather than in
``conf.py``.  It orders the gallery by the reading plan and fails the build
when a tutorial is missing from it.
"""

from __future__ import annotations

from pathlib import Path

#: The reading order of the blitz.  A new ``*_tutorial.py`` must be added here.
TUTORIAL_ORDER = (
    "tensor_tutorial.py",
    "autograd_tutorial.py",
    "neural_networks_tutorial.py",
    "classifier_tutorial.py",
    "speed_tutorial.py",
    "data_parallel_tutorial.py",
)


def tutorial_order(filename: str) -> int:
    """Sort key for ``within_subsection_order``: the position in the plan."""
    name = Path(filename).name
    if name not in TUTORIAL_ORDER:
        raise ValueError(
            f"{name} is not in TUTORIAL_ORDER in {__file__}; add it there to give it a place in the reading plan."
        )
    return TUTORIAL_ORDER.index(name)
