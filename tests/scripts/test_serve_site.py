"""The local server of the built site (scripts/serve_site.py), used by the browser tests and benches."""

from __future__ import annotations

import socket

from serve_site import serve


def test_a_request_line_too_long_gets_an_error_status_not_a_dropped_connection(tmp_path):
    (tmp_path / "_headers").write_text("/*\n  X-Test: 1\n")
    server = serve(tmp_path)
    try:
        with socket.create_connection(server.server_address[:2], timeout=10) as connection:
            connection.sendall(b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
            answer = connection.recv(200)
    finally:
        server.shutdown()
    assert answer.startswith(b"HTTP/1.0 414"), answer
