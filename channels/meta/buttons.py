"""Rasa texts and buttons as WhatsApp Cloud API message objects.

Why: WhatsApp has no "text with buttons"; it has reply buttons (up to 3),
list messages (up to 10 rows) and plain text, each with its own length
limits, and it rejects a message that breaks one. These builders choose the
form and fit the text; they are pure, so the limits are tested directly.
"""

from typing import Any, Dict, List, Optional, Text, Tuple

from diagnosis.platform import platform

from channels.common.buttons import Choice, read_buttons
from channels.common.text_limits import split_text, truncate, unique_labels
from channels.meta.long_payloads import LongPayloads

# Limits of the Cloud API (characters and counts): `messages` in
# diagnosis/knowledge_base/platform.yaml.
_LIMITS = platform().messages
TEXT_LIMIT = _LIMITS.text_body
INTERACTIVE_BODY_LIMIT = _LIMITS.interactive_body
REPLY_BUTTONS_MAX = _LIMITS.reply_buttons
REPLY_BUTTON_TITLE_LIMIT = _LIMITS.reply_button_title
REPLY_BUTTON_ID_LIMIT = _LIMITS.reply_button_id
LIST_ROWS_MAX = _LIMITS.list_rows
LIST_BUTTON_LABEL_LIMIT = _LIMITS.list_button_label
LIST_ROW_TITLE_LIMIT = _LIMITS.list_row_title
LIST_ROW_DESCRIPTION_LIMIT = _LIMITS.list_row_description
LIST_ROW_ID_LIMIT = _LIMITS.list_row_id

MORE_OPTIONS = "More options:"  # the body of the second and later lists


def text_message(text: Text) -> Dict[Text, Any]:
    """One text message (links are not previewed: error texts quote URLs)."""
    return {"type": "text", "text": {"body": text, "preview_url": False}}


def text_messages(text: Text) -> List[Dict[Text, Any]]:
    """A text as as many text messages as its length needs."""
    return [text_message(chunk) for chunk in split_text(text, TEXT_LIMIT)]


def _text_and_choices(text: Text, buttons: Optional[List[Dict[Text, Any]]]) -> Tuple[Text, List[Choice]]:
    """The text (URL buttons added as lines) and the buttons that stay buttons."""
    text = (text or "").strip()
    choices, links = read_buttons(buttons)
    if links:
        text = (text + "\n\n" + "\n".join(links)).strip()
    return text, choices


def needs_own_words(text: Text, buttons: Optional[List[Dict[Text, Any]]]) -> bool:
    """Whether ``button_messages`` would add words of its own (label, prompt, "More options")."""
    text, choices = _text_and_choices(text, buttons)
    return bool(choices) and (len(choices) > REPLY_BUTTONS_MAX or not text or len(text) > INTERACTIVE_BODY_LIMIT)


def button_messages(
    text: Text,
    buttons: Optional[List[Dict[Text, Any]]],
    long_payloads: LongPayloads,
    list_button_label: Text = "Choose",
    choose_prompt: Text = "Please choose:",
    more_options: Text = MORE_OPTIONS,
) -> List[Dict[Text, Any]]:
    """Rasa buttons as WhatsApp messages (without the envelope).

    1-3 buttons: reply buttons; 4-10: a list message; more than 10: several
    list messages of up to 10 rows each (the later ones under
    ``more_options``). URL buttons become text lines. A text too long for an
    interactive body goes first as plain text, and the buttons follow under
    ``choose_prompt``.
    """
    text, choices = _text_and_choices(text, buttons)
    if not choices:
        return text_messages(text)

    messages: List[Dict[Text, Any]] = []
    body = text
    if not body or len(body) > INTERACTIVE_BODY_LIMIT:
        messages += text_messages(body)
        body = truncate(choose_prompt, INTERACTIVE_BODY_LIMIT)

    if len(choices) <= REPLY_BUTTONS_MAX:
        messages.append(_reply_buttons(body, choices, long_payloads))
        return messages

    for start in range(0, len(choices), LIST_ROWS_MAX):
        part = choices[start : start + LIST_ROWS_MAX]
        messages.append(
            _list_message(
                body if start == 0 else more_options,
                part,
                long_payloads,
                list_button_label,
            )
        )
    return messages


def _reply_buttons(body: Text, choices: List[Choice], long_payloads: LongPayloads) -> Dict[Text, Any]:
    titles = unique_labels([c.title for c in choices], REPLY_BUTTON_TITLE_LIMIT)
    return {
        "type": "interactive",
        "interactive": {
            "type": "button",
            "body": {"text": body},
            "action": {
                "buttons": [
                    {
                        "type": "reply",
                        "reply": {
                            "id": long_payloads.button_id(c.payload, REPLY_BUTTON_ID_LIMIT),
                            "title": title,
                        },
                    }
                    for title, c in zip(titles, choices)
                ]
            },
        },
    }


def _list_message(
    body: Text,
    choices: List[Choice],
    long_payloads: LongPayloads,
    button_label: Text,
) -> Dict[Text, Any]:
    titles = unique_labels([c.title for c in choices], LIST_ROW_TITLE_LIMIT)
    rows = []
    for short, choice in zip(titles, choices):
        row: Dict[Text, Any] = {
            "id": long_payloads.button_id(choice.payload, LIST_ROW_ID_LIMIT),
            "title": short,
        }
        description = choice.description
        if not description and short != choice.title.strip():
            description = choice.title  # show the whole title when it was cut
        if description:
            row["description"] = truncate(description, LIST_ROW_DESCRIPTION_LIMIT)
        rows.append(row)
    return {
        "type": "interactive",
        "interactive": {
            "type": "list",
            "body": {"text": body},
            "action": {"button": button_label, "sections": [{"rows": rows}]},
        },
    }
