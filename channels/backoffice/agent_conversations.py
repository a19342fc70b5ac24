"""The agent view's conversations: read from Rasa's tracker store, answered, handed back.

Why a module of its own: the agent view's routes (agent_view.py) only check the token
and shape the HTTP answer; this is what they do to the conversations the bot keeps:
list those waiting for a person, read one, send a person's reply on the user's own
channel and store it, hand the conversation back to the bot. What a conversation looks
like to a person is decided by the Rasa-free agent_desk/ package.
"""

import asyncio
import logging
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Optional, Text, Tuple

from rasa.core.channels.channel import OutputChannel
from sanic.request import Request

from diagnosis.language import DEFAULT_LANG, LANGS

from agent_desk import Conversation, agent_reply_event, clean_reply_text, read_conversation, resume_events
from agent_desk.conversation import newest_first
from channels.common.provider_output import ProviderOutput
from channels.common.replies import handed_back
from channels.common.text_limits import split_text
from privacy.masking import mask_id, scrub

logger = logging.getLogger(__name__)

# At most this many stored conversations are read for the list (the newest first
# cannot be known before reading them; a busy production store wants an index instead).
MAX_SCANNED = 5000


@dataclass
class Sent:
    """How a reply reached the user: ``via`` a channel, or only the conversation."""

    via: Optional[Text]  # the channel's name; None: stored only (REST and the like)
    error: Optional[Text] = None

    @property
    def how(self) -> Text:
        return self.via or "conversation only"


def output_channel_for(input_channels: Iterable[Any], channel_name: Optional[Text]) -> Optional[OutputChannel]:
    """The output channel of the registered input channel of that name (Rasa's own way)."""
    if not channel_name:
        return None
    for channel in input_channels or []:
        try:
            if channel.name() != channel_name:
                continue
            out = channel.get_output_channel()
        except Exception as e:  # a channel that cannot send: the conversation still gets it
            logger.warning("Agent view: %s has no output channel: %s", channel_name, type(e).__name__)
            continue
        if out is not None:
            return out
    return None


async def send_text(out: OutputChannel, recipient_id: Text, text: Text) -> Optional[Text]:
    """Send ``text``; None when sent, else why not (short, safe to show)."""
    try:
        if isinstance(out, ProviderOutput):  # WhatsApp, Twilio: their API tells the outcome
            for chunk in split_text(text, out.text_limit):
                result = await out.post_message(recipient_id, out.text_message(chunk))
                if not result.ok:
                    return scrub(result.error or "not sent")
            return None
        await out.send_text_message(recipient_id, text)
    except asyncio.CancelledError:
        raise
    except Exception as e:
        return f"could not be sent: {type(e).__name__}"
    return None


class AgentConversations:
    """What the agent view does to the stored conversations (AgentViewInput's half)."""

    @staticmethod
    def _agent(request: Request) -> Any:
        return getattr(request.app.ctx, "agent", None)

    @staticmethod
    def _state(tracker: Any) -> Dict[Text, Any]:
        from rasa.shared.core.trackers import EventVerbosity

        return tracker.current_state(EventVerbosity.ALL)

    async def waiting(self, agent: Any) -> List[Conversation]:
        """The conversations waiting for a person, newest first."""
        store = agent.tracker_store
        found: List[Conversation] = []
        keys = list(await store.keys())
        if len(keys) > MAX_SCANNED:
            logger.warning("Agent view: %d conversations stored; reading the first %d.", len(keys), MAX_SCANNED)
        for key in keys[:MAX_SCANNED]:
            tracker = await store.retrieve(key)
            if tracker is None or not tracker.is_paused():
                continue
            conversation = read_conversation(self._state(tracker), key)
            if conversation.waiting:
                found.append(conversation)
        return newest_first(found)

    async def conversation(self, agent: Any, conversation_id: Text) -> Optional[Conversation]:
        tracker = await agent.tracker_store.retrieve(conversation_id)
        if tracker is None:
            return None
        return read_conversation(self._state(tracker), conversation_id)

    async def _append(self, agent: Any, conversation_id: Text, events: List[Dict[Text, Any]]) -> bool:
        """Append events (tracker JSON) under the conversation's lock; False when it is gone."""
        from rasa.shared.core.events import Event

        async with agent.lock_store.lock(conversation_id):
            tracker = await agent.tracker_store.retrieve(conversation_id)
            if tracker is None:
                return False
            for parameters in events:
                event = Event.from_parameters(parameters)
                if event is not None:
                    tracker.update(event, agent.domain)
            await agent.tracker_store.save(tracker)
        return True

    async def reply(
        self, request: Request, conversation_id: Text, text: Any, agent_name: Any = None
    ) -> Tuple[int, Dict[Text, Any]]:
        """Send a person's reply and store it: (HTTP status, JSON body)."""
        agent = self._agent(request)
        value, problem = clean_reply_text(text)
        if problem is not None:
            return 400, {"error": problem}
        if agent_name is not None and not isinstance(agent_name, str):
            return 400, {"error": "`agent` must be a string"}
        conversation = await self.conversation(agent, conversation_id)
        if conversation is None:
            return 404, {"error": "no such conversation"}
        if not conversation.waiting:
            return 409, {"error": "this conversation is not waiting for a person (handed back, or never handed off)"}
        assert value is not None
        out = output_channel_for(getattr(request.app.ctx, "input_channels", []), conversation.channel)
        sent = Sent(via=conversation.channel if out is not None else None)
        if out is not None:
            sent.error = await send_text(out, conversation_id, value)
        if sent.error is not None:
            logger.warning(
                "Agent view: the reply to %s on %s was not sent: %s", mask_id(conversation_id), sent.via, sent.error
            )
            return 502, {"error": f"not sent on {sent.via}: {sent.error}", "sent": False}
        stored = await self._append(agent, conversation_id, [agent_reply_event(value, agent_name, delivery=sent.how)])
        logger.info("Agent view: a person replied to %s (%s).", mask_id(conversation_id), sent.how)
        return 200, {"sent": True, "delivered_via": sent.via, "stored": stored}

    async def resume(self, request: Request, conversation_id: Text) -> Tuple[int, Dict[Text, Any]]:
        """Hand the conversation back to the bot and tell the user: (HTTP status, JSON body)."""
        agent = self._agent(request)
        conversation = await self.conversation(agent, conversation_id)
        if conversation is None:
            return 404, {"error": "no such conversation"}
        if not (conversation.paused or conversation.handed_off):
            return 409, {"error": "this conversation is already with the bot"}
        lang = conversation.language if conversation.language in LANGS else DEFAULT_LANG
        notice = handed_back(lang)
        events = resume_events() + [
            {"event": "bot", "text": notice, "data": {}, "metadata": {"tickfix_notice": "handed_back"}}
        ]
        if not await self._append(agent, conversation_id, events):
            return 404, {"error": "no such conversation"}
        from channels.common.never_silent import WAITING_NOTICES

        WAITING_NOTICES.forget(conversation_id)
        out = output_channel_for(getattr(request.app.ctx, "input_channels", []), conversation.channel)
        told = out is not None and await send_text(out, conversation_id, notice) is None
        logger.info("Agent view: %s handed back to the bot.", mask_id(conversation_id))
        return 200, {"resumed": True, "user_told_via": conversation.channel if told else None}
