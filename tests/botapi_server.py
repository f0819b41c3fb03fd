"""A Bot API server on 127.0.0.1 for the tests: real HTTP around :class:`bot.local_api.LocalBotApi`.

It can answer with Telegram's real error shapes (400 "can't parse entities", 429 with retry_after)
and drop connections, so the bot's handling of each is tested over the wire.
"""

from __future__ import annotations

import json
import threading
import time
from collections import defaultdict, deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

from bot.local_api import LocalBotApi

TOKEN = "123456:TEST-token-SECRET-abcdefghijklmnopqrstuv"


class BotApiServer:
    def __init__(self, port: int = 0) -> None:
        self.api = LocalBotApi()
        self.faults: dict[str, deque] = defaultdict(deque)
        self.paths: list[str] = []
        self.call_times: list[tuple[str, float]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                return None

            def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                server.paths.append(self.path)
                method = self.path.rsplit("/", 1)[-1]
                server.call_times.append((method, time.monotonic()))
                fault = server.faults[method].popleft() if server.faults[method] else None
                if fault == "drop":
                    self.connection.close()  # no response at all: the client sees a network error
                    return
                if fault is not None:
                    status, payload = fault
                else:
                    status, payload = server.api.handle(method, _params(self.headers, body))
                raw = isinstance(payload, bytes)  # a proxy's error page instead of JSON
                data = payload if raw else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/html" if raw else "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self) -> "BotApiServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def fail_next(self, method: str, fault: object) -> None:
        self.faults[method].append(fault)

    @staticmethod
    def parse_error() -> tuple[int, dict]:
        return 400, {"ok": False, "error_code": 400,
                     "description": "Bad Request: can't parse entities: Unsupported start tag \"x\" at byte offset 3"}

    @staticmethod
    def flood(retry_after: int) -> tuple[int, dict]:
        return 429, {"ok": False, "error_code": 429, "description": f"Too Many Requests: retry after {retry_after}",
                     "parameters": {"retry_after": retry_after}}


def _params(headers, body: bytes) -> dict:  # type: ignore[no-untyped-def]
    content_type = headers.get("Content-Type", "")
    if "json" in content_type:
        return json.loads(body or b"{}")
    if "multipart" in content_type:
        raise AssertionError("the bot uploaded a file; the test server does not expect that")
    return dict(parse_qsl(body.decode()))
