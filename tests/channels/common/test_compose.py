"""A turn's replies go out as few WhatsApp-sized messages; nothing is lost or reworded."""

from __future__ import annotations

import asyncio

from rasa.core.channels.channel import CollectingOutputChannel

from channels.common.compose import ComposingOutputChannel, compose, widget_markdown
from channels.meta.buttons import INTERACTIVE_BODY_LIMIT, TEXT_LIMIT

BUTTONS = [{"title": "Yes", "payload": "yes"}]


def test_consecutive_texts_and_the_question_after_them_become_one_message():
    turn = [{"text": "finding", "timestamp": 1.0}, {"text": "cause"}, {"text": "question?", "buttons": BUTTONS}]
    assert compose(turn) == [{"text": "finding\n\ncause\n\nquestion?", "buttons": BUTTONS}]


def test_texts_too_long_for_a_button_message_stay_apart():
    long = "x" * (INTERACTIVE_BODY_LIMIT - 5)
    out = compose([{"text": long}, {"text": "question?", "buttons": BUTTONS}])
    assert [m["text"] for m in out] == [long, "question?"]


def test_texts_too_long_together_stay_apart():
    half = "y" * (TEXT_LIMIT // 2 + 10)
    assert len(compose([{"text": half}, {"text": half}])) == 2


def test_images_and_custom_payloads_are_not_merged():
    turn = [{"text": "a"}, {"image": "http://x/img.png"}, {"text": "b"}, {"custom": {"k": 1}}]
    assert len(compose(turn)) == 4


def test_the_rest_collector_keeps_a_composed_message_whole():
    inner = CollectingOutputChannel()
    out = ComposingOutputChannel(inner)

    async def turn():
        await out.send_response("u1", {"text": "one"})
        await out.send_response("u1", {"text": "two", "buttons": BUTTONS})
        return await out.flush()

    assert asyncio.run(turn()) == 1
    assert inner.messages == [{"recipient_id": "u1", "text": "one\n\ntwo", "buttons": BUTTONS}]


def test_whatsapp_bold_becomes_markdown_bold_for_the_widget():
    assert widget_markdown("*How to fix it*\n1. step") == "**How to fix it**\n1. step"
    assert widget_markdown("2*3*4 and **done**") == "2*3*4 and **done**"
