"""Tickfix's changes to Rasa (channels/rasa_patches.py): action-server replies are checked
as strictly as Rasa does, with one validator; installed when Rasa builds the REST channel."""

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

from channels import rasa_patches


@pytest.fixture
def action():
    assert rasa_patches.install()
    return RemoteAction("action_diagnose", EndpointConfig("http://localhost:5055/webhook"))


def test_a_valid_reply_passes(action):
    reply = {"events": [{"event": "slot", "name": "cause", "value": "rate_limit"}], "responses": [{"text": "hi"}]}
    assert action._validate_action_result(reply) is True


def test_an_invalid_reply_fails_with_rasas_message(action):
    with pytest.raises(ValidationError) as error:
        action._validate_action_result({"events": [{"name": "cause"}], "responses": []})
    assert "Failed to validate Action server response" in str(error.value)


def test_installing_twice_is_harmless():
    assert rasa_patches.install() and rasa_patches.install()


def test_rasa_building_the_rest_channel_is_what_installs_them(monkeypatch):
    from channels.guarded.rest import GuardedRestInput

    calls = []
    monkeypatch.setattr(rasa_patches, "install", lambda: calls.append("install") or True)
    assert isinstance(GuardedRestInput.from_credentials(None), GuardedRestInput)
    assert calls == ["install"]
