"""chatwoot.buttons and chatwoot.choices: options or numbered choices, and the answer mapped back."""

from chatwoot.buttons import numbered_text, options_message, read_buttons, shows_options
from chatwoot.choices import OfferedChoices

BUTTONS = [
    {"title": "Yes, it's fixed", "payload": "yes, it's fixed"},
    {"title": "No, still failing", "payload": "no, still failing"},
    {"title": "Meta status", "url": "https://metastatus.com"},
    {"title": "Talk to a person"},
    "junk",
]


def test_read_buttons() -> None:
    choices, links = read_buttons(BUTTONS)
    assert choices == [
        ("Yes, it's fixed", "yes, it's fixed"),
        ("No, still failing", "no, still failing"),
        ("Talk to a person", "Talk to a person"),
    ]
    assert links == ["Meta status: https://metastatus.com"]


def test_options_where_the_inbox_shows_them() -> None:
    assert shows_options("Channel::WebWidget") and shows_options("Channel::Whatsapp")
    assert not shows_options("Channel::TwilioSms") and not shows_options(None)
    choices, links = read_buttons(BUTTONS)
    assert options_message("Did that solve it?", choices, links) == {
        "content": "Did that solve it?\n\nMeta status: https://metastatus.com",
        "content_type": "input_select",
        "content_attributes": {
            "items": [
                {"title": "Yes, it's fixed", "value": "yes, it's fixed"},
                {"title": "No, still failing", "value": "no, still failing"},
                {"title": "Talk to a person", "value": "Talk to a person"},
            ]
        },
    }


def test_numbered_elsewhere() -> None:
    choices, links = read_buttons(BUTTONS)
    assert numbered_text("Did that solve it?", choices, links, "Reply with a number.") == (
        "Did that solve it?\n\n1. Yes, it's fixed\n2. No, still failing\n3. Talk to a person\n\n"
        "Meta status: https://metastatus.com\n\nReply with a number."
    )
    assert numbered_text("Just text", [], [], "Reply with a number.") == "Just text"


def test_a_number_or_a_title_maps_back_once() -> None:
    offered = OfferedChoices()
    choices = [("Approved", "approved"), ("In review", "in review")]
    offered.offer("c1", choices, numbered=True)
    assert offered.resolve("c1", " 2. ") == ("in review", "In review")
    assert offered.resolve("c1", "2") == ("2", None)  # only the very next message counts
    offered.offer("c1", choices, numbered=True)
    assert offered.resolve("c1", "approved") == ("approved", "Approved")
    offered.offer("c1", choices, numbered=True)
    assert offered.resolve("c1", "7") == ("7", None)


def test_options_map_titles_but_not_numbers() -> None:
    offered = OfferedChoices()
    offered.offer("c1", [("Approved", "approved")], numbered=False)
    assert offered.resolve("c1", "1") == ("1", None)
    offered.offer("c1", [("Approved", "approved")], numbered=False)
    assert offered.resolve("c1", "APPROVED") == ("approved", "Approved")
    assert offered.resolve("other", "APPROVED") == ("APPROVED", None)


def test_forgotten_after_the_ttl_and_bounded() -> None:
    now = [0.0]
    offered = OfferedChoices(ttl_seconds=10, max_items=2, clock=lambda: now[0])
    for key in ("a", "b", "c"):
        offered.offer(key, [("Yes", "yes")], numbered=True)
    assert offered.resolve("a", "1") == ("1", None)  # pushed out
    now[0] = 11
    assert offered.resolve("b", "1") == ("1", None)  # expired
