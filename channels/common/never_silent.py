"""Never silent: every user message gets an answer; while a person has it, a short one.

Why: Rasa 3.6 keeps going when things break underneath it. When the action
server is down, the processor logs the exception, drops the action's events and
carries on: the user may get no reply at all. When the tracker store
(PostgreSQL) fails, Rasa's ``FailSafeTrackerStore`` hides it: a failed read
gives an empty conversation and a failed write goes to an in-memory store that
is never written back, so the user gets a normal-looking reply to a message
that was not kept. And the handler itself may raise.

``never_silent(on_new_message, app_ref)`` wraps the handler Rasa gives an input
channel. For each user message it puts a counting delegate in front of the
message's output channel, runs the handler, and then sends one apology when:

* the handler raised, or the tracker store failed during the turn: the message
  may not have been kept, so the user is asked to send it again
  (``FAILURE_REPLY``);
* nothing at all was sent: the message was kept (Rasa saved the conversation)
  but no answer came (``NO_REPLY_APOLOGY``).

Before any of that, a sender over the per-sender rate limit has the message
dropped (told to slow down once per burst): see channels/common/rate_limit.py, and
why it sits here.

The hooks on Rasa's agent that tell a turn of tracker store errors, and keep a
conversation from getting stuck after Rasa's circuit breaker trips, are in
channels/rasa_patches.py (``watch_agent``, called here for each message).

When the conversation is paused (``action_handoff`` pauses it when a person
can answer, from the agent view), the bot says nothing by design, and a user
who writes then is not met with silence either: the message is kept (Rasa logs
it while paused) and the user hears "a person will answer here soon", at most
once every few minutes per conversation, and not within that time after a
person's own reply (agent_desk/waiting_notice.py, TICKFIX_WAITING_NOTICE_SECONDS).
A conversation paused without a handoff (``handed_off`` not true) stays silent.
A failed turn is apologised for even while paused: the message may be lost.
Whether it is paused is read from the agent's tracker store; when that cannot
be told (no agent yet, the store fails), the user gets the apology.

The apology and the notice are in the user's language: the stored conversation
read for the pause check tells it, else the message's metadata (reply_language).
"""

import asyncio
import logging
from typing import Any, Awaitable, Callable, Dict, Iterable, List, Optional, Text, Tuple

from rasa.core.channels.channel import OutputChannel, UserMessage
from sanic import Blueprint, Sanic
from sanic.request import Request

from agent_desk import HANDED_OFF_SLOT, WaitingNotices, is_agent_reply
from channels.common.compose import ComposingOutputChannel
from channels.common.delegating import DelegatingOutputChannel
from channels.common.rate_limit import RateLimiter, rate_limited
from channels.common.replies import failure_reply, no_reply_apology, waiting_for_person
from channels.common.reply_language import choose_language, read_tracker
from channels.rasa_patches import TURN_ERRORS, watch_agent
from privacy.masking import mask_id

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]

# How long the pause check may take before the apology goes out anyway.
PAUSE_CHECK_TIMEOUT = 5.0

# "A person will answer here soon": when each conversation last heard it (this process).
WAITING_NOTICES = WaitingNotices.from_env()


