"""`make run` (scripts/run.sh) is secure by default, checked on the real servers it starts.

No RASA_AUTH_TOKEN: run.sh generates one, passes it to Rasa outside the command line and
prints it once. The HTTP API then refuses requests without it ("no token, no tracker"),
while the chat channels (REST, socket.io, WhatsApp, Twilio) need no token. Every server
listens on 127.0.0.1 and CORS allows only the chat page's origins. A second run in
production mode, with a chosen token and SOCKETIO_JWT_SECRET, shows the token is used as
given and socket.io connections need a JWT signed with the secret.
"""

from __future__ import annotations

import asyncio
import os
import re
import time
import uuid
from pathlib import Path
from typing import Dict, Iterator, List

import jwt
import pytest
import requests
import socketio

from scripts import rasa_run
from tests.channels.guarded.test_socketio import converse
from tests.support.servers import MODEL, ROOT, Server, base_env, free_port, wait_until_up

pytestmark = pytest.mark.e2e

TOKEN_LINE = re.compile(r"HTTP API token for this run \([^)]*\): (\S+)")
# Variables scripts/env.sh exports in the test's own environment: run.sh must choose them.
DROPPED = (
    "RASA_AUTH_TOKEN",
    "TICKFIX_HOST",
    "TICKFIX_CORS_ORIGINS",
    "TICKFIX_PRODUCTION",
    "ACTION_ENDPOINT_URL",
    "SOCKETIO_JWT_SECRET",
    "WEB_HOST",
    "ENDPOINTS",
)


