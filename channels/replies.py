"""What the channels say by themselves, without asking the dialogue.

Why: media, locations and the like cannot be diagnosed; the user should hear
what to send instead, and hear it once (an album of five screenshots gets one
notice). When the dialogue itself fails or says nothing, the user gets an
apology rather than silence (never_silent).
"""

from typing import Dict, Text

# The same notice goes to a user at most once in this many seconds.
NOTICE_QUIET_SECONDS = 60.0

CANNOT_READ_REPLIES: Dict[Text, Text] = {
    "image": (
        "I can't read images yet: please paste the error text, "
        "or type what you see."
    ),
    "sticker": (
        "I can't read stickers: please type your question, "
        "or paste the error text you got."
    ),
    "document": (
        "I can't open documents yet: please copy the error message from it "
        "and paste it here."
    ),
    "audio": (
        "I can't listen to voice messages yet: please type your question, "
        "or paste the error text."
    ),
    "video": (
        "I can't watch videos yet: please paste the error text, "
        "or type what you see."
    ),
    "location": (
        "Thanks, but I don't need a location: please paste the error message "
        "you got, or describe which message failed."
    ),
    "contacts": (
        "I can't read contact cards: please type the phone number you were "
        "trying to message, with its country code."
    ),
    "reaction": (
        "Thanks! If you need more help, type your question or paste the "
        "error text."
    ),
    "default": (
        "I can only read text messages: please type your question, "
        "or paste the error text."
    ),
    # a text message with nothing in it (blank, or only spaces)
    "empty": (
        "Your message arrived empty: please type your question, "
        "or paste the error text."
    ),
}

CAPTION_NOTE = (
    "I can't see attachments, so I'll only read the text you sent with it."
)

# The dialogue failed, or the message may not have been kept: send it again.
FAILURE_REPLY = (
    "Sorry, something went wrong on my side. Please try again in a minute."
)

# The message was kept, but the dialogue had nothing to say (e.g. the action
# server is down). See never_silent.
NO_REPLY_APOLOGY = (
    "Sorry, something went wrong on my side. Your message is saved: "
    "try again in a minute, or paste the error again."
)


def cannot_read_reply(kind: Text) -> Text:
    """The notice for a message of this kind ("image", "location"...)."""
    return CANNOT_READ_REPLIES.get(kind) or CANNOT_READ_REPLIES["default"]
