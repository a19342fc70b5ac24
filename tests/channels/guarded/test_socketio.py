"""Rasa's socket.io channel behind the slash guard (channels/guarded/socketio.py), talked
to with python-socketio's client the way the website widget talks to it:
``session_request``, then ``user_uttered`` with the session id, and
``bot_uttered`` back to the session's room."""

import asyncio
import uuid
from typing import Any, Dict, List

import pytest
import requests
import socketio

from channels.guarded.socketio import GuardedSocketIOInput

SETTINGS = {"user_message_evt": "user_uttered", "bot_message_evt": "bot_uttered", "session_persistence": True}


async def converse(
    base_url: str, session_id: str, texts: List[str], first_reply_timeout: float = 10, quiet: float = 0.3
) -> List[List[Dict[str, Any]]]:
    """Say each text in one socket.io session; the bot's messages to each, in order.

    The answer to a text is complete when no message came for ``quiet`` seconds.
    """
    client = socketio.AsyncClient(reconnection=False)
    confirmed: "asyncio.Queue[Any]" = asyncio.Queue()
    replies: "asyncio.Queue[Dict[str, Any]]" = asyncio.Queue()
    client.on("session_confirm", confirmed.put)
    client.on("bot_uttered", replies.put)
    # Long-polling: engineio's websocket client needs a newer aiohttp than Rasa 3.6 pins.
    await client.connect(base_url, socketio_path="/socket.io", transports=["polling"], wait_timeout=10)
    try:
        await client.emit("session_request", {"session_id": session_id})
        assert await asyncio.wait_for(confirmed.get(), 10) == session_id
        answers = []
        for text in texts:
            await client.emit("user_uttered", {"message": text, "session_id": session_id})
            got = [await asyncio.wait_for(replies.get(), first_reply_timeout)]
            while True:  # the bot may send several messages
                try:
                    got.append(await asyncio.wait_for(replies.get(), quiet))
                except asyncio.TimeoutError:
                    break
            answers.append(got)
        return answers
    finally:
        # abort: do not wait for the pending long-poll (up to the 25 s ping interval)
        await client.eio.disconnect(abort=True)


def test_settings_are_rasas(load_credentials: Any, tmp_path: Any) -> None:
    credentials = tmp_path / "credentials.yml"
    credentials.write_text(
        "channels.guarded.socketio.GuardedSocketIOInput:\n"
        "  user_message_evt: said\n  bot_message_evt: answered\n  session_persistence: true\n"
    )
    [channel] = load_credentials(str(credentials))
    assert isinstance(channel, GuardedSocketIOInput) and channel.name() == "socketio"
    assert (channel.user_message_evt, channel.bot_message_evt) == ("said", "answered")
    assert channel.session_persistence is True and channel.socketio_path == "/socket.io"


def test_a_message_reaches_the_dialogue_without_the_slash_and_the_reply_comes_back(serve: Any) -> None:
    server = serve(GuardedSocketIOInput.from_credentials(SETTINGS))
    session_id = uuid.uuid4().hex
    answers = asyncio.run(converse(server.url(""), session_id, ["/restart", "hello"]))
    assert answers == [[{"text": "echo: restart"}], [{"text": "echo: hello"}]]
    assert server.dialogue() == ["restart", "hello"]
    message = server.agent.messages[0]
    assert message.sender_id == session_id and message.input_channel == "socketio"
    assert requests.get(server.url("/webhooks/socketio/"), timeout=5).json() == {"status": "ok"}


@pytest.mark.e2e
def test_the_real_bot_answers_over_socketio(rasa_stack: Any) -> None:
    session_id = uuid.uuid4().hex
    greeting, shortcut = asyncio.run(
        converse(
            rasa_stack["base"], session_id, ["hi", '/inform{"cause":"payment_issue"}'], first_reply_timeout=60, quiet=3
        )
    )
    assert "Tickfix" in greeting[0]["text"]
    assert shortcut and all("text" in m for m in shortcut)
    tracker = requests.get(f"{rasa_stack['base']}/conversations/{session_id}/tracker", timeout=30).json()
    assert tracker["latest_input_channel"] == "socketio"
    user_events = [e for e in tracker["events"] if e["event"] == "user"]
    assert [e["text"] for e in user_events] == ["hi", 'inform{"cause":"payment_issue"}']
    assert len(user_events[-1]["parse_data"]["intent_ranking"]) > 1  # NLU read it
