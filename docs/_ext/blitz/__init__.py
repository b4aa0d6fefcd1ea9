"""The site's own Sphinx extensions, one job per module.

``conf.py`` puts ``docs/_ext/`` on ``sys.path`` and lists the modules it
uses as ``blitz.<module>``; sphinx-gallery reaches the hooks it runs around
each tutorial by dotted name (``blitz.provenance.record_run``...), which keeps
the configuration picklable.

Building and publishing the tutorials:

* :mod:`blitz.gallery`: the reading order.
* :mod:`blitz.gallery_runs`: time limit, no orphaned processes, no cached
  failures.
* :mod:`blitz.provenance`: the PyTorch, device and run time behind each
  tutorial page.
* :mod:`blitz.safe_downloads`: downloads only from inside the project.

Light pages:

* :mod:`blitz.math_assets`: KaTeX at build time, its fonts served locally.
* :mod:`blitz.figure_images`: figures with their size, lazy, 2x sources.
* :mod:`blitz.page_assets`: each page loads the assets it uses, no more.

Languages: :mod:`blitz.i18n` (its own package, see its docstring).

Every use of a Sphinx or sphinx-gallery name that is not public API goes
through :mod:`blitz._compat`, checked by the tests listed in ``tests/test_compat.py``.
"""
