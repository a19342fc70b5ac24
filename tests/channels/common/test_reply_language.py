"""The channels' own words in the user's language (channels/common/reply_language.py).

Notices, apologies and the words a channel adds to buttons come from
diagnosis/knowledge_base/wording/<lang>/channel.yaml, in the language of the stored
conversation, else the one the WhatsApp number's country suggests, else English.
"""

import asyncio
import time
from typing import Any, Dict, List, Optional

import pytest

from diagnosis.language.catalogue import load_language, placeholders

from channels.common import reply_language
from channels.common.replies import (
    CAPTION_NOTE,
    FAILURE_REPLY,
    NO_REPLY_APOLOGY,
    cannot_read_reply,
    failure_reply,
    no_reply_apology,
)
from channels.common.reply_language import choose_language, hinted_language, stored_language
from tests.channels import twilio_webhook
from tests.channels.meta_webhook import USER, make_channel, msg, say, sent_texts, text

STICKER = {"mime_type": "image/webp", "sha256": "abc", "id": "1234", "animated": False}
BRAZIL = "5511987654321"  # +55: Brazil
MEXICO = "5215512345678"  # +52: Mexico
# USER (+91, India) suggests no language: English unless the conversation says otherwise.

ENGLISH_STICKER = "I can't read stickers: please type your question, or paste the error text you got."


class Tracker:
    def __init__(self, language: Optional[str] = None, paused: bool = False) -> None:
        self.language, self.paused = language, paused

    def get_slot(self, name: str) -> Any:
        return self.language if name == "language" else None

    def is_paused(self) -> bool:
        return self.paused


class TrackerStore:
    """Answers ``retrieve`` with a conversation held in ``language`` (or none, or slowly)."""

    def __init__(self, language: Optional[str] = None, delay: float = 0.0, fails: bool = False) -> None:
        self.language, self.delay, self.fails = language, delay, fails
        self.asked: List[str] = []

    async def retrieve(self, sender_id: str) -> Any:
        self.asked.append(sender_id)
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.fails:
            raise ConnectionError("database is down")
        return Tracker(self.language)


async def silent(message: Any) -> None:
    return None


async def boom(message: Any) -> None:
    raise RuntimeError("the action server is down")


def sticker(sender: str = USER) -> Dict[str, Any]:
    return msg("sticker", STICKER, sender=sender)


# ---------------------------------------------------------------------------
# The catalogue
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["es", "pt"])
def test_every_channel_key_is_said_in_spanish_and_portuguese(lang: str) -> None:
    english = {k: v for k, v in load_language("en").items() if k.startswith("channel.")}
    other = {k: v for k, v in load_language(lang).items() if k.startswith("channel.")}
    assert english, "no channel.yaml in English"
    assert sorted(other) == sorted(english)
    for key, entry in english.items():
        assert other[key], key
        assert placeholders(other[key]) == placeholders(entry), key
        assert isinstance(other[key], str) == isinstance(entry, str), key
    assert len(other["channel.list_button"]) <= 20  # WhatsApp's limit for the list button


def test_english_is_said_as_before() -> None:
    assert cannot_read_reply("sticker") == ENGLISH_STICKER
    assert cannot_read_reply("no such kind") == cannot_read_reply("default")
    assert CAPTION_NOTE == "I can't see attachments, so I'll only read the text you sent with it."
    assert FAILURE_REPLY == "Sorry, something went wrong on my side. Please try again in a minute."
    assert NO_REPLY_APOLOGY == (
        "Sorry, something went wrong on my side. Your message is saved: "
        "try again in a minute, or paste the error again."
    )
    assert cannot_read_reply("sticker", "es") != ENGLISH_STICKER


# ---------------------------------------------------------------------------
# Which language
# ---------------------------------------------------------------------------


def test_the_stored_conversation_wins_then_the_country_then_english() -> None:
    assert choose_language(Tracker("es"), {"country_code": "BR"}) == "es"
    assert choose_language(Tracker(None), {"country_code": "BR"}) == "pt"
    assert choose_language(None, {"country_code": "MX"}) == "es"
    assert choose_language(None, {"locale": "pt-BR"}) == "pt"
    assert choose_language(None, {"country_code": "IN"}) == "en"
    assert choose_language() == "en"


@pytest.mark.parametrize("slot", ["fr", 3, ["es"], ""])
def test_a_language_we_do_not_speak_is_ignored(slot: Any) -> None:
    assert stored_language(Tracker(slot)) is None
    assert choose_language(Tracker(slot), {"country_code": "BR"}) == "pt"


def test_odd_trackers_and_metadata_never_raise() -> None:
    class Broken:
        def get_slot(self, name: str) -> Any:
            raise KeyError(name)

    assert stored_language(Broken()) is None
    assert stored_language(object()) is None
    for metadata in (None, "BR", ["BR"], {"country_code": 55}, {"locale": None}):
        assert hinted_language(metadata) is None
    assert choose_language(Broken(), "BR") == "en"


