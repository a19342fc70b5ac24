"""A local stand-in of the Graph API's and Twilio's read endpoints the account checks use.

Why: the checks must be tested against the wire formats (paths, query parameters,
auth, JSON bodies, error bodies), and nothing in the tests may reach the internet.
Real HTTP on 127.0.0.1, one thread per request, every request recorded.

Graph API (under ``/{version}``, the bearer token checked):
* ``GET /{WABA_ID}/message_templates?name=&fields=&limit=`` -> ``{"data": [...], "paging": ...}``
  (``name`` matches as a substring, as Meta's filter may).
* ``GET /{PHONE_NUMBER_ID}?fields=...`` -> only the fields asked for, plus ``id``.
* ``GET /{WABA_ID}?fields=health_status,disable_marketing_messages_on_cloud_api``; with
  ``waba_knows_marketing_flag = False`` the field is unknown (error 100), as on older versions.
* ``GET /debug_token?input_token=...&access_token=APP_ID|APP_SECRET`` -> ``{"data": {...}}``.
* A token set ``expired`` (or any other token) gets 401 with error 190 (subcode 463 when expired).
Twilio (basic auth; wrong credentials get 401 with Twilio's body, code 20003):
``GET /2010-04-01/Accounts/{AC}/Messages/{SM}.json`` -> the message resource, or 404 with
Twilio's error body (code 20404); ``GET /v1/Alerts?LogLevel=&StartDate=&EndDate=&PageSize=``
-> Monitor's alerts (``add_alert``), paged as Twilio pages them (tests/support/twilio_monitor_standin.py).
``delay[kind] = seconds`` answers slowly (kinds: templates, number, waba, debug_token, twilio,
twilio_alerts); ``fail[kind] = (status, body)`` answers with that error (``twilio_alerts_page1``:
only Monitor's second page).
"""

from __future__ import annotations

import base64
import json
import threading
import time
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import parse_qs, urlsplit

from tests.support.twilio_monitor_standin import AUTHENTICATE, alert, monitor_answer

VERSION = "v26.0"
TOKEN = "EAAG-account-check-token-5f3a9c"
APP_ID = "614230987712345"
APP_SECRET = "app-secret-9d8c7b6a"
WABA_ID = "102290129340398"
PHONE_NUMBER_ID = "106540352242922"
TWILIO_SID = "AC" + "1" * 32
TWILIO_TOKEN = "twilio-check-token-77aa"


def graph_error(
    status: int, code: int, message: str, subcode: Optional[int] = None, kind: str = "OAuthException"
) -> Tuple[int, Dict[str, Any]]:
    """An error body as the Graph API sends it."""
    err: Dict[str, Any] = {"message": message, "type": kind, "code": code, "fbtrace_id": "AzXyStandIn01"}
    if subcode is not None:
        err["error_subcode"] = subcode
    return status, {"error": err}


EXPIRED = graph_error(
    401,
    190,
    "Error validating access token: Session has expired on Monday, "
    "30-Nov-26 10:00:00 PST. The current time is Sunday, 06-Dec-26 15:00:00 PST.",
    463,
)
INVALID = graph_error(401, 190, "Invalid OAuth access token - Cannot parse access token")


def template(
    name: str,
    language: str,
    status: str = "APPROVED",
    category: str = "UTILITY",
    body: str = "Hi {{1}}, your order {{2}} is on its way.",
    quality: str = "GREEN",
    rejected_reason: str = "NONE",
    header: Optional[str] = None,
) -> Dict[str, Any]:
    """One template version as message_templates returns it."""
    components: List[Dict[str, Any]] = []
    if header is not None:
        components.append({"type": "HEADER", "format": "TEXT", "text": header})
    components.append({"type": "BODY", "text": body})
    components.append({"type": "FOOTER", "text": "Reply STOP to opt out"})
    return {
        "name": name,
        "language": language,
        "status": status,
        "category": category,
        "quality_score": {"score": quality, "date": 1764547200},
        "rejected_reason": rejected_reason,
        "components": components,
        "id": str(abs(hash((name, language))) % 10**15),
    }


def health(
    overall: str = "AVAILABLE",
    phone: str = "AVAILABLE",
    waba: str = "AVAILABLE",
    phone_errors: Optional[List[Dict[str, Any]]] = None,
    waba_errors: Optional[List[Dict[str, Any]]] = None,
    phone_info: Optional[List[str]] = None,
    with_phone: bool = True,
) -> Dict[str, Any]:
    entities: List[Dict[str, Any]] = []
    if with_phone:
        e: Dict[str, Any] = {"entity_type": "PHONE_NUMBER", "id": PHONE_NUMBER_ID, "can_send_message": phone}
        if phone_errors:
            e["errors"] = phone_errors
        if phone_info:
            e["additional_info"] = phone_info
        entities.append(e)
    w: Dict[str, Any] = {"entity_type": "WABA", "id": WABA_ID, "can_send_message": waba}
    if waba_errors:
        w["errors"] = waba_errors
    entities += [
        w,
        {"entity_type": "BUSINESS", "id": "506914307656634", "can_send_message": "AVAILABLE"},
        {"entity_type": "APP", "id": APP_ID, "can_send_message": "AVAILABLE"},
    ]
    return {"can_send_message": overall, "entities": entities}


