"""The Chinese site as a Chinese reader meets it, in a real browser.

* Search finds every page that contains the phrase a reader types, with an
  excerpt in which the phrase is highlighted (docs/_ext/blitz/i18n/search_zh.py).
* No English in the page chrome: every text, aria-label, title, alt text and
  placeholder of every zh_CN page is Chinese, except code, program output
  and the short list of names in ``ALLOWED_LATIN``.
* The language switcher sits in the header on a phone.
* The root page and the root 404 page send readers to their language and
  keep the rest of the address.

`make html` builds the site first; like test_browser.py these tests serve
``_build/html`` (or ``$SITE_DIR``) on 127.0.0.1 and drive /usr/bin/chromium.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from blitz.i18n.search_zh import split_terms
from bs4 import BeautifulSoup
from playwright.sync_api import expect
from site_checks import HREFLANG, SITE_DIR, html_pages, serve

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
ZH_PAGES = html_pages(SITE_DIR, "zh_CN")


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def open_page(page, url: str) -> None:
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, f"{url}: HTTP {response.status if response else '?'}"
    page.wait_for_load_state("networkidle")


# -- 1. Chinese search ------------------------------------------------------------

# Queries a reader would type, from locale/glossary-zh.md and the pages'
# headings, each with the page that must be among the results.
T = "tutorials/"
CHINESE_SEARCHES = [
    # Glossary terms.
    ("自动微分", T + "autograd_tutorial.html"),
    ("计算图", T + "autograd_tutorial.html"),
    ("叶子张量", T + "autograd_tutorial.html"),
    ("向量-雅可比积", T + "autograd_tutorial.html"),
    ("神经网络", T + "neural_networks_tutorial.html"),
    ("反向传播", T + "neural_networks_tutorial.html"),
    ("前向传播", T + "neural_networks_tutorial.html"),
    ("偏置", T + "neural_networks_tutorial.html"),
    ("学习率", T + "classifier_tutorial.html"),
    ("全连接", T + "neural_networks_tutorial.html"),
    ("池化", T + "neural_networks_tutorial.html"),
    ("梯度下降", T + "neural_networks_tutorial.html"),
    ("优化器", T + "classifier_tutorial.html"),
    ("损失函数", T + "classifier_tutorial.html"),
    ("批大小", T + "classifier_tutorial.html"),
    ("数据加载器", T + "classifier_tutorial.html"),
    ("卷积层", T + "classifier_tutorial.html"),
    ("准确率", T + "classifier_tutorial.html"),
    ("推理", T + "classifier_tutorial.html"),
    ("原地操作", T + "tensor_tutorial.html"),
    ("广播", T + "tensor_tutorial.html"),
    ("加速器", T + "tensor_tutorial.html"),
    ("切片", T + "tensor_tutorial.html"),
    ("数据并行", T + "data_parallel_tutorial.html"),
    ("梯度求平均", T + "data_parallel_tutorial.html"),
    ("启动器", T + "data_parallel_tutorial.html"),
    # Headings, or parts of them, as a reader would type them.
    ("梯度会累加", T + "autograd_tutorial.html"),
    ("用微积分验证", T + "autograd_tutorial.html"),
    ("典型的训练流程", T + "neural_networks_tutorial.html"),
    ("手动更新权重", T + "neural_networks_tutorial.html"),
    ("批次维度", T + "neural_networks_tutorial.html"),
    ("训练分类器", T + "classifier_tutorial.html"),
    ("选择设备", T + "tensor_tutorial.html"),
    ("测试网络", T + "classifier_tutorial.html"),
    ("保存和加载模型", T + "classifier_tutorial.html"),
    ("与 NumPy 互转", T + "tensor_tutorial.html"),
    ("加速器上的张量", T + "tensor_tutorial.html"),
    ("从单机到多机", T + "data_parallel_tutorial.html"),
]

# Phrases that are on no page as typed, but whose words are.
RUN_TOGETHER_SEARCHES = [
    ("张量运算", T + "tensor_tutorial.html"),
    ("模型保存", T + "classifier_tutorial.html"),
]


def article_text(lang: str, path: str) -> str:
    """The text Sphinx indexes for a page: its article, as built."""
    soup = BeautifulSoup((SITE_DIR / lang / path).read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article.bd-article")
    return article.get_text() if article else ""


# Pages outside the search index.
NOT_INDEXED = {"genindex.html", "search.html", "404.html"}


def pages_containing(phrase: str) -> set[str]:
    return {path for path in ZH_PAGES if path not in NOT_INDEXED and phrase in article_text("zh_CN", path)}


def search(page, base_url: str, lang: str, query: str) -> list[str]:
    """Run a search on the search page; the pages found, best first."""
    open_page(page, f"{base_url}{lang}/search.html?q={quote(query)}")
    page.wait_for_function(
        "() => (document.querySelector('#search-results .search-summary')?.innerText || '').trim() !== ''"
    )
    return page.locator("#search-results ul.search li > a").evaluate_all(
        "links => links.map(a => a.getAttribute('href').split('#')[0])"
    )


def test_enough_chinese_queries():
    assert len(CHINESE_SEARCHES) >= 25
    assert len({q for q, _ in CHINESE_SEARCHES}) == len(CHINESE_SEARCHES), "a query is listed twice"


@pytest.mark.parametrize("query, expected", CHINESE_SEARCHES, ids=[q for q, _ in CHINESE_SEARCHES])
def test_chinese_search_finds_every_page_with_the_phrase(base_url, page, query, expected):
    """The search lists every page that contains the query (the page that
    teaches it among them) and shows an excerpt with the query highlighted."""
    containing = pages_containing(query)
    assert expected in containing, f"{expected} does not contain {query!r}: fix the query list"
    found = search(page, base_url, "zh_CN", query)
    missing = containing - set(found)
    assert not missing, f"searching {query!r} missed {sorted(missing)} (found {found})"

    # The excerpt of the expected page arrives once its HTML is fetched.
    item = page.locator("#search-results ul.search li").filter(
        has=page.locator(f'a[href^="{expected}"]')
    ).first
    excerpt = item.locator("p.context")
    expect(excerpt).to_have_count(1)
    marked = excerpt.locator("span.highlighted").all_inner_texts()
    assert marked, f"no highlighted term in the excerpt for {query!r}: {excerpt.inner_text()[:200]}"
    # Each highlighted stretch is made of the query's own pieces, or of
    # their equivalents in the thesaurus (locale/thesaurus.md).
    pieces = {piece.lower() for piece in split_terms(query)}
    pieces |= set(page.evaluate(
        "() => LearnerSearch.current().units.flatMap((u) => u.alternatives.map((a) => a.text))"
    ))
    for text in marked:
        assert any(piece in text.lower() for piece in pieces), f"{text!r} highlighted for {query!r}"
    # Each run of Chinese in the query that the excerpt shows is marked whole.
    shown = excerpt.inner_text()
    for run in re.findall(r"[\u4e00-\u9fff]{2,}", query):  # one character is no term
        if run in shown:
            assert any(run in text for text in marked), f"{run!r} is not highlighted as one phrase: {marked}"


@pytest.mark.parametrize("query, expected", RUN_TOGETHER_SEARCHES, ids=[q for q, _ in RUN_TOGETHER_SEARCHES])
def test_chinese_search_finds_words_run_together(base_url, page, query, expected):
    """A phrase no page has as typed still finds the pages with its words,
    and the excerpt highlights them."""
    assert not pages_containing(query), f"{query!r} is on a page: move it to CHINESE_SEARCHES"
    found = search(page, base_url, "zh_CN", query)
    assert expected in found, f"searching {query!r} found {found}"
    item = page.locator("#search-results ul.search li").filter(has=page.locator(f'a[href^="{expected}"]')).first
    expect(item.locator("p.context span.highlighted").first).to_be_visible()


def test_excerpt_starts_at_the_match_and_reads_formulas_once(base_url, page):
    """The excerpt starts at the sentence that holds the query, not at the
    page's "go to the end" note, and a formula reads once, as a line of text
    (KaTeX's TeX source, MathML and HTML would each repeat it)."""
    search(page, base_url, "zh_CN", "用微积分验证")
    item = page.locator("#search-results ul.search li").filter(
        has=page.locator(f'a[href^="{T}autograd_tutorial.html"]')
    ).first
    excerpt = item.locator("p.context")
    expect(excerpt).to_have_count(1)
    text = excerpt.inner_text()
    assert text.lstrip("…").startswith("用微积分验证"), text[:80]
    assert "\\" not in text and "{" not in text, text
    assert text.count("∂o/∂x_i") == 1, text


SPLIT_SAMPLES = [
    "自动微分",
    "优化器",
    "用 DataLoader 加载数据集",
    "torch.nn 模块（Module）",
    "批大小=64，学习率 0.001",
    "张",
    "GPU 上的 CUDA 张量",
    "　全角空格　和标点：“广播”",
]


def test_query_is_split_like_the_index(base_url, page):
    """The browser (splitChinese in language_data.js) cuts a query into the
    same terms the index builder cut the pages into."""
    open_page(page, f"{base_url}zh_CN/search.html")
    for sample in SPLIT_SAMPLES:
        in_browser = page.evaluate("(q) => splitChinese(q)", sample)
        in_python = [term for term in split_terms(sample) if len(term) > 1]
        assert in_browser == in_python, sample


def test_search_box_goes_to_the_chinese_search(base_url, page):
    """The theme's search box (Ctrl+K) opens search.html?q=... and finds the
    page for a phrase that was one of jieba's missing words."""
    open_page(page, f"{base_url}zh_CN/index.html")
    page.keyboard.press("Control+k")
    field = page.locator("#pst-search-dialog input[name=q]")
    expect(field).to_be_visible()
    field.fill("自动微分")
    field.press("Enter")
    page.wait_for_url(re.compile(r".*/zh_CN/search\.html\?q=.*"))
    page.wait_for_function(
        "() => (document.querySelector('#search-results .search-summary')?.innerText || '').trim() !== ''"
    )
    hrefs = page.locator("#search-results ul.search li > a").evaluate_all(
        "links => links.map(a => a.getAttribute('href').split('#')[0])"
    )
    assert "tutorials/autograd_tutorial.html" in hrefs


# -- 2. No English on Chinese pages ------------------------------------------------

# Latin words that may appear outside code on a Chinese page, and why.  Not
# checked at all: code, <kbd>, program output and math; identifiers (anything
# with a digit, "_", ".", or a capital letter inside, such as DataLoader or
# torch.nn); acronyms in capitals (GPU, CUDA); the English original of a term
# in full-width brackets after its Chinese (小批次（mini-batch）); and quotations of
# English in Chinese quotation marks (“In Model”, a line of program output).
ALLOWED_LATIN = {
    # The language switcher names each language in that language.
    "English": "name of a language",
    # Names of software, systems, data sets, methods and file formats.
    "PyTorch": "software",
    "Python": "software",
    "Jupyter": "software",
    "notebook": "file format (Jupyter notebook)",
    "zip": "file format",
    "matplotlib": "software",
    "torchvision": "software",
    "torchrun": "software (PyTorch's launcher)",
    "Pillow": "software",
    "NumPy": "software; also Tensor.numpy() in a heading that a search result quotes",
    "gettext": "software (the translation catalogs' format)",
    "Colab": "service (Google Colab)",
    "Google": "company (Google Colab)",
    "librosa": "software",
    "Sphinx": "software (the footer's credit)",
    "Windows": "operating system",
    "Linux": "operating system",
    "Debian": "operating system",
    "Ubuntu": "operating system",
    "Fashion": "data set (Fashion-MNIST)",
    "Apple": "company",
    "Intel": "company",
    "Gloo": "software (a torch.distributed backend)",
    "Adam": "optimizer, a proper name",
    "Nesterov": "optimizer, a person's name",
    # PyTorch names that Chinese technical writing keeps in English.
    "autograd": "glossary: 自动微分 / autograd",
    "epoch": "glossary: 轮（epoch）",
    "rank": "glossary: 进程编号（rank）",
    "world size": "like rank: torch.distributed's name for the number of processes",
    "local rank": "like rank: torch.distributed's name",
    "Fully Sharded Data Parallel": "name of a PyTorch feature (FSDP)",
    "rendezvous": "torchrun's name for where processes meet (--rdzv-*)",
    "dtype": "API name (torch.dtype)",
    "Dataset": "API name (torch.utils.data.Dataset)",
    "print": "API name (Python's print)",
    "fork": "name of a system call (os.fork)",
    "sin": "mathematical function",
    "cos": "mathematical function",
    "softmax": "function name (torch.softmax)",
    "autocast": "API name (torch.autocast), kept in Chinese writing",
    "dropout": "layer name (nn.Dropout)",
    "all-reduce": "name of the collective operation (dist.all_reduce)",
}

# What a reader sees or hears that is not code: text, and the attributes
# screen readers announce or browsers show.
COLLECT_STRINGS = """() => {
    // Code, output and math; noscript, which a browser with JavaScript does
    // not show; search excerpts, which quote pages checked on their own; text
    // the page marks as not translated yet (Sphinx's translation_progress_classes),
    // which its notice counts: an English-only edit must not wait for Chinese.
    const skip = "script, style, template, noscript, code, pre, kbd, samp, .highlight, "
        + ".sphx-glr-script-out, .math, mjx-container, .MathJax, .katex, p.context, .untranslated";
    const where = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
        + (el.classList.length ? "." + [...el.classList].slice(0, 2).join(".") : "");
    const found = [{where: "title", text: document.title}];
    // Text is read a paragraph (heading, list item, button...) at a time,
    // so that a word is seen with the brackets or quotes around it.
    const blocks = new Set();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        if (!el || el.closest(skip) || !node.nodeValue.trim()) continue;
        blocks.add(el.closest("p, li, h1, h2, h3, h4, h5, h6, dt, dd, th, td, caption, figcaption, summary, label, button") || el);
    }
    for (const el of blocks) {
        const copy = el.cloneNode(true);
        copy.querySelectorAll(skip).forEach((n) => n.remove());
        found.push({where: where(el), text: copy.textContent.replace(/\\s+/g, " ").trim()});
    }
    for (const name of ["aria-label", "title", "alt", "placeholder", "data-tooltip"]) {
        for (const el of document.querySelectorAll(`[${name}]`)) {
            found.push({where: `${where(el)}[${name}]`, text: el.getAttribute(name)});
        }
    }
    return found;
}"""

ALLOWED = {word.lower() for word in ALLOWED_LATIN if " " not in word}
ALLOWED_PHRASES = re.compile("|".join(re.escape(p) for p in ALLOWED_LATIN if " " in p), re.I)
_HAN = "\u4e00-\u9fff"
_GLOSS = re.compile(f"（[^{_HAN}（）]*）")
_QUOTED = re.compile(f"“[^{_HAN}“”]*”")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9_.'’-]*[A-Za-z0-9_]|[A-Za-z]")


def english_words(text: str) -> list[str]:
    """Latin words in ``text`` that read as English, minus ALLOWED_LATIN."""
    words = []
    text = ALLOWED_PHRASES.sub(" ", _QUOTED.sub(" ", _GLOSS.sub(" ", text)))
    for token in _LATIN.findall(text):
        token = token.strip(".-'’")
        if len(token) < 2 or token.lower() in ALLOWED:
            continue
        identifier = re.search(r"[0-9_.]", token) or re.search(r".[A-Z]", token.replace("-", ""))
        acronym = token.isupper()
        if not identifier and not acronym:
            words.append(token)
    return words


def english_on_page(page) -> list[str]:
    return [
        f"{item['where']}: {word!r} in {item['text'][:80]!r}"
        for item in page.evaluate(COLLECT_STRINGS)
        for word in english_words(item["text"])
    ]


def test_english_words_are_recognised():
    assert english_words("Color mode") == ["Color", "mode"]
    assert english_words("链接到 Link to this heading") == ["Link", "to", "this", "heading"]
    assert english_words("用 torch.nn 和 DataLoader 在 GPU 上训练 PyTorch 模型") == []
    assert english_words("三轮（epoch）后的 loss") == ["loss"]
    assert english_words("页锁定内存（pinned memory）和 world size") == []
    assert english_words("以“In Model”开头的行") == []
    assert english_words("(pinned memory) and “Outside” lines") == ["pinned", "memory", "and", "lines"]


def test_the_english_check_catches_a_fabricated_page(page):
    """The page walk finds English in text and in each attribute, and
    ignores code and output."""
    page.set_content(
        """<html lang="zh-CN"><head><title>张量</title></head><body>
        <p>张量是 PyTorch 的核心，Search the docs。</p>
        <button aria-label="Color mode">⚙</button><img alt="Training loss" src="data:,">
        <input placeholder="搜索"><span title="Back to top">↑</span>
        <pre>print("not checked")</pre><div class="sphx-glr-script-out">Epoch 1 loss</div>
        <p>用 <code>torch.zeros</code> 创建</p></body></html>"""
    )
    found = english_on_page(page)
    words = sorted(line.split("'")[1] for line in found)
    assert words == sorted(["Search", "the", "docs", "Color", "mode", "Training", "loss", "Back", "to", "top"]), found


# search.html is walked with results on screen.
ZH_URLS = [p if p != "search.html" else f"search.html?q={quote('张量')}" for p in ZH_PAGES]


@pytest.mark.parametrize("path", ZH_URLS, ids=ZH_PAGES)
def test_no_english_on_chinese_pages(base_url, page, path):
    """Every string of a zh_CN page that a reader sees or a screen reader
    announces is Chinese, apart from code, output and ALLOWED_LATIN."""
    open_page(page, f"{base_url}zh_CN/{path}")
    if path.startswith("search.html"):
        page.wait_for_selector("#search-results p.context")
    found = english_on_page(page)
    assert not found, f"{len(found)} English words:\n" + "\n".join(found[:40])


# -- 3. The language switcher on a phone --------------------------------------------


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("lang, other", [("en", "zh_CN"), ("zh_CN", "en")])
def test_language_switcher_in_the_phone_header(browser, base_url, lang, other, theme):
    """At 390 px the link to the other language is in the header, visible
    without opening a menu, and one tap opens the same page there.  A
    screenshot of the header is saved for people to look at."""
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, color_scheme=theme
    )
    context.add_init_script(f"localStorage.setItem('mode', '{theme}'); localStorage.setItem('theme', '{theme}');")
    try:
        page = context.new_page()
        path = "tutorials/tensor_tutorial.html"
        open_page(page, f"{base_url}{lang}/{path}")
        link = page.locator(f'header nav.language-switcher a[hreflang="{HREFLANG[other]}"]:visible')
        expect(link).to_have_count(1)
        box = link.bounding_box()
        assert box and box["y"] + box["height"] <= 80 and box["x"] + box["width"] <= PHONE["width"], box
        assert box["width"] >= 24 and box["height"] >= 24, f"tap target too small: {box}"
        out = Path(os.environ.get("SCREENSHOT_DIR", SITE_DIR.parent / "screenshots"))
        out.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out / f"phone-header-{lang}-{theme}.png"), clip={"x": 0, "y": 0, "width": 390, "height": 300})
        link.tap()
        page.wait_for_url(f"{base_url}{other}/{path}")
    finally:
        context.close()