def test_the_lookup_gives_up_on_a_slow_or_failing_store(monkeypatch: pytest.MonkeyPatch) -> None:
    class Agent:
        tracker_store: Any = None

    agent = Agent()
    monkeypatch.setattr(reply_language, "LOOKUP_TIMEOUT", 0.1)
    agent.tracker_store = TrackerStore("es", delay=5)
    started = time.monotonic()
    lang = asyncio.run(reply_language.sender_language(agent, BRAZIL, {"country_code": "BR"}))
    assert lang == "pt" and time.monotonic() - started < 2
    agent.tracker_store = TrackerStore(fails=True)
    assert asyncio.run(reply_language.sender_language(agent, USER, {})) == "en"
    assert asyncio.run(reply_language.sender_language(None, USER, None)) == "en"


# ---------------------------------------------------------------------------
# Notices (WhatsApp Cloud API and Twilio)
# ---------------------------------------------------------------------------


def test_a_sticker_from_a_brazilian_number_gets_the_portuguese_notice(whatsapp: Any, api: Any) -> None:
    say(whatsapp, sticker(BRAZIL))
    assert sent_texts(api) == [cannot_read_reply("sticker", "pt")]
    assert "figurinhas" in sent_texts(api)[0]
    assert api.graph_messages()[0]["to"] == BRAZIL


def test_a_sticker_from_a_mexican_number_gets_the_spanish_notice(whatsapp: Any, api: Any) -> None:
    say(whatsapp, sticker(MEXICO))
    assert sent_texts(api) == [cannot_read_reply("sticker", "es")]


def test_a_sticker_in_a_spanish_conversation_gets_the_spanish_notice(whatsapp: Any, api: Any) -> None:
    whatsapp.agent.tracker_store = TrackerStore("es")
    say(whatsapp, sticker())
    assert sent_texts(api) == [cannot_read_reply("sticker", "es")]
    assert whatsapp.agent.tracker_store.asked == [USER]


def test_the_stored_conversation_beats_the_number(whatsapp: Any, api: Any) -> None:
    whatsapp.agent.tracker_store = TrackerStore("en")
    say(whatsapp, sticker(BRAZIL))
    assert sent_texts(api) == [ENGLISH_STICKER]


@pytest.mark.filterwarnings("ignore:Slot auto-fill")  # Rasa says it for every domain with slots
def test_a_real_rasa_tracker_store_tells_the_language(whatsapp: Any, api: Any) -> None:
    from rasa.core.tracker_store import InMemoryTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import SlotSet

    domain = Domain.from_yaml(
        'version: "3.1"\nslots:\n  language:\n    type: text\n    mappings:\n    - type: custom\n'
    )
    store = InMemoryTrackerStore(domain)

    async def remember() -> None:
        tracker = await store.get_or_create_tracker(USER)
        tracker.update(SlotSet("language", "pt"))
        await store.save(tracker)

    asyncio.run(remember())
    whatsapp.agent.tracker_store = store
    say(whatsapp, sticker())
    assert sent_texts(api) == [cannot_read_reply("sticker", "pt")]


def test_english_stays_english(whatsapp: Any, api: Any) -> None:
    whatsapp.agent.tracker_store = TrackerStore(None)  # a conversation without a language yet
    say(whatsapp, sticker(), msg("image", {"caption": "error 131026", "mime_type": "image/jpeg", "id": "1"}))
    assert sent_texts(api) == [ENGLISH_STICKER, CAPTION_NOTE, "echo: error 131026"]


def test_a_slow_tracker_store_does_not_hold_the_notice(
    whatsapp: Any, api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reply_language, "LOOKUP_TIMEOUT", 0.1)
    whatsapp.agent.tracker_store = TrackerStore("es", delay=3)
    started = time.monotonic()
    say(whatsapp, sticker(BRAZIL))
    assert sent_texts(api) == [cannot_read_reply("sticker", "pt")]
    assert time.monotonic() - started < 2.5


def test_the_caption_note_and_the_empty_notice_are_translated(whatsapp: Any, api: Any) -> None:
    say(
        whatsapp,
        msg("image", {"caption": "erro 131026", "mime_type": "image/jpeg", "id": "1"}, sender=BRAZIL),
        text("   ", sender=MEXICO),
    )
    texts = sent_texts(api)  # two senders: handled side by side, in no set order
    assert say_("channel.caption_note", "pt") in texts
    assert cannot_read_reply("empty", "es") in texts
    assert "echo: erro 131026" in texts and len(texts) == 3


def test_twilio_sticker_from_a_brazilian_number_gets_the_portuguese_notice(twilio: Any, api: Any) -> None:
    fields = twilio_webhook.form(
        "",
        NumMedia="1",
        MediaContentType0="image/webp",
        MessageType="sticker",
        From="whatsapp:+" + BRAZIL,
        WaId=BRAZIL,
    )
    assert twilio_webhook.post(twilio, fields).status_code == 200
    twilio.drain()
    assert [m["Body"] for m in api.twilio_messages()] == [cannot_read_reply("sticker", "pt")]


