"""Helpers of the reliability suite: the misbehaving Graph API stand-in, the
ledger behind the summary, and ways to talk to the stack (REST, WhatsApp, Twilio).
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple
from urllib.parse import parse_qs, urlencode

import requests

from channels.common.input_limits import clip
from channels.common.replies import FAILURE_REPLY
from channels.common.signatures import twilio_signature
from channels.common.slash_guard import neutralise
from tests.channels import meta_webhook as meta
from tests.channels import twilio_webhook as twilio
from tests.channels.harness import ApiStandIn

REST_WEBHOOK = "/webhooks/rest/webhook"
WHATSAPP_WEBHOOK = "/webhooks/whatsapp/webhook"
TWILIO_WEBHOOK = "/webhooks/twilio_whatsapp/webhook"


# ---------------------------------------------------------------------------
# The Graph API stand-in, with faults per recipient
# ---------------------------------------------------------------------------


class GraphStandIn(ApiStandIn):
    """tests/channels' Graph API stand-in; ``faults[recipient]`` makes it misbehave
    for one user: "500", "429" (with Retry-After) or "timeout" (answers too late).
    Every request is logged with its time in ``calls``."""

    def __init__(self, hang_seconds: float = 3.0) -> None:
        super().__init__()
        self.faults: Dict[str, str] = {}
        self.hang_seconds = hang_seconds
        self.calls: List[Tuple[float, Optional[str], int, Any]] = []
        # A hung answer is written to a socket the client already closed.
        self._server.handle_error = lambda request, client_address: None

    def _answer(self, path: str, headers: Dict[str, str], raw: bytes) -> tuple:
        if "/2010-04-01/Accounts/" in path:  # Twilio: a form, the recipient in To
            body: Dict[str, Any] = {k: v[0] for k, v in parse_qs(raw.decode("utf-8", "replace")).items()}
            recipient = body.get("To")
        else:
            try:
                body = json.loads(raw.decode("utf-8"))
            except ValueError:
                body = {}
            if not isinstance(body, dict):
                body = {}
            recipient = body.get("to") or body.get("recipient")
        fault = self.faults.get(recipient)
        now = time.monotonic()
        if fault == "500":
            answer = self.graph_error(500, 1, "An unknown error occurred", "OAuthException") + ({},)
        elif fault == "429":
            answer = self.graph_error(429, 130429, "Rate limit hit", "OAuthException") + ({"Retry-After": "0.3"},)
        elif fault == "timeout":
            with self._lock:  # logged at once, as "hung" (status 0)
                self.calls.append((now, recipient, 0, body))
            time.sleep(self.hang_seconds)
            return (200, self._graph_success(body), {})
        else:
            answer = super()._answer(path, headers, raw)
        with self._lock:
            self.calls.append((now, recipient, answer[0], body))
        return answer

    def delivered_to(self, recipient: str) -> List[Dict[str, Any]]:
        """The messages the stand-in accepted (2xx, in time) for this user."""
        with self._lock:
            calls = list(self.calls)
        return [b for (_, r, status, b) in calls if r == recipient and 200 <= status < 300]

    def calls_to(self, recipient: str) -> List[Tuple[float, int]]:
        with self._lock:
            return [(t, status) for (t, r, status, _) in self.calls if r == recipient]


def message_text(m: Dict[str, Any]) -> str:
    """The visible text of a Graph API message body (or of a Twilio message's form)."""
    if "Body" in m:
        return m["Body"]
    if m.get("type") == "text":
        return m["text"]["body"]
    if m.get("type") == "interactive":
        return (m["interactive"].get("body") or {}).get("text", "")
    return json.dumps(m)[:200]


# ---------------------------------------------------------------------------
# The ledger: what was tried, what broke, what was kept
# ---------------------------------------------------------------------------


@dataclass
class Ledger:
    inputs: List[Dict[str, str]] = field(default_factory=list)
    faults: List[Dict[str, str]] = field(default_factory=list)
    accepted: List[Dict[str, str]] = field(default_factory=list)  # must be in a tracker
    refused: List[Dict[str, str]] = field(default_factory=list)  # told to send again
    lost: List[Dict[str, str]] = field(default_factory=list)
    timings: Dict[str, float] = field(default_factory=dict)
    notes: List[str] = field(default_factory=list)
    checked_at_end: bool = False

    def input(self, channel: str, name: str, outcome: str) -> None:
        self.inputs.append({"channel": channel, "name": name, "outcome": outcome})

    def fault(self, name: str, detail: str) -> None:
        self.faults.append({"name": name, "detail": detail})

    def accept(self, channel: str, sender: str, text: Optional[str] = None, message_id: Optional[str] = None) -> None:
        self.accepted.append({"channel": channel, "sender": sender, "text": text, "message_id": message_id})

    def refuse(self, fault: str, sender: str, text: str, replies: Any, at: float) -> None:
        self.refused.append({"fault": fault, "sender": sender, "text": text, "replies": replies, "at": round(at, 2)})

    def summary(self) -> str:
        by_channel = Counter(i["channel"] for i in self.inputs)
        lines = [
            "Tickfix reliability summary",
            f"  inputs tried:   {len(self.inputs)} ("
            + ", ".join(f"{c} {n}" for c, n in sorted(by_channel.items()))
            + ")",
        ]
        outcomes = Counter(i["outcome"].split(":")[0] for i in self.inputs)
        lines.append("  input outcomes: " + ", ".join(f"{o} {n}" for o, n in sorted(outcomes.items())))
        lines.append(f"  faults injected: {len(self.faults)}")
        for f in self.faults:
            lines.append(f"    - {f['name']}: {f['detail']}")
        lines.append(f"  messages accepted (checked in the trackers): {len(self.accepted)}")
        lines.append(f"  messages refused with 'please try again' during faults: {len(self.refused)}")
        for r in self.refused[:12]:
            lines.append(f"    - {r['fault']} t={r['at']:+.2f}s {r['sender']}: {r['text'][:40]!r}")
        if len(self.refused) > 12:
            lines.append(f"    ... and {len(self.refused) - 12} more")
        lines.append(f"  messages lost: {len(self.lost)} (must be 0)")
        for item in self.lost:
            lines.append(f"    - LOST {item}")
        if self.timings:
            lines.append("  timings: " + ", ".join(f"{k} {v:.1f}s" for k, v in self.timings.items()))
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)


