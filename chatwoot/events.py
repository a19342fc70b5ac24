"""Reading Chatwoot's agent-bot webhook events: which ones the bot answers.

Why: Chatwoot sends the bot every message of its inboxes, its own replies included,
and keeps sending them after a person has taken the conversation. The bot must answer
only what a contact wrote while the conversation is still the bot's, or it talks over
a human agent or answers itself. Everything else is ignored (the route still answers
200, so Chatwoot does not retry it).

Handled:

* ``message_created`` with ``message_type`` "incoming" (or its number, 0), not private,
  from a sender of type "contact", in a conversation whose ``status`` is "pending" (or
  not given) and that no person is assigned to (``meta.assignee``, ``assignee_id``);
* ``message_updated`` of an ``input_select`` message with
  ``content_attributes.submitted_values``: a contact picked one of the bot's options in
  the website widget (the widget updates the option message rather than sending one).

Ignored: other events, outgoing/activity/template messages (the bot's own included),
private notes, conversations that are "open", "resolved" or "snoozed" or have an
assignee, and (when CHATWOOT_ACCOUNT_ID is set) other accounts. Duplicates are told
apart by ``dedupe_key`` (account and message id), which the channel remembers.

Sources (read, not copied): the webhook payload in Chatwoot's docs
(chatwoot/docs, docs/product/others/webhook-events.md: ``event``, ``id``, ``content``,
``message_type`` "incoming"/"outgoing"/"template", ``content_type``,
``content_attributes``, ``sender``, ``inbox``, ``conversation`` with ``id``, ``status``,
``meta.assignee``, ``account``); Chatwoot's Message model (chatwoot/chatwoot,
app/models/message.rb: message_type 0 incoming, 1 outgoing, 2 activity, 3 template;
content_type ``input_select``; ``submitted_values`` in content_attributes); its agent
bot listener (app/listeners/agent_bot_listener.rb: message_created and message_updated
go to the bot); the widget's option pick (app/javascript/widget/store/modules/message.js:
it updates the message with ``submitted_values`` [{title, value}]); the conversation
statuses open, resolved, pending, snoozed (developers.chatwoot.com,
api-reference/conversations/toggle-status).
"""

from dataclasses import dataclass
from typing import Any, Dict, Optional, Tuple, Union

from chatwoot.conversation import ConversationRef, as_id

MESSAGE_TYPES = {0: "incoming", 1: "outgoing", 2: "activity", 3: "template"}
BOT_STATUSES = ("pending",)  # the status of a conversation the agent bot holds


@dataclass(frozen=True)
class ChatwootMessage:
    """A contact's message (or option pick) the bot should answer."""

    ref: ConversationRef
    message_id: str
    text: Optional[str]  # what the contact wrote, stripped; None when nothing
    chosen: Optional[Tuple[str, str]] = None  # (title, value) of an option picked
    attachments: Tuple[str, ...] = ()  # Chatwoot file types: image, audio, video, file, location...
    inbox_id: Optional[str] = None
    inbox_channel: Optional[str] = None  # "Channel::WebWidget", "Channel::Whatsapp", "Channel::Api"...
    contact_id: Optional[str] = None
    contact_name: Optional[str] = None
    phone_number: Optional[str] = None
    locale: Optional[str] = None  # the widget's browser language, when it says
    event: str = "message_created"

    @property
    def typed(self) -> bool:
        """Written rather than picked: may be an option's title or number."""
        return self.chosen is None

    @property
    def dedupe_key(self) -> str:
        suffix = ":selected" if self.event == "message_updated" else ""
        return f"chatwoot:{self.ref.account_id}:{self.message_id}{suffix}"


@dataclass(frozen=True)
class Ignored:
    """An event the bot does not answer, and why (for the debug log)."""

    reason: str


Parsed = Union[ChatwootMessage, Ignored]


def _dict(value: Any) -> Dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> Optional[str]:
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        text = str(value).strip()
        return text or None
    return None


