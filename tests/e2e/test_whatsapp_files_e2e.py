"""End to end: a campaign export sent as a CSV file on WhatsApp is read and reported.

The real Rasa and action servers, the WhatsApp channel fetching the file from a local
Graph API stand-in (GET /{media-id}, then the file's URL, both with the token), and the
reply going back through the stand-in: the same campaign report a pasted export gets.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any, Dict, List

import requests

from diagnosis.language import say

from channels.common.replies import notice
from tests.channels import meta_webhook as meta
from tests.channels.harness import ApiStandIn
from tests.e2e.conftest import DESK_TOKEN

EXPORT = (
    "telefone;status;codigo_erro;erro\n"
    "5511987654321;failed;131047;Re-engagement message\n"
    "5511912345678;failed;131047;Re-engagement message\n"
    "5511955554444;failed;131026;Message undeliverable\n"
    "5511900001111;delivered;;\n"
)


def send_document(base: str, sender: str, media_id: str, mime: str, filename: str) -> None:
    message = meta.msg("document", {"id": media_id, "mime_type": mime, "filename": filename}, sender=sender)
    raw = json.dumps(meta.delivery(meta.value([message], wa_id=sender))).encode("utf-8")
    r = requests.post(
        f"{base}/webhooks/whatsapp/webhook",
        data=raw,
        timeout=30,
        headers={"Content-Type": "application/json", "X-Hub-Signature-256": meta.sign(raw)},
    )
    assert r.status_code == 200, r.text


def replies_to(graph: ApiStandIn, sender: str, count: int, timeout: float = 60) -> List[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        texts = [
            m.get("text", {}).get("body") or json.dumps(m.get("interactive", {}))
            for m in graph.graph_messages()
            if m.get("to") == sender
        ]
        if len(texts) >= count:
            return texts
        time.sleep(0.2)
    raise AssertionError(f"no reply to {sender}")


def test_a_csv_export_sent_as_a_file_is_reported_by_cause(desk_stack: Dict[str, Any], graph: ApiStandIn) -> None:
    sender = "5511" + str(uuid.uuid4().int)[:9]
    graph.files["880011223344"] = ("text/csv", EXPORT.encode("utf-8"))
    send_document(desk_stack["base"], sender, "880011223344", "text/csv", "campanha.csv")
    [reply] = replies_to(graph, sender, 1)
    # the user's language is a hint from the number (+55): Portuguese
    assert say("campaign.export.headline", "pt", failed=3, rows=4, causes=2) in reply
    assert "5.511" not in reply and "16.535" not in reply  # phone numbers are never counts
    tracker = requests.get(
        f"{desk_stack['base']}/conversations/{sender}/tracker", params={"token": DESK_TOKEN}, timeout=30
    ).json()
    assert tracker["slots"]["campaign"] == "yes"
    user_events = [e for e in tracker["events"] if e["event"] == "user"]
    assert user_events[-1]["metadata"]["attachment"]["filename"] == "campanha.csv"


def test_a_pdf_gets_the_cannot_read_notice(desk_stack: Dict[str, Any], graph: ApiStandIn) -> None:
    sender = "5511" + str(uuid.uuid4().int)[:9]
    graph.files["990011223344"] = ("application/pdf", b"%PDF-1.4 ...")
    send_document(desk_stack["base"], sender, "990011223344", "application/pdf", "relatorio.pdf")
    [reply] = replies_to(graph, sender, 1)
    assert reply == notice("document", "pt")
    assert not [r for r in graph.requests if r["kind"] == "get" and "990011223344" in r["path"]]