# ---------------------------------------------------------------------------
# Talking to the stack
# ---------------------------------------------------------------------------


def stored_text(sent: str) -> str:
    """The text Rasa keeps for a REST message: Rasa's strip(), the 4,096-character
    cut (channels/common/input_limits.py), then the slash guard."""
    text = sent.strip() if sent else sent
    return neutralise(clip(text))


class MemoryWatchdog:
    """Kills a server whose memory passes a limit, so that a test cannot take the
    machine down (a long message once made Rasa grow to 21 GB here)."""

    def __init__(self, pid: int, limit_mb: int, on_kill: Callable[[int], None]) -> None:
        self.pid, self.limit_mb, self.on_kill = pid, limit_mb, on_kill
        self.peak_mb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def start(self) -> "MemoryWatchdog":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)

    def _rss_mb(self) -> Optional[int]:
        try:
            status = Path(f"/proc/{self.pid}/status").read_text()
        except OSError:
            return None
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
        return None

    def _watch(self) -> None:
        while not self._stop.wait(0.25):
            rss = self._rss_mb()
            if rss is None:
                return
            self.peak_mb = max(self.peak_mb, rss)
            if rss > self.limit_mb:
                try:
                    os.killpg(self.pid, signal.SIGKILL)
                finally:
                    self.on_kill(rss)
                return


