"""Driving the built site in Debian's chromium with Playwright: shared by the browser tests and
the benchmarks. The browser's flags, network emulation, the pages of a built site, a watch on what a
page did, and the reader's moves on a snippet block (edit its code, run it, wait for the end, follow
a link by instant navigation)."""

from __future__ import annotations

import base64
import gzip
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
RUN_TIMEOUT_MS = 180_000
NAVIGATION_TIMEOUT_MS = 30_000
SUMMARY_JS = """root => [...root.querySelector('.pft-output').children].map(child =>
    child.matches('figure.pft-chart') ? ['chart', child.getAttribute('aria-label'), !!(child.querySelector('.pft-chart-scope')?.shadowRoot ?? child).querySelector('svg')]
    : child.matches('pre') ? ['text', child.textContent] : [child.className, child.textContent])"""
PASTE_JS = """(content, text) => { const data = new DataTransfer(); data.setData('text/plain', text);
    content.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true})); }"""


def launch(playwright):
    """Debian's chromium, headless, with the flags above."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@dataclass(frozen=True)
class Network:
    """A network profile for Chrome's emulation; `None` rates leave loopback as it is."""

    name: str
    rtt_ms: float = 0
    mbit_s: float | None = None


PROFILES = {n.name: n for n in [Network("loopback"), Network("fast-4g", 60, 9), Network("50mbit", 20, 50)]}


def emulate(page, network: Network) -> None:
    """Throttle `page` and its workers' requests to `network`."""
    if network.mbit_s is None:
        return
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    rate = network.mbit_s * 1e6 / 8
    session.send("Network.emulateNetworkConditions",
                 {"offline": False, "latency": network.rtt_ms, "downloadThroughput": rate, "uploadThroughput": rate})


class Watch:
    """What one browser page did: requests to other origins, console errors, runner workers started
    (and the throwaway workers that make a memory snapshot for later visits), and the runs a
    caller saw end by restarting Python, each of which starts one more runner worker."""

    def __init__(self, page, origin: str):
        self.foreign: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.workers = 0
        self.restarts = 0
        page.on("request", self.on_request(origin))
        page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.snapshot_makers = 0
        self.started = time.monotonic()
        page.on("worker", self.on_worker)

    def on_worker(self, worker) -> None:
        if worker.url.endswith("#pft-runner"):
            self.workers += 1
        elif worker.url.endswith("#pft-snapshot"):
            self.snapshot_makers += 1

    def on_request(self, origin: str):
        def record(request):
            self.requests.append(request.url)
            if not request.url.startswith((origin + "/", "data:", "blob:")):
                self.foreign.append(request.url)
        return record


def site_pages(site: Path, marker: str | None = None) -> list[str]:
    """Site paths ("" for the home page) of the built pages, home first; with `marker`, only
    the pages whose HTML contains it."""
    pages = []
    for html in sorted(site.rglob("index.html")):
        if marker is None or marker in html.read_text(encoding="utf-8"):
            relative = html.parent.relative_to(site).as_posix()
            pages.append("" if relative == "." else relative + "/")
    return sorted(pages, key=lambda p: (p != "", p))


def snippet_pages(site: Path) -> list[str]:
    """Site paths of the pages that contain snippets, home first."""
    return site_pages(site, 'class="pft-snippet"')


def block(page, index: int = 0):
    return page.locator(".pft-snippet").nth(index)


def wait_done(page, root, timeout: float = RUN_TIMEOUT_MS) -> str:
    """Wait for the run of snippet block `root` to end; its status (ok, error, interrupted, ...)."""
    page.wait_for_function("root => root.dataset.pftStatus", arg=root.element_handle(), timeout=timeout)
    return root.get_attribute("data-pft-status")


# How many snapshots of Python Cache Storage holds for later visits (one at most).
KEPT_JS = "async () => (await (await caches.open('pft-python-snapshot')).keys()).length"


def wait_kept(page, timeout_s: float = 60) -> None:
    """Until a snapshot of Python is kept in Cache Storage for later visits. It polls: Playwright's
    wait_for_function takes the promise an async check returns for a true value at once."""
    deadline = time.monotonic() + timeout_s
    while page.evaluate(KEPT_JS) != 1:
        if time.monotonic() > deadline:
            raise TimeoutError(f"no snapshot of Python was kept for later visits within {timeout_s:g} s")
        page.wait_for_timeout(200)