# ---------------------------------------------------------------------------
# Apologies (never_silent)
# ---------------------------------------------------------------------------


def test_the_no_reply_apology_follows_the_stored_conversation(whatsapp: Any, api: Any) -> None:
    whatsapp.agent.respond = silent
    whatsapp.agent.tracker_store = TrackerStore("es")
    say(whatsapp, text("hola"))
    assert sent_texts(api) == [no_reply_apology("es")]
    assert whatsapp.agent.tracker_store.asked == [USER]  # one read: the pause check's


def test_the_failure_apology_follows_the_number_when_the_store_cannot_tell(whatsapp: Any, api: Any) -> None:
    whatsapp.agent.respond = boom
    whatsapp.agent.tracker_store = TrackerStore(fails=True)
    say(whatsapp, text("oi", sender=BRAZIL))
    assert sent_texts(api) == [failure_reply("pt")]


def test_the_apology_to_an_english_speaker_is_unchanged(whatsapp: Any, api: Any) -> None:
    whatsapp.agent.respond = boom
    say(whatsapp, text("hello"))
    assert sent_texts(api) == [FAILURE_REPLY]


# ---------------------------------------------------------------------------
# Words the channels add to buttons
# ---------------------------------------------------------------------------

FIVE_BUTTONS = [{"title": f"Option {n}", "payload": f"option {n}"} for n in range(1, 6)]


def offer_buttons(server: Any, buttons: List[Dict[str, Any]], text_: str = "Which one?") -> None:
    async def respond(message: Any) -> None:
        await message.output_channel.send_response(message.sender_id, {"text": text_, "buttons": buttons})

    server.agent.respond = respond


def list_buttons(api: Any) -> List[str]:
    return [
        m["interactive"]["action"]["button"]
        for m in api.graph_messages()
        if m.get("type") == "interactive" and m["interactive"]["type"] == "list"
    ]


def test_the_list_button_is_in_the_users_language(whatsapp: Any, api: Any) -> None:
    offer_buttons(whatsapp, FIVE_BUTTONS)
    whatsapp.agent.tracker_store = TrackerStore("es")
    say(whatsapp, text("hola"))
    assert list_buttons(api) == [say_("channel.list_button", "es")]


def test_the_list_button_stays_english_for_english_speakers(whatsapp: Any, api: Any) -> None:
    offer_buttons(whatsapp, FIVE_BUTTONS)
    say(whatsapp, text("hello"))
    assert list_buttons(api) == ["Choose"]


def test_reply_buttons_need_no_lookup(whatsapp: Any, api: Any) -> None:
    offer_buttons(whatsapp, FIVE_BUTTONS[:3])
    whatsapp.agent.tracker_store = TrackerStore("es")
    say(whatsapp, text("hola"))
    assert whatsapp.agent.tracker_store.asked == []


def test_the_choose_prompt_is_in_the_users_language(whatsapp: Any, api: Any) -> None:
    offer_buttons(whatsapp, FIVE_BUTTONS[:2], text_="x" * 1500)
    say(whatsapp, text("oi", sender=BRAZIL))
    bodies = [m["interactive"]["body"]["text"] for m in api.graph_messages() if m.get("type") == "interactive"]
    assert bodies == [say_("channel.choose_prompt", "pt")]


def test_a_configured_label_and_prompt_win(serve: Any, api: Any) -> None:
    server = serve(make_channel(api, list_button_label="Pick one", choose_prompt="Pick:"))
    offer_buttons(server, FIVE_BUTTONS, text_="")
    server.agent.tracker_store = TrackerStore("es")
    say(server, text("hola"))
    assert list_buttons(api) == ["Pick one"]
    bodies = [m["interactive"]["body"]["text"] for m in api.graph_messages() if m.get("type") == "interactive"]
    assert bodies == ["Pick:"]


def test_twilio_number_hint_in_the_users_language(twilio: Any, api: Any) -> None:
    offer_buttons(twilio, FIVE_BUTTONS[:2])
    fields = twilio_webhook.form("oi", From="whatsapp:+" + BRAZIL, WaId=BRAZIL)
    assert twilio_webhook.post(twilio, fields).status_code == 200
    twilio.drain()
    [body] = [m["Body"] for m in api.twilio_messages()]
    assert body.endswith("\n\n" + say_("channel.number_hint", "pt"))


def test_twilio_configured_hint_wins(serve: Any, api: Any) -> None:
    server = serve(twilio_webhook.make_channel(api, choose_hint="Send the number."))
    offer_buttons(server, FIVE_BUTTONS[:2])
    fields = twilio_webhook.form("oi", From="whatsapp:+" + BRAZIL, WaId=BRAZIL)
    assert twilio_webhook.post(server, fields).status_code == 200
    server.drain()
    [body] = [m["Body"] for m in api.twilio_messages()]
    assert body.endswith("\n\nSend the number.")


def say_(key: str, lang: str) -> str:
    from diagnosis.language import say as catalogue_say

    return catalogue_say(key, lang)
