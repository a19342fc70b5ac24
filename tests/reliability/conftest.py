"""The reliability suite: bad input and injected faults against a real Tickfix.

One stack for the whole suite, as production runs it: PostgreSQL and Redis
(scripts/services.sh), the action server on a fixed port (so it can be killed and
started again), and one Rasa server with endpoints.production.yml, the
repository's credentials.yml and the WhatsApp and Twilio channels switched on against
a local stand-in of the Graph API and Twilio's API that can be told to fail.

The tests take minutes and may install PostgreSQL and Redis (apt-get) the first
time, so they run only when asked for: `pytest -m reliability tests/reliability`
(make test-reliability) or TICKFIX_RELIABILITY_TESTS=1; a plain `pytest tests`
skips them. A summary (inputs tried, faults injected, messages lost) is printed at
the end, and the run fails if any accepted message was lost.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any, Dict, Iterator

import pytest

from tests.channels import meta_webhook as meta
from tests.channels import twilio_webhook as twilio
from tests.reliability.support import GraphStandIn, Ledger, MemoryWatchdog
from tests.support.servers import MODEL, action_server, free_port
from tests.support.services import (
    Services,
    check_action_server,
    custom_actions_in_domain,
    production_rasa_server,
    stable_model_copy,
)

# The WhatsApp channel's retry settings during the suite: quick, so that giving up
# on a Graph API that times out takes seconds (3 tries of 1.5 s).
WHATSAPP_ATTEMPTS = 3
WHATSAPP_TIMEOUT = 1.5

# The Rasa server holds about 1.2 GB; past this, the watchdog kills it (and the run fails).
RASA_MEMORY_LIMIT_MB = int(os.environ.get("TICKFIX_RELIABILITY_MEMORY_LIMIT_MB", "4000"))

LEDGER = Ledger()


def pytest_configure(config: Any) -> None:
    config.addinivalue_line(
        "markers", "reliability: bad input and injected faults against a real stack (opt-in, minutes)"
    )


def _asked_for(config: Any) -> bool:
    if os.environ.get("TICKFIX_RELIABILITY_TESTS", "") not in ("", "0"):
        return True
    markexpr = config.getoption("markexpr", "") or ""
    return "reliability" in markexpr and "not reliability" not in markexpr


def pytest_collection_modifyitems(config: Any, items: Any) -> None:
    if _asked_for(config):
        return
    skip = pytest.mark.skip(reason="opt-in: run with `-m reliability` (make test-reliability)")
    for item in items:
        if item.get_closest_marker("reliability"):
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter: Any, exitstatus: Any, config: Any) -> None:
    if not (LEDGER.inputs or LEDGER.faults or LEDGER.accepted):
        return
    terminalreporter.write_sep("=", "reliability")
    terminalreporter.write_line(LEDGER.summary())


def pytest_sessionfinish(session: Any, exitstatus: int) -> None:
    if LEDGER.lost and session.exitstatus == 0:
        session.exitstatus = 1


@pytest.fixture(scope="session")
def ledger() -> Ledger:
    return LEDGER


@pytest.fixture(scope="session")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("reliability")


@pytest.fixture(scope="session")
def graph() -> Iterator[GraphStandIn]:
    stand_in = GraphStandIn(hang_seconds=WHATSAPP_TIMEOUT + 1.5)
    yield stand_in
    stand_in.close()


@pytest.fixture(scope="session")
def stack(workdir: Path, graph: GraphStandIn, ledger: Ledger) -> Iterator[Dict[str, Any]]:
    """PostgreSQL, Redis, the action server and one production Rasa server.

    Yields a dict: ``base`` (Rasa's URL), ``rasa`` and ``actions`` (Servers),
    ``action_port``, ``services`` (Services), ``restart_actions()``.
    """
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train` first")
    started = time.monotonic()
    services = Services(workdir / "services")
    services_env = services.start()
    model = stable_model_copy(workdir)
    action_port = free_port()
    state: Dict[str, Any] = {"actions": action_server(workdir, action_port).start()}
    check_action_server(state["actions"], custom_actions_in_domain())
    whatsapp_env = {
        "WHATSAPP_ACCESS_TOKEN": meta.TOKEN,
        "WHATSAPP_PHONE_NUMBER_ID": meta.PHONE_NUMBER_ID,
        "WHATSAPP_APP_SECRET": meta.APP_SECRET,
        "WHATSAPP_VERIFY_TOKEN": meta.VERIFY_TOKEN,
        "WHATSAPP_API_BASE": graph.url + "/v26.0",
        "WHATSAPP_MAX_ATTEMPTS": str(WHATSAPP_ATTEMPTS),
        "WHATSAPP_RETRY_BASE_DELAY": "0.2",
        "WHATSAPP_RETRY_MAX_DELAY": "1",
        "WHATSAPP_REQUEST_TIMEOUT": str(WHATSAPP_TIMEOUT),
        # Twilio: the same stand-in (it answers Twilio's Messages API too), same retries.
        "TWILIO_ACCOUNT_SID": twilio.SID,
        "TWILIO_AUTH_TOKEN": twilio.AUTH_TOKEN,
        "TWILIO_WHATSAPP_NUMBER": twilio.BOT_NUMBER,
        "TWILIO_API_BASE": graph.url,
        "TWILIO_MAX_ATTEMPTS": str(WHATSAPP_ATTEMPTS),
        "TWILIO_RETRY_BASE_DELAY": "0.2",
        "TWILIO_RETRY_MAX_DELAY": "1",
        "TWILIO_REQUEST_TIMEOUT": str(WHATSAPP_TIMEOUT),
    }
    rasa = None
    watchdog = None
    try:
        rasa = production_rasa_server(
            workdir,
            f"http://127.0.0.1:{action_port}/webhook",
            services_env,
            model,
            extra_env=whatsapp_env,
        ).start()
        ledger.timings["stack start"] = time.monotonic() - started

        def killed(rss_mb: int) -> None:
            ledger.notes.append(
                f"the Rasa server was KILLED by the suite's watchdog at {rss_mb} MB (limit {RASA_MEMORY_LIMIT_MB} MB)"
            )

        watchdog = MemoryWatchdog(rasa.process.pid, RASA_MEMORY_LIMIT_MB, killed).start()
        endpoints = os.environ.get("TICKFIX_PRODUCTION_ENDPOINTS") or "endpoints.production.yml"
        ledger.notes.append(f"endpoints: {endpoints}")

        def restart_actions() -> None:
            state["actions"] = action_server(workdir, action_port).start()

        yield {
            "base": rasa.health_url.rsplit("/", 1)[0],
            "rasa": rasa,
            "actions": lambda: state["actions"],
            "action_port": action_port,
            "restart_actions": restart_actions,
            "services": services,
            "services_env": services_env,
            "workdir": workdir,
        }
    finally:
        if rasa is not None:
            if watchdog is not None:
                watchdog.stop()
                ledger.notes.append(f"Rasa server memory peak: {watchdog.peak_mb} MB")
            rasa.stop()
        state["actions"].stop()
        try:
            services.clean()
        except Exception as e:  # pragma: no cover - reported, not fatal
            print(f"reliability: services.sh clean failed: {e}")
