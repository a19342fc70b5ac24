"""The bot's buttons as Chatwoot shows them: options where the inbox has them, numbers elsewhere.

Why: Chatwoot turns a message with ``content_type`` "input_select" and
``content_attributes.items`` [{title, value}] into tappable options on the website
widget, API inboxes, Telegram and WhatsApp Cloud/360dialog inboxes; other inboxes
(Twilio WhatsApp and SMS, e-mail, Facebook, Instagram, Line) show only the text, so
there the choices are numbered in the text and the user answers "2" or a title
(``chatwoot.choices`` maps it back). A button with only a URL cannot be picked: it
becomes a "Title: URL" line.

Source (read, not copied): Chatwoot's interactive messages page (chatwoot/docs,
docs/product/others/interactive-messages.md): the input_select payload and the table
of which channels support options.
"""

from typing import Any, Dict, List, Optional, Sequence, Tuple

Choice = Tuple[str, str]  # (title shown, value sent to the dialogue)

# Inboxes whose contacts see input_select options (the docs' "Options" column).
OPTION_CHANNELS = frozenset({"Channel::WebWidget", "Channel::Api", "Channel::Telegram", "Channel::Whatsapp"})


def read_buttons(buttons: Optional[Sequence[Any]]) -> Tuple[List[Choice], List[str]]:
    """The choices among Rasa buttons, and the "Title: URL" lines of link buttons."""
    choices: List[Choice] = []
    links: List[str] = []
    for button in buttons or []:
        if not isinstance(button, dict):
            continue
        title = str(button.get("title") or "").strip()
        payload = button.get("payload")
        url = button.get("url")
        if payload in (None, "") and url:
            links.append(f"{title}: {url}" if title else str(url))
            continue
        value = str(payload if payload not in (None, "") else title).strip()
        if value:
            choices.append((title or value, value))
    return choices, links


def shows_options(inbox_channel: Optional[str]) -> bool:
    return inbox_channel in OPTION_CHANNELS


def _with_links(text: str, links: List[str]) -> str:
    return "\n\n".join(p for p in [(text or "").strip(), "\n".join(links)] if p)


def options_message(text: str, choices: List[Choice], links: List[str]) -> Dict[str, Any]:
    """The fields of an input_select message (content, content_type, content_attributes)."""
    return {
        "content": _with_links(text, links),
        "content_type": "input_select",
        "content_attributes": {"items": [{"title": title, "value": value} for title, value in choices]},
    }


def numbered_text(text: str, choices: List[Choice], links: List[str], hint: str = "") -> str:
    """The text with "1. Title" lines, the link lines and the hint ("Reply with a number.")."""
    lines = "\n".join(f"{n}. {title}" for n, (title, _) in enumerate(choices, 1))
    parts = [(text or "").strip(), lines, "\n".join(links), hint if choices else ""]
    return "\n\n".join(p for p in parts if p)
