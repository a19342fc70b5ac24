"""End to end over REST with the real action server: the computed follow-ups.

Each test is one conversation a user could have; it asserts the numbers and the
advice in the replies, and what the tracker holds.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.e2e


def slots(user) -> dict:
    return user.tracker()["slots"]


def test_window_open_says_how_long_is_left(user):
    asked = user.say_text("(#131047) Re-engagement message")
    assert "when did" in asked.lower()
    reply = user.say_text("2 hours ago")
    assert "still open" in reply
    assert re.search(r"\b2[12] h\b", reply), reply
    assert slots(user)["last_customer_message"]["window_open"] is True


def test_window_closed_says_since_when_and_what_to_send(user):
    user.say("Twilio error 63016: outside the allowed window")
    reply = user.say_text("3 days ago")
    assert "closed" in reply
    assert "template" in reply.lower()
    assert slots(user)["last_customer_message"]["window_open"] is False
    # then the fix, with when to retry, and the check that it worked
    assert "Did that solve it?" in reply
    assert "Retry" in reply


def test_window_in_spanish_with_the_users_time_zone(stack):
    import requests

    def say(text):
        r = requests.post(
            f"{stack['base']}/webhooks/rest/webhook",
            timeout=60,
            json={"sender": "tz-user", "message": text, "metadata": {"timezone": "America/Mexico_City"}},
        )
        return "\n".join(m.get("text", "") for m in r.json())

    say("(#131047) Re-engagement message")
    reply = say("ayer a las 5pm")
    assert "17:00 CST" in reply
    assert "read that time as UTC" not in reply
    assert user_slots(stack, "tz-user")["user_timezone"] == "America/Mexico_City"


def user_slots(stack, sender):
    import requests

    r = requests.get(f"{stack['base']}/conversations/{sender}/tracker", timeout=30)
    return r.json()["slots"]


def test_a_time_without_zone_states_the_assumption(user):
    user.say("(#131047) Re-engagement message")
    reply = user.say_text("yesterday at 5pm")
    assert "read that time as UTC" in reply


def test_template_status_rejected_leads_to_its_own_fix(user):
    asked = user.say("(#132001) Template name does not exist in the translation")
    buttons = [b["payload"] for m in asked for b in m.get("buttons", [])]
    assert "rejected" in buttons and "pending" in buttons
    reply = user.say_text("rejected")
    assert "rejection reason" in reply
    assert slots(user)["template_status"] == "rejected"


def test_template_status_typed_in_portuguese(user):
    user.say("(#132001) Template name does not exist in the translation")
    reply = user.say_text("está pendente")
    assert slots(user)["template_status"] == "pending"
    assert "análise" in reply.lower()  # answered in the language the user now writes


def test_phone_number_is_corrected_to_the_api_form(user):
    user.say("(#100) Invalid parameter: the 'to' phone number is not a valid number")
    assert slots(user)["cause"] == "invalid_phone_format"
    reply = user.say_text("+91 98765 43210")
    assert "919876543210" in reply


def test_phone_number_without_country_code_asks_the_country(user):
    user.say("Phone number format error")
    reply = user.say_text("(415) 555-1234")
    assert "country" in reply.lower()
    reply = user.say_text("United States")
    assert "14155551234" in reply
    assert slots(user)["recipient_country"] == "US"


def test_media_over_the_limit_says_the_limit_and_what_to_do(user):
    user.say("Media size exceeds limit")
    assert slots(user)["cause"] == "media_too_large"
    reply = user.say_text("a video of 20 MB")
    assert "16 MB" in reply
    assert "compress" in reply.lower()
    assert slots(user)["media_details"]["over_limit"] is True


def test_a_wrong_answer_is_asked_again_and_nothing_is_set(user):
    user.say("(#132001) Template name does not exist in the translation")
    reply = user.say_text("purple elephant")
    assert "Approved" in reply  # the options again
    assert slots(user)["template_status"] is None
    assert user.tracker()["active_loop"].get("name") == "troubleshoot_form"


def test_it_did_not_help_with_a_code_that_settles_the_cause_hands_off(user):
    """132001 means the template's name or language and nothing else: no unrelated next guess."""
    user.say("(#132001) Template name does not exist in the translation")
    user.say("approved")
    reply = user.say_text("no, still failing")
    assert "*132001* means" in reply and "summary" in reply
    tracker = user.tracker()
    assert tracker["slots"]["handed_off"] is True
    assert tracker["slots"]["cause"] == "template_not_approved"


def test_a_new_error_mid_conversation_starts_on_it(user):
    user.say("(#132001) Template name does not exist in the translation")
    reply = user.say_text("(#131026) Message undeliverable")
    assert slots(user)["cause"] == "undeliverable"
    assert "different error" in reply


def test_talk_to_a_person_gives_the_summary_and_the_truth(user):
    user.say("Media size exceeds limit")
    reply = user.say_text("talk to a person")
    assert "Media size exceeds limit" in reply
    assert "nobody will answer here" in reply  # no person is connected: no false promise
    tracker = user.tracker()
    assert tracker["paused"] is False and tracker["slots"]["handed_off"] is True
    assert not tracker["active_loop"].get("name")
    assert user.say_text("(#131047) Re-engagement message")  # the bot is still there


def test_start_over_at_any_point(user):
    user.say("(#131047) Re-engagement message")
    reply = user.say_text("start over")
    assert "start over" in reply.lower()
    tracker = user.tracker()
    assert tracker["slots"]["cause"] is None
    assert not tracker["active_loop"].get("name")


def test_fixed_then_rated(user):
    user.say("(#131047) Re-engagement message")
    user.say("3 days ago")
    reply = user.say_text("yes it worked")
    assert "rating" in reply.lower()
    reply = user.say_text("5")
    assert "5/5" in reply
    assert slots(user)["rating"] == "5"


def test_undeliverable_is_narrowed_down_by_the_answer(user):
    asked = user.say("(#131026) Message undeliverable")
    buttons = [b["payload"] for m in asked for b in m.get("buttons", [])]
    assert {"no_whatsapp", "blocked"} <= set(buttons)
    reply = user.say_text("I think they blocked us")
    assert slots(user)["cause"] == "blocked_by_recipient"
    assert "So the cause is" in reply


def test_a_campaign_report_says_what_to_retry_now_later_never(user):
    reply = user.say_text(
        "Our campaign shows 40% failed:\n"
        "131049 healthy ecosystem engagement - 120\n"
        "131050 user stopped marketing messages - 30\n"
        "130429 rate limit hit - 40"
    )
    assert "Retry later (160)" in reply  # 120 after 24 h, 40 after a few minutes
    assert "Don't retry (30)" in reply
