"""The keys of a message's metadata: what the channels write and the actions read.

Why: a user message carries, besides its text, what the channel knows (which channel,
the provider's message id, the whole text when NLU got a cut one, the country and time
zone guessed from the number, Chatwoot's conversation...), and the actions, the agent
view and the handoff read it back. Spelled as a string in each place, a key renamed on
one side goes silently missing on the other; named here once, both sides import it
(tests/contracts checks that channels/ and actions/ use no raw key). Plain Python: the
Rasa server's image and the action server's hold it alike.

``UserHints.read(metadata)`` is the one reading of the hints, with the keys a REST
caller or the website widget may send instead (``timezone``, ``country``, ``language``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Optional

# -- what every messaging channel writes (channels/meta, channels/twilio, channels/chatwoot)
CHANNEL = "channel"  # "whatsapp", "twilio_whatsapp", "chatwoot"
MESSAGE_ID = "message_id"  # the provider's id of the message
MESSAGE_TYPE = "message_type"  # "text", "image", "interactive"...
TIMESTAMP = "timestamp"  # when the provider says it was sent (epoch seconds)
PROFILE_NAME = "profile_name"  # the name the user gave WhatsApp or Chatwoot
USERNAME = "username"  # a WhatsApp username, when the user has one
WA_ID = "wa_id"  # the user's WhatsApp number (digits)
USER_ID = "user_id"  # a username user's business-scoped id (BSUID)
PHONE_NUMBER_ID = "phone_number_id"  # the business number that received it (Cloud API)
DISPLAY_PHONE_NUMBER = "display_phone_number"
REPLY_TO_MESSAGE_ID = "reply_to_message_id"  # the message it answers
BUTTON_TITLE = "button_title"  # the title of the button or choice the user picked
LOCALE = "locale"  # "pt-BR", "es_MX" (Chatwoot's contact, the website widget)
ATTACHMENT = "attachment"  # a text file read as the message: mime_type, filename, bytes
CHATWOOT = "chatwoot"  # Chatwoot's conversation: account_id, conversation_id... (its handoff)

# -- the whole text, when more than 4,096 characters were cut for NLU (input_limits.py)
FULL_TEXT = "full_text"

# -- guessed from the user's phone number (channels/common/phone_metadata.py)
CALLING_CODE = "calling_code"  # 55
COUNTRY_CODE = "country_code"  # "BR"
TIME_ZONE = "time_zone"  # the likeliest IANA zone
TIME_ZONES = "time_zones"  # every zone the number may be in

# -- what a REST caller or the website widget may send instead
TIMEZONE = "timezone"
COUNTRY = "country"
LANGUAGE = "language"

# -- a person's reply, stored as a bot event (agent_desk/events.py)
AGENT_MARK = "tickfix_agent"  # True: written by a person, not the bot
AGENT_NAME = "agent"  # the person's name, when given
AGENT_FROM = "from"  # "person"
AGENT_DELIVERY = "delivery"  # how it reached the user ("whatsapp", "tracker only"...)

USER_MESSAGE_KEYS = frozenset(
    {
        CHANNEL,
        MESSAGE_ID,
        MESSAGE_TYPE,
        TIMESTAMP,
        PROFILE_NAME,
        USERNAME,
        WA_ID,
        USER_ID,
        PHONE_NUMBER_ID,
        DISPLAY_PHONE_NUMBER,
        REPLY_TO_MESSAGE_ID,
        BUTTON_TITLE,
        LOCALE,
        ATTACHMENT,
        CHATWOOT,
        FULL_TEXT,
        CALLING_CODE,
        COUNTRY_CODE,
        TIME_ZONE,
        TIME_ZONES,
        TIMEZONE,
        COUNTRY,
        LANGUAGE,
    }
)
AGENT_REPLY_KEYS = frozenset({AGENT_MARK, AGENT_NAME, AGENT_FROM, AGENT_DELIVERY})


@dataclass(frozen=True)
class UserHints:
    """What a message's metadata says about the user and the text.

    full_text   the whole text when the channel cut it for NLU, else None
    time_zone   the IANA zone: the caller's ``timezone``, else the number's ``time_zone``
    country     the ISO country: the caller's ``country``, else the number's ``country_code``
    locale      ``locale``, else ``language`` ("pt-BR"), when it is text
    """

    full_text: Optional[str] = None
    time_zone: Any = None
    country: Any = None
    locale: Optional[str] = None

    @classmethod
    def read(cls, metadata: Any) -> "UserHints":
        """The hints in a metadata dict; all None for anything else."""
        if not isinstance(metadata, Mapping):
            return cls()
        full = metadata.get(FULL_TEXT)
        locale = metadata.get(LOCALE) or metadata.get(LANGUAGE)
        return cls(
            full_text=full if isinstance(full, str) and full else None,
            time_zone=metadata.get(TIMEZONE) or metadata.get(TIME_ZONE) or None,
            country=metadata.get(COUNTRY) or metadata.get(COUNTRY_CODE) or None,
            locale=locale if isinstance(locale, str) else None,
        )
