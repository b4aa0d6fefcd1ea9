"""The site's own Sphinx extensions, one job per module.

``conf.py`` puts ``docs/_ext/`` on ``sys.path`` and lists the modules it
uses as ``blitz.<module>``; sphinx-gallery reaches the hooks it runs around
each tutorial by dotted name (``blitz.provenance.record_run``...), which keeps
the configuration picklable.
Each module's docstring says what job it does and why; the languages are
the package :mod:`blitz.i18n`.

Every use of a Sphinx or sphinx-gallery name that is not public API goes
through :mod:`blitz._compat`, checked by the tests listed in ``tests/test_compat.py``.
"""
