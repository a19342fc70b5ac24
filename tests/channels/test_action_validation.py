"""Action-server replies are checked as strictly as Rasa does, with one validator."""
import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

from channels import action_validation


@pytest.fixture
def action():
    assert action_validation.install()
    return RemoteAction("action_diagnose", EndpointConfig("http://localhost:5055/webhook"))


def test_a_valid_reply_passes(action):
    reply = {"events": [{"event": "slot", "name": "cause", "value": "rate_limit"}],
             "responses": [{"text": "hi"}]}
    assert action._validate_action_result(reply) is True


def test_an_invalid_reply_fails_with_rasas_message(action):
    with pytest.raises(ValidationError) as error:
        action._validate_action_result({"events": [{"name": "cause"}], "responses": []})
    assert "Failed to validate Action server response" in str(error.value)


def test_installing_twice_is_harmless():
    assert action_validation.install() and action_validation.install()
