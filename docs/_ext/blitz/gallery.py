"""Hooks that sphinx-gallery calls while it executes the tutorials.

sphinx-gallery takes these as dotted names in ``sphinx_gallery_conf`` (so the
Sphinx environment stays picklable and cacheable), which is why they live in a
module of their own rather than in ``conf.py``.

* :func:`reset_seeds` makes every tutorial's output identical from one build to
  the next without putting seeding boilerplate in reader-visible code.
* :func:`tutorial_order` orders the gallery by the reading plan and fails the
  build when a tutorial is missing from it.
"""

from __future__ import annotations

import random
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

SEED = 0


def reset_seeds(gallery_conf, fname, when="before"):
    """Seed Python, NumPy and PyTorch before each example runs."""
    if when != "before":
        return
    random.seed(SEED)
    try:
        import numpy
    except ImportError:  # pragma: no cover - numpy comes with torch
        pass
    else:
        numpy.random.seed(SEED)
    import torch

    torch.manual_seed(SEED)  # seeds the CPU and every CUDA device


def tutorial_order(filename: str) -> int:
    """Sort key for ``within_subsection_order``: the position in the plan."""
    name = Path(filename).name
    try:
        return TUTORIAL_ORDER.index(name)
    except ValueError:
        raise ValueError(
            f"{name} is not in TUTORIAL_ORDER in {__file__}; "
            "add it there to give it a place in the reading plan."
        ) from None
