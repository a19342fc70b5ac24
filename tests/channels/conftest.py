"""Fixtures of the channel tests (the harness itself is in harness.py).

Most tests mount a channel on a real Sanic server with a stand-in agent and a
stand-in provider API (fast, no network). The tests marked ``e2e`` start the
real action server and Rasa server with the repository's credentials.yml
(tests/support/servers.py), once for all of them.
"""

import logging
import os
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
# The failure watch's store (channels/common/failure_ingest.py): a temporary file, not .run/.
os.environ.setdefault("TICKFIX_WATCH_DB", os.path.join(tempfile.mkdtemp(prefix="tickfix-watch-"), "failures.db"))

from tests.channels.harness import ApiStandIn, ChannelServer  # noqa: E402

ALL_CHANNEL_ENV = [
    "WHATSAPP_ACCESS_TOKEN",
    "WHATSAPP_PHONE_NUMBER_ID",
    "WHATSAPP_APP_SECRET",
    "WHATSAPP_VERIFY_TOKEN",
    "WHATSAPP_API_BASE",
    "TWILIO_ACCOUNT_SID",
    "TWILIO_AUTH_TOKEN",
    "TWILIO_WHATSAPP_NUMBER",
    "TWILIO_API_BASE",
    "TWILIO_WEBHOOK_URL",
    "TICKFIX_REDIS_URL",
]


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ALL_CHANNEL_ENV:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def api() -> Iterator[ApiStandIn]:
    stand_in = ApiStandIn()
    yield stand_in
    stand_in.close()


@pytest.fixture
def serve() -> Iterator[Callable[[Any], ChannelServer]]:
    servers: List[ChannelServer] = []

    def start(channel: Any) -> ChannelServer:
        server = ChannelServer(channel)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


@pytest.fixture
def load_credentials() -> Callable[[str], List[Any]]:
    """Build input channels from a credentials.yml the way ``rasa run`` does.

    These are the steps of ``rasa.core.run.create_http_input_channels``: Rasa's
    YAML reader (with its ${VAR} expansion), then ``class_from_module_path`` and
    ``from_credentials``. Importing rasa.core.run itself takes ~10 s
    (TensorFlow), hence the copy.
    """
    from rasa.shared.utils.common import class_from_module_path
    from rasa.shared.utils.io import read_config_file

    def load(path: str) -> List[Any]:
        return [
            class_from_module_path(name).from_credentials(credentials)
            for name, credentials in read_config_file(path).items()
        ]

    return load


@pytest.fixture
def all_logs(caplog: pytest.LogCaptureFixture) -> Any:
    """Capture every log record at DEBUG, from all threads."""
    caplog.set_level(logging.DEBUG)
    return caplog


@pytest.fixture(scope="session")
def rasa_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dict[str, Any]]:
    """The real action server and Rasa server (credentials.yml, the trained model).

    Yields ``{"base": Rasa's URL, "rasa": its Server}``; started on first use.
    """
    from tests.support.servers import MODEL, action_server, rasa_server

    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train` first")
    workdir = tmp_path_factory.mktemp("channels-e2e")
    actions = action_server(workdir).start()
    try:
        action_url = actions.health_url.replace("/health", "/webhook")
        rasa = rasa_server(workdir, action_url, workdir / "conversations.db").start()
        try:
            yield {"base": rasa.health_url.rsplit("/", 1)[0], "rasa": rasa}
        finally:
            rasa.stop()
    finally:
        actions.stop()


@pytest.fixture
def sender_id() -> str:
    """A new conversation's sender id."""
    return f"guard-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def whatsapp_channel(api: ApiStandIn) -> Any:
    from tests.channels.meta_webhook import make_channel

    return make_channel(api)


@pytest.fixture
def whatsapp(serve: Callable[[Any], ChannelServer], whatsapp_channel: Any) -> ChannelServer:
    """A server with the WhatsApp channel, sending to the stand-in Graph API."""
    return serve(whatsapp_channel)


@pytest.fixture
def twilio(serve: Callable[[Any], ChannelServer], api: ApiStandIn) -> ChannelServer:
    """A server with the Twilio channel, sending to the stand-in Twilio API."""
    from tests.channels.twilio_webhook import make_channel

    return serve(make_channel(api))


@pytest.fixture(scope="session")
def real_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A throw-away redis-server (skips the test when redis-server is not installed)."""
    from tests.support.redis_server import running_redis

    yield from running_redis(tmp_path_factory.mktemp("redis"))


@pytest.fixture
def fresh_redis_url(real_redis: Any) -> str:
    """The throw-away Redis, emptied for this test."""
    import redis

    redis.Redis.from_url(real_redis.url).flushdb()
    return real_redis.url
