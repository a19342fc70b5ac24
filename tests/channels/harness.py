"""Test harness for the channels: real HTTP on both sides, no network.

* ``ApiStandIn``: a local HTTP server that answers like the Graph API
  (``/{version}/{phone-number-id}/messages``) and Twilio's Messages API
  (``/2010-04-01/Accounts/{sid}/Messages.json``), checks their auth, records
  every request and can be scripted to fail (4xx/5xx with the real error bodies).
* ``ChannelServer``: a real Sanic server (own thread and event loop) with an
  input channel mounted exactly as Rasa mounts it
  (``rasa.core.channels.channel.register`` under ``/webhooks/``), and a stand-in
  agent whose ``handle_message`` records each UserMessage and answers through
  the real output channel.
"""

import asyncio
import base64
import json
import socket
import threading
import uuid
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Awaitable, Callable, Dict, List, Optional
from urllib.parse import parse_qs

# Provider settings for tests: quick retries, a short timeout.
FAST_RETRIES = {"retry_base_delay": 0.01, "retry_max_delay": 0.05, "max_attempts": 3, "request_timeout": 5}


# ---------------------------------------------------------------------------
# Stand-in for the Graph API and Twilio's REST API
# ---------------------------------------------------------------------------


class ApiStandIn:
    def __init__(
        self,
        graph_token: str = "EAAG-test-token-0123456789",
        twilio_sid: str = "AC" + "0" * 32,
        twilio_token: str = "twilio-auth-token-abcdef",
    ) -> None:
        self.graph_token = graph_token
        self.twilio_sid = twilio_sid
        self.twilio_token = twilio_token
        self.requests: List[Dict[str, Any]] = []
        self._script: "deque[tuple]" = deque()
        self._lock = threading.Lock()
        self._counter = 0
        # Files users sent: media id -> (mime type, bytes). Graph API: GET /{version}/{id}
        # gives the media object, GET /media/{id} the file (both need the token); Twilio:
        # GET /2010-04-01/Accounts/{sid}/Messages/{sid}/Media/{id} (basic auth).
        self.files: Dict[str, tuple] = {}
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:  # noqa: N802
                status, content_type, data = stand_in._file(self.path, dict(self.headers))
                with stand_in._lock:
                    stand_in.requests.append({"kind": "get", "path": self.path, "status": status})
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                status, body, headers = stand_in._answer(self.path, dict(self.headers), raw)
                data = json.dumps(body).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def push(self, *answers: tuple) -> None:
        """Script the next answers: (status, body[, headers])."""
        with self._lock:
            for a in answers:
                self._script.append(a if len(a) == 3 else (a[0], a[1], {}))

    # -- canned error bodies in the providers' formats -------------------------

    @staticmethod
    def graph_error(status: int, code: int, message: str, kind: str = "OAuthException") -> tuple:
        return (
            status,
            {
                "error": {
                    "message": message,
                    "type": kind,
                    "code": code,
                    "fbtrace_id": "AbCdEfGhIjK",
                }
            },
        )

    @staticmethod
    def twilio_error(status: int, code: int, message: str) -> tuple:
        return (
            status,
            {
                "code": code,
                "message": message,
                "more_info": f"https://www.twilio.com/docs/errors/{code}",
                "status": status,
            },
        )

    # -- recorded requests -------------------------------------------------------

    def graph_messages(self) -> List[Dict[str, Any]]:
        return [r["json"] for r in self.requests if r["kind"] == "graph" and r["status"] < 300]

    def twilio_messages(self) -> List[Dict[str, str]]:
        return [
            {k: v[0] for k, v in r["form"].items()}
            for r in self.requests
            if r["kind"] == "twilio" and r["status"] < 300
        ]

    def _answer(self, path: str, headers: Dict[str, str], raw: bytes) -> tuple:
        headers_l = {k.lower(): v for k, v in headers.items()}
        record: Dict[str, Any] = {"path": path, "headers": headers_l, "raw": raw}
        if "/2010-04-01/Accounts/" in path:
            record["kind"] = "twilio"
            form = parse_qs(raw.decode("utf-8"), keep_blank_values=True)
            record["form"] = form
            expected = "Basic " + base64.b64encode(f"{self.twilio_sid}:{self.twilio_token}".encode()).decode()
            if headers_l.get("authorization") != expected:
                answer = self.twilio_error(401, 20003, "Authenticate") + ({},)
            elif not path.endswith(f"/Accounts/{self.twilio_sid}/Messages.json"):
                answer = self.twilio_error(404, 20404, "The requested resource was not found") + ({},)
            else:
                answer = self._next_or(lambda: (201, self._twilio_resource(form), {}))
        else:
            record["kind"] = "graph"
            try:
                record["json"] = json.loads(raw.decode("utf-8"))
            except ValueError:
                record["json"] = None
            if headers_l.get("authorization") != f"Bearer {self.graph_token}":
                answer = self.graph_error(401, 190, "Invalid OAuth access token - Cannot parse access token") + ({},)
            elif not path.endswith("/messages") or record["json"] is None:
                answer = self.graph_error(400, 100, "Invalid parameter") + ({},)
            else:
                answer = self._next_or(lambda: (200, self._graph_success(record["json"]), {}))
        record["status"] = answer[0]
        with self._lock:
            self.requests.append(record)
        return answer

    def _file(self, path: str, headers: Dict[str, str]) -> tuple:
        """(status, content type, bytes) of a GET: a media object or a file."""
        auth = {k.lower(): v for k, v in headers.items()}.get("authorization")
        basic = "Basic " + base64.b64encode(f"{self.twilio_sid}:{self.twilio_token}".encode()).decode()
        media_id = path.rstrip("/").rsplit("/", 1)[-1]
        known = self.files.get(media_id)
        if "/Media/" in path:  # Twilio's MediaUrl
            if auth != basic:
                return 401, "application/json", b'{"code": 20003, "message": "Authenticate"}'
        elif auth != f"Bearer {self.graph_token}":
            body = self.graph_error(401, 190, "Invalid OAuth access token")[1]
            return 401, "application/json", json.dumps(body).encode()
        if known is None:
            return 404, "application/json", b'{"error": {"message": "Unsupported get request.", "code": 100}}'
        mime, data = known
        if path.startswith("/media/") or "/Media/" in path:
            return 200, mime, data
        media = {
            "messaging_product": "whatsapp",
            "url": f"{self.url}/media/{media_id}",
            "mime_type": mime,
            "sha256": "0" * 64,
            "file_size": len(data),
            "id": media_id,
        }
        return 200, "application/json", json.dumps(media).encode()

    def _next_or(self, default: Callable[[], tuple]) -> tuple:
        with self._lock:
            if self._script:
                return self._script.popleft()
        return default()

    def _graph_success(self, body: Dict[str, Any]) -> Dict[str, Any]:
        with self._lock:
            self._counter += 1
            n = self._counter
        recipient = body.get("to") or body.get("recipient")
        contact = {"input": recipient}
        contact["wa_id" if body.get("to") else "user_id"] = recipient
        return {
            "messaging_product": "whatsapp",
            "contacts": [contact],
            "messages": [{"id": f"wamid.HBgMOTE5ODEyMzQ1NjEwFQIAERgS{n:08d}"}],
        }

    def _twilio_resource(self, form: Dict[str, List[str]]) -> Dict[str, Any]:
        with self._lock:
            self._counter += 1
            n = self._counter
        sid = f"SM{n:032x}"
        first = {k: v[0] for k, v in form.items()}
        return {
            "account_sid": self.twilio_sid,
            "api_version": "2010-04-01",
            "body": first.get("Body", ""),
            "date_created": "Sun, 22 Nov 2026 11:00:00 +0000",
            "date_sent": None,
            "date_updated": "Sun, 22 Nov 2026 11:00:00 +0000",
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": first.get("From"),
            "messaging_service_sid": None,
            "num_media": "1" if "MediaUrl" in first else "0",
            "num_segments": "1",
            "price": None,
            "price_unit": None,
            "sid": sid,
            "status": "queued",
            "subresource_uris": {"media": f"/2010-04-01/Accounts/{self.twilio_sid}/Messages/{sid}/Media.json"},
            "to": first.get("To"),
            "uri": f"/2010-04-01/Accounts/{self.twilio_sid}/Messages/{sid}.json",
        }


