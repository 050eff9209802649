"""Serve a built site on 127.0.0.1 with the headers of its `_headers` file (COOP/COEP).

`mkdocs serve` cannot send custom headers, so on it the runner's Stop restarts Python.
This server sends what a host reading `_headers` (Netlify, Cloudflare Pages) would, so
Stop interrupts instead. The browser tests and the runner benchmark use it.

It also serves sitemap.xml with the build's `site_url` replaced by the address it serves
at: mkdocs-material's instant navigation only takes over links to pages its sitemap lists
at the page's own host and port.

Usage: python scripts/serve_site.py [SITE_DIR] [--port N]   (default: site/, port 8001)
"""

from __future__ import annotations

import argparse
import email.utils
import fnmatch
import functools
import gzip
import io
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_headers_file(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """`(path pattern, [(name, value)])` rules of a Netlify/Cloudflare `_headers` file."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
        elif rules and ":" in line:
            name, value = line.strip().split(":", 1)
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


@functools.lru_cache(maxsize=64)
def gzipped(path: Path, mtime_ns: int, size: int) -> bytes:
    """`path` gzip-compressed, once per version of the file (compressing the wasm takes a second)."""
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


class Handler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm", ".mjs": "text/javascript",
                      ".js": "text/javascript", ".whl": "application/zip"}
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    compress = False
    # Text, and WebAssembly, which static hosts compress too (Pyodide's shrinks from 9.6 to 3.6 MB).
    COMPRESSIBLE = (".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".py", ".wasm")

    def end_headers(self) -> None:
        # An error answered before the request line was read (one too long, say) has no path.
        path = getattr(self, "path", "").split("?", 1)[0]
        for pattern, headers in self.rules:
            if fnmatch.fnmatchcase(path, pattern):
                for name, value in headers:
                    self.send_header(name, value)
        super().end_headers()

    def do_GET(self) -> None:
        if self.path.split("?", 1)[0].endswith("/sitemap.xml"):
            return self.send_sitemap()
        return super().do_GET()

    def send_head(self):
        """As static hosts do, send text files gzip-compressed to a client that accepts it."""
        path = Path(self.translate_path(self.path.split("?", 1)[0]))
        if path.is_dir():
            path = path / "index.html"
        if not (self.compress and "gzip" in self.headers.get("Accept-Encoding", "")
                and path.suffix in self.COMPRESSIBLE and path.is_file()):
            return super().send_head()
        stat = path.stat()
        since = self.headers.get("If-Modified-Since")
        if since and email.utils.parsedate_to_datetime(since).timestamp() >= int(stat.st_mtime):
            self.send_response(304)
            self.end_headers()
            return None
        body = gzipped(path, stat.st_mtime_ns, stat.st_size)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        # As for uncompressed files: lets the browser revalidate its cached copy instead of downloading again.
        self.send_header("Last-Modified", self.date_time_string(int(stat.st_mtime)))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def send_sitemap(self) -> None:
        path = Path(self.translate_path(self.path.split("?", 1)[0]))
        if not path.is_file():
            return self.send_error(404)
        text = path.read_text(encoding="utf-8")
        built_for = re.search(r"<loc>(https?://[^/<]+)", text)
        if built_for:
            host, port = self.server.server_address[:2]
            text = text.replace(built_for.group(1), f"http://{host}:{port}")
        body = text.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass


def serve(directory: Path, port: int = 0, headers: bool = True, compress: bool = False) -> ThreadingHTTPServer:
    """Serve `directory` from a background thread (address: `server.server_address`).

    `headers=False` ignores `_headers`, as a host without custom headers does; `compress=True`
    gzips text files, as static hosts do (the page audit measures what readers would download).
    """
    headers_file = Path(directory) / "_headers"
    rules = parse_headers_file(headers_file.read_text()) if headers and headers_file.exists() else []
    handler = functools.partial(type("SiteHandler", (Handler,), {"rules": rules, "compress": compress}), directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default=str(ROOT / "site"))
    parser.add_argument("--port", type=int, default=8001)
    args = parser.parse_args()
    server = serve(Path(args.site), args.port)
    host, port = server.server_address[:2]
    print(f"Serving {args.site} at http://{host}:{port}/ (with the headers of its _headers file); Ctrl+C stops.")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":
    main()
