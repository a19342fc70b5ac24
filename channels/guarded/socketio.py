"""Rasa's socket.io channel (the website chat widget) behind the slash guard.

Never silent too: a message the dialogue fails on, or does not answer, gets an
apology unless the conversation is paused (see never_silent); and a message is
cut to 4,096 characters before NLU (see input_limits).

Same channel name (``socketio``), same path (``/socket.io``), same events and
settings (``user_message_evt``, ``bot_message_evt``, ``session_persistence``,
``socketio_path``, ``namespace``, ``jwt_key``...) as Rasa's ``SocketIOInput``;
a leading "/" is taken off each message first (see slash_guard for why).

It also fixes RasaHQ/rasa#13027: Rasa 3.6's ``session_request`` handler calls
``AsyncServer.enter_room`` without ``await``, which python-socketio 5.x made a
coroutine, so with ``session_persistence: true`` the socket never joins its
session's room and no reply reaches the widget.

credentials.yml::

    channels.guarded.socketio.GuardedSocketIOInput:
      user_message_evt: user_uttered
      bot_message_evt: bot_uttered
      session_persistence: true
"""

import logging
import uuid
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint

from channels.common.input_limits import clip_handler
from channels.common.never_silent import AppRef, never_silent
from channels.common.slash_guard import guard_handler

logger = logging.getLogger(__name__)


class GuardedSocketIOInput(SocketIOInput):
    """Rasa's ``socketio`` channel; users cannot send "/intent{...}" shortcuts."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        app_ref = AppRef()
        blueprint = super().blueprint(
            never_silent(clip_handler(guard_handler(on_new_message)), app_ref, channel="socket.io")
        )
        app_ref.attach(blueprint)
        sio = self.sio
        assert sio is not None

        # Replaces Rasa's handler of the same event: the same steps, with the
        # room joined for real (await) before the session is confirmed.
        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: Text, data: Optional[Dict]) -> None:
            if data is None:
                data = {}
            if "session_id" not in data or data["session_id"] is None:
                data["session_id"] = uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, data["session_id"])
            await sio.emit("session_confirm", data["session_id"], room=sid)
            logger.debug("User %s connected to socketIO endpoint.", sid)

        return blueprint