class CountingOutputChannel(DelegatingOutputChannel):
    """Sends through another output channel and counts what it was asked to send."""

    def __init__(self, inner: OutputChannel) -> None:
        super().__init__(inner)
        self.sent = 0

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        self.sent += 1
        await self.inner.send_response(recipient_id, message)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        self.sent += 1
        await self.inner.send_text_message(recipient_id, text, **kwargs)

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        self.sent += 1
        await self.inner.send_image_url(recipient_id, image, **kwargs)

    async def send_attachment(self, recipient_id: Text, attachment: Text, **kwargs: Any) -> None:
        self.sent += 1
        await self.inner.send_attachment(recipient_id, attachment, **kwargs)

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        self.sent += 1
        await self.inner.send_text_with_buttons(recipient_id, text, buttons, **kwargs)

    async def send_quick_replies(
        self, recipient_id: Text, text: Text, quick_replies: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        self.sent += 1
        await self.inner.send_quick_replies(recipient_id, text, quick_replies, **kwargs)

    async def send_elements(self, recipient_id: Text, elements: Iterable[Dict[Text, Any]], **kwargs: Any) -> None:
        self.sent += 1
        await self.inner.send_elements(recipient_id, elements, **kwargs)

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        self.sent += 1
        await self.inner.send_custom_json(recipient_id, json_message, **kwargs)


class AppRef:
    """The Sanic app a channel's blueprint runs in (where Rasa keeps its agent).

    ``attach(blueprint)`` learns it when the server starts (listener) and from
    any request to the blueprint's routes (test servers skip the listeners).
    """

    def __init__(self) -> None:
        self.app: Optional[Sanic] = None

    def attach(self, blueprint: Blueprint) -> None:
        async def remember_app(app: Sanic, _loop: Any = None) -> None:
            self.app = app

        async def remember_request_app(request: Request) -> None:
            self.app = request.app

        blueprint.listener("before_server_start")(remember_app)
        blueprint.middleware("request")(remember_request_app)

    def agent(self) -> Any:
        app = self.app
        if app is None:
            try:  # `rasa run` has exactly one app
                app = Sanic.get_app()
            except Exception:
                return None
        return getattr(app.ctx, "agent", None)


async def stored_conversation(agent: Any, sender_id: Text) -> Tuple[Optional[bool], Any]:
    """(paused, tracker) of the stored conversation.

    paused is True/False when it is/is not paused, None if unknown; the
    tracker is None when there is none or it could not be read.
    """
    errors: List[BaseException] = []
    token = TURN_ERRORS.set(errors)
    try:
        read, tracker = await read_tracker(agent, sender_id, PAUSE_CHECK_TIMEOUT)
    finally:
        TURN_ERRORS.reset(token)
    if not read or errors:
        if read:
            logger.debug("Pause check for %s failed: the tracker store failed", mask_id(sender_id))
        return None, None
    if tracker is None:
        return False, None
    try:
        return bool(tracker.is_paused()), tracker
    except Exception as e:
        logger.debug("Pause check for %s failed: %s", mask_id(sender_id), type(e).__name__)
        return None, tracker


async def conversation_paused(agent: Any, sender_id: Text) -> Optional[bool]:
    """True/False when the stored conversation is/is not paused; None if unknown."""
    paused, _ = await stored_conversation(agent, sender_id)
    return paused


def waiting_for_a_person(tracker: Any) -> bool:
    """The conversation was handed to a person (not just paused by someone)."""
    try:
        return tracker is not None and tracker.get_slot(HANDED_OFF_SLOT) is True
    except Exception:
        return False


def last_agent_reply_at(tracker: Any) -> Optional[float]:
    """When a person last replied in this conversation (agent_desk's marked bot events)."""
    try:
        for event in reversed(list(tracker.events)):
            if getattr(event, "type_name", None) == "bot" and is_agent_reply(event.as_dict()):
                return float(event.timestamp)
    except Exception:
        return None
    return None


async def _flush(composing: ComposingOutputChannel, channel: Text, sender: Text) -> bool:
    """Send the turn's composed replies (channels/common/compose.py); False when a send failed."""
    try:
        await composing.flush()
    except asyncio.CancelledError:
        raise
    except Exception as e:
        logger.error("%s: a reply to %s could not be sent: %s", channel, mask_id(sender), type(e).__name__)
        return False
    return True


async def _tell_waiting(
    out: OutputChannel, tracker: Any, message: UserMessage, channel: Text, notices: WaitingNotices
) -> None:
    """The paused conversation's "a person will answer here soon", when it is due."""
    sender = message.sender_id
    if not waiting_for_a_person(tracker):
        logger.debug("%s: no answer to %s: the conversation is paused.", channel, mask_id(sender))
        return
    if not notices.claim(sender, last_agent_reply_at(tracker)):
        logger.debug("%s: %s waits for a person; notified recently.", channel, mask_id(sender))
        return
    try:
        text = waiting_for_person(choose_language(tracker, message.metadata))
    except Exception:  # never worth the silence
        text = waiting_for_person()
    try:
        await out.send_text_message(sender, text)
    except asyncio.CancelledError:
        raise
    except Exception as e:
        logger.error("%s: the waiting notice to %s could not be sent: %s", channel, mask_id(sender), type(e).__name__)


def never_silent(
    on_new_message: OnNewMessage,
    app_ref: AppRef,
    channel: Text = "channel",
    limiter: Optional[RateLimiter] = None,
    notices: Optional[WaitingNotices] = None,
) -> OnNewMessage:
    """``on_new_message`` that answers every message (see the module's doc).

    ``limiter`` is the per-sender rate limit, by default from the environment
    (TICKFIX_RATE_PER_SECOND, TICKFIX_RATE_BURST); a dropped message is never
    apologised for. ``notices`` throttles "a person will answer here soon", by
    default the process-wide ``WAITING_NOTICES``.
    """

    async def handle(message: UserMessage) -> Any:
        composing = ComposingOutputChannel(message.output_channel)
        counting = CountingOutputChannel(composing)
        message.output_channel = counting
        sender = message.sender_id
        agent = app_ref.agent()
        watch_agent(agent)  # Rasa's tracker store and circuit breaker (see there)
        errors: List[BaseException] = []
        token = TURN_ERRORS.set(errors)
        failed = False
        result = None
        try:
            result = await on_new_message(message)
        except asyncio.CancelledError:
            raise
        except Exception as e:
            failed = True
            logger.error(
                "%s: the dialogue failed on a message from %s: %s",
                channel,
                mask_id(sender),
                type(e).__name__,
            )
            logger.debug("Dialogue failure details", exc_info=True)
        finally:
            TURN_ERRORS.reset(token)
        if not await _flush(composing, channel, sender):
            failed = True

        if failed or errors:
            apologise = failure_reply
        elif counting.sent == 0:
            apologise = no_reply_apology
        else:
            return result

        paused, tracker = await stored_conversation(agent, sender)
        if paused and not (failed or errors):
            await _tell_waiting(composing.inner, tracker, message, channel, notices or WAITING_NOTICES)
            return result
        try:
            apology = apologise(choose_language(tracker, message.metadata))
        except Exception:  # never worth the silence
            apology = apologise()
        if not failed and not errors:
            logger.warning("%s: the dialogue sent nothing to %s; apologising.", channel, mask_id(sender))
        try:
            await composing.inner.send_text_message(sender, apology)
        except asyncio.CancelledError:
            raise
        except Exception as e:
            logger.error(
                "%s: the apology to %s could not be sent: %s",
                channel,
                mask_id(sender),
                type(e).__name__,
            )
        return result

    return rate_limited(handle, limiter if limiter is not None else RateLimiter.from_env(), app_ref.agent, channel)
