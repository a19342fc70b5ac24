"""scripts/preflight.py: production refuses to start without its secrets, and names them."""

import subprocess
import sys

import pytest

from scripts import preflight
from tests.support.servers import ROOT

TOKEN = "t" * 32
COMPLETE = {
    "RASA_AUTH_TOKEN": TOKEN,
    "WHATSAPP_ACCESS_TOKEN": "wa-access",
    "WHATSAPP_APP_SECRET": "wa-secret",
    "WHATSAPP_VERIFY_TOKEN": "wa-verify",
    "TWILIO_ACCOUNT_SID": "AC123",
    "TWILIO_AUTH_TOKEN": "tw-token",
    "TICKFIX_HOST": "0.0.0.0",
    "SOCKETIO_JWT_SECRET": "jwt-secret",
    "TICKFIX_CORS_ORIGINS": "https://example.com",
}


def test_everything_set_starts():
    assert preflight.problems(COMPLETE) == []


def test_only_the_token_is_needed_on_loopback_without_provider_channels():
    assert preflight.problems({"RASA_AUTH_TOKEN": TOKEN}) == []
    assert preflight.problems({"RASA_AUTH_TOKEN": TOKEN, "TICKFIX_HOST": "127.0.0.1"}) == []


@pytest.mark.parametrize(
    "name",
    [
        "RASA_AUTH_TOKEN",
        "WHATSAPP_APP_SECRET",
        "WHATSAPP_VERIFY_TOKEN",
        "TWILIO_AUTH_TOKEN",
        "SOCKETIO_JWT_SECRET",
    ],
)
@pytest.mark.parametrize("how", ["unset", "empty"])
def test_each_missing_secret_is_refused_and_named(name, how):
    env = dict(COMPLETE)
    if how == "unset":
        del env[name]
    else:
        env[name] = "  "
    found = preflight.problems(env)
    assert len(found) == 1 and found[0].startswith(f"{name} is missing"), found


def test_a_short_token_is_refused():
    found = preflight.problems({**COMPLETE, "RASA_AUTH_TOKEN": "secret"})
    assert len(found) == 1 and "RASA_AUTH_TOKEN is too short" in found[0]


def test_channel_secrets_are_needed_only_for_channels_that_are_on():
    env = {k: v for k, v in COMPLETE.items() if not k.startswith(("WHATSAPP_", "TWILIO_"))}
    assert preflight.problems(env) == []


def test_chatwoot_needs_its_bot_token_and_webhook_token():
    env = {**COMPLETE, "CHATWOOT_URL": "https://chatwoot.example"}
    names = [line.split()[0] for line in preflight.problems(env)]
    assert names == ["CHATWOOT_BOT_TOKEN", "CHATWOOT_WEBHOOK_TOKEN"]
    assert preflight.problems({**env, "CHATWOOT_BOT_TOKEN": "b", "CHATWOOT_WEBHOOK_TOKEN": "w"}) == []


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.1.1", "localhost", "::1", "[::1]"])
def test_no_jwt_secret_needed_on_loopback(host):
    env = {**COMPLETE, "TICKFIX_HOST": host}
    del env["SOCKETIO_JWT_SECRET"]
    assert preflight.problems(env) == []


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "10.0.0.5", "bot.example.com"])
def test_jwt_secret_needed_when_exposed(host):
    env = {**COMPLETE, "TICKFIX_HOST": host}
    del env["SOCKETIO_JWT_SECRET"]
    [found] = preflight.problems(env)
    assert found.startswith("SOCKETIO_JWT_SECRET is missing") and host in found


def test_cors_star_is_refused():
    [found] = preflight.problems({**COMPLETE, "TICKFIX_CORS_ORIGINS": "https://a.example *"})
    assert "TICKFIX_CORS_ORIGINS" in found


def test_all_problems_are_listed_at_once():
    env = {"TICKFIX_HOST": "0.0.0.0", "WHATSAPP_ACCESS_TOKEN": "x", "TWILIO_ACCOUNT_SID": "AC1"}
    names = [line.split()[0] for line in preflight.problems(env)]
    assert names == [
        "RASA_AUTH_TOKEN",
        "WHATSAPP_APP_SECRET",
        "WHATSAPP_VERIFY_TOKEN",
        "TWILIO_AUTH_TOKEN",
        "SOCKETIO_JWT_SECRET",
    ]


def test_command_line_exit_codes_and_message():
    env = {"PATH": "/usr/bin:/bin", "TWILIO_ACCOUNT_SID": "AC1"}
    refused = subprocess.run(
        [sys.executable, "scripts/preflight.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=30
    )
    assert refused.returncode == 2
    assert "RASA_AUTH_TOKEN is missing" in refused.stderr
    assert "TWILIO_AUTH_TOKEN is missing" in refused.stderr
    ok = subprocess.run(
        [sys.executable, "scripts/preflight.py"],
        cwd=ROOT,
        env={**env, "RASA_AUTH_TOKEN": TOKEN, "TWILIO_AUTH_TOKEN": "x"},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert ok.returncode == 0 and ok.stderr == ""


def test_run_sh_refuses_production_without_secrets(tmp_path):
    """The check is wired: run.sh in production mode stops before starting any server."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TICKFIX_PRODUCTION": "1", "WHATSAPP_ACCESS_TOKEN": "x"}
    result = subprocess.run(["bash", "scripts/run.sh"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stdout + result.stderr
    for name in ["RASA_AUTH_TOKEN", "WHATSAPP_APP_SECRET", "WHATSAPP_VERIFY_TOKEN"]:
        assert f"{name} is missing" in result.stderr
    assert "Tickfix is starting" not in result.stdout
