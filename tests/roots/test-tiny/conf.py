# A tiny project for the extensions' tests (tests/test_tiny_build.py): built
# with Sphinx's own testing fixtures in a second, with no torch and no gallery.
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "docs" / "_ext"))

project = "Tiny"
extensions = ["blitz.site_manifest", "blitz.i18n.switcher", "blitz.i18n.template_text"]
html_theme = "basic"
language = "en"
site_languages = {"en": "English", "zh_CN": "简体中文"}
locale_dirs = ["locale"]
gettext_compact = False