def is_refusal(replies: List[str]) -> bool:
    """The user was told the message may not have been kept."""
    return FAILURE_REPLY in replies


def rest_post(base: str, sender: Any, text: Any, timeout: float = 90) -> requests.Response:
    return requests.post(f"{base}{REST_WEBHOOK}", json={"sender": sender, "message": text}, timeout=timeout)


def reply_texts(r: requests.Response) -> List[str]:
    return [(m.get("text") or "") for m in r.json()]


def tracker(base: str, sender: str) -> Dict[str, Any]:
    r = requests.get(f"{base}/conversations/{sender}/tracker", params={"include_events": "ALL"}, timeout=60)
    r.raise_for_status()
    return r.json()


def user_events(tr: Dict[str, Any]) -> List[Dict[str, Any]]:
    return [e for e in tr["events"] if e["event"] == "user"]


def missing_from_trackers(base: str, accepted: List[Dict[str, str]]) -> List[Dict[str, str]]:
    """The accepted messages that are not in their conversation's tracker."""
    by_sender: Dict[str, List[Dict[str, str]]] = {}
    for item in accepted:
        by_sender.setdefault(item["sender"], []).append(item)
    missing = []
    for sender, items in by_sender.items():
        events = user_events(tracker(base, sender))
        texts = Counter(e.get("text") for e in events)
        ids = {e.get("message_id") for e in events}
        for item in items:
            if item.get("message_id"):
                if item["message_id"] not in ids:
                    missing.append(item)
            elif texts[item["text"]] > 0:
                texts[item["text"]] -= 1
            else:
                missing.append(item)
    return missing


class WhatsAppUser:
    """A WhatsApp user writing to the real Rasa server through Meta's (signed) webhook."""

    def __init__(self, base: str, graph: GraphStandIn, wa_id: str) -> None:
        self.base, self.graph, self.wa_id = base, graph, wa_id

    def send(self, text: str) -> Tuple[requests.Response, str]:
        m = meta.text(text, sender=self.wa_id)
        body = meta.delivery(meta.value([m], wa_id=self.wa_id))
        raw = json.dumps(body).encode("utf-8")
        r = requests.post(
            f"{self.base}{WHATSAPP_WEBHOOK}",
            data=raw,
            timeout=30,
            headers={"Content-Type": "application/json", "X-Hub-Signature-256": meta.sign(raw)},
        )
        return r, m["id"]

    def replies(self) -> List[str]:
        return [message_text(m) for m in self.graph.delivered_to(self.wa_id)]

    def wait_for_replies(self, already: int = 0, timeout: float = 45, quiet: float = 1.0) -> List[str]:
        """The replies after the first ``already`` ones, once they stopped coming."""
        return wait_for(lambda: self.replies()[already:], timeout, quiet)


def post_whatsapp(base: str, raw: bytes) -> requests.Response:
    """Any body to the WhatsApp webhook, signed as Meta signs it."""
    return requests.post(
        f"{base}{WHATSAPP_WEBHOOK}",
        data=raw,
        timeout=30,
        headers={"Content-Type": "application/json", "X-Hub-Signature-256": meta.sign(raw)},
    )


def post_twilio(base: str, raw: bytes) -> requests.Response:
    """Any body to the Twilio webhook, signed as Twilio signs it when it is a UTF-8 form
    (the server rebuilds the URL from the request: http://127.0.0.1:port/...)."""
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    try:
        form = parse_qs(raw.decode("utf-8"), keep_blank_values=True)
        headers["X-Twilio-Signature"] = twilio_signature(twilio.AUTH_TOKEN, f"{base}{TWILIO_WEBHOOK}", form)
    except (UnicodeDecodeError, ValueError):
        pass  # the server answers 400 before it looks at the signature
    return requests.post(f"{base}{TWILIO_WEBHOOK}", data=raw, headers=headers, timeout=30)


