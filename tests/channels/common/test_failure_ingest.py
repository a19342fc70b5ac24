"""The failure watch on the webhooks: signed statuses answered at once, stored once,
503 when the queue is full, and nothing lost while the database is down."""

import copy
import json
import sqlite3
import time
from pathlib import Path
from typing import Any, Dict
from urllib.parse import urlencode

import pytest
import requests
import sqlalchemy as sa
from twilio.request_validator import RequestValidator

from channels.common.failure_ingest import FailureIngest
from failure_watch.store import Store, account_events, failures
from failure_watch.writer import Writer
from tests.channels import meta_webhook as meta
from tests.channels import twilio_webhook as tw

DATA = Path(__file__).resolve().parents[2] / "failure_watch" / "data"


def body(name: str) -> Dict[str, Any]:
    return json.loads((DATA / f"{name}.json").read_text())


def failed_status(n: int, code: int = 131047) -> Dict[str, Any]:
    b = copy.deepcopy(body("meta_status_failed"))
    status = b["entry"][0]["changes"][0]["value"]["statuses"][0]
    status["id"] = f"wamid.TEST{n:08d}"
    status["recipient_id"] = f"5511900{n:06d}"
    status["errors"][0]["code"] = code
    return b


def count(store: Store, table=failures) -> int:
    store.ensure_schema()
    with store.engine.connect() as c:
        return c.execute(sa.select(sa.func.count()).select_from(table)).scalar()


@pytest.fixture
def watched(tmp_path, api, serve):
    """A WhatsApp channel whose failure watch writes to a temporary store."""

    def start(max_queue: int = 1000, busy_timeout: float = 5.0, channel: Any = None, batch_size: int = 500):
        store = Store("sqlite:///" + str(tmp_path / "failures.db"), busy_timeout=busy_timeout)
        store.ensure_schema()
        writer = Writer(
            lambda: store, max_queue=max_queue, batch_size=batch_size, retry_base=0.05, retry_max=0.2, flush_seconds=0.0
        )
        channel = channel or meta.make_channel(api)
        channel.watch = FailureIngest(writer)
        server = serve(channel)
        return server, store, writer

    yield start


def test_a_signed_failed_status_is_answered_at_once_and_stored_once(watched):
    server, store, writer = watched()
    b = failed_status(1)
    started = time.monotonic()
    for _ in range(3):  # Meta redelivers
        r = meta.post(server, b)
        assert r.status_code == 200
    assert time.monotonic() - started < 1.5
    assert writer.wait_idle(10)
    assert count(store) == 1
    with store.engine.connect() as c:
        row = c.execute(sa.select(failures)).one()
    assert (row.cause, row.advice, row.code, row.recipient) == (
        "outside_service_window",
        "later",
        "131047",
        "5511900000001",
    )


def test_account_changes_are_stored(watched):
    server, store, writer = watched()
    for name in ("meta_template_status", "meta_template_quality", "meta_phone_quality", "meta_account_update"):
        assert meta.post(server, body(name)).status_code == 200
    assert writer.wait_idle(10)
    assert count(store, account_events) == 4


def test_an_unsigned_status_is_refused_and_not_stored(watched):
    server, store, writer = watched()
    assert meta.post(server, failed_status(2), signature=None).status_code == 403
    assert meta.post(server, failed_status(2), signature="sha256=" + "0" * 64).status_code == 403
    assert writer.accepted == 0 and count(store) == 0


