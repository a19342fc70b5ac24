"""scripts/serve_web.py: serves the page and the widget's bundle, nothing else of node_modules,
and the configurable Rasa address (no browser, no Rasa: fast)."""

from __future__ import annotations

import http.client
import re
import subprocess
import sys

import pytest

from tests.support.servers import ROOT, Server, base_env, free_port

WIDGET = "/node_modules/rasa-webchat/lib/index.js"


def start(workdir, **env) -> Server:
    port = free_port()
    return Server(
        [sys.executable, "scripts/serve_web.py", "--host", "127.0.0.1", "--port", str(port)],
        base_env(env),
        workdir / f"web-{port}.log",
        f"http://127.0.0.1:{port}/",
    ).start()


def get(server: Server, path: str):
    host, port = server.health_url.split("//")[1].rstrip("/").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request("GET", path)  # sent as is: no client-side clean-up of ".." or "%2e"
    response = conn.getresponse()
    return response.status, response.getheader("Content-Type", ""), response.read().decode()


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    server = start(tmp_path_factory.mktemp("serve"), RASA_URL="http://bot.example.com:5005/")
    yield server
    server.stop()


def test_serves_the_page_with_the_widget_from_node_modules(web):
    status, kind, body = get(web, "/")
    assert status == 200 and kind.startswith("text/html")
    assert 'src="node_modules/rasa-webchat/lib/index.js"' in body
    assert not re.search(r'(src|href)="(https?:)?//', body), "the page loads something remote"
    assert get(web, "/style.css")[:2] == (200, "text/css; charset=utf-8")
    assert get(web, "/tickfix-chat.js")[0] == 200


@pytest.mark.skipif(
    not (ROOT / "web" / WIDGET.lstrip("/")).exists(), reason="widget not installed (scripts/setup_web.sh)"
)
def test_serves_the_widget_bundle(web):
    status, kind, body = get(web, WIDGET)
    assert status == 200 and kind.startswith("text/javascript")
    assert "socket.io-client" in body


def test_rasa_url_comes_from_the_environment(web):
    status, kind, body = get(web, "/config.js")
    assert status == 200 and kind.startswith("text/javascript")
    assert 'window.TICKFIX_CONFIG = {"rasaUrl": "http://bot.example.com:5005"};' in body


def test_without_rasa_url_the_static_config_is_served(tmp_path):
    server = start(tmp_path)
    try:
        status, _, body = get(server, "/config.js")
        assert status == 200
        assert body == (ROOT / "web" / "config.js").read_text()
    finally:
        server.stop()


@pytest.mark.parametrize(
    "path",
    [
        "/package.json",
        "/package-lock.json",
        "/node_modules/react/index.js",
        "/node_modules/rasa-webchat/package.json",
        "/node_modules/rasa-webchat/lib/",
        "/node_modules/rasa-webchat/lib/../../react/index.js",
        "/../scripts/serve_web.py",
        "/%2e%2e/Makefile",
        "/node_modules/.package-lock.json",
        "/nothing-here.html",
    ],
)
def test_nothing_else_is_served(web, path):
    assert get(web, path)[0] == 404


def test_prints_its_address(tmp_path):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "scripts/serve_web.py", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = process.stdout.readline()
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert f"http://127.0.0.1:{port}/" in line
