"""The agent view (channels/backoffice/agent_view.py): list, transcript, reply, hand back, behind the token.

The channel is mounted the way Rasa mounts it (harness.ChannelServer: ``register``
under ``/webhooks/``, which its absolute prefix turns into ``/agent``), with Rasa's
own in-memory tracker and lock stores and the real domain. A WhatsApp user's reply
goes to the Graph API stand-in.
"""

import asyncio
from typing import Any, Dict, Iterator, List
from urllib.parse import quote

import pytest
import requests

from agent_desk import AGENT_MARK, COOKIE_NAME
from channels.backoffice.agent_view import AgentViewInput, token_from
from channels.common.replies import handed_back
from tests.channels.harness import ApiStandIn
from tests.channels.meta_webhook import PHONE_NUMBER_ID, USER, make_channel

TOKEN = "agent-view-test-token-123"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
REST_USER = "rest-user-1"


@pytest.fixture(scope="module")
def domain() -> Any:
    from rasa.shared.core.domain import Domain

    return Domain.load("domain.yml")


@pytest.fixture(autouse=True)
def _no_token_in_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RASA_AUTH_TOKEN", raising=False)


class Desk:
    """An agent view on a test server with a stand-in agent holding Rasa's stores."""

    def __init__(self, server: Any, domain: Any, whatsapp: Any = None, store: Any = None) -> None:
        from rasa.core.lock_store import InMemoryLockStore
        from rasa.core.tracker_store import InMemoryTrackerStore

        self.server, self.domain = server, domain
        self.store = store or InMemoryTrackerStore(domain)
        server.agent.tracker_store = self.store
        server.agent.lock_store = InMemoryLockStore()
        server.agent.domain = domain
        channels = [server.channel] + ([whatsapp] if whatsapp is not None else [])
        server.app.ctx.input_channels = channels

    def run(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.server.loop).result(10)

    def add(
        self,
        sender: str,
        channel: str = "rest",
        paused: bool = True,
        handed_off: bool = True,
        language: str = "en",
        at: float = 1_800_000_000.0,
        text: str = "Error 131047",
    ) -> None:
        from rasa.shared.core.events import BotUttered, ConversationPaused, SlotSet, UserUttered
        from rasa.shared.core.trackers import DialogueStateTracker

        events = [
            UserUttered(text, input_channel=channel, timestamp=at, metadata={"full_text": text + " (whole paste)"}),
            SlotSet("language", language, timestamp=at),
            SlotSet("problem_text", text, timestamp=at),
            SlotSet("tried_causes", ["outside_service_window"], timestamp=at),
            BotUttered("Here is a summary...", timestamp=at + 1),
            UserUttered("talk to a person", input_channel=channel, timestamp=at + 2),
        ]
        if handed_off:
            events.append(SlotSet("handed_off", True, timestamp=at + 3))
        if paused:
            events.append(ConversationPaused(timestamp=at + 3))
        self.run(self.store.save(DialogueStateTracker.from_events(sender, events, slots=self.domain.slots)))

    def tracker(self, sender: str) -> Any:
        return self.run(self.store.retrieve(sender))

    def url(self, path: str) -> str:
        return self.server.url(path)

    def get(self, path: str, **kw: Any) -> requests.Response:
        kw.setdefault("headers", AUTH)
        return requests.get(self.url(path), timeout=10, allow_redirects=False, **kw)

    def post(self, path: str, **kw: Any) -> requests.Response:
        kw.setdefault("headers", AUTH)
        return requests.post(self.url(path), timeout=10, allow_redirects=False, **kw)


@pytest.fixture
def desk(serve: Any, domain: Any) -> Desk:
    return Desk(serve(AgentViewInput(token=TOKEN)), domain)


@pytest.fixture
def graph() -> Iterator[ApiStandIn]:
    stand_in = ApiStandIn()
    yield stand_in
    stand_in.close()


@pytest.fixture
def desk_with_whatsapp(serve: Any, domain: Any, graph: ApiStandIn) -> Desk:
    return Desk(serve(AgentViewInput(token=TOKEN)), domain, whatsapp=make_channel(graph))


