"""The repository's credentials.yml, loaded the way ``rasa run`` loads it."""

from pathlib import Path
from typing import Any

from channels.backoffice.agent_view import AgentViewInput
from channels.backoffice.housekeeping import HousekeepingInput
from channels.backoffice.report_view import ReportViewInput
from channels.chatwoot.input import ChatwootInput
from channels.guarded.rest import GuardedRestInput
from channels.guarded.socketio import GuardedSocketIOInput
from channels.meta.input import WhatsAppInput
from channels.twilio.input import TwilioWhatsAppInput

CREDENTIALS = Path(__file__).resolve().parents[2] / "credentials.yml"


def test_rest_and_socketio_are_guarded_under_their_usual_names(load_credentials: Any, monkeypatch: Any) -> None:
    for name in ("CHATWOOT_URL", "CHATWOOT_BOT_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    channels = {type(c): c for c in load_credentials(str(CREDENTIALS))}
    assert set(channels) == {
        GuardedRestInput,
        GuardedSocketIOInput,
        WhatsAppInput,
        TwilioWhatsAppInput,
        ChatwootInput,
        AgentViewInput,
        HousekeepingInput,
        ReportViewInput,
    }
    assert sorted(c.name() for c in channels.values()) == [
        "agent_view",
        "chatwoot",
        "housekeeping",
        "report_view",
        "rest",
        "socketio",
        "twilio_whatsapp",
        "whatsapp",
    ]
    assert channels[ReportViewInput].url_prefix() == "/report"
    assert channels[AgentViewInput].url_prefix() == "/agent"  # mounted at /agent, not /webhooks/...
    socket = channels[GuardedSocketIOInput]
    assert (socket.user_message_evt, socket.bot_message_evt) == ("user_uttered", "bot_uttered")
    assert socket.session_persistence is True and socket.socketio_path == "/socket.io"
    # without their environment variables the WhatsApp channels stay off
    assert not channels[WhatsAppInput].enabled and not channels[TwilioWhatsAppInput].enabled
    assert not channels[ChatwootInput].enabled
