"""Figures drawn again with translated text (blitz.i18n.figure_drawing), on small figures: no Sphinx build."""

from __future__ import annotations

import copy
import pickle
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from blitz.i18n import figure_drawing as fi  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from sphinx.util.images import get_image_size  # noqa: E402

FONT = "Noto Sans CJK SC"
CATALOG = {
    "Accuracy per class": "各类别的准确率",
    "Trouser": "裤子",
    "all classes": "全部类别",
    "replica 0\noptimizer step with $g$": "副本 0\n用 $g$ 更新参数",
}
CHANGED = CATALOG | {"Trouser": "长裤"}
PAGE = {1.0: "/t/images/sphx_glr_demo_001.png", 2.0: "/t/images/sphx_glr_demo_001_2_00x.png"}


@pytest.fixture()
def figure():
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.barh(["T-shirt/top", "Trouser"], [80, 95])
    ax.axvline(85, label="all classes")
    ax.set_title("Accuracy per class")
    ax.text(0.1, 0.1, "replica 0\noptimizer step with $g$", transform=ax.transAxes)
    ax.text(0.5, 0.5, "$g_0$", transform=ax.transAxes)
    ax.legend()
    fig.canvas.draw()
    yield fig
    plt.close(fig)


@pytest.fixture()
def font():
    if fi.font_path(FONT) is None:
        pytest.skip("fonts-noto-cjk is not installed")
    return FONT


def scraped(fig, folder, dpi):
    """What the scraper leaves for one figure: its PNG, pickle and sidecar strings."""
    image = folder / "sphx_glr_demo_001.png"
    fig.savefig(image, dpi=dpi)
    image.with_name(image.stem + fi.PICKLE_SUFFIX).write_bytes(pickle.dumps(fig))
    return image, {"dpi": dpi, "texts": fi.figure_texts(fig)}


def test_prose_strings_only():
    assert fi.is_prose("column index") and fi.is_prose("conv1\n5x5 + ReLU")
    assert fi.is_prose("$\\cos(x)$, by hand") and fi.is_prose("1x32x32")  # 1×32×32 in Chinese
    for text in ("", "0.5", "400", "$g_0$", "x", "x[:, 1]", "$g = \\dfrac{g_0}{4}$", "$x^{2x3}$"):
        assert not fi.is_prose(text), text


def test_figure_texts_once_each(figure):
    found = fi.figure_texts(figure)
    assert {"T-shirt/top", *CATALOG} <= set(found)
    assert "$g_0$" not in found and len(found) == len(set(found))


def test_translate_figure_replaces_known_strings_tick_labels_and_font(figure):
    fi.translate_figure(figure, CATALOG, FONT)
    figure.canvas.draw()  # tick labels are written by the formatters
    shown = [t.get_text() for t in figure.findobj(Text) if t.get_visible() and t.get_text()]
    assert set(CATALOG.values()) <= set(shown)
    # Strings without a translation stay English, numbers and math untouched.
    assert "T-shirt/top" in shown and "$g_0$" in shown
    assert not set(CATALOG) & set(shown)
    by_text = {t.get_text(): t for t in figure.findobj(Text)}
    assert by_text["各类别的准确率"].get_fontfamily()[-1] == FONT  # a fallback
    assert by_text["副本 0\n用 $g$ 更新参数"].get_fontfamily()[0] == FONT  # math: first


def test_each_density_gets_its_file_drawn_again_only_when_its_translation_changes(figure, tmp_path, font):
    """With ``image_srcset = ["2x"]`` the 2x file is translated too, at twice the pixels; the thumbnail
    (1x) and the page (1x and 2x) do not invalidate each other's drawings."""
    image, sidecar = scraped(figure, tmp_path, dpi=30)
    thumbnail = {1.0: image.name}
    one, two = fi.draw_translated(image, sidecar, CATALOG, "zh_CN", font, PAGE)
    assert (one.name, two.name) == ("sphx_glr_demo_001.zh_CN.png", "sphx_glr_demo_001_2_00x.zh_CN.png")
    assert one.read_bytes() != image.read_bytes()
    (w1, h1), (w2, h2) = get_image_size(one), get_image_size(two)
    assert (w1, h1) == get_image_size(image) and (w2, h2) == (2 * w1, 2 * h1)
    (same,) = fi.draw_translated(image, sidecar, CATALOG, "zh_CN", font, thumbnail)
    assert same == one
    drawn = {one: one.stat().st_mtime_ns, two: two.stat().st_mtime_ns}
    for _ in range(2):
        fi.draw_translated(image, sidecar, CATALOG, "zh_CN", font, PAGE)
        fi.draw_translated(image, sidecar, CATALOG, "zh_CN", font, thumbnail)
    assert {p: p.stat().st_mtime_ns for p in drawn} == drawn
    # A changed translation through the thumbnail alone redraws the 1x file;
    # the page then redraws its 2x file, which is out of date, too.
    fi.draw_translated(image, sidecar, CHANGED, "zh_CN", font, thumbnail)
    assert one.stat().st_mtime_ns != drawn[one] and two.stat().st_mtime_ns == drawn[two]
    fi.draw_translated(image, sidecar, CHANGED, "zh_CN", font, PAGE)
    assert two.stat().st_mtime_ns != drawn[two]


