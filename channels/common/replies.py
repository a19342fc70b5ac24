"""What the channels say by themselves, without asking the dialogue.

Why: media, locations and the like cannot be diagnosed; the user should hear
what to send instead, and hear it once (an album of five screenshots gets one
notice). When the dialogue itself fails or says nothing, the user gets an
apology rather than silence (never_silent).

The wording is in the catalogue (diagnosis/knowledge_base/wording/<lang>/channel.yaml),
in the user's language (channels/common/reply_language.py picks it). The constants
below are the English texts.
"""

from typing import Dict, Optional, Text

from diagnosis.language import DEFAULT_LANG, say

# The same notice goes to a user at most once in this many seconds.
NOTICE_QUIET_SECONDS = 60.0

# The kinds of message with a notice of their own; any other kind gets "default".
NOTICE_KINDS = (
    "image",
    "sticker",
    "document",
    "audio",
    "video",
    "location",
    "contacts",
    "reaction",
    "default",
    "empty",  # a text message with nothing in it (blank, or only spaces)
)
# The note for an attachment with a caption (the caption goes to the dialogue).
CAPTION = "caption"


def cannot_read_reply(kind: Optional[Text], lang: Optional[Text] = DEFAULT_LANG) -> Text:
    """The notice for a message of this kind ("image", "location"...)."""
    known = kind if kind in NOTICE_KINDS else "default"
    return say(f"channel.cannot_read.{known}", lang)


def notice(kind: Optional[Text], lang: Optional[Text] = DEFAULT_LANG) -> Text:
    """The notice of this kind (NOTICE_KINDS, or CAPTION for the caption note)."""
    if kind == CAPTION:
        return caption_note(lang)
    return cannot_read_reply(kind, lang)


def caption_note(lang: Optional[Text] = DEFAULT_LANG) -> Text:
    return say("channel.caption_note", lang)


def failure_reply(lang: Optional[Text] = DEFAULT_LANG) -> Text:
    """The dialogue failed, or the message may not have been kept: send it again."""
    return say("channel.failure", lang)


def no_reply_apology(lang: Optional[Text] = DEFAULT_LANG) -> Text:
    """The message was kept, but the dialogue had nothing to say (e.g. the action
    server is down). See never_silent."""
    return say("channel.no_reply", lang)


def slow_down(lang: Optional[Text] = DEFAULT_LANG) -> Text:
    """The sender is over the rate limit: said once per burst (channels/common/rate_limit.py)."""
    return say("channel.slow_down", lang)


# The English texts, as before the catalogue.
CANNOT_READ_REPLIES: Dict[Text, Text] = {kind: cannot_read_reply(kind) for kind in NOTICE_KINDS}
CAPTION_NOTE = caption_note()
FAILURE_REPLY = failure_reply()
NO_REPLY_APOLOGY = no_reply_apology()


def waiting_for_person(lang: Optional[Text] = DEFAULT_LANG) -> Text:
    """A person has the conversation (it is paused): the message is kept, they will answer.
    Said at most once every few minutes (agent_desk/waiting_notice.py)."""
    return say("channel.waiting_for_person", lang)


def handed_back(lang: Optional[Text] = DEFAULT_LANG) -> Text:
    """The person handed the conversation back to the bot (channels/backoffice/agent_view.py)."""
    return say("channel.handed_back", lang)