def message_type(value: Any) -> Optional[str]:
    """ "incoming", "outgoing", "activity" or "template", from the name or its number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return MESSAGE_TYPES.get(value)
    if isinstance(value, str):
        name = value.strip().lower()
        if name.isdigit():
            return MESSAGE_TYPES.get(int(name))
        return name if name in MESSAGE_TYPES.values() else None
    return None


def _assignee(conversation: Dict[str, Any]) -> bool:
    """True when a person (not a bot) is assigned to the conversation."""
    assignee = _dict(_dict(conversation.get("meta")).get("assignee"))
    if assignee:
        kind = str(assignee.get("type") or "user").lower().replace("_", "")
        return kind != "agentbot"
    return as_id(conversation.get("assignee_id")) is not None


def _first_submitted(attributes: Dict[str, Any]) -> Optional[Tuple[str, str]]:
    values = attributes.get("submitted_values")
    if not isinstance(values, list):
        return None
    for item in values:
        item = _dict(item)
        value = _text(item.get("value")) or _text(item.get("title"))
        if value:
            return (_text(item.get("title")) or value, value)
    return None


def _locale(conversation: Dict[str, Any], payload: Dict[str, Any]) -> Optional[str]:
    extra = _dict(conversation.get("additional_attributes"))
    return _text(extra.get("browser_language")) or _text(_dict(payload.get("additional_attributes")).get("locale"))


def parse_event(payload: Any, account_id: Optional[str] = None) -> Parsed:
    """The message to answer in one webhook body, or why it is ignored. Never raises."""
    if not isinstance(payload, dict):
        return Ignored("not a JSON object")
    event = payload.get("event")
    if event not in ("message_created", "message_updated"):
        return Ignored(f"event {str(event)[:40]!r}")
    account = as_id(_dict(payload.get("account")).get("id"))
    if account is None:
        return Ignored("no account id")
    if account_id is not None and account != account_id:
        return Ignored("another account")
    conversation = _dict(payload.get("conversation"))
    ref = ConversationRef.of(account, conversation.get("id", conversation.get("display_id")))
    if ref is None:
        return Ignored("no conversation id")
    message_id = as_id(payload.get("id"))
    if message_id is None:
        return Ignored("no message id")
    status = conversation.get("status")
    if status is not None and status not in BOT_STATUSES:
        return Ignored(f"conversation is {str(status)[:20]}")
    if _assignee(conversation):
        return Ignored("a person is assigned")
    if payload.get("private") is True:
        return Ignored("private note")

    kind = message_type(payload.get("message_type"))
    attributes = _dict(payload.get("content_attributes"))
    chosen = _first_submitted(attributes)
    if event == "message_updated":
        if payload.get("content_type") != "input_select" or chosen is None or kind == "incoming":
            return Ignored("message update")
    else:
        if kind != "incoming":
            return Ignored(f"{kind or 'unknown'} message")
        sender_type = _text(_dict(payload.get("sender")).get("type"))
        if sender_type is not None and sender_type.lower() != "contact":
            return Ignored("not from the contact")

    sender = _dict(payload.get("sender")) if event == "message_created" else {}
    contact = _dict(_dict(conversation.get("meta")).get("sender")) or _dict(payload.get("contact")) or sender
    inbox = _dict(payload.get("inbox"))
    attachments = tuple(
        str(_dict(a).get("file_type") or "file") for a in payload.get("attachments") or [] if isinstance(a, dict)
    )
    return ChatwootMessage(
        ref=ref,
        message_id=message_id,
        text=_text(payload.get("content")) if event == "message_created" else None,
        chosen=chosen,
        attachments=attachments,
        inbox_id=as_id(inbox.get("id")) or as_id(conversation.get("inbox_id")),
        inbox_channel=_text(conversation.get("channel")),
        contact_id=as_id(contact.get("id")),
        contact_name=_text(contact.get("name")),
        phone_number=_text(contact.get("phone_number")),
        locale=_locale(conversation, payload),
        event=event,
    )