def test_queue_full_answers_503_and_the_redelivery_is_stored(watched, caplog):
    server, store, writer = watched(max_queue=2, busy_timeout=0.05, batch_size=1)
    blocker = sqlite3.connect(str(Path(store.url[len("sqlite:///") :])), isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")  # the database is down: the writer cannot drain
    answers = {n: meta.post(server, failed_status(n)) for n in range(10)}
    refused = [n for n, r in answers.items() if r.status_code == 503]
    assert refused, "the queue never filled"
    assert all(r.status_code in (200, 503) for r in answers.values())
    assert answers[refused[0]].headers.get("Retry-After")
    assert "queue full" in caplog.text
    # a user's message still gets through the chat path meanwhile
    meta.say(server, meta.text("hello"))
    assert server.dialogue() == ["hello"]
    blocker.execute("ROLLBACK")
    blocker.close()
    assert writer.wait_idle(10)
    for n in refused:  # Meta delivers the refused ones again (later again if still busy)
        for _ in range(50):
            if meta.post(server, failed_status(n)).status_code == 200:
                break
            time.sleep(0.05)
        else:
            raise AssertionError(f"status {n} refused for good")
    assert writer.wait_idle(10)
    assert count(store) == 10


def test_database_down_and_back_nothing_is_lost(watched):
    server, store, writer = watched(busy_timeout=0.05)
    blocker = sqlite3.connect(str(Path(store.url[len("sqlite:///") :])), isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    for n in range(20):
        assert meta.post(server, failed_status(n, code=131026 if n % 2 else 131047)).status_code == 200
    time.sleep(0.5)
    assert writer.failed_writes >= 1 and writer.pending == 20
    blocker.execute("ROLLBACK")
    blocker.close()
    assert writer.wait_idle(10)
    assert count(store) == 20


def test_twilio_status_callback_route_is_signed_and_stored(tmp_path, api, serve):
    store = Store("sqlite:///" + str(tmp_path / "failures.db"))
    writer = Writer(lambda: store, flush_seconds=0.02)
    channel = tw.make_channel(api)
    channel.watch = FailureIngest(writer)
    server = serve(channel)
    url = server.url("/webhooks/twilio_whatsapp/status")
    fields = {
        "MessageSid": "SM" + "a" * 32,
        "SmsSid": "SM" + "a" * 32,
        "AccountSid": tw.SID,
        "From": "whatsapp:+14155238886",
        "To": "whatsapp:+5511987654321",
        "MessageStatus": "undelivered",
        "SmsStatus": "undelivered",
        "ErrorCode": "63016",
        "ChannelPrefix": "whatsapp",
        "ApiVersion": "2010-04-01",
        "ErrorMessage": "Failed to send freeform message because you are outside the allowed window.",
    }

    def post(f: Dict[str, str], signature: str = "auto", target: str = url) -> requests.Response:
        sig = RequestValidator(tw.AUTH_TOKEN).compute_signature(target, f) if signature == "auto" else signature
        return requests.post(
            target,
            data=urlencode(f),
            timeout=5,
            headers={"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": sig},
        )

    assert post(fields, signature="wrong").status_code == 403
    for _ in range(2):  # Twilio retries
        r = post(fields)
        assert r.status_code == 200 and "<Response>" in r.text
    assert (
        post({**fields, "MessageSid": "SM" + "b" * 32, "MessageStatus": "delivered", "ErrorCode": ""}).status_code
        == 200
    )
    # a status callback sent to the inbound webhook URL is kept too
    assert post({**fields, "MessageSid": "SM" + "c" * 32}, target=server.url(tw.WEBHOOK)).status_code == 200
    assert writer.wait_idle(10)
    with store.engine.connect() as c:
        got = c.execute(
            sa.select(failures.c.message_id, failures.c.cause, failures.c.provider).order_by(failures.c.message_id)
        ).all()
    assert [tuple(g) for g in got] == [
        ("SM" + "a" * 32, "outside_service_window", "twilio"),
        ("SM" + "c" * 32, "outside_service_window", "twilio"),
    ]
    assert server.dialogue() == []  # status callbacks never reach the dialogue


def test_watch_off_keeps_statuses_answered(api, serve):
    channel = meta.make_channel(api)
    channel.watch = FailureIngest(None)
    server = serve(channel)
    assert meta.post(server, failed_status(1)).status_code == 200


def test_settings_turn_the_watch_off(monkeypatch):
    import channels.common.failure_ingest as ingest

    monkeypatch.setattr(ingest, "_SHARED", None)
    monkeypatch.setenv("TICKFIX_WATCH", "off")
    assert not ingest.shared_ingest().enabled
    monkeypatch.setattr(ingest, "_SHARED", None)
