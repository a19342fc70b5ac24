"""Generated bodies posted to the real channel routes of the stack: never a 5xx.

A few hundred bodies (tests/reliability/fuzz_bodies.py: near-valid JSON with wrong types,
random JSON, bytes, odd Twilio forms, huge and odd texts) go to the REST, WhatsApp and
Twilio webhooks of the running Rasa server, signed as Meta and Twilio sign them, so they
get past the signature check into the parsers. Every answer must be below 500 without a
stack trace; afterwards the server still answers, and its log has no ERROR line from the
fuzz (what was accepted was handled in the background without a failure).

Bounded: TICKFIX_FUZZ_ROUTE_EXAMPLES bodies per channel (120), no per-body deadline
(a REST body that is valid runs a whole dialogue turn).
"""

from __future__ import annotations

import os
import time
import uuid
from collections import Counter
from typing import Any, Dict

import pytest
import requests
from hypothesis import HealthCheck, given, settings

from tests.reliability import fuzz_bodies as bodies
from tests.reliability.support import (
    REST_WEBHOOK,
    has_stack_trace,
    post_twilio,
    post_whatsapp,
    reply_texts,
    rest_post,
    wait_for,
)
from tests.support.services import error_lines, log_sizes

pytestmark = pytest.mark.reliability

EXAMPLES = int(os.environ.get("TICKFIX_FUZZ_ROUTE_EXAMPLES", "120"))
ROUTES = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
STATUSES: Dict[str, Counter] = {"REST": Counter(), "WhatsApp": Counter(), "Twilio": Counter()}


@pytest.fixture(scope="module")
def fuzz_started(stack: Dict[str, Any]) -> Dict[str, Any]:
    """Where the Rasa log stood and when the fuzz began."""
    return {"log": log_sizes([stack["rasa"].log]), "at": time.monotonic()}


def _check(channel: str, r: requests.Response) -> None:
    STATUSES[channel][r.status_code] += 1
    assert r.status_code < 500, f"{channel}: {r.status_code} {r.text[:300]}"
    assert not has_stack_trace(r.text), r.text[:500]


@ROUTES
@given(raw=bodies.rest_raw)
def test_rest_route(stack: Dict[str, Any], fuzz_started: Any, raw: bytes) -> None:
    r = requests.post(
        f"{stack['base']}{REST_WEBHOOK}", data=raw, timeout=90, headers={"Content-Type": "application/json"}
    )
    _check("REST", r)


@ROUTES
@given(raw=bodies.whatsapp_raw)
def test_whatsapp_route(stack: Dict[str, Any], fuzz_started: Any, raw: bytes) -> None:
    _check("WhatsApp", post_whatsapp(stack["base"], raw))


@ROUTES
@given(raw=bodies.twilio_raw)
def test_twilio_route(stack: Dict[str, Any], fuzz_started: Any, raw: bytes) -> None:
    _check("Twilio", post_twilio(stack["base"], raw))


def test_after_the_fuzz_the_server_answers_and_logged_no_error(
    stack: Dict[str, Any], graph: Any, ledger: Any, fuzz_started: Any
) -> None:
    # What the webhooks accepted is answered in the background: wait until the sends stop.
    wait_for(lambda: [len(graph.calls)], timeout=120, quiet=3.0)
    r = rest_post(stack["base"], f"after-fuzz-{uuid.uuid4().hex[:8]}", "hi")
    assert r.status_code == 200 and reply_texts(r), r.text[:300]
    errors = error_lines(stack["rasa"].log, fuzz_started["log"][stack["rasa"].log])
    seconds = time.monotonic() - fuzz_started["at"]
    ledger.notes.append(
        "route fuzz, generated bodies by answer: "
        + "; ".join(
            f"{channel} " + ", ".join(f"{status} x{n}" for status, n in sorted(counts.items()))
            for channel, counts in STATUSES.items()
        )
    )
    ledger.timings["route fuzz"] = seconds
    assert not errors, "\n".join(errors[:20])