def api(sender: str, action: str = "") -> str:
    path = f"/agent/api/conversations/{quote(sender, safe='')}"
    return f"{path}/{action}" if action else path


# ---------------------------------------------------------------------------
# Closed by default
# ---------------------------------------------------------------------------

PROTECTED = [
    ("GET", "/agent"),
    ("GET", "/agent/conversations/x"),
    ("GET", "/agent/api/conversations"),
    ("GET", "/agent/api/conversations/x"),
    ("POST", "/agent/api/conversations/x/reply"),
    ("POST", "/agent/api/conversations/x/resume"),
    ("POST", "/agent/conversations/x/reply"),
    ("POST", "/agent/conversations/x/resume"),
    ("DELETE", "/agent/api/conversations/x"),
]


@pytest.mark.parametrize("method, path", PROTECTED)
def test_without_a_token_set_the_view_is_closed(serve: Any, domain: Any, method: str, path: str) -> None:
    desk = Desk(serve(AgentViewInput()), domain)
    desk.add("x")
    r = requests.request(method, desk.url(path), headers=AUTH, json={"text": "hi"}, timeout=10)
    assert r.status_code == 503
    assert "RASA_AUTH_TOKEN" in r.text and "Error 131047" not in r.text


@pytest.mark.parametrize("method, path", PROTECTED)
@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}, {"Cookie": f"{COOKIE_NAME}=1.forged"}]
)
def test_without_the_token_401_and_no_data(desk: Desk, method: str, path: str, headers: Dict[str, str]) -> None:
    desk.add("x")
    r = requests.request(method, desk.url(path), headers=headers, json={"text": "hi"}, timeout=10)
    assert r.status_code == 401
    assert "131047" not in r.text and "talk to a person" not in r.text
    assert desk.tracker("x").is_paused()  # nothing was done


def test_token_from_the_environment_or_rasas_command_line() -> None:
    assert token_from({"RASA_AUTH_TOKEN": " env-token "}, ["rasa", "run", "--auth-token", "argv"]) == "env-token"
    assert token_from({}, ["rasa", "run", "--enable-api", "--auth-token", "argv-token"]) == "argv-token"
    assert token_from({}, ["rasa", "run", "--auth-token=eq-token"]) == "eq-token"
    assert token_from({"RASA_AUTH_TOKEN": "  "}, ["rasa", "run"]) is None
    assert token_from({}, ["rasa", "run", "--auth-token"]) is None


