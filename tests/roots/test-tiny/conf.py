# A tiny project for the extensions' tests (tests/test_tiny_build.py): built
# with Sphinx's own testing fixtures in a second, with no torch and no gallery.
project = "Tiny"
extensions = ["blitz.site_manifest", "blitz.i18n.switcher", "blitz.i18n.template_text", "blitz.i18n.notice"]
html_theme = "basic"
language = "en"
site_languages = {"en": "English", "zh_CN": "简体中文"}
locale_dirs = ["locale"]
gettext_compact = False
translation_notice = {"zh_CN": {"title": "翻译进度", "partial": "本页有 {count} 段尚未翻译。{link}",
                                  "whole": "本页尚未翻译。{link}", "link": "参与翻译"}}
translation_help_url = "index"
