"""diagnosis.conversation.app_user: the WhatsApp Business app, not the API."""

from __future__ import annotations

import pytest

from diagnosis.conversation.app_user import says_business_app


@pytest.mark.parametrize(
    "text, app",
    [
        ("I use the whatsapp business app on my phone (not any api stuff)", True),
        ("uso la app de whatsapp business en el celu (no api ni nada de eso)", True),
        ("uso o whatsapp business no celular, não uso api", True),
        ("our api returns 131047", False),
        ("we use the cloud api", False),
        ("my app sends through the api", False),
    ],
)
def test_the_business_app_said_in_words(text, app):
    assert says_business_app(text) is app
