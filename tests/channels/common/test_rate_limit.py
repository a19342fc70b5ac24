"""The per-sender rate limit (channels/common/rate_limit.py).

The limiter alone with an injected clock; then the REST and WhatsApp channels
on a test server with a stand-in agent; then (``e2e``) a flood of 50 messages
against the real Rasa and action servers.
"""

import logging
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, List, Tuple

import pytest
import requests

from channels.common.rate_limit import DROP, NOTIFY, PASS, RateLimiter
from channels.common.replies import failure_reply, no_reply_apology, slow_down
from channels.guarded.rest import GuardedRestInput

WEBHOOK = "/webhooks/rest/webhook"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def limiter(rate: float = 5, burst: int = 10, **kw: Any) -> Tuple[RateLimiter, Clock]:
    clock = Clock()
    return RateLimiter(rate, burst, clock=clock, **kw), clock


# ---------------------------------------------------------------------------
# The limiter
# ---------------------------------------------------------------------------


def test_a_burst_passes_then_one_notice_then_silence() -> None:
    lim, _ = limiter()
    verdicts = [lim.check("a") for _ in range(50)]
    assert verdicts == [PASS] * 10 + [NOTIFY] + [DROP] * 39
    assert lim.dropped("a") == 40


def test_other_senders_are_not_affected() -> None:
    lim, _ = limiter()
    for _ in range(50):
        lim.check("flooder")
    assert [lim.check("someone else") for _ in range(10)] == [PASS] * 10


def test_a_sender_at_the_rate_is_never_dropped() -> None:
    lim, clock = limiter(rate=5, burst=10)
    for _ in range(200):  # exactly 5 a second, for 40 s
        assert lim.check("steady") == PASS
        clock.advance(0.2)


def test_a_sender_who_keeps_flooding_stays_dropped_and_is_told_once() -> None:
    lim, clock = limiter(rate=5, burst=10)
    verdicts = []
    for _ in range(500):  # 50 a second for 10 s
        verdicts.append(lim.check("flooder"))
        clock.advance(0.02)
    assert verdicts.count(PASS) == 10 and verdicts.count(NOTIFY) == 1


def test_after_easing_off_messages_pass_and_a_new_burst_gets_a_new_notice() -> None:
    lim, clock = limiter(rate=5, burst=10)
    for _ in range(30):
        lim.check("a")
        clock.advance(0.02)
    clock.advance(1.0)  # the last 10 tries are not 2 s old yet
    assert lim.check("a") == DROP
    clock.advance(2.0)  # a whole window quiet
    assert lim.check("a") == PASS
    assert lim.dropped("a") == 0
    verdicts = [lim.check("a") for _ in range(20)]
    assert verdicts == [PASS] * 9 + [NOTIFY] + [DROP] * 10


def test_between_bursts_the_window_slides() -> None:
    lim, clock = limiter(rate=5, burst=10)  # 10 in any 2 s
    assert [lim.check("a") for _ in range(10)] == [PASS] * 10
    clock.advance(1.0)
    assert lim.check("a") == NOTIFY
    clock.advance(1.0)  # the first ten are 2 s old now
    assert lim.check("a") == PASS


@pytest.mark.parametrize("rate, burst", [(0, 10), (5, 0), (0, 0)])
def test_zero_turns_it_off(rate: float, burst: int) -> None:
    lim, _ = limiter(rate=rate, burst=burst)
    assert not lim.enabled
    assert {lim.check("a") for _ in range(100)} == {PASS}
    assert len(lim) == 0


def test_memory_is_bounded_quiet_senders_are_forgotten() -> None:
    lim, clock = limiter(rate=5, burst=10, max_senders=100)
    for i in range(1000):
        lim.check(f"sender-{i}")
    assert len(lim) == 100  # the cap
    clock.advance(2.01)  # one window (10 / 5 s) without a word from anyone
    assert len(lim) == 0


def test_arrival_time_given_by_the_channel_is_used() -> None:
    lim, clock = limiter(rate=5, burst=10)
    clock.advance(60)  # the messages are handled a minute after they came, 10 ms apart
    verdicts = [lim.check("a", now=1000.0 + i * 0.01) for i in range(12)]
    assert verdicts == [PASS] * 10 + [NOTIFY, DROP]


