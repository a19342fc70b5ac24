"""Fixtures of the chatwoot package's tests: the stand-in Chatwoot and settings pointing at it."""

from typing import Iterator

import pytest

from chatwoot.settings import ChatwootSettings
from tests.support.chatwoot_standin import BOT_TOKEN, WEBHOOK_TOKEN, ChatwootStandIn


@pytest.fixture
def standin() -> Iterator[ChatwootStandIn]:
    server = ChatwootStandIn()
    yield server
    server.close()


@pytest.fixture
def settings(standin: ChatwootStandIn) -> ChatwootSettings:
    """Quick retries and a short timeout, against the stand-in."""
    return ChatwootSettings(
        url=standin.url,
        bot_token=BOT_TOKEN,
        webhook_token=WEBHOOK_TOKEN,
        request_timeout=1.0,
        max_attempts=3,
        retry_base_delay=0.01,
        retry_max_delay=0.05,
    )
