"""A local stand-in for Chatwoot, for the tests: its Application API and its webhook bodies.

* ``ChatwootStandIn``: a small HTTP server (own thread) that answers like Chatwoot's
  Application API as the agent bot uses it: ``POST /api/v1/accounts/{a}/conversations/{c}/messages``
  (``content``, ``message_type``, ``private``, ``content_type``, ``content_attributes``)
  and ``POST .../toggle_status`` (``status``: open, resolved, pending, snoozed). It checks
  the ``api_access_token`` header (401 otherwise), records every request, keeps each
  conversation's status (agent-bot conversations start "pending"), and can be scripted to
  answer 5xx or to hang, to test retries and timeouts.
* ``message_created(...)`` / ``option_picked(...)``: webhook bodies in the shape of
  Chatwoot's documented ``message_created``/``message_updated`` events
  (chatwoot/docs, docs/product/others/webhook-events.md).
"""

import itertools
import json
import re
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional, Tuple

BOT_TOKEN = "cw-bot-token-5f4dcc3b5aa765d61d83"
WEBHOOK_TOKEN = "cw-webhook-secret-0b1d2e3f"
ACCOUNT_ID = 3
STATUSES = ("open", "resolved", "pending", "snoozed")

_PATH = re.compile(r"^/api/v1/accounts/(\d+)/conversations/(\d+)/(messages|toggle_status)$")
_ids = itertools.count(9001)