def test_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch, caplog: Any) -> None:
    monkeypatch.delenv("TICKFIX_RATE_PER_SECOND", raising=False)
    monkeypatch.delenv("TICKFIX_RATE_BURST", raising=False)
    lim = RateLimiter.from_env()
    assert (lim.rate, lim.burst, lim.window) == (5.0, 10, 2.0)
    monkeypatch.setenv("TICKFIX_RATE_PER_SECOND", "2.5")
    monkeypatch.setenv("TICKFIX_RATE_BURST", "4")
    assert (RateLimiter.from_env().rate, RateLimiter.from_env().burst) == (2.5, 4)
    monkeypatch.setenv("TICKFIX_RATE_PER_SECOND", "0")
    assert not RateLimiter.from_env().enabled
    monkeypatch.setenv("TICKFIX_RATE_PER_SECOND", "fast")
    monkeypatch.setenv("TICKFIX_RATE_BURST", "-3")
    with caplog.at_level(logging.WARNING):
        lim = RateLimiter.from_env()
    assert (lim.rate, lim.burst) == (5.0, 10)
    assert "TICKFIX_RATE_PER_SECOND is not a number" in caplog.text
    assert "TICKFIX_RATE_BURST must be 0 or more" in caplog.text


@pytest.mark.parametrize("lang, words", [("en", "slow down"), ("es", "despacio"), ("pt", "devagar")])
def test_the_notice_is_worded_in_each_language(lang: str, words: str) -> None:
    assert words in slow_down(lang).lower()


def test_spanish_says_tu_and_portuguese_says_voce() -> None:
    assert slow_down("es").startswith("Estás") and "usted" not in slow_down("es").lower()
    assert slow_down("pt").startswith("Você")


# ---------------------------------------------------------------------------
# On the channels (stand-in agent)
# ---------------------------------------------------------------------------


def rest_post(server: Any, sender: str, text: str, metadata: Any = None) -> List[Dict[str, Any]]:
    body: Dict[str, Any] = {"sender": sender, "message": text}
    if metadata is not None:
        body["metadata"] = metadata
    r = requests.post(server.url(WEBHOOK), json=body, timeout=10)
    assert r.status_code == 200
    return r.json()


@pytest.fixture
def limited_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TICKFIX_RATE_PER_SECOND", "5")
    monkeypatch.setenv("TICKFIX_RATE_BURST", "10")


def test_rest_flood_reaches_the_dialogue_burst_times_with_one_notice(
    serve: Any, limited_env: None, all_logs: Any
) -> None:
    server = serve(GuardedRestInput())
    sender = "919812345610"
    replies = [rest_post(server, sender, f"hello {i}", {"locale": "es"}) for i in range(30)]
    assert server.dialogue() == [f"hello {i}" for i in range(10)]
    assert all(r == [{"recipient_id": sender, "text": f"echo: hello {i}"}] for i, r in enumerate(replies[:10]))
    assert replies[10] == [{"recipient_id": sender, "text": slow_down("es")}]
    assert replies[11:] == [[]] * 19  # dropped without a word, and no apology
    # another sender is not held up
    assert rest_post(server, "someone-else", "hi") == [{"recipient_id": "someone-else", "text": "echo: hi"}]
    dropped = [r for r in all_logs.records if "over the rate limit" in r.getMessage()]
    assert len(dropped) == 20 and {r.levelno for r in dropped} == {logging.INFO}
    assert all("9198******10" in r.getMessage() and sender not in r.getMessage() for r in dropped)
    assert "told to slow down" in dropped[0].getMessage()


def test_dropped_messages_are_not_apologised_for(serve: Any, limited_env: None) -> None:
    server = serve(GuardedRestInput())

    async def silent(message: Any) -> None:  # the dialogue says nothing
        return None

    server.agent.respond = silent
    replies = [rest_post(server, "quiet", f"m{i}") for i in range(13)]
    apology = no_reply_apology()
    assert replies[:10] == [[{"recipient_id": "quiet", "text": apology}]] * 10
    assert replies[10] == [{"recipient_id": "quiet", "text": slow_down()}]
    assert replies[11:] == [[], []]
    assert failure_reply() not in str(replies)


