"""Reading settings (channels/common/settings.py, meta/settings.py, twilio/settings.py):
credentials.yml first, then the environment; placeholders count as unset."""

from typing import Any

import pytest

from channels.common.settings import ChannelConfig, number_setting, setting
from channels.meta.settings import WhatsAppConfig
from channels.twilio.settings import TwilioWhatsAppConfig


def test_credentials_win_over_environment_over_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TICKFIX_TEST_KEY", " from-env ")
    assert setting({"key": " from-yml "}, "key", "TICKFIX_TEST_KEY", "default") == "from-yml"
    assert setting({}, "key", "TICKFIX_TEST_KEY", "default") == "from-env"
    monkeypatch.delenv("TICKFIX_TEST_KEY")
    assert setting(None, "key", "TICKFIX_TEST_KEY", "default") == "default"


@pytest.mark.parametrize("unset", [None, "", "   ", "${WHATSAPP_ACCESS_TOKEN}", "prefix-${X}"])
def test_blank_or_placeholder_values_fall_back(monkeypatch: pytest.MonkeyPatch, unset: Any) -> None:
    monkeypatch.setenv("TICKFIX_TEST_KEY", "from-env")
    assert setting({"key": unset}, "key", "TICKFIX_TEST_KEY") == "from-env"


def test_numbers_have_a_minimum_and_a_bad_value_warns(all_logs: Any) -> None:
    assert number_setting({"n": "-3"}, "n", "TICKFIX_TEST_N", 1.0, minimum=0.0) == 0.0
    assert number_setting({"n": "2.5"}, "n", "TICKFIX_TEST_N", 1.0) == 2.5
    assert number_setting({"n": "many"}, "n", "TICKFIX_TEST_N", 4) == 4
    assert any("not a number ('many')" in r.getMessage() for r in all_logs.records)


def test_each_key_falls_back_to_the_prefixed_environment_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    class Config(ChannelConfig):
        env_prefix = "TICKFIX_TEST"
        default_api_base = "https://api.example.com/"
        required = ("token",)

        def __init__(self, credentials: Any = None) -> None:
            super().__init__(credentials)
            self.token = self.text("token")

    monkeypatch.setenv("TICKFIX_TEST_MAX_ATTEMPTS", "7")
    config = Config()
    assert config.api_base == "https://api.example.com"
    assert config.max_attempts == 7 and config.dedupe_ttl == 86400.0
    assert config.missing == ["TICKFIX_TEST_TOKEN"] and not config.enabled
    monkeypatch.setenv("TICKFIX_TEST_TOKEN", "t")
    assert Config().enabled
    policy = Config({"request_timeout": "3", "retry_base_delay": "1", "retry_max_delay": "2"}).retry_policy()
    assert (policy.attempts, policy.timeout, policy.base_delay, policy.max_delay) == (7, 3.0, 1.0, 2.0)


def test_whatsapp_defaults_and_bad_numbers() -> None:
    config = WhatsAppConfig({"max_attempts": "many", "retry_base_delay": "-3"})
    assert config.max_attempts == 4 and config.retry_base_delay == 0.0
    assert config.api_base == "https://graph.facebook.com/v26.0"
    assert config.list_button_label == "Choose" and config.choose_prompt == "Please choose:"
    assert config.ignore_other_numbers
    assert config.missing == [
        "WHATSAPP_ACCESS_TOKEN",
        "WHATSAPP_PHONE_NUMBER_ID",
        "WHATSAPP_APP_SECRET",
        "WHATSAPP_VERIFY_TOKEN",
    ]
    cut = WhatsAppConfig({"list_button_label": "A label far too long for WhatsApp", "ignore_other_numbers": "off"})
    assert len(cut.list_button_label) == 20 and not cut.ignore_other_numbers


def test_twilio_number_forms(monkeypatch: pytest.MonkeyPatch) -> None:
    assert TwilioWhatsAppConfig({"whatsapp_number": "+14155238886"}).whatsapp_number == "whatsapp:+14155238886"
    # Rasa's own twilio channel calls it twilio_number
    assert TwilioWhatsAppConfig({"twilio_number": "14155238886"}).whatsapp_number == "whatsapp:+14155238886"
    monkeypatch.setenv("TWILIO_WHATSAPP_NUMBER", "whatsapp:+14155238886")
    config = TwilioWhatsAppConfig()
    assert config.whatsapp_number == "whatsapp:+14155238886"
    assert config.missing == ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"]
    assert config.choose_hint == "Reply with a number." and config.choices_ttl == 86400.0


def test_unset_placeholder_in_credentials_stops_rasa(tmp_path: Any, load_credentials: Any) -> None:
    """Why credentials.yml must not say ``access_token: ${WHATSAPP_ACCESS_TOKEN}``."""
    from rasa.shared.exceptions import RasaException

    credentials = tmp_path / "credentials.yml"
    credentials.write_text("channels.meta.input.WhatsAppInput:\n  access_token: ${WHATSAPP_ACCESS_TOKEN}\n")
    with pytest.raises(RasaException, match="environment variables"):
        load_credentials(str(credentials))
