"""Rasa buttons as WhatsApp messages (channels/meta/buttons.py): reply
buttons, lists, the Cloud API's length limits and long payloads."""

from typing import Dict, List

from channels.meta.buttons import (
    LIST_ROW_DESCRIPTION_LIMIT,
    LIST_ROW_TITLE_LIMIT,
    REPLY_BUTTON_ID_LIMIT,
    button_messages,
)
from channels.meta.long_payloads import LongPayloads


def buttons(n: int, title: str = "Option") -> List[Dict[str, str]]:
    return [{"title": f"{title} {i}", "payload": f"option {i}"} for i in range(1, n + 1)]


def test_four_to_ten_buttons_become_a_list() -> None:
    many = buttons(7, title="A rather long option title number")
    many[0]["description"] = "x" * 100
    [message] = button_messages("Pick one", many, LongPayloads())
    interactive = message["interactive"]
    assert message["type"] == "interactive" and interactive["type"] == "list"
    assert interactive["body"] == {"text": "Pick one"}
    assert interactive["action"]["button"] == "Choose"
    [section] = interactive["action"]["sections"]
    rows = section["rows"]
    assert len(rows) == 7
    assert [r["id"] for r in rows] == [b["payload"] for b in many]
    assert all(len(r["title"]) <= LIST_ROW_TITLE_LIMIT for r in rows)
    assert all(len(r.get("description", "")) <= LIST_ROW_DESCRIPTION_LIMIT for r in rows)
    assert len({r["title"] for r in rows}) == 7
    # a cut title is shown in full in the description
    assert rows[1]["description"] == "A rather long option title number 2"


def test_more_than_ten_buttons_are_split_into_lists() -> None:
    messages = button_messages("Which error code?", buttons(23), LongPayloads())
    assert [m["interactive"]["type"] for m in messages] == ["list", "list", "list"]
    sections = [m["interactive"]["action"]["sections"][0]["rows"] for m in messages]
    assert [len(rows) for rows in sections] == [10, 10, 3]
    assert [r["title"] for rows in sections for r in rows] == [f"Option {i}" for i in range(1, 24)]
    assert [m["interactive"]["body"]["text"] for m in messages] == [
        "Which error code?",
        "More options:",
        "More options:",
    ]


def test_long_body_is_sent_as_text_before_the_buttons() -> None:
    long_text = "Explanation. " * 100
    messages = button_messages(long_text, buttons(2), LongPayloads(), choose_prompt="Pick:")
    assert messages[0]["type"] == "text"
    assert messages[-1]["interactive"]["body"]["text"] == "Pick:"


def test_url_buttons_become_text_lines() -> None:
    messages = button_messages(
        "See the docs",
        [{"title": "Error codes", "url": "https://developers.facebook.com/docs/whatsapp"}],
        LongPayloads(),
    )
    assert messages == [
        {
            "type": "text",
            "text": {
                "body": "See the docs\n\nError codes: https://developers.facebook.com/docs/whatsapp",
                "preview_url": False,
            },
        }
    ]


def test_reply_button_ids_fit_the_limit_and_map_back() -> None:
    long_payloads = LongPayloads()
    [message] = button_messages("Q", [{"title": "A", "payload": "p" * 400}], long_payloads)
    button_id = message["interactive"]["action"]["buttons"][0]["reply"]["id"]
    assert len(button_id) <= REPLY_BUTTON_ID_LIMIT
    assert long_payloads.resolve(button_id, "A") == "p" * 400