def test_rate_zero_lets_every_message_through(serve: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TICKFIX_RATE_PER_SECOND", "0")
    server = serve(GuardedRestInput())
    for i in range(25):
        rest_post(server, "unlimited", f"m{i}")
    assert len(server.dialogue()) == 25


def test_whatsapp_counts_messages_when_they_arrived(
    whatsapp_channel: Any, serve: Any, api: Any, limited_env: None
) -> None:
    """Handled one at a time, slower than the limit: still limited by arrival."""
    from tests.channels.meta_webhook import say, sent_texts, text

    whatsapp = serve(whatsapp_channel)
    whatsapp.agent.delays = {f"m{i}": 0.25 for i in range(15)}  # 15 x 0.25 s > the 2 s window
    say(whatsapp, *[text(f"m{i}") for i in range(15)])
    assert whatsapp.dialogue() == [f"m{i}" for i in range(10)]
    assert sent_texts(api) == [f"echo: m{i}" for i in range(10)] + [slow_down()]


# ---------------------------------------------------------------------------
# Against the real Rasa and action servers
# ---------------------------------------------------------------------------

TOKEN = "rate-limit-test-token-0123456789"


@pytest.fixture(scope="module")
def limited_rasa(rasa_stack: Dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A Rasa server with the auth token and the default limit, on the stack's action server."""
    from tests.support.servers import rasa_server

    workdir = tmp_path_factory.mktemp("rate-limit")
    server = rasa_server(
        workdir,
        rasa_stack["rasa"].env["ACTION_ENDPOINT_URL"],
        workdir / "conversations.db",
        extra_env={"TICKFIX_RATE_PER_SECOND": "5", "TICKFIX_RATE_BURST": "10"},
        extra_args=["--auth-token", TOKEN],
    ).start()
    try:
        yield server.health_url.rsplit("/", 1)[0]
    finally:
        server.stop()


def timed_say(base: str, sender: str, text: str) -> Tuple[List[Dict[str, Any]], float]:
    t = time.perf_counter()
    r = requests.post(f"{base}{WEBHOOK}", json={"sender": sender, "message": text}, timeout=60)
    r.raise_for_status()
    return r.json(), time.perf_counter() - t


@pytest.mark.e2e
def test_a_flood_of_50_is_limited_without_holding_up_others(limited_rasa: str) -> None:
    base = limited_rasa
    flooder = f"flood-{uuid.uuid4().hex[:8]}"
    other = f"other-{uuid.uuid4().hex[:8]}"
    warm = f"warm-{uuid.uuid4().hex[:8]}"
    timed_say(base, warm, "hi")
    _, quiet_latency = timed_say(base, warm, "hi")  # alone, for comparison

    results: Dict[str, Any] = {}

    def other_user() -> None:
        time.sleep(0.5)  # in the middle of the flood
        results["other"] = timed_say(base, other, "hi")

    neighbour = threading.Thread(target=other_user)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=50) as pool:
        neighbour.start()
        futures = []
        for i in range(50):  # 50 messages in ~1 s
            futures.append(pool.submit(timed_say, base, flooder, f"hello {i}"))
            time.sleep(0.02)
        sending_seconds = time.perf_counter() - started
        flood = [f.result() for f in futures]
    neighbour.join(60)
    flood_seconds = time.perf_counter() - started

    notice = slow_down()
    texts = [[m.get("text") for m in reply] for reply, _ in flood]
    notices = [t for t in texts if notice in t]
    answered = [t for t in texts if t and notice not in t]
    silent = [t for t in texts if not t]
    assert len(notices) == 1 and notices[0] == [notice]
    assert len(answered) == 10 and len(silent) == 39
    assert not any(no_reply_apology() in t or failure_reply() in t for t in texts)
    dropped_latency = max(latency for (reply, latency) in flood if not reply)

    tracker = requests.get(f"{base}/conversations/{flooder}/tracker", params={"token": TOKEN}, timeout=30)
    assert tracker.status_code == 200
    user_events = [e for e in tracker.json()["events"] if e["event"] == "user"]
    assert 1 <= len(user_events) <= 10 and len(user_events) == len(answered)

    other_reply, other_latency = results["other"]
    other_texts = [m.get("text") or "" for m in other_reply]
    assert other_texts and notice not in other_texts
    assert not any(no_reply_apology() in t or failure_reply() in t for t in other_texts)
    assert other_latency < 5.0, f"the other sender waited {other_latency:.2f} s"
    print(
        f"\nflood: 50 sent in {sending_seconds:.2f} s, all answered in {flood_seconds:.2f} s, "
        f"{len(user_events)} reached the dialogue, "
        f"dropped answered within {dropped_latency * 1000:.0f} ms; other sender "
        f"{other_latency * 1000:.0f} ms during the flood vs {quiet_latency * 1000:.0f} ms alone"
    )
