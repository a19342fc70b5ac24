"""The agent view in a real browser: a person signs in with the token, finds the WhatsApp
conversation waiting (number masked), reads the summary and the transcript, answers from
the page (the reply reaches the user through the Graph API stand-in) and hands it back.

The real Rasa and action servers (tests/e2e/conftest.py: desk_stack) and Debian's Chromium
driven headless by Playwright, as the chat page's browser test does.
"""

from __future__ import annotations

import uuid
from typing import Any, Dict

import pytest

from diagnosis.language import say

from tests.channels.harness import ApiStandIn
from tests.e2e.conftest import DESK_TOKEN
from tests.e2e.test_agent_view_e2e import texts_to, tracker, wait_for, whatsapp_say
from tests.web.conftest import browser  # noqa: F401  (the fixture: headless Chromium)

pytestmark = pytest.mark.e2e


def test_a_person_answers_and_hands_back_from_the_page(
    desk_stack: Dict[str, Any],
    graph: ApiStandIn,
    browser: Any,  # noqa: F811  (the fixture imported above)
) -> None:
    base = desk_stack["base"]
    sender = "5511" + str(uuid.uuid4().int)[:9]
    whatsapp_say(base, "oi, meus templates não chegam, dá erro 132001", sender)
    wait_for(lambda: [m for m in graph.graph_messages() if m.get("to") == sender])  # text or buttons
    whatsapp_say(base, "quero falar com uma pessoa", sender)
    wait_for(lambda: tracker(base, sender)["paused"])

    page = browser.new_page()
    try:
        page.goto(f"{base}/agent")
        assert "Sign in" in page.content() and sender not in page.content()  # nothing before the token
        page.fill("input[name=token]", DESK_TOKEN)
        page.click("button:has-text('Sign in')")
        page.wait_for_selector("section.conv")
        listed = page.inner_text("main")
        assert sender not in listed and sender[:4] in listed  # the number is shown masked
        assert "132001" in listed  # the summary and transcript are there

        section = page.locator("section.conv", has_text=sender[-2:]).filter(has_text="132001").first
        section.locator("textarea[name=text]").fill("Oi! Aqui é a Ana, do suporte. Vou olhar seu template.")
        section.locator("button:has-text('Send reply')").click()
        wait_for(lambda: "Aqui é a Ana" in " ".join(texts_to(graph, sender)))
        page.wait_for_selector("p.notice")

        section = page.locator("section.conv", has_text="Aqui é a Ana").first
        section.locator("button:has-text('Hand back to the bot')").click()
        wait_for(lambda: texts_to(graph, sender)[-1] == say("channel.handed_back", "pt"))
        wait_for(lambda: not tracker(base, sender)["paused"])
        page.goto(f"{base}/agent")
        assert "Aqui é a Ana" not in page.content()  # no longer waiting
    finally:
        page.close()
