"""Meta's webhook JSON, read into the messages a user sent.

Why: one webhook body can carry several entries, changes, messages and
status updates, for several business numbers, in shapes that grow over time.
This module decides, for each message, what reaches the dialogue (text, a
tapped button's payload, a caption) and what gets a direct reply instead
(media, locations...). It never raises on odd data.
"""

import logging
from typing import Any, Dict, List, Optional, Text

from diagnosis.platform import platform

from channels.common.attachments import Attachment, readable
from channels.common.inbound import Delivery, InboundMessage
from channels.common.json_shapes import as_dict, as_int, as_str, dicts
from channels.common.phone_metadata import user_metadata
from channels.common.replies import CAPTION, CAPTION_NOTE, cannot_read_reply
from channels.common.sender_ids import sender_id_problem
from channels.meta.long_payloads import LongPayloads
from channels.meta.settings import WhatsAppConfig
from contracts.metadata import (
    BUTTON_TITLE,
    CHANNEL,
    DISPLAY_PHONE_NUMBER,
    MESSAGE_ID,
    MESSAGE_TYPE,
    PHONE_NUMBER_ID,
    PROFILE_NAME,
    REPLY_TO_MESSAGE_ID,
    TIMESTAMP,
    USER_ID,
    USERNAME,
    WA_ID,
)
from privacy.masking import mask_id

logger = logging.getLogger(__name__)

MEDIA_TYPES = set(platform().media)  # the message types that carry a media object


def parse_delivery(payload: Any, config: WhatsAppConfig, long_payloads: LongPayloads) -> Delivery:
    """The user messages in one webhook body, and how many status updates it had.

    Status updates are only logged. Messages to another business number on
    the same app are skipped when ``config.ignore_other_numbers`` is set.
    """
    messages: List[InboundMessage] = []
    statuses = 0
    if not isinstance(payload, dict):
        return Delivery(messages, statuses)
    if payload.get("object") not in (None, "whatsapp_business_account"):
        return Delivery(messages, statuses)
    for entry in dicts(payload.get("entry")):
        for change in dicts(entry.get("changes")):
            if change.get("field") not in (None, "messages"):
                continue
            value = change.get("value")
            if not isinstance(value, dict):
                continue
            value_metadata = as_dict(value.get("metadata"))  # Meta's, not the message's
            phone_number_id = str(value_metadata.get("phone_number_id") or "")
            for status in dicts(value.get("statuses")):
                statuses += 1
                log_status(status)
            sent = dicts(value.get("messages"))
            if not sent:
                continue
            if (
                config.ignore_other_numbers
                and phone_number_id
                and config.phone_number_id
                and phone_number_id != config.phone_number_id
            ):
                logger.info(
                    "WhatsApp: ignoring %d message(s) sent to another business number (phone_number_id %s).",
                    len(sent),
                    mask_id(phone_number_id),
                )
                continue
            contacts = dicts(value.get("contacts"))
            for message in sent:
                parsed = parse_message(message, contacts, value_metadata, long_payloads)
                if parsed is not None:
                    messages.append(parsed)
    return Delivery(messages, statuses)


def log_status(status: Dict[Text, Any]) -> None:
    """A sent/delivered/read status at debug level; a failed one as a warning."""
    state = status.get("status")
    recipient = mask_id(status.get("recipient_id") or status.get("recipient_user_id"))
    if state == "failed":
        errors = [
            f"{e.get('code')} {e.get('title') or e.get('message') or ''}".strip() for e in dicts(status.get("errors"))
        ]
        logger.warning(
            "WhatsApp: message %s to %s failed: %s",
            status.get("id"),
            recipient,
            "; ".join(errors) or "no details",
        )
    else:
        logger.debug("WhatsApp: message %s to %s is %s.", status.get("id"), recipient, state)


