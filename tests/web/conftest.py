"""The chat page in a real browser: the real action server and Rasa server (socket.io channel,
as in credentials.yml), the page served by scripts/serve_web.py, and Debian's Chromium driven
headless by Playwright (no browser download: `executable_path`)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.support.servers import (
    MODEL,
    ROOT,
    Server,
    action_server,
    base_env,
    free_port,
    rasa_server,
)

CHROMIUM = Path("/usr/bin/chromium")
WIDGET_BUNDLE = ROOT / "web" / "node_modules" / "rasa-webchat" / "lib" / "index.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def web_workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("web")


@pytest.fixture(scope="module")
def web_stack(web_workdir):
    """Action server, Rasa server (with --cors "*", as scripts/run.sh) and the page's server."""
    missing = [
        msg
        for ok, msg in [
            (MODEL.exists(), f"no trained model at {MODEL}: run `make train`"),
            (WIDGET_BUNDLE.exists(), f"no widget at {WIDGET_BUNDLE}: run scripts/setup_web.sh"),
            (CHROMIUM.exists(), f"no {CHROMIUM}: run scripts/setup_browser.sh"),
        ]
        if not ok
    ]
    if missing:
        pytest.fail("; ".join(missing))

    started = []
    try:
        actions = action_server(web_workdir).start()
        started.append(actions)
        rasa = rasa_server(
            web_workdir,
            actions.health_url.replace("/health", "/webhook"),
            web_workdir / "conversations.db",
            extra_args=["--cors", "*"],
        ).start()
        started.append(rasa)
        rasa_url = rasa.health_url.rsplit("/", 1)[0]
        port = free_port()
        web = Server(
            [sys.executable, "scripts/serve_web.py", "--host", "127.0.0.1", "--port", str(port), "--quiet"],
            base_env({"RASA_URL": rasa_url}),
            web_workdir / f"web-{port}.log",
            f"http://127.0.0.1:{port}/",
        ).start()
        started.append(web)
        yield {"rasa": rasa_url, "web": web.health_url, "rasa_log": rasa.log}
    finally:
        for server in reversed(started):
            server.stop()


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright is missing from .venv: it is in requirements.txt (make setup)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
