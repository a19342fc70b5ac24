"""The slash guard (channels/common/slash_guard.py): Rasa's "/intent{...}" shortcut
never reaches Rasa from a user."""

import asyncio
from typing import Any, List

import pytest
from rasa.core.channels.channel import UserMessage
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.nlu.training_data.message import Message

from channels.common.slash_guard import guard_handler, neutralise


@pytest.mark.parametrize(
    "text, expected",
    [
        ("/restart", "restart"),
        ('/inform{"cause":"payment_issue"}', 'inform{"cause":"payment_issue"}'),
        ("/ask_human@1.0", "ask_human@1.0"),
        ("//restart", "restart"),
        ("  /restart", "restart"),
        ("\n\t/ / /session_start", "session_start"),
        ("\u00a0\u2003/restart", "restart"),  # Unicode spaces, which Rasa strips too
        ("/", ""),
        ("  / ", ""),
        ("restart", "restart"),
        ("  keep my spaces  ", "  keep my spaces  "),
        ("error on /v21.0/123/messages", "error on /v21.0/123/messages"),
        ("\\/restart", "\\/restart"),
        ("\uff0frestart", "\uff0frestart"),  # a full-width slash is not Rasa's prefix
        ("", ""),
        # the website widget's opening message, and only exactly that
        ("/greet", "/greet"),
        (" /greet\n", " /greet\n"),
        ("/greet@1.0", "greet@1.0"),
        ('/greet{"cause":"x"}', 'greet{"cause":"x"}'),
        ("//greet", "greet"),
    ],
)
def test_neutralise(text: str, expected: str) -> None:
    assert neutralise(text) == expected


@pytest.mark.parametrize("value", [None, 5, {"message": "/restart"}])
def test_non_strings_are_left_alone(value: Any) -> None:
    assert neutralise(value) == value


@pytest.mark.parametrize(
    "text",
    ["/restart", '/inform{"cause":"payment_issue"}', " \u00a0/ask_human", "//greet", "/ /deny", "/greet@1", "/"],
)
def test_rasa_no_longer_reads_an_intent_from_the_text(text: str) -> None:
    """Rasa's own unpacking (RegexMessageHandler) is what the guard must defeat."""
    before = YAMLStoryReader.unpack_regex_message(Message(data={"text": text}))
    after = YAMLStoryReader.unpack_regex_message(Message(data={"text": neutralise(text)}))
    if text != "/":
        assert before.get("intent"), "the unguarded text should be an intent shortcut"
    assert not after.get("intent")


def test_guard_handler_neutralises_every_message() -> None:
    received: List[Any] = []

    async def handler(message: UserMessage) -> str:
        received.append(message.text)
        return "handled"

    guarded = guard_handler(handler)
    loop = asyncio.new_event_loop()
    results = [loop.run_until_complete(guarded(UserMessage(t))) for t in ("/restart", "hello", None)]
    assert results == ["handled"] * 3
    assert received == ["restart", "hello", None]