def parse_message(
    message: Dict[Text, Any],
    contacts: List[Dict[Text, Any]],
    value_metadata: Dict[Text, Any],
    long_payloads: LongPayloads,
) -> Optional[InboundMessage]:
    """One message object, or None when there is nothing to answer."""
    wa_id = as_str(message.get("from"))
    user_id = as_str(message.get("from_user_id"))
    contact = _find_contact(contacts, wa_id, user_id)
    wa_id = wa_id or as_str(contact.get("wa_id"))
    user_id = user_id or as_str(contact.get("user_id"))
    sender_id = wa_id or user_id
    if not sender_id:
        logger.debug("WhatsApp: message without sender ignored.")
        return None
    problem = sender_id_problem(sender_id)
    if problem is not None:  # Meta's ids are digits: only a forged or broken body
        logger.warning("WhatsApp: message ignored: its sender id %s.", problem)
        return None
    message_id = as_str(message.get("id"))
    kind = as_str(message.get("type")) or "unknown"
    profile = as_dict(contact.get("profile"))
    context = as_dict(message.get("context"))

    text: Optional[Text] = None
    reply: Optional[Text] = None
    notice: Optional[Text] = None  # which notice reply is
    title: Optional[Text] = None
    typed = False
    attachment: Optional[Attachment] = None

    if kind == "text":
        body = as_dict(message.get("text"))
        text = as_str(body.get("body"))
        typed = True
    elif kind == "interactive":
        interactive = as_dict(message.get("interactive"))
        sub = as_str(interactive.get("type"))
        chosen = as_dict(interactive.get(sub))
        if sub in ("button_reply", "list_reply"):
            title = as_str(chosen.get("title"))
            text = long_payloads.resolve(as_str(chosen.get("id")), title)
        else:
            notice = "default"
    elif kind == "button":
        button = as_dict(message.get("button"))
        title = as_str(button.get("text"))
        text = as_str(button.get("payload")) or title
    elif kind in MEDIA_TYPES:
        media = as_dict(message.get(kind))
        caption = as_str(media.get("caption"))
        if caption:
            notice, text, typed = CAPTION, caption, True
        else:
            notice = kind
        media_id = as_str(media.get("id"))
        if kind == "document" and media_id and readable(as_str(media.get("mime_type")), as_str(media.get("filename"))):
            attachment = Attachment(
                mime_type=as_str(media.get("mime_type")) or "",
                filename=as_str(media.get("filename")),
                media_id=media_id,
            )
    elif kind == "reaction":
        reaction = as_dict(message.get("reaction"))
        if not as_str(reaction.get("emoji")):
            return None  # a reaction was removed: nothing to say
        notice = "reaction"
    elif kind == "system":
        return None  # e.g. "user changed number": not a message to answer
    else:  # location, contacts, unsupported, order, unknown...
        notice = kind

    if text is not None:
        text = text.strip() or None
    if kind == "text" and text is None:
        notice = "empty"  # an answer, not silence
    if notice is not None:
        reply = CAPTION_NOTE if notice == CAPTION else cannot_read_reply(notice)
    if text is None and reply is None:
        return None

    fields: Dict[Text, Any] = {
        CHANNEL: "whatsapp",
        MESSAGE_ID: message_id,
        MESSAGE_TYPE: kind,
        TIMESTAMP: as_int(message.get("timestamp")),
        PROFILE_NAME: as_str(profile.get("name")),
        USERNAME: as_str(profile.get("username")),
        WA_ID: wa_id,
        USER_ID: user_id,
        PHONE_NUMBER_ID: as_str(value_metadata.get("phone_number_id")),
        DISPLAY_PHONE_NUMBER: as_str(value_metadata.get("display_phone_number")),
        REPLY_TO_MESSAGE_ID: as_str(context.get("id")),
        BUTTON_TITLE: title,
    }
    return InboundMessage(
        sender_id,
        message_id,
        text,
        reply,
        user_metadata(fields, wa_id),
        typed=typed,
        notice=notice,
        attachment=attachment,
    )


def _find_contact(contacts: List[Dict[Text, Any]], wa_id: Optional[Text], user_id: Optional[Text]) -> Dict[Text, Any]:
    for contact in contacts:
        if wa_id and contact.get("wa_id") == wa_id:
            return contact
        if user_id and contact.get("user_id") == user_id:
            return contact
    if len(contacts) == 1:
        return contacts[0]
    return {}
