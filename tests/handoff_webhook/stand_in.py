"""A local stand-in for a team's webhook endpoint: real HTTP, scripted answers, no network.

Records every request (path, headers, exact body bytes) and answers from a script
(e.g. 503, 503, then 200); once the script is used up it answers 200.
"""

from __future__ import annotations

import threading
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List


class WebhookStandIn:
    def __init__(self, *statuses: int) -> None:
        self.requests: List[Dict[str, Any]] = []
        self._script: "deque[int]" = deque(statuses)
        self._lock = threading.Lock()
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:  # noqa: N802
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with stand_in._lock:
                    stand_in.requests.append({"path": self.path, "headers": dict(self.headers), "body": raw})
                    status = stand_in._script.popleft() if stand_in._script else 200
                data = b'{"ok": true}' if status < 300 else b'{"error": "unavailable"}'
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/hooks/tickfix-9f2c"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> "WebhookStandIn":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def closed_port_url() -> str:
    """A URL where nothing listens: connections are refused at once."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/hooks/tickfix-9f2c"