class ChatwootStandIn:
    def __init__(self, token: str = BOT_TOKEN) -> None:
        self.token = token
        self.requests: List[Dict[str, Any]] = []
        self.statuses: Dict[Tuple[int, int], str] = {}
        self._script: "deque[tuple]" = deque()
        self._lock = threading.Lock()
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, body = stand_in._answer(self.path, {k.lower(): v for k, v in self.headers.items()}, raw)
                data = json.dumps(body).encode("utf-8")
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:  # the client gave up (a timeout test)
                    pass

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
        """Script the next answers: (status, body), or ("hang", seconds) to answer 200 late."""
        with self._lock:
            self._script.extend(answers)

    # -- what was received ----------------------------------------------------------

    def _accepted(self, kind: str) -> List[Dict[str, Any]]:
        with self._lock:
            return [r for r in self.requests if r["kind"] == kind and r["status"] < 300]

    def messages(self, conversation: Optional[int] = None) -> List[Dict[str, Any]]:
        """The outgoing messages the contact sees (not the notes), oldest first."""
        return [
            r["json"]
            for r in self._accepted("messages")
            if not r["json"].get("private") and conversation in (None, r["conversation"])
        ]

    def texts(self, conversation: Optional[int] = None) -> List[str]:
        return [m.get("content", "") for m in self.messages(conversation)]

    def notes(self, conversation: Optional[int] = None) -> List[str]:
        return [
            r["json"].get("content", "")
            for r in self._accepted("messages")
            if r["json"].get("private") and conversation in (None, r["conversation"])
        ]

    def status_changes(self, conversation: Optional[int] = None) -> List[str]:
        return [
            r["json"]["status"] for r in self._accepted("toggle_status") if conversation in (None, r["conversation"])
        ]

    def wait_for_messages(self, count: int, conversation: Optional[int] = None, timeout: float = 60) -> List[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            texts = self.texts(conversation)
            if len(texts) >= count:
                return texts
            time.sleep(0.1)
        return self.texts(conversation)

    # -- answering ----------------------------------------------------------------------

    def _answer(self, path: str, headers: Dict[str, str], raw: bytes) -> Tuple[int, Any]:
        record: Dict[str, Any] = {"path": path, "headers": headers, "kind": "other", "json": None}
        match = _PATH.match(path)
        try:
            record["json"] = json.loads(raw.decode("utf-8")) if raw else None
        except ValueError:
            pass
        if headers.get("api_access_token") != self.token:
            answer: Tuple[int, Any] = (401, {"error": "Invalid Access Token"})
        elif match is None:
            answer = (404, {"error": "Resource could not be found"})
        elif not isinstance(record["json"], dict):
            answer = (422, {"message": "body is not a JSON object"})
        else:
            account, conversation, kind = int(match.group(1)), int(match.group(2)), match.group(3)
            record.update(kind=kind, account=account, conversation=conversation)
            answer = self._scripted() or self._ok(kind, account, conversation, record["json"])
        record["status"] = answer[0]
        with self._lock:
            self.requests.append(record)
        return answer

    def _scripted(self) -> Optional[Tuple[int, Any]]:
        with self._lock:
            step = self._script.popleft() if self._script else None
        if step is None:
            return None
        if step[0] == "hang":
            time.sleep(step[1])
            return None
        return step[0], step[1]

    def _ok(self, kind: str, account: int, conversation: int, body: Dict[str, Any]) -> Tuple[int, Any]:
        if kind == "toggle_status":
            status = body.get("status")
            if status not in STATUSES:
                return 422, {"message": "status is not valid"}
            with self._lock:
                self.statuses[(account, conversation)] = status
            return 200, {
                "meta": {},
                "payload": {"success": True, "current_status": status, "conversation_id": conversation},
            }
        if not isinstance(body.get("content"), str) and body.get("content_type") != "input_select":
            return 422, {"message": "content can't be blank"}
        return 200, {
            "id": next(_ids),
            "content": body.get("content"),
            "account_id": account,
            "inbox_id": 1,
            "conversation_id": conversation,
            "message_type": 1,
            "created_at": int(time.time()),
            "private": bool(body.get("private")),
            "status": "sent",
            "source_id": None,
            "content_type": body.get("content_type") or "text",
            "content_attributes": body.get("content_attributes") or {},
            "sender_type": "AgentBot",
            "sender_id": 1,
        }


# ---------------------------------------------------------------------------
# Webhook bodies, as Chatwoot posts them to the agent bot
# ---------------------------------------------------------------------------


def _conversation(
    account: int,
    conversation: int,
    status: str,
    channel: str,
    assignee: Optional[Dict[str, Any]],
    contact: Dict[str, Any],
) -> Dict[str, Any]:
    return {
        "additional_attributes": {"browser_language": "en"} if channel == "Channel::WebWidget" else {},
        "can_reply": True,
        "channel": channel,
        "id": conversation,
        "inbox_id": 1,
        "contact_inbox": {
            "id": 12,
            "contact_id": contact["id"],
            "inbox_id": 1,
            "source_id": "405f1d30-1af3-4fa0-8ffd-11ea3f86101e",
        },
        "messages": [],
        "meta": {"sender": dict(contact, type="contact"), "assignee": assignee},
        "status": status,
        "unread_count": 1,
        "agent_last_seen_at": 0,
        "contact_last_seen_at": 0,
        "timestamp": int(time.time()),
    }


def message_created(
    content: Optional[str],
    conversation: int = 10,
    account: int = ACCOUNT_ID,
    message_id: Optional[int] = None,
    message_type: Any = "incoming",
    status: str = "pending",
    channel: str = "Channel::Api",
    private: bool = False,
    sender_type: str = "contact",
    assignee: Optional[Dict[str, Any]] = None,
    attachments: Optional[List[Dict[str, Any]]] = None,
    content_attributes: Optional[Dict[str, Any]] = None,
    phone_number: Optional[str] = None,
    event: str = "message_created",
) -> Dict[str, Any]:
    """A ``message_created`` event; by default a contact's text in a pending conversation."""
    contact = {"id": 14, "name": "Asha Rao", "avatar": "", "email": None, "phone_number": phone_number}
    sender = {"id": 14, "name": "Asha Rao", "avatar": "", "type": "contact"}
    if sender_type != "contact":
        sender = {"id": 1, "name": "Tickfix", "avatar": "", "type": sender_type}
    body: Dict[str, Any] = {
        "id": message_id if message_id is not None else next(_ids),
        "content": content,
        "created_at": "2026-11-23T10:02:48.000Z",
        "message_type": message_type,
        "content_type": "text",
        "private": private,
        "content_attributes": content_attributes or {},
        "source_id": None,
        "sender": sender,
        "inbox": {"id": 1, "name": "Acme Support"},
        "conversation": _conversation(account, conversation, status, channel, assignee, contact),
        "account": {"id": account, "name": "Acme Inc"},
        "event": event,
    }
    if attachments is not None:
        body["attachments"] = attachments
    return body


def option_picked(title: str, value: str, message_id: int, **kw: Any) -> Dict[str, Any]:
    """The widget's pick of an option: ``message_updated`` of the bot's input_select message."""
    body = message_created(
        "Did that solve it?",
        message_id=message_id,
        message_type="outgoing",
        sender_type="agent_bot",
        event="message_updated",
        **kw,
    )
    body["content_type"] = "input_select"
    body["content_attributes"] = {
        "items": [{"title": title, "value": value}],
        "submitted_values": [{"title": title, "value": value}],
    }
    return body


def person() -> Dict[str, Any]:
    """A human agent, as ``conversation.meta.assignee``."""
    return {"id": 1, "name": "John", "available_name": "John", "type": "user", "availability_status": "online"}
