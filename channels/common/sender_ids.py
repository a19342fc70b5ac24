"""Which sender ids a conversation can be stored under.

Why: the tracker store keeps the sender id in a VARCHAR(255); PostgreSQL refuses a NUL
in it; and a string with a lone surrogate ("\\ud800", valid in JSON as an escape) cannot
be encoded for the database at all, which makes Rasa 3.6's SQL tracker store call
``sys.exit`` and takes the whole server down (found by the reliability suite's fuzzer:
one REST request was enough). Every channel checks the id before the dialogue sees it:
REST answers 400, the WhatsApp and Twilio parsers skip such a message.
"""

import unicodedata
from typing import Optional, Text

# The SQL tracker store keeps sender ids in a VARCHAR(255).
MAX_SENDER_LENGTH = 255


def sender_id_problem(sender_id: Text) -> Optional[Text]:
    """Why ``sender_id`` cannot be stored, or None when it can."""
    if not sender_id.strip():
        return "must not be empty"
    if len(sender_id) > MAX_SENDER_LENGTH:
        return f"is too long (at most {MAX_SENDER_LENGTH} characters)"
    if any(unicodedata.category(c) == "Cc" for c in sender_id):
        return "must not contain control characters"
    try:
        sender_id.encode("utf-8")
    except UnicodeEncodeError:
        return "must be valid Unicode text"
    return None
