"""Twilio's WhatsApp webhook form, read into the message a user sent.

Why: Twilio posts one form per message, with text, template button taps,
list picks, media and locations all in the same flat fields; this module
decides what reaches the dialogue and what gets a direct reply instead.
Status callbacks are recognised and skipped.
"""

import re
from typing import Any, Dict, List, Optional, Text

from channels.common.attachments import Attachment, readable
from channels.common.inbound import Delivery, InboundMessage
from channels.common.phone_metadata import user_metadata
from channels.common.replies import CAPTION, CAPTION_NOTE, cannot_read_reply
from channels.common.sender_ids import sender_id_problem
from contracts.metadata import (
    BUTTON_TITLE,
    CHANNEL,
    MESSAGE_ID,
    MESSAGE_TYPE,
    PROFILE_NAME,
    REPLY_TO_MESSAGE_ID,
    WA_ID,
)


def media_kind_from_content_type(content_type: Optional[Text]) -> Text:
    """Map a MIME type (Twilio's MediaContentType0) to a message kind."""
    ct = (content_type or "").lower()
    if ct == "image/webp":
        return "sticker"
    for kind in ("image", "audio", "video"):
        if ct.startswith(kind + "/"):
            return kind
    if ct in ("text/vcard", "text/x-vcard"):
        return "contacts"
    if ct:
        return "document"
    return "default"


def parse_form(form: Dict[Text, List[Text]]) -> Delivery:
    """The user message in one webhook form (none for a status callback)."""

    def first(name: Text) -> Text:
        values = form.get(name) or [""]
        return values[0]

    if first("MessageStatus") and not first("Body"):
        return Delivery([], statuses=1)  # a status callback, not a user message
    sender = first("From").strip()
    if not sender or sender_id_problem(sender) is not None:
        return Delivery([])  # nobody to answer, or an id no conversation can be stored under
    message_sid = first("MessageSid") or first("SmsMessageSid") or None
    body = first("Body").strip()
    try:
        num_media = int(first("NumMedia") or 0)
    except ValueError:
        num_media = 0

    text: Optional[Text] = None
    reply: Optional[Text] = None
    notice: Optional[Text] = None  # which notice reply is
    typed = False  # typed by the user: may be "2" for a numbered choice
    kind = first("MessageType") or "text"
    attachment: Optional[Attachment] = None
    title = None
    button_payload = first("ButtonPayload").strip()
    if button_payload:
        title = first("ButtonText") or None
        text = button_payload
    elif first("ListId").strip():
        title = first("ListTitle") or None
        text = first("ListId").strip()
    elif body:
        text = body
        typed = True
        if num_media:
            notice, reply = CAPTION, CAPTION_NOTE
    elif num_media:
        kind = media_kind_from_content_type(first("MediaContentType0"))
        notice, reply = kind, cannot_read_reply(kind)
    elif first("Latitude") and first("Longitude"):
        kind = "location"
        notice, reply = kind, cannot_read_reply("location")
    else:
        return Delivery([])
    if num_media and first("MediaUrl0") and readable(first("MediaContentType0")):
        # Twilio gives no file name: the content type decides
        attachment = Attachment(mime_type=first("MediaContentType0"), url=first("MediaUrl0"))

    wa_id = first("WaId") or re.sub(r"\D", "", sender)
    fields: Dict[Text, Any] = {
        CHANNEL: "twilio_whatsapp",
        MESSAGE_ID: message_sid,
        MESSAGE_TYPE: kind,
        PROFILE_NAME: first("ProfileName") or None,
        WA_ID: wa_id,
        BUTTON_TITLE: title,
        REPLY_TO_MESSAGE_ID: first("OriginalRepliedMessageSid") or None,
    }
    message = InboundMessage(
        sender,
        message_sid,
        text,
        reply,
        user_metadata(fields, wa_id),
        typed=typed,
        notice=notice,
        attachment=attachment,
    )
    return Delivery([message])
