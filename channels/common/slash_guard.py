"""The slash guard: users cannot use Rasa's ``/intent{"entity": ...}`` shortcut.

Why: Rasa reads a message that starts with "/" as an intent with entities and
skips NLU, so a user who types ``/restart`` wipes the conversation,
``/ask_human`` hands it off and ``/inform{...}`` forces an intent, skipping
the checks the dialogue relies on. Tickfix's own buttons send plain words,
so nothing a user legitimately sends starts with "/". The slashes are
removed and the rest goes to NLU as ordinary text.

One shortcut passes as it is: "/greet", which the website widget sends to
open the chat (``initPayload`` in web/tickfix-chat.js). NLU does not read the
word "greet" as a greeting, and a greeting sets nothing.
"""

import logging
from typing import TYPE_CHECKING, Any, Awaitable, Callable

from rasa.shared.constants import INTENT_MESSAGE_PREFIX

if TYPE_CHECKING:  # pragma: no cover
    from rasa.core.channels.channel import UserMessage

logger = logging.getLogger(__name__)

# Whole messages let through unchanged (after Rasa's own strip()).
ALLOWED_SHORTCUTS = frozenset({"/greet"})


def neutralise(text: Any) -> Any:
    """The text without its leading slashes and the white space around them.

    "/restart" becomes "restart" and " / /inform{...}" becomes "inform{...}";
    "/" alone becomes "", which still gets an answer. A text that does not
    start with a slash, one of ``ALLOWED_SHORTCUTS``, and a text that is not
    a string (None) are returned unchanged. Rasa strips the text before it looks for the slash, so white
    space before the slash is removed here too.
    """
    if not isinstance(text, str):
        return text
    rest = text.lstrip()
    if not rest.startswith(INTENT_MESSAGE_PREFIX) or text.strip() in ALLOWED_SHORTCUTS:
        return text
    while rest.startswith(INTENT_MESSAGE_PREFIX):
        rest = rest[len(INTENT_MESSAGE_PREFIX) :].lstrip()
    logger.debug("Slash guard: a message's leading '/' was removed.")
    return rest


def guard_handler(
    on_new_message: Callable[["UserMessage"], Awaitable[Any]],
) -> Callable[["UserMessage"], Awaitable[Any]]:
    """Rasa's message handler, neutralising each message's text first.

    For input channels whose own code builds the ``UserMessage`` (Rasa's REST
    and socket.io channels): the handler given to ``blueprint()`` is the one
    place every message passes through.
    """

    async def guarded(message: "UserMessage") -> Any:
        message.text = neutralise(message.text)
        return await on_new_message(message)

    return guarded
