"""The agent page's HTML: everything escaped, phone numbers masked unless asked."""

from __future__ import annotations

from agent_desk import AGENT_MARK, read_conversation
from agent_desk.page import SECURITY_HEADERS, conversation_page, conversation_path, list_page, login_page

PHONE = "5511987654321"
EVIL = '<script>alert("x")</script>'


def conversation(sender=PHONE, n_messages=2):
    events = [
        {"event": "user", "text": f"{EVIL} #{i}", "timestamp": 1_800_000_000.0 + i, "input_channel": "whatsapp"}
        for i in range(n_messages)
    ]
    events += [
        {"event": "pause", "timestamp": 1_800_000_100.0},
        {
            "event": "bot",
            "text": "<b>hi</b>",
            "timestamp": 1_800_000_200.0,
            "metadata": {AGENT_MARK: True, "agent": "<i>Maria</i>"},
        },
    ]
    return read_conversation(
        {
            "sender_id": sender,
            "events": events,
            "slots": {
                "handed_off": True,
                "language": "pt",
                "problem_text": EVIL,
                "findings": ["<img src=x>"],
                "tried_causes": ["outside_service_window"],
            },
        }
    )


def test_everything_from_the_conversation_is_escaped():
    html = list_page([conversation()])
    assert "<script>" not in html and "<img" not in html and "<b>hi</b>" not in html and "<i>Maria" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "Person (&lt;i&gt;Maria&lt;/i&gt;)" in html
    assert "Free-form message sent outside the 24-hour customer service window" in html
    assert "2027-01-15 08:00 UTC" in html  # waiting since, in UTC


def test_phone_numbers_masked_unless_asked():
    masked = list_page([conversation()])
    assert "5511*******21" in masked
    shown = list_page([conversation()], show_numbers=True)
    assert f">{PHONE}</a>" in shown and "Hide phone numbers" in shown


def test_links_and_forms_quote_the_id():
    odd = 'a/b"<c> d'
    html = list_page([conversation(sender=odd)], show_numbers=True)
    path = conversation_path(odd)
    assert path == "/agent/conversations/a%2Fb%22%3Cc%3E%20d"
    assert f'action="{path}/reply"' in html and f'action="{path}/resume"' in html
    assert "Hand back to the bot" in html and 'name="text"' in html


def test_long_transcripts_are_cut_in_the_list_not_on_their_page():
    c = conversation(n_messages=30)
    assert "11 earlier messages" in list_page([c], transcript_limit=20)
    assert "earlier messages" not in conversation_page(c) and "#0" in conversation_page(c)


def test_empty_list_and_login_page():
    assert "Nobody is waiting for a person right now." in list_page([])
    login = login_page("That is not the token.")
    assert 'type="password"' in login and 'action="/agent/login"' in login and "Sign out" not in login


def test_no_scripts_allowed():
    assert "default-src 'none'" in SECURITY_HEADERS["Content-Security-Policy"]
    assert "<script" not in list_page([conversation()]).replace("&lt;script", "")