def test_the_environment_token_opens_it(serve: Any, domain: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASA_AUTH_TOKEN", TOKEN)
    desk = Desk(serve(AgentViewInput.from_credentials({"token": "ignored: secrets come from the environment"})), domain)
    assert desk.get("/agent/api/conversations").status_code == 200
    assert desk.get("/agent/api/conversations", headers={"Authorization": "Bearer ignored"}).status_code == 401


# ---------------------------------------------------------------------------
# The list and one conversation
# ---------------------------------------------------------------------------


def test_lists_only_conversations_waiting_for_a_person_newest_first(desk: Desk) -> None:
    desk.add("older", at=1_800_000_000.0)
    desk.add("newer", at=1_800_000_500.0, language="es")
    desk.add("with-the-bot", paused=False)  # handed off, nobody could answer: not paused
    desk.add("paused-by-hand", handed_off=False)
    r = desk.get("/agent/api/conversations")
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
    listed = r.json()["conversations"]
    assert [c["id"] for c in listed] == ["newer", "older"]
    newer = listed[0]
    assert newer["language"] == "es" and newer["channel"] == "rest" and newer["waiting"] is True
    assert newer["waiting_since"] == 1_800_000_503.0
    assert newer["summary"]["problem"] == "Error 131047"
    assert newer["summary"]["causes_tried"][0]["id"] == "outside_service_window"
    assert [m["text"] for m in newer["transcript"]] == [
        "Error 131047 (whole paste)",
        "Here is a summary...",
        "talk to a person",
    ]
    assert "transcript" not in desk.get("/agent/api/conversations?transcript=false").json()["conversations"][0]


def test_phone_numbers_are_masked_in_the_list(desk: Desk) -> None:
    desk.add(USER, channel="whatsapp")
    [listed] = desk.get("/agent/api/conversations").json()["conversations"]
    assert listed["id"] == USER and listed["display_id"] == "9198******10"
    page = desk.get("/agent").text
    assert "9198******10" in page and f">{USER}<" not in page
    assert f">{USER}</a>" in desk.get("/agent?numbers=show").text


def test_one_conversation_by_id_even_an_odd_one(desk: Desk) -> None:
    sender = "whatsapp:+14155550100 a"
    desk.add(sender)
    r = desk.get(api(sender))
    assert r.status_code == 200 and r.json()["id"] == sender
    assert desk.get(api("nobody")).status_code == 404
    page = desk.get(f"/agent/conversations/{quote(sender, safe='')}")
    assert page.status_code == 200 and "talk to a person" in page.text


def test_the_page_lists_escapes_and_forbids_scripts(desk: Desk) -> None:
    desk.add("evil", text='<script>alert("x")</script>')
    for path in ("/agent", "/agent/"):
        r = desk.get(path)
        assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
        assert "<script>alert" not in r.text and "&lt;script&gt;" in r.text
        assert "default-src 'none'" in r.headers["Content-Security-Policy"]
        assert "Hand back to the bot" in r.text and 'name="text"' in r.text


# ---------------------------------------------------------------------------
# Reply and hand back (the API)
# ---------------------------------------------------------------------------


def agent_replies(tracker: Any) -> List[Any]:
    return [e for e in tracker.events if getattr(e, "metadata", None) and e.metadata.get(AGENT_MARK)]


def test_a_reply_to_a_rest_user_is_kept_in_the_conversation(desk: Desk) -> None:
    desk.add(REST_USER)
    r = desk.post(api(REST_USER, "reply"), json={"text": "  Hi, Maria here.  ", "agent": "Maria"})
    assert r.status_code == 200, r.text
    assert r.json() == {"sent": True, "delivered_via": None, "stored": True}
    [event] = agent_replies(desk.tracker(REST_USER))
    assert event.text == "Hi, Maria here."
    assert event.metadata == {AGENT_MARK: True, "from": "person", "agent": "Maria", "delivery": "conversation only"}
    transcript = desk.get(api(REST_USER)).json()["transcript"]
    assert transcript[-1] == {"from": "agent", "text": "Hi, Maria here.", "at": event.timestamp, "agent": "Maria"}
    assert desk.tracker(REST_USER).is_paused()  # still the person's


@pytest.mark.parametrize(
    "body, error",
    [
        ({}, "`text` must be a string"),
        ({"text": "   "}, "`text` must not be empty"),
        ({"text": "x" * 5000}, "too long"),
        ({"text": "hi", "agent": 5}, "`agent` must be a string"),
        ([1, 2], "JSON object"),
    ],
)
def test_bad_replies_get_a_400(desk: Desk, body: Any, error: str) -> None:
    desk.add(REST_USER)
    r = desk.post(api(REST_USER, "reply"), json=body)
    assert r.status_code == 400 and error in r.json()["error"]
    assert agent_replies(desk.tracker(REST_USER)) == []
    r = desk.post(api(REST_USER, "reply"), data=b"{not json", headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 400


def test_reply_only_to_a_waiting_conversation(desk: Desk) -> None:
    desk.add("with-the-bot", paused=False)
    assert desk.post(api("nobody", "reply"), json={"text": "hi"}).status_code == 404
    assert desk.post(api("with-the-bot", "reply"), json={"text": "hi"}).status_code == 409


def test_hand_back_resumes_keeps_the_slots_and_tells_the_user(desk: Desk) -> None:
    desk.add(REST_USER, language="pt")
    r = desk.post(api(REST_USER, "resume"))
    assert r.status_code == 200 and r.json()["resumed"] is True
    tracker = desk.tracker(REST_USER)
    assert not tracker.is_paused()
    assert tracker.get_slot("handed_off") is False
    assert tracker.get_slot("problem_text") == "Error 131047" and tracker.get_slot("language") == "pt"
    assert tracker.latest_action_name == "action_listen"
    assert tracker.latest_bot_utterance.text == handed_back("pt")
    assert desk.get("/agent/api/conversations").json()["conversations"] == []
    assert desk.post(api(REST_USER, "resume")).status_code == 409  # already with the bot
    assert desk.post(api(REST_USER, "reply"), json={"text": "late"}).status_code == 409
    assert desk.post(api("nobody", "resume")).status_code == 404


def test_a_whatsapp_user_gets_the_reply_and_the_hand_back_on_whatsapp(
    desk_with_whatsapp: Desk, graph: ApiStandIn
) -> None:
    desk = desk_with_whatsapp
    desk.add(USER, channel="whatsapp", language="es")
    r = desk.post(api(USER, "reply"), json={"text": "Hola, soy Maria. ¿Qué plantilla usas?"})
    assert r.status_code == 200 and r.json()["delivered_via"] == "whatsapp"
    assert desk.post(api(USER, "resume")).status_code == 200
    sent = graph.graph_messages()
    assert [(m["to"], m["text"]["body"]) for m in sent] == [
        (USER, "Hola, soy Maria. ¿Qué plantilla usas?"),
        (USER, handed_back("es")),
    ]
    assert all(r["path"] == f"/v26.0/{PHONE_NUMBER_ID}/messages" for r in graph.requests)
    [event] = agent_replies(desk.tracker(USER))
    assert event.metadata["delivery"] == "whatsapp"


def test_a_reply_whatsapp_refuses_is_not_stored_and_the_agent_sees_why(
    desk_with_whatsapp: Desk, graph: ApiStandIn
) -> None:
    desk = desk_with_whatsapp
    desk.add(USER, channel="whatsapp")
    graph.push(ApiStandIn.graph_error(400, 131047, "Re-engagement message", kind="OAuthException"))
    r = desk.post(api(USER, "reply"), json={"text": "Hi, Maria here"})
    assert r.status_code == 502 and r.json()["sent"] is False
    assert "131047" in r.json()["error"] or "Re-engagement" in r.json()["error"]
    assert agent_replies(desk.tracker(USER)) == []
    assert desk.tracker(USER).is_paused()


# ---------------------------------------------------------------------------
# The page: sign in with the token, reply and hand back with forms
# ---------------------------------------------------------------------------


def sign_in(desk: Desk, token: str = TOKEN) -> requests.Session:
    session = requests.Session()
    r = session.post(desk.url("/agent/login"), data={"token": token}, allow_redirects=False, timeout=10)
    session.last = r  # type: ignore[attr-defined]
    return session


def test_sign_in_sets_a_strict_httponly_cookie_without_the_token(desk: Desk) -> None:
    desk.add(REST_USER)
    unsigned = requests.get(desk.url("/agent"), timeout=10)
    assert unsigned.status_code == 401 and 'action="/agent/login"' in unsigned.text
    assert "131047" not in unsigned.text
    session = sign_in(desk)
    r = session.last  # type: ignore[attr-defined]
    assert r.status_code == 303 and r.headers["Location"] == "/agent"
    cookie = r.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/agent" in cookie
    assert TOKEN not in cookie
    page = session.get(desk.url("/agent"), timeout=10)
    assert page.status_code == 200 and "talk to a person" in page.text
    assert session.get(desk.url("/agent/api/conversations"), timeout=10).status_code == 200
    out = session.post(desk.url("/agent/logout"), allow_redirects=False, timeout=10)
    assert out.status_code == 303 and "Max-Age=0" in out.headers["Set-Cookie"]
    assert session.get(desk.url("/agent"), timeout=10).status_code == 401


def test_a_wrong_token_does_not_sign_in(desk: Desk) -> None:
    session = sign_in(desk, "wrong")
    r = session.last  # type: ignore[attr-defined]
    assert r.status_code == 401 and "Set-Cookie" not in r.headers and "not the token" in r.text


def test_reply_and_hand_back_from_the_page(desk: Desk) -> None:
    desk.add(REST_USER)
    session = sign_in(desk)
    path = f"/agent/conversations/{REST_USER}"
    r = session.post(desk.url(path + "/reply"), data={"text": "Hello from the page"}, allow_redirects=False, timeout=10)
    assert r.status_code == 303 and r.headers["Location"].startswith(path)
    page = session.get(desk.url(r.headers["Location"]), timeout=10)
    assert "Reply saved in the conversation" in page.text and "Hello from the page" in page.text
    empty = session.post(desk.url(path + "/reply"), data={"text": " "}, timeout=10)
    assert empty.status_code == 400 and "must not be empty" in empty.text
    r = session.post(desk.url(path + "/resume"), allow_redirects=False, timeout=10)
    assert r.status_code == 303 and r.headers["Location"] == "/agent?done=handed_back"
    assert "Handed back to the bot." in session.get(desk.url(r.headers["Location"]), timeout=10).text
    assert not desk.tracker(REST_USER).is_paused()


def test_a_form_posted_from_another_site_is_refused(desk: Desk) -> None:
    desk.add(REST_USER)
    session = sign_in(desk)
    r = session.post(
        desk.url(f"/agent/conversations/{REST_USER}/reply"),
        data={"text": "forged"},
        headers={"Origin": "https://evil.example"},
        timeout=10,
    )
    assert r.status_code == 403
    assert agent_replies(desk.tracker(REST_USER)) == []


@pytest.mark.parametrize(
    "headers, allowed",
    [
        ({"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}, False),
        ({"Sec-Fetch-Site": "same-site"}, False),
        ({"Sec-Fetch-Site": "same-origin", "Origin": "null"}, True),  # Chromium under no-referrer
        ({"Origin": "null"}, False),  # an old browser that says nothing else
    ],
)
def test_where_a_form_comes_from(desk: Desk, headers: Dict[str, str], allowed: bool) -> None:
    desk.add(REST_USER)
    session = sign_in(desk)
    r = session.post(
        desk.url(f"/agent/conversations/{REST_USER}/reply"),
        data={"text": "from the page"},
        headers=headers,
        timeout=10,
        allow_redirects=False,
    )
    assert (r.status_code != 403) is allowed
    assert bool(agent_replies(desk.tracker(REST_USER))) is allowed


def test_mounted_where_rasa_mounts_it() -> None:
    """Rasa mounts at urljoin("/webhooks/", url_prefix()): an absolute prefix replaces the path."""
    from urllib.parse import urljoin

    assert urljoin("/webhooks/", AgentViewInput().url_prefix()) == "/agent"


# ---------------------------------------------------------------------------
# Erasing a conversation (the API of `make forget`)
# ---------------------------------------------------------------------------


def test_a_conversation_is_erased_on_request(serve: Any, domain: Any, tmp_path: Any) -> None:
    from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore

    sql = SQLTrackerStore(domain, dialect="sqlite", db=str(tmp_path / "conversations.db"))
    desk = Desk(serve(AgentViewInput(token=TOKEN)), domain, store=FailSafeTrackerStore(sql))
    desk.add("5511987654321")
    desk.add("someone-else")
    assert requests.delete(desk.url(api("5511987654321")), timeout=10).status_code == 401
    r = requests.delete(desk.url(api("5511987654321")), headers=AUTH, timeout=10)
    assert r.status_code == 200 and r.json() == {"forgotten": True, "events_removed": 8}
    assert desk.tracker("5511987654321") is None or not desk.tracker("5511987654321").events
    assert len(desk.tracker("someone-else").events) == 8


def test_erasing_needs_an_sql_store(desk: Desk) -> None:
    desk.add("x")
    r = requests.delete(desk.url(api("x")), headers=AUTH, timeout=10)
    assert r.status_code == 501 and "not SQL" in r.json()["error"]
