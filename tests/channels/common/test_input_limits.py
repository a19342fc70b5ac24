"""Long messages are cut for NLU, and the whole paste travels in the metadata."""

import asyncio

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from channels.common.input_limits import FULL_TEXT_KEY, MAX_DIALOGUE_CHARS, clip, clip_handler


def handled(text, metadata=None):
    seen = []

    async def on_new_message(message):
        seen.append(message)

    message = UserMessage(text, CollectingOutputChannel(), "u1", metadata=metadata)
    asyncio.run(clip_handler(on_new_message)(message))
    return seen[0]


def test_short_text_passes_unchanged_without_metadata():
    message = handled("(#131047) Re-engagement message")
    assert message.text == "(#131047) Re-engagement message"
    assert not (message.metadata or {}).get(FULL_TEXT_KEY)


def test_long_text_is_cut_and_kept_whole_in_the_metadata():
    text = "log line\n" * 2000
    message = handled(text, metadata={"timezone": "Asia/Kolkata"})
    assert len(message.text) == MAX_DIALOGUE_CHARS
    assert message.metadata[FULL_TEXT_KEY] == text.strip()  # Rasa strips the text
    assert message.metadata["timezone"] == "Asia/Kolkata"


def test_clip_leaves_other_types_alone():
    assert clip(None) is None
    assert clip("x" * 10) == "x" * 10