class TwilioUser:
    """A WhatsApp user writing through Twilio's (signed) webhook to the real Rasa server."""

    def __init__(self, base: str, graph: GraphStandIn, wa_id: str) -> None:
        self.base, self.graph, self.wa_id = base, graph, wa_id
        self.address = f"whatsapp:+{wa_id}"

    def send(self, text: str) -> Tuple[requests.Response, str]:
        sid = f"SM{uuid.uuid4().hex}"
        fields = twilio.form(text, From=self.address, WaId=self.wa_id, MessageSid=sid, SmsMessageSid=sid)
        return post_twilio(self.base, urlencode(fields).encode("ascii")), sid

    def replies(self) -> List[str]:
        return [message_text(m) for m in self.graph.delivered_to(self.address)]

    def wait_for_replies(self, already: int = 0, timeout: float = 45, quiet: float = 1.0) -> List[str]:
        """The replies after the first ``already`` ones, once they stopped coming."""
        return wait_for(lambda: self.replies()[already:], timeout, quiet)


def wait_for(get: Callable[[], List[Any]], timeout: float, quiet: float = 1.0) -> List[Any]:
    """Polls ``get`` until it returns something and stays unchanged for ``quiet`` s."""
    deadline = time.monotonic() + timeout
    last: List[Any] = []
    changed = time.monotonic()
    while time.monotonic() < deadline:
        now = get()
        if now != last:
            last, changed = now, time.monotonic()
        elif last and time.monotonic() - changed >= quiet:
            return last
        time.sleep(0.1)
    return last


def has_stack_trace(text: str) -> bool:
    return "Traceback (most recent call last)" in text or 'File "/' in text


# ---------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------


def stop_postgres(data_dir: Path, timeout: float = 60) -> float:
    """Fast shutdown of the cluster scripts/services.sh runs (every connection is cut).

    Returns the seconds it took."""
    home = Path(os.path.realpath(data_dir / "postgres"))
    pid = int((home / "data" / "postmaster.pid").read_text().split()[0])
    started = time.monotonic()
    os.kill(pid, signal.SIGINT)
    deadline = started + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return time.monotonic() - started
        time.sleep(0.05)
    raise RuntimeError(f"PostgreSQL (pid {pid}) did not stop in {timeout}s")


class Load:
    """Several REST conversations taking turns in threads until stopped."""

    SCRIPT = [
        "hi",
        "(#131047) Re-engagement message",
        "2 hours ago",
        "no, still failing",
        "(#132001) Template name does not exist in the translation",
        "approved",
        "thanks",
    ]

    PACE = 0.3  # seconds at least between one sender's messages

    def __init__(self, base: str, senders: List[str], max_turns: int = 120) -> None:
        self.base, self.senders, self.max_turns = base, senders, max_turns
        self.records: List[Dict[str, Any]] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._talk, args=(s,), daemon=True) for s in senders]

    def start(self) -> "Load":
        for t in self._threads:
            t.start()
        return self

    def stop(self, timeout: float = 120) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(timeout)

    def _talk(self, sender: str) -> None:
        for n in range(self.max_turns):
            if self._stop.is_set():
                return
            text = self.SCRIPT[n % len(self.SCRIPT)]
            t0 = time.monotonic()
            record: Dict[str, Any] = {"sender": sender, "text": text, "t0": t0}
            try:
                r = rest_post(self.base, sender, text, timeout=90)
                record.update(status=r.status_code, body=r.text[:2000])
                record["replies"] = reply_texts(r) if r.status_code == 200 else None
            except (requests.RequestException, ValueError) as e:
                record.update(status=None, body=repr(e), replies=None)
            record["t1"] = time.monotonic()
            with self._lock:
                self.records.append(record)
            # a person's pace: the per-sender rate limit (10 messages in 2 s) would otherwise
            # drop a fast bot's conversations by design
            time.sleep(max(0.0, self.PACE - (record["t1"] - t0)))
            time.sleep(0.05)