def boot_and_run(context, origin: str, path: str, code: str) -> tuple[str, str, Watch]:
    """Open `path` in a new page of `context`, run `code` in its first block: (how Python booted, output, watch)."""
    for old in context.pages:
        old.close()
    page = context.new_page()
    watch = Watch(page, origin)
    page.goto(f"{origin}/{path}")
    root = block(page)
    replace_code(page, root, code)
    page.keyboard.press("Control+Enter")
    assert wait_done(page, root) == "ok", summary(root)
    return page.evaluate("document.documentElement.dataset.pftBoot"), root.locator("pre.pft-stdout").text_content(), watch


def summary(root) -> list[list]:
    """What the output area of snippet block `root` shows: text (runs of it merged), charts, notices."""
    merged: list[list] = []
    for item in root.evaluate(SUMMARY_JS):
        if item[0] == "text" and merged and merged[-1][0] == "text":
            merged[-1][1] += item[1]
        else:
            merged.append(item)
    return merged


def replace_code(page, root, code: str) -> None:
    """Open the editor if needed, select all and paste `code`, as a reader would."""
    if root.locator(".cm-content").count() == 0:
        root.locator("button.pft-edit").click()
    content = root.locator(".cm-content")
    content.wait_for()
    content.focus()
    page.keyboard.press("ControlOrMeta+a")
    content.evaluate(PASTE_JS, code)


def code_link(origin: str, path: str, snippet: str, code: str) -> str:
    """A link to site path `path` that opens `code` in example `snippet`, packed as the Link button packs it
    (deflate-raw, then base64url), but from any text: a link made elsewhere need not be one the button makes."""
    packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    packed = base64.urlsafe_b64encode(packer.compress(code.encode()) + packer.flush()).decode().rstrip("=")
    return f"{origin}/{path}#snippet={snippet}&code={packed}"


def navigate(page, path: str) -> None:
    """Follow a link to site path `path` the way a reader does, so mkdocs-material's instant
    navigation handles it, and wait until the new page's snippet blocks have their runner."""
    page.evaluate("() => { for (const b of document.querySelectorAll('.pft-snippet')) b.dataset.pftLeaving = '1'; }")
    page.evaluate(
        """path => { const a = document.createElement('a'); a.href = new URL(path, document.baseURI).href;
                     a.textContent = 'go'; document.querySelector('.md-content').append(a); a.click(); }""",
        "/" + path,
    )
    page.wait_for_function(
        """path => location.pathname === path && !document.querySelector('[data-pft-leaving]')
                  && document.querySelector('.pft-snippet[data-pft-runner]')""",
        arg="/" + path, timeout=NAVIGATION_TIMEOUT_MS,
    )


def bytes_before_interaction(browser, origin: str, path: str, site: Path) -> tuple[int, int, list[str], list[tuple[int, str]]]:
    """Bytes as served, bytes if gzip-compressed, Pyodide or worker URLs fetched, and the largest
    files, of a page left alone (the local server does not compress; real hosts do)."""
    context = browser.new_context()
    page = context.new_page()
    urls: list[str] = []
    raw = 0
    page.on("requestfinished", lambda request: urls.append(request.url))
    page.goto(f"{origin}/{path}", wait_until="networkidle", timeout=RUN_TIMEOUT_MS)
    page.wait_for_timeout(1500)
    compressed = 0
    sizes = []
    for url in urls:
        local = url.removeprefix(origin).split("?")[0].split("#")[0]
        file = site / local.lstrip("/")
        if file.is_dir():
            file = file / "index.html"
        body = file.read_bytes() if file.is_file() else b""
        raw += len(body)
        compressed += len(gzip.compress(body, 6))
        sizes.append((len(body), local))
    context.close()
    runtime = [u for u in urls if "/pyodide/" in u or u.endswith("/runner/worker.js")]
    return raw, compressed, runtime, sorted(sizes, reverse=True)[:4]
