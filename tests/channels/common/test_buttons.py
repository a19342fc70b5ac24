"""Reading Rasa's buttons (channels/common/buttons.py)."""

from channels.common.buttons import Choice, read_buttons


def test_choices_and_link_lines() -> None:
    choices, links = read_buttons(
        [
            {"title": "Approved", "payload": "approved"},
            {"title": " Only a title "},
            {"payload": "only a payload"},
            {"title": "With description", "payload": 7, "description": "the seventh"},
            {"title": "Docs", "url": "https://example.com/docs"},
            {"url": "https://example.com/bare"},
            {"title": "", "payload": ""},
            "not a button",
        ]
    )
    assert choices == [
        Choice("Approved", "approved", ""),
        Choice("Only a title", "Only a title", ""),
        Choice("only a payload", "only a payload", ""),
        Choice("With description", "7", "the seventh"),
    ]
    assert links == ["Docs: https://example.com/docs", "https://example.com/bare"]


def test_no_buttons() -> None:
    assert read_buttons(None) == ([], []) and read_buttons([]) == ([], [])