def test_an_interrupted_drawing_leaves_the_old_png_and_is_drawn_again(figure, tmp_path, monkeypatch, font):
    """A reader sees the old PNG or the new one, never half of one (parallel readers may draw
    a thumbnail at once), and a save that dies (Ctrl-C) leaves no stamp."""
    image, sidecar = scraped(figure, tmp_path, dpi=30)
    srcset = {1.0: image.name}
    (target,) = fi.draw_translated(image, sidecar, CATALOG, "zh_CN", font, srcset)
    before = target.read_bytes()
    save = Figure.savefig

    def dies_halfway(fig, fname, **kwargs):
        save(fig, fname, **kwargs)
        Path(fname).write_bytes(Path(fname).read_bytes()[:100])  # half written
        raise KeyboardInterrupt

    with monkeypatch.context() as patch, pytest.raises(KeyboardInterrupt):
        patch.setattr(Figure, "savefig", dies_halfway)
        fi.draw_translated(image, sidecar, CHANGED, "zh_CN", font, srcset)
    assert target.read_bytes() == before
    assert not target.with_suffix(".stamp").exists()
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []
    fi.draw_translated(image, sidecar, CHANGED, "zh_CN", font, srcset)
    assert target.read_bytes() != before and len(target.read_bytes()) > 100  # drawn again, whole


def test_math_matplotlib_cannot_draw_keeps_the_english_figure(figure, tmp_path, caplog):
    """A translation with broken math (were the catalog check, which refuses it, bypassed) is
    a warning, not a traceback from inside matplotlib."""
    image, sidecar = scraped(figure, tmp_path, dpi=30)
    broken = CATALOG | {"Accuracy per class": "各类别的准确率 $\\frac{$"}
    with caplog.at_level("WARNING"):
        assert fi.draw_translated(image, sidecar, broken, "zh_CN", FONT, {1.0: image.name}) is None
    assert "cannot draw the zh_CN figure" in caplog.text
    assert not image.with_name("sphx_glr_demo_001.zh_CN.stamp").exists()


def test_unpicklable_figure_is_reported_and_the_english_png_kept(tmp_path, caplog):
    """The scraper runs on the open figures, as sphinx-gallery runs it after a code block."""
    from matplotlib.ticker import FuncFormatter
    from sphinx_gallery.gen_gallery import DEFAULT_GALLERY_CONF
    from sphinx_gallery.scrapers import ImagePathIterator

    plt.close("all")
    fig, ax = plt.subplots()
    ax.set_xlabel("test accuracy")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, pos: f"{x:.0f}%"))
    (tmp_path / "sphx_glr_demo_001.figure.json").write_text("{}")  # from an older run
    conf = copy.deepcopy(DEFAULT_GALLERY_CONF) | {"src_dir": str(tmp_path), "matplotlib_animations": (False, None)}
    paths = ImagePathIterator(tmp_path / "sphx_glr_demo_{0:03}.png")
    with caplog.at_level("WARNING"):
        rst = fi.scraper(None, {"image_path_iterator": paths, "src_file": "demo.py"}, conf)
    assert "sphx_glr_demo_001.png" in rst and (tmp_path / "sphx_glr_demo_001.png").is_file()
    assert not (tmp_path / "sphx_glr_demo_001.figure.pickle").exists()
    assert not (tmp_path / "sphx_glr_demo_001.figure.json").exists()
    assert "demo.py: figure sphx_glr_demo_001.png cannot be pickled" in caplog.text


def test_a_missing_font_is_reported_not_guessed():
    """Without the font, matplotlib must not silently substitute another one."""
    assert fi.font_path("No Such Font For Figures") is None
