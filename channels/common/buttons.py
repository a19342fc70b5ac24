"""Reading Rasa's buttons the same way for every provider.

Why: WhatsApp has reply buttons and lists, Twilio has numbered choices, but
which buttons can be chosen is the same question for both. A button with a
payload (or only a title) is a choice; a button with only a URL cannot be
tapped on WhatsApp, so it becomes a "Title: URL" text line.
"""

from typing import Any, Dict, List, NamedTuple, Optional, Text, Tuple


class Choice(NamedTuple):
    title: Text  # what the user sees: the payload when there is no title
    payload: Text  # what goes to the dialogue when it is chosen
    description: Text  # "" when the button has none


def read_buttons(buttons: Optional[List[Dict[Text, Any]]]) -> Tuple[List[Choice], List[Text]]:
    """The choices among Rasa buttons, and the "Title: URL" lines of link buttons."""
    choices: List[Choice] = []
    links: List[Text] = []
    for button in buttons or []:
        if not isinstance(button, dict):
            continue
        title = str(button.get("title") or "").strip()
        payload = button.get("payload")
        url = button.get("url")
        if payload in (None, "") and url:
            links.append(f"{title}: {url}" if title else str(url))
            continue
        payload = str(payload if payload not in (None, "") else title)
        if not payload:
            continue
        choices.append(Choice(title or payload, payload, str(button.get("description") or "")))
    return choices, links
