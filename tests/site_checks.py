"""Helpers for the tests that read the built site or drive a browser against it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from project import EXAMPLES, LANGUAGES, SITE, TUTORIALS

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


# -- Pages of the built site ---------------------------------------------------


def html_pages(site: Path, lang: str) -> list[str]:
    """The pages of one language build, as paths relative to its folder (not in Sphinx's _static/, _images/...)."""
    pages = [p.relative_to(site / lang) for p in (site / lang).rglob("*.html")]
    return sorted(p.as_posix() for p in pages if not p.parts[0].startswith("_"))


# Every page any language has, plus the tutorials that examples/ promises, so
# that a page missing from one language (or from both) fails by name.
PAGES = sorted(
    {page for lang in LANGUAGES for page in html_pages(SITE, lang)} | {f"tutorials/{n}.html" for n in TUTORIALS}
)


# -- A page in the browser ------------------------------------------------------


@contextmanager
def browser_page(browser, **options):
    """A page in a fresh browser profile (no stored theme, empty cache), at desktop size unless told."""
    with browser.new_context(**{"viewport": DESKTOP, **options}) as context:
        context.set_default_timeout(15_000)
        yield context.new_page()


def open_page(page, url: str) -> None:
    """Go to ``url`` and wait until it is quiet (fonts, figures, search index...)."""
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, f"{url}: HTTP {response.status if response else '?'}"
    page.wait_for_load_state("networkidle")


def search(page, base_url: str, lang: str, query: str) -> list[str]:
    """Search ``query`` on the search page of ``lang``; the pages found, best first."""
    page.goto(f"{base_url}{lang}/search.html?q={quote(query)}", wait_until="load")
    return search_results(page)


def search_results(page) -> list[str]:
    """The pages the search on the open page found, once it has finished."""
    page.wait_for_function(
        "() => (document.querySelector('#search-results .search-summary')?.innerText || '').trim() !== ''"
    )
    return page.locator("#search-results ul.search li > a").evaluate_all(
        "links => links.map(a => a.getAttribute('href').split('#')[0])"
    )


def watch(page) -> list[str]:
    """A list that collects what goes wrong on ``page``: console errors (a
    failed request is one too) and requests to other hosts, which are
    blocked: a page that needs the internet is broken for readers offline or
    behind a filtered network."""
    problems: list[str] = []

    def elsewhere(url):
        return urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).hostname != "127.0.0.1"

    def block(route):
        problems.append(f"request to another host (blocked): {route.request.url}")
        route.abort("blockedbyclient")

    def on_console(message):
        # The browser probes /favicon.ico, with timing, only where a page
        # declares no icon: test_pages.py checks the icon instead.
        where = message.location.get("url", "")
        if message.type == "error" and not where.endswith("/favicon.ico"):
            problems.append(f"console error: {message.text} ({where})")

    page.route(elsewhere, block)
    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
    return problems


# -- No English on a Chinese page -----------------------------------------------

# Latin words that may appear outside code on a Chinese page, and why.  Not
# checked at all: code, <kbd>, program output and math; identifiers (anything
# with a digit, "_", ".", or a capital letter inside, such as DataLoader or
# torch.nn); acronyms in capitals (GPU, CUDA); the English original of a term
# in full-width brackets after its Chinese (小批次（mini-batch）); and quotations of
# English in Chinese quotation marks (“In Model”, a line of program output).
ALLOWED_LATIN = [
    # The language switcher names each language in that language.
    "English",
    # Names of software, services, companies, systems, data sets (Fashion-MNIST),
    # methods, file formats and the gettext catalogs' format.
    *("PyTorch", "Python", "Jupyter", "notebook", "zip", "matplotlib", "torchvision", "torchrun", "Pillow"),
    *("NumPy", "gettext", "Colab", "Google", "librosa", "Sphinx", "Windows", "Linux", "Debian", "Ubuntu"),
    *("Fashion", "Apple", "Intel", "Gloo", "Adam", "Nesterov"),
    # PyTorch names that Chinese technical writing keeps in English (the
    # glossary's 自动微分 / autograd, 轮（epoch）, 进程编号（rank）), and API names.
    *("autograd", "epoch", "rank", "world size", "local rank", "Fully Sharded Data Parallel", "rendezvous"),
    *("dtype", "Dataset", "print", "fork", "sin", "cos", "softmax", "autocast", "dropout", "all-reduce"),
]

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
        if not identifier and not token.isupper():  # an acronym is not English prose
            words.append(token)
    return words


def english_on_page(page) -> list[str]:
    """Each English word a reader sees or hears on the open page, with where it is."""
    return [
        f"{item['where']}: {word!r} in {item['text'][:80]!r}"
        for item in page.evaluate(COLLECT_STRINGS)
        for word in english_words(item["text"])
    ]


# -- Running the downloadable tutorials -----------------------------------------


@dataclass
class DownloadRun:
    name: str
    ok: bool
    seconds: float
    log: str


def prepare_run_dir(run_dir: Path, files: list[Path]) -> None:
    """A reader's folder: the downloaded files side by side, and ``data/``
    with a link to each provisioned data set (``FashionMNIST/``), so that the
    tutorials run offline while what they write there (a saved model) stays
    in the folder: files are not linked, as writing to a link would
    overwrite the original."""
    for file in files:
        shutil.copy2(file, run_dir / file.name)
    data = run_dir / "data"
    data.mkdir()
    # Fashion-MNIST as `make data` provisions it; the tutorials read root="data".
    if (EXAMPLES / "data").is_dir():
        for entry in (EXAMPLES / "data").iterdir():
            if entry.is_dir():
                (data / entry.name).symlink_to(entry, target_is_directory=True)


def run_download(target: Path, run_dir: Path, threads: int | None, timeout: int = 1200) -> DownloadRun:
    """Run a downloaded ``.py`` with this Python, or an ``.ipynb`` on a fresh kernel (10 minutes a cell).

    ``threads`` sets PyTorch's (OpenMP's) thread count; None keeps the default.
    """
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONUNBUFFERED": "1"}
    if threads:
        env["OMP_NUM_THREADS"] = str(threads)
    command = [sys.executable, target.name]
    if target.suffix == ".ipynb":  # nbclient's command line, with the notebook's folder as its own
        command = [str(Path(sys.executable).with_name("jupyter-execute")), "--timeout=600", target.name]
    start = time.monotonic()
    try:
        proc = subprocess.run(command, cwd=run_dir, env=env, capture_output=True, text=True, timeout=timeout)
        ok, log = proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-6000:]
    except subprocess.TimeoutExpired as error:
        ok, log = False, f"still running after {timeout} s\n{error.stderr or ''}"
    return DownloadRun(name=target.name, ok=ok, seconds=time.monotonic() - start, log=log)