# -- 4. The root page and the root 404 page -----------------------------------------


@pytest.mark.parametrize("locale, lang", [("zh-CN", "zh_CN"), ("en-US", "en")])
def test_root_page_keeps_query_and_anchor(browser, base_url, locale, lang):
    context = browser.new_context(locale=locale)
    try:
        page = context.new_page()
        page.goto(f"{base_url}?utm_source=test#the-tutorials")
        page.wait_for_url(f"{base_url}{lang}/index.html?utm_source=test#the-tutorials")
    finally:
        context.close()


@pytest.fixture(scope="module")
def project_site(tmp_path_factory):
    """The site published under a path (example.org/project/), as GitHub
    Pages publishes a project site, with its 404.html at the root."""
    root = tmp_path_factory.mktemp("pages")
    (root / "project").symlink_to(SITE_DIR, target_is_directory=True)
    shutil.copy(SITE_DIR / "404.html", root / "404.html")
    with serve(root) as url:
        yield url + "project/"


@pytest.mark.parametrize(
    "locale, missing, lands_on",
    [
        # An address without a language: the same page in the reader's language.
        ("zh-CN", "tutorials/autograd_tutorial.html#backward", "zh_CN/tutorials/autograd_tutorial.html#backward"),
        ("en-US", "tutorials/autograd_tutorial.html", "en/tutorials/autograd_tutorial.html"),
        ("zh-CN", "search.html?q=%E5%BC%A0%E9%87%8F", "zh_CN/search.html?q=%E5%BC%A0%E9%87%8F"),
        # A page the site does not have: the not-found page of its language.
        ("en-US", "zh_CN/tutorials/no_such_tutorial.html", "zh_CN/404.html"),
        ("zh-CN", "en/no-such-page.html", "en/404.html"),
        ("zh-CN", "no-such-page.html", "zh_CN/404.html"),
    ],
)
@pytest.mark.parametrize("where", ["root", "project"])
def test_root_404_sends_reader_on(browser, base_url, project_site, where, locale, missing, lands_on):
    site = base_url if where == "root" else project_site
    context = browser.new_context(locale=locale)
    try:
        page = context.new_page()
        page.goto(site + missing)
        page.wait_for_url(site + lands_on)
        expect(page.locator("html")).to_have_attribute("lang", HREFLANG[lands_on.split("/")[0]])
        if lands_on.endswith("404.html"):
            heading = "找不到页面" if lands_on.startswith("zh_CN") else "Page not found"
            expect(page.locator("article h1")).to_contain_text(heading)
    finally:
        context.close()


@pytest.mark.parametrize("hostile", ["/evil.example/en/x", "/evil.example/x.html", "/%5Cevil.example/en/x",
                                     "\\evil.example/zh_CN/x", "/" + "a/" * 2000 + "x.html"])
def test_root_404_never_leaves_the_site(browser, base_url, hostile):
    """A path can't send the root 404 page to another host, and a long one ends at once."""
    origin = base_url.rstrip("/")
    context = browser.new_context(locale="zh-CN")
    requests = []
    try:
        page = context.new_page()
        page.on("request", lambda request: requests.append((request.method, request.url)))
        page.route(lambda url: not url.startswith(origin), lambda route: route.abort())
        started = time.monotonic()
        page.goto(origin + "/" + hostile, wait_until="load")
        page.wait_for_timeout(1500)  # time for any redirect the script makes
        assert page.url.startswith(origin + "/"), page.url
        assert all(url.startswith(origin + "/") for _, url in requests), requests
        probes = [url for method, url in requests if method == "HEAD"]
        assert len(probes) <= 8 and time.monotonic() - started < 10, (len(probes), time.monotonic() - started)
    finally:
        context.close()
