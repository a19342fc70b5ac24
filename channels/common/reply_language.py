"""Which language the channel's own words go out in, for one sender.

Why: a notice ("I can't read stickers"), an apology or a list's "Choose" is
said by the channel, not the dialogue, so it cannot ask the dialogue for the
user's language. It takes it from what the dialogue remembered (the stored
conversation's ``language`` slot), else from what the message says about the
user (a locale, the country of the WhatsApp number: channels/common/phone_metadata.py),
else English. The same order the actions use when a conversation starts.

Nothing here raises, and a slow tracker store is given up on after
``LOOKUP_TIMEOUT`` seconds: a notice in English beats no notice.
"""

import asyncio
import logging
from typing import Any, Callable, Dict, Optional, Text, Tuple

from diagnosis.language import DEFAULT_LANG, LANGS, language_hint

from contracts.metadata import UserHints
from privacy.masking import mask_id

logger = logging.getLogger(__name__)

# The tracker slot in which the dialogue remembers the user's language (actions/language.py).
LANGUAGE_SLOT = "language"

# How long a language lookup may wait for the tracker store.
LOOKUP_TIMEOUT = 2.0


def stored_language(tracker: Any) -> Optional[Text]:
    """The language the stored conversation was held in, if it says one we speak."""
    if tracker is None:
        return None
    try:
        get_slot = getattr(tracker, "get_slot", None)
        lang = get_slot(LANGUAGE_SLOT) if callable(get_slot) else None
    except Exception:
        return None
    return lang if isinstance(lang, str) and lang in LANGS else None


def hinted_language(metadata: Any) -> Optional[Text]:
    """The language a message's metadata hints at: a locale, else the user's country."""
    if not isinstance(metadata, dict):
        return None
    try:
        hints = UserHints.read(metadata)
        return language_hint(hints.locale, hints.country if isinstance(hints.country, str) else None)
    except Exception:
        return None


def choose_language(tracker: Any = None, metadata: Any = None) -> Text:
    """The stored conversation's language, else the metadata's hint, else English."""
    return stored_language(tracker) or hinted_language(metadata) or DEFAULT_LANG


async def read_tracker(agent: Any, sender_id: Text, timeout: Optional[float] = None) -> Tuple[bool, Any]:
    """(True, tracker or None) when the store answered in time; (False, None) otherwise.

    ``timeout`` defaults to ``LOOKUP_TIMEOUT``.
    """
    store = getattr(agent, "tracker_store", None)
    if store is None:
        return False, None
    wait = LOOKUP_TIMEOUT if timeout is None else timeout
    try:
        tracker = await asyncio.wait_for(store.retrieve(sender_id), wait)
    except asyncio.CancelledError:
        raise
    except Exception as e:  # a timeout, the database down...
        logger.debug("Tracker read for %s failed: %s", mask_id(sender_id), type(e).__name__)
        return False, None
    return True, tracker


async def sender_language(agent: Any, sender_id: Text, metadata: Any = None, timeout: Optional[float] = None) -> Text:
    """The language to answer ``sender_id`` in (see the module's doc). Never raises."""
    try:
        _, tracker = await read_tracker(agent, sender_id, timeout)
    except asyncio.CancelledError:
        raise
    except Exception:
        tracker = None
    return choose_language(tracker, metadata)


class SenderLanguages:
    """Languages of the recipients of one output channel, each looked up once, when needed.

    ``agent`` returns Rasa's agent (or None); ``metadata`` is the message being
    answered, when there is one.
    """

    def __init__(
        self,
        agent: Callable[[], Any],
        metadata: Optional[Dict[Text, Any]] = None,
        timeout: Optional[float] = None,
    ) -> None:
        self._agent = agent
        self.metadata = metadata
        self._timeout = timeout
        self._known: Dict[Text, Text] = {}

    async def of(self, sender_id: Text) -> Text:
        if sender_id not in self._known:
            try:
                agent = self._agent()
            except Exception:
                agent = None
            self._known[sender_id] = await sender_language(agent, sender_id, self.metadata, self._timeout)
        return self._known[sender_id]
