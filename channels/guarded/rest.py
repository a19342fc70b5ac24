"""Rasa's REST channel behind the slash guard, never silent, with checked bodies.

Same channel name (``rest``), same URL (``/webhooks/rest/webhook``), same JSON
in and out as Rasa's ``RestInput``, streaming included. On top of it:

* a leading "/" is taken off each message first (see slash_guard for why),
  and a message is cut to 4,096 characters (see input_limits for why);
* every message gets an answer, or an apology when the dialogue fails or says
  nothing (see never_silent), unless the conversation is paused (handoff);
* a body Rasa cannot use gets HTTP 400 with ``{"error": "..."}``: not JSON, not
  UTF-8, not a JSON object, ``message`` not a string, ``sender`` not a
  non-empty string or number (at most 255 characters, the tracker store's
  column, no control characters, no lone surrogate: see sender_ids),
  ``metadata`` not an object, ``input_channel`` not a string. Rasa's own
  channel answers these with a 500, or a 200 with no reply; with the SQL
  tracker store, a sender with a lone surrogate made the whole server exit.

credentials.yml::

    channels.guarded.rest.GuardedRestInput:
"""

import json
import math
from typing import Any, Awaitable, Callable, Dict, Optional, Text, Tuple

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels import rasa_patches
from channels.common.input_limits import clip_handler
from channels.common.never_silent import AppRef, never_silent
from channels.common.sender_ids import sender_id_problem
from channels.common.slash_guard import guard_handler


def check_body(raw: bytes) -> Tuple[Optional[Dict[Text, Any]], Optional[Text]]:
    """The request body as a dict, or why it cannot be used."""
    try:
        payload = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return None, "the body must be JSON in UTF-8"
    except (ValueError, RecursionError):  # RecursionError: nested too deeply
        return None, "the body is not valid JSON"
    if not isinstance(payload, dict):
        return None, "the body must be a JSON object with `sender` and `message`"
    sender = payload.get("sender")
    if isinstance(sender, bool) or not isinstance(sender, (str, int, float)):
        return None, "`sender` must be a string or a number"
    if isinstance(sender, float) and not math.isfinite(sender):
        return None, "`sender` must be a finite number"
    problem = sender_id_problem(str(sender))
    if problem is not None:
        return None, f"`sender` {problem}"
    if not isinstance(payload.get("message"), str):
        return None, "`message` must be a string"
    if payload.get("metadata") is not None and not isinstance(payload["metadata"], dict):
        return None, "`metadata` must be a JSON object"
    channel = payload.get("input_channel")
    if channel is not None and not isinstance(channel, str):
        return None, "`input_channel` must be a string"
    return payload, None


class GuardedRestInput(RestInput):
    """Rasa's ``rest`` channel; no "/intent{...}" shortcuts, no silence, no 500s."""

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "GuardedRestInput":
        # The one place Rasa's own classes are patched (channels/rasa_patches.py): Rasa
        # builds this channel from credentials.yml, where it is always listed, before it
        # loads the agent or serves a message.
        rasa_patches.install()
        channel = super().from_credentials(credentials)
        assert isinstance(channel, GuardedRestInput)
        return channel

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        app_ref = AppRef()
        handler = never_silent(clip_handler(guard_handler(on_new_message)), app_ref, channel="REST")
        blueprint = super().blueprint(handler)
        app_ref.attach(blueprint)

        @blueprint.middleware("request")
        async def refuse_bad_bodies(request: Request) -> Optional[HTTPResponse]:
            if request.method != "POST":
                return None
            payload, problem = check_body(request.body or b"")
            if problem is not None:
                return response.json({"error": problem}, status=400)
            # Rasa's handler reads request.json: give it what was checked.
            request.parsed_json = payload
            return None

        return blueprint
