"""chatwoot.settings: from the environment, off when unset, secrets out of repr."""

from chatwoot.settings import ChatwootSettings, missing


def test_off_without_url_or_token() -> None:
    assert ChatwootSettings.from_env({}) is None
    assert ChatwootSettings.from_env({"CHATWOOT_URL": "https://cw.example"}) is None
    assert ChatwootSettings.from_env({"CHATWOOT_BOT_TOKEN": "t0k3n"}) is None
    assert ChatwootSettings.from_env({"CHATWOOT_URL": " ", "CHATWOOT_BOT_TOKEN": "t0k3n"}) is None
    assert missing({}) == ["CHATWOOT_URL", "CHATWOOT_BOT_TOKEN"]
    assert missing({"CHATWOOT_URL": "https://cw.example"}) == ["CHATWOOT_BOT_TOKEN"]


def test_read_from_the_environment() -> None:
    settings = ChatwootSettings.from_env(
        {
            "CHATWOOT_URL": "https://cw.example/ ",
            "CHATWOOT_BOT_TOKEN": "secret-bot-token",
            "CHATWOOT_ACCOUNT_ID": "3",
            "CHATWOOT_WEBHOOK_TOKEN": "hook-secret",
            "CHATWOOT_MAX_ATTEMPTS": "5",
            "CHATWOOT_REQUEST_TIMEOUT": "not a number",
        }
    )
    assert settings is not None
    assert settings.url == "https://cw.example"
    assert (settings.account_id, settings.max_attempts, settings.request_timeout) == ("3", 5, 10.0)
    assert settings.secrets == ["secret-bot-token", "hook-secret"]
    assert "secret-bot-token" not in repr(settings) and "hook-secret" not in repr(settings)
    assert missing({"CHATWOOT_URL": "u", "CHATWOOT_BOT_TOKEN": "t"}) == []


def test_credentials_override_the_environment_and_placeholders_do_not() -> None:
    env = {"CHATWOOT_URL": "https://env.example", "CHATWOOT_BOT_TOKEN": "env-token"}
    settings = ChatwootSettings.from_env(env, {"url": "https://yml.example", "bot_token": "${CHATWOOT_BOT_TOKEN}"})
    assert settings is not None and (settings.url, settings.bot_token) == ("https://yml.example", "env-token")
    assert settings.webhook_token is None