class GraphAccountStandIn:
    def __init__(self) -> None:
        self.token = TOKEN
        self.token_state = "valid"  # valid | expired | invalid
        self.templates: List[Dict[str, Any]] = [
            template("order_update", "en_GB"),
            template("order_update", "pt_BR", status="PAUSED", quality="RED"),
            template("spring_sale", "en_US", status="REJECTED", category="MARKETING", rejected_reason="PROMOTIONAL"),
        ]
        self.number: Dict[str, Any] = {
            "status": "CONNECTED",
            "quality_rating": "GREEN",
            "name_status": "APPROVED",
            "code_verification_status": "VERIFIED",
            "platform_type": "CLOUD_API",
            "throughput": {"level": "STANDARD"},
            "whatsapp_business_manager_messaging_limit": "TIER_2K",
            "health_status": health(),
        }
        self.waba: Dict[str, Any] = {
            "health_status": health(with_phone=False),
            "disable_marketing_messages_on_cloud_api": False,
        }
        self.waba_knows_marketing_flag = True
        now = int(time.time())
        self.debug: Dict[str, Any] = {
            "app_id": APP_ID,
            "type": "SYSTEM_USER",
            "application": "Tickfix test app",
            "data_access_expires_at": 0,
            "expires_at": 0,
            "is_valid": True,
            "scopes": ["whatsapp_business_management", "whatsapp_business_messaging", "public_profile"],
            "granular_scopes": [
                {"scope": "whatsapp_business_management", "target_ids": [WABA_ID]},
                {"scope": "whatsapp_business_messaging", "target_ids": [WABA_ID]},
            ],
            "user_id": "10222270944537964",
            "issued_at": now - 86400,
        }
        self.messages: Dict[str, Dict[str, Any]] = {}
        self.alerts: List[Dict[str, Any]] = []
        self.delay: Dict[str, float] = {}
        self.fail: Dict[str, Tuple[int, Any]] = {}
        self.requests: List[Dict[str, Any]] = []
        self._lock = threading.Lock()
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                kind, status, body = stand_in._answer(self.path, dict(self.headers))
                wait = stand_in.delay.get(kind, 0.0)
                if wait:
                    time.sleep(wait)
                data = json.dumps(body).encode("utf-8")
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout tests)
                    pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self._thread.start()

    # -- where and how to reach it -----------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def graph_base(self) -> str:
        return f"{self.url}/{VERSION}"

    def env(self, twilio: bool = True, app: bool = True) -> Dict[str, str]:
        """The environment that points the checks here."""
        env = {
            "WHATSAPP_ACCESS_TOKEN": self.token,
            "WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
            "WHATSAPP_BUSINESS_ACCOUNT_ID": WABA_ID,
            "WHATSAPP_API_BASE": self.graph_base,
        }
        if app:
            env.update(WHATSAPP_APP_ID=APP_ID, WHATSAPP_APP_SECRET=APP_SECRET)
        if twilio:
            env.update(TWILIO_ACCOUNT_SID=TWILIO_SID, TWILIO_AUTH_TOKEN=TWILIO_TOKEN, TWILIO_API_BASE=self.url)
        return env

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # -- answers -----------------------------------------------------------------------

    def _answer(self, raw_path: str, headers: Dict[str, str]) -> Tuple[str, int, Any]:
        parts = urlsplit(raw_path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        path = parts.path.rstrip("/")
        auth = {k.lower(): v for k, v in headers.items()}.get("authorization", "")
        with self._lock:
            self.requests.append({"path": path, "query": query, "authorization": auth})
        if path.startswith("/2010-04-01/"):
            return ("twilio",) + self._twilio(path, auth)
        if path == "/v1/Alerts":
            return ("twilio_alerts",) + self._monitor(query, auth)
        prefix = f"/{VERSION}/"
        if not path.startswith(prefix):
            return ("other",) + graph_error(400, 2500, "Unknown path components: " + path, kind="OAuthException")
        rest = path[len(prefix) :]
        kind = (
            "debug_token"
            if rest == "debug_token"
            else "templates"
            if rest == f"{WABA_ID}/message_templates"
            else "number"
            if rest == PHONE_NUMBER_ID
            else "waba"
            if rest == WABA_ID
            else "other"
        )
        if kind in self.fail:
            status, body = self.fail[kind]
            return kind, status, body
        if kind == "debug_token":
            return (kind,) + self._debug(query)
        token = auth[len("Bearer ") :] if auth.startswith("Bearer ") else query.get("access_token", "")
        if token != self.token:
            return (kind,) + INVALID
        if self.token_state == "expired":
            return (kind,) + EXPIRED
        if self.token_state == "invalid":
            return (kind,) + INVALID
        if kind == "templates":
            name = query.get("name", "")
            data = [t for t in self.templates if name in t["name"]]
            return kind, 200, {"data": data, "paging": {"cursors": {"before": "QVFIU", "after": "QVFIU"}}}
        fields = [f for f in query.get("fields", "").split(",") if f]
        if kind == "number":
            return kind, 200, dict({f: self.number[f] for f in fields if f in self.number}, id=PHONE_NUMBER_ID)
        if kind == "waba":
            if "disable_marketing_messages_on_cloud_api" in fields and not self.waba_knows_marketing_flag:
                return (kind,) + graph_error(
                    400,
                    100,
                    "(#100) Tried accessing nonexisting field "
                    "(disable_marketing_messages_on_cloud_api) on node type "
                    "(WhatsAppBusinessAccount)",
                    kind="GraphMethodException",
                )
            return kind, 200, dict({f: self.waba[f] for f in fields if f in self.waba}, id=WABA_ID)
        return (kind,) + graph_error(
            400,
            100,
            f"Unsupported get request. Object with ID '{rest}' does not exist",
            subcode=33,
            kind="GraphMethodException",
        )

    def _debug(self, query: Dict[str, str]) -> Tuple[int, Any]:
        if query.get("access_token") != f"{APP_ID}|{APP_SECRET}":
            return INVALID
        if query.get("input_token") != self.token:
            return 200, {
                "data": {
                    "is_valid": False,
                    "scopes": [],
                    "error": {"code": 190, "message": "Invalid OAuth access token."},
                }
            }
        data = dict(self.debug)
        if self.token_state == "expired":
            data.update(
                is_valid=False,
                type="USER",
                expires_at=1764525600,
                error={
                    "code": 190,
                    "subcode": 463,
                    "message": "Error validating access token: Session has expired on Monday, 30-Nov-26 10:00:00 PST.",
                },
            )
        return 200, {"data": data}

    @staticmethod
    def _twilio_auth_ok(auth: str) -> bool:
        return auth == "Basic " + base64.b64encode(f"{TWILIO_SID}:{TWILIO_TOKEN}".encode()).decode()

    def _monitor(self, query: Dict[str, str], auth: str) -> Tuple[int, Any]:
        if not self._twilio_auth_ok(auth):
            return AUTHENTICATE
        failed = self.fail.get("twilio_alerts") or self.fail.get(f"twilio_alerts_page{query.get('Page', '0')}")
        if failed:
            return failed
        return monitor_answer(self.alerts, query)

    def add_alert(
        self, error_code: int, minutes_ago: float = 10, log_level: str = "error", resource_sid: Optional[str] = None
    ) -> Dict[str, Any]:
        """An alert in the account's Monitor log, ``minutes_ago`` before now."""
        at = datetime.now(timezone.utc) - timedelta(minutes=minutes_ago)
        body = alert(TWILIO_SID, len(self.alerts) + 1, error_code, at, log_level, resource_sid)
        self.alerts.append(body)
        return body

    def _twilio(self, path: str, auth: str) -> Tuple[int, Any]:
        if not self._twilio_auth_ok(auth):
            return AUTHENTICATE
        if "twilio" in self.fail:
            return self.fail["twilio"]
        prefix = f"/2010-04-01/Accounts/{TWILIO_SID}/Messages/"
        sid = path[len(prefix) : -len(".json")] if path.startswith(prefix) and path.endswith(".json") else ""
        if sid not in self.messages:
            return 404, {
                "code": 20404,
                "message": f"The requested resource {path} was not found",
                "more_info": "https://www.twilio.com/docs/errors/20404",
                "status": 404,
            }
        return 200, self.messages[sid]

    def add_message(
        self,
        sid: str,
        status: str = "undelivered",
        error_code: Optional[int] = 63016,
        error_message: Optional[str] = None,
    ) -> Dict[str, Any]:
        """A Message resource as Twilio's API returns it."""
        body = {
            "account_sid": TWILIO_SID,
            "api_version": "2010-04-01",
            "body": "Your order has shipped",
            "date_created": "Sun, 06 Dec 2026 10:00:00 +0000",
            "date_sent": "Sun, 06 Dec 2026 10:00:01 +0000",
            "date_updated": "Sun, 06 Dec 2026 10:00:05 +0000",
            "direction": "outbound-api",
            "error_code": error_code,
            "error_message": error_message,
            "from": "whatsapp:+14155238886",
            "messaging_service_sid": None,
            "num_media": "0",
            "num_segments": "1",
            "price": None,
            "price_unit": "USD",
            "sid": sid,
            "status": status,
            "subresource_uris": {"media": f"/2010-04-01/Accounts/{TWILIO_SID}/Messages/{sid}/Media.json"},
            "to": "whatsapp:+5511987654321",
            "uri": f"/2010-04-01/Accounts/{TWILIO_SID}/Messages/{sid}.json",
        }
        self.messages[sid] = body
        return body