# ---------------------------------------------------------------------------
# A Sanic server with the channel mounted the way Rasa does it
# ---------------------------------------------------------------------------


class StandInAgent:
    """Records UserMessages and answers through the real output channel."""

    def __init__(self) -> None:
        self.messages: List[Any] = []
        self.respond: Optional[Callable[[Any], Awaitable[None]]] = None
        self.delays: Dict[str, float] = {}

    async def handle_message(self, message: Any) -> None:
        delay = self.delays.get(message.text)
        if delay:
            await asyncio.sleep(delay)
        self.messages.append(message)
        if self.respond is not None:
            await self.respond(message)
        else:
            await message.output_channel.send_response(message.sender_id, {"text": f"echo: {message.text}"})


class ChannelServer:
    def __init__(self, channel: Any) -> None:
        from rasa.core.channels.channel import register
        from sanic import Sanic

        # Several apps start in one process: Sanic's touch-up of its own
        # methods supports that only in test mode (as sanic-testing sets it).
        Sanic.test_mode = True
        self.channel = channel
        self.agent = StandInAgent()
        self.app = Sanic(f"tickfix_test_{uuid.uuid4().hex[:10]}")
        self.app.ctx.agent = self.agent
        register([channel], self.app, route="/webhooks/")
        self._ready = threading.Event()
        self._error: Optional[BaseException] = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("Sanic test server did not start")
        if self._error:
            raise self._error

    def _run(self) -> None:
        try:
            self.loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self.loop)
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind(("127.0.0.1", 0))
            sock.listen(100)
            self.port = sock.getsockname()[1]
            self._server = self.loop.run_until_complete(
                self.app.create_server(sock=sock, return_asyncio_server=True, access_log=False)
            )
            self.loop.run_until_complete(self._server.startup())
        except BaseException as e:  # pragma: no cover - reported to the test
            self._error = e
            self._ready.set()
            return
        self._ready.set()
        self.loop.run_forever()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def dialogue(self) -> List[str]:
        """The texts that reached the (stand-in) dialogue, in order."""
        return [m.text for m in self.agent.messages]

    def only_message(self) -> Any:
        """The one UserMessage the dialogue got (fails when there were others)."""
        [message] = self.agent.messages
        return message

    def drain(self, timeout: float = 5.0) -> None:
        """Wait for the channel's background work to finish."""
        future = asyncio.run_coroutine_threadsafe(self.channel.dispatcher.join(timeout), self.loop)
        assert future.result(timeout + 1), "background work did not finish"

    def close(self) -> None:
        async def stop() -> None:
            self._server.close()
            await self._server.wait_closed()

        try:
            asyncio.run_coroutine_threadsafe(stop(), self.loop).result(5)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(5)
