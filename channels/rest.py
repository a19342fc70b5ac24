"""Rasa's REST channel behind the slash guard.

Same channel name (``rest``), same URL (``/webhooks/rest/webhook``), same JSON
in and out as Rasa's ``RestInput``, streaming included; only a leading "/" is
taken off each message first (see slash_guard for why).

credentials.yml::

    channels.rest.GuardedRestInput:
"""

from typing import Any, Awaitable, Callable

from sanic import Blueprint

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput

from channels.slash_guard import guard_handler


class GuardedRestInput(RestInput):
    """Rasa's ``rest`` channel; users cannot send "/intent{...}" shortcuts."""

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        return super().blueprint(guard_handler(on_new_message))
