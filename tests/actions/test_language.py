"""actions/language.py: the reply language follows the user's words, not the words of a
button's payload."""

from __future__ import annotations

import pytest

from actions import messages
from actions.language import is_a_button, reply_language

from .conftest import make_tracker


@pytest.mark.parametrize("lang", ["es", "pt"])
def test_pressing_a_button_keeps_the_conversations_language(domain, lang):
    for button in messages.solved_buttons(lang) + [messages.person_button(lang)]:
        tracker = make_tracker(domain, button["payload"], slots={"language": lang})
        assert reply_language(tracker) == lang, button


def test_choice_and_cause_payloads_are_buttons_but_sentences_are_not():
    assert is_a_button("not_sure") and is_a_button("outside_service_window") and is_a_button("no, still failing")
    assert not is_a_button("no, still failing after the new token")


def test_typing_in_another_language_still_switches(domain):
    tracker = make_tracker(
        domain, "sorry, can we switch to English? the template still fails", slots={"language": "es"}
    )
    assert reply_language(tracker) == "en"