def start_run_sh(workdir: Path, name: str, extra: Dict[str, str]) -> Dict[str, object]:
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train` first")
    ports = {"RASA_PORT": free_port(), "ACTION_PORT": free_port(), "WEB_PORT": free_port()}
    env = {k: v for k, v in base_env().items() if k not in DROPPED}
    env.update({k: str(v) for k, v in ports.items()})
    env.update(TRACKER_DB=str(workdir / f"{name}.db"), **extra)
    log = workdir / f"run-{name}.log"
    server = Server(["bash", "scripts/run.sh"], env, log, f"http://127.0.0.1:{ports['RASA_PORT']}/version")
    server.launch()
    try:
        server.wait_up(check=lambda answer: "version" in answer)  # Rasa's own answer, not another server's
        wait_until_up(f"http://127.0.0.1:{ports['ACTION_PORT']}/health", server.process, log)
        wait_until_up(f"http://127.0.0.1:{ports['WEB_PORT']}/", server.process, log)
    except Exception:
        server.stop()
        raise
    return {"server": server, "log": log, "base": f"http://127.0.0.1:{ports['RASA_PORT']}", **ports}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("run-security")


@pytest.fixture(scope="module")
def default_run(workdir) -> Iterator[Dict[str, object]]:
    """`make run` with nothing set."""
    run = start_run_sh(workdir, "default", {})
    try:
        found = TOKEN_LINE.findall(run["log"].read_text())
        assert len(found) == 1, run["log"].read_text()[-3000:]
        run["token"] = found[0]
        yield run
    finally:
        run["server"].stop()


def say(base: str, sender: str, text: str) -> List[dict]:
    r = requests.post(f"{base}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=60)
    assert r.status_code == 200, r.text
    return r.json()


def test_no_token_no_tracker(default_run):
    base, token = default_run["base"], default_run["token"]
    sender = f"sec-{uuid.uuid4().hex[:8]}"
    assert say(base, sender, "(#131047) Re-engagement message")  # REST: no token needed
    url = f"{base}/conversations/{sender}/tracker"
    assert requests.get(url, timeout=30).status_code == 401
    assert requests.get(url, params={"token": "wrong"}, timeout=30).status_code == 401
    ok = requests.get(url, params={"token": token}, timeout=30)
    assert ok.status_code == 200 and ok.json()["sender_id"] == sender
    cause = ok.json()["slots"]["cause"]
    assert cause

    # Writing: the tracker's cause cannot be set without the token.
    events = f"{base}/conversations/{sender}/tracker/events"
    forged = [{"event": "slot", "name": "cause", "value": "forged"}]
    assert requests.post(events, json=forged, timeout=30).status_code == 401
    assert requests.put(events, json=forged, timeout=30).status_code == 401
    for path in ["/conversations/x/story", "/domain", "/status"]:
        assert requests.get(base + path, timeout=30).status_code == 401, path
    for path in ["/model/parse", "/conversations/x/messages", "/conversations/x/execute"]:
        assert requests.post(base + path, json={"text": "hi"}, timeout=30).status_code == 401
    after = requests.get(url, params={"token": token}, timeout=30).json()
    assert after["slots"]["cause"] == cause


def test_the_token_is_printed_once_and_not_on_any_command_line(default_run):
    token = default_run["token"]
    assert len(token) >= 40  # secrets.token_urlsafe(32)
    assert default_run["log"].read_text().count(token) == 1
    pgid = default_run["server"].process.pid
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if os.getpgid(int(proc.name)) != pgid:
                continue
            cmdline = (proc / "cmdline").read_bytes()
        except (OSError, ProcessLookupError):
            continue
        assert token.encode() not in cmdline, cmdline


def test_chat_channels_need_no_token(default_run):
    base = default_run["base"]
    [answers] = asyncio.run(converse(base, uuid.uuid4().hex, ["hi"], first_reply_timeout=60))
    assert answers and answers[0].get("text")
    # WhatsApp and Twilio: off without their settings (503), never 401.
    assert requests.get(f"{base}/webhooks/whatsapp/webhook", timeout=30).status_code == 503
    assert requests.post(f"{base}/webhooks/twilio_whatsapp/webhook", data={"Body": "hi"}, timeout=30).status_code == 503


def test_cors_allows_only_the_chat_pages_origin(default_run):
    base, web_port = default_run["base"], default_run["WEB_PORT"]
    for origin in [f"http://localhost:{web_port}", f"http://127.0.0.1:{web_port}"]:
        r = requests.options(
            f"{base}/webhooks/rest/webhook",
            timeout=30,
            headers={"Origin": origin, "Access-Control-Request-Method": "POST"},
        )
        assert r.headers.get("Access-Control-Allow-Origin") == origin
        # the chat widget's socket.io long-polling, as the browser sends it
        r = requests.get(
            f"{base}/socket.io/", params={"EIO": "4", "transport": "polling"}, headers={"Origin": origin}, timeout=30
        )
        assert r.status_code == 200 and r.headers.get("Access-Control-Allow-Origin") == origin
    for origin in ["http://evil.example", f"http://localhost:{web_port + 1}"]:
        r = requests.options(
            f"{base}/webhooks/rest/webhook",
            timeout=30,
            headers={"Origin": origin, "Access-Control-Request-Method": "POST"},
        )
        assert "Access-Control-Allow-Origin" not in r.headers
        r = requests.get(f"{base}/version", headers={"Origin": origin}, timeout=30)
        assert "Access-Control-Allow-Origin" not in r.headers


def listening_addresses(port: int) -> List[str]:
    """Local addresses in LISTEN state on the port, from /proc/net/tcp and tcp6."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.append(address)
    return found


def test_every_server_listens_on_loopback_only(default_run):
    for name in ("RASA_PORT", "ACTION_PORT", "WEB_PORT"):
        addresses = listening_addresses(default_run[name])
        assert addresses and set(addresses) == {"0100007F"}, (name, addresses)  # 127.0.0.1


def test_rasa_run_wrapper_moves_the_token_off_the_command_line():
    env = {"RASA_AUTH_TOKEN": " tok ", "OTHER": "1"}
    assert rasa_run.argv(["--port", "1"], env) == ["rasa", "run", "--port", "1", "--auth-token=tok"]
    assert env == {"OTHER": "1"}
    assert rasa_run.argv([], {}) == ["rasa", "run"]


def test_a_token_starting_with_a_dash_reaches_rasa():
    # one generated token in 64 starts with "-": a fresh-clone CI run failed on one
    import argparse

    from rasa.cli.arguments.run import add_server_arguments

    parser = argparse.ArgumentParser()
    add_server_arguments(parser)
    args = parser.parse_args(rasa_run.argv(["--port", "1"], {"RASA_AUTH_TOKEN": "-x8WXAqa-1F4H"})[2:])
    assert args.auth_token == "-x8WXAqa-1F4H"


def test_production_mode_uses_the_given_token_and_socketio_needs_a_jwt(workdir):
    token, secret = "given-token-" + uuid.uuid4().hex, "jwt-" + uuid.uuid4().hex * 2
    run = start_run_sh(
        workdir, "production", {"TICKFIX_PRODUCTION": "1", "RASA_AUTH_TOKEN": token, "SOCKETIO_JWT_SECRET": secret}
    )
    try:
        base = run["base"]
        text = run["log"].read_text()
        assert not TOKEN_LINE.search(text) and token not in text and secret not in text
        generated = ROOT / ".run" / "credentials.jwt.yml"
        assert secret not in generated.read_text()
        url = f"{base}/conversations/someone/tracker"
        assert requests.get(url, timeout=30).status_code == 401
        assert requests.get(url, params={"token": token}, timeout=30).status_code == 200
        assert say(base, "prod-user", "hi")

        async def connect(auth):
            client = socketio.AsyncClient(reconnection=False)
            try:
                await client.connect(
                    base, socketio_path="/socket.io", transports=["polling"], wait_timeout=10, auth=auth
                )
                return True
            except socketio.exceptions.ConnectionError:
                return False
            finally:
                await client.eio.disconnect(abort=True)

        async def attempts():  # at once: a refused connection takes a while to give up
            good = jwt.encode({"user": "web", "exp": int(time.time()) + 600}, secret, "HS256")
            bad = jwt.encode({"user": "web"}, "not-the-secret-" + "x" * 32, "HS256")
            return await asyncio.gather(connect(None), connect({"token": bad}), connect({"token": good}))

        started = time.monotonic()
        assert asyncio.run(attempts()) == [False, False, True]
        print(f"socket.io attempts took {time.monotonic() - started:.1f} s")
    finally:
        run["server"].stop()
