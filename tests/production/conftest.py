"""Production-mode tests: PostgreSQL, Redis and several Rasa servers at once.

They take minutes and may install PostgreSQL and Redis (apt-get) the first time, so they
run only when asked for: `pytest -m production tests/production` (or
TICKFIX_PRODUCTION_TESTS=1); a plain `pytest tests` skips them.

One cluster for the whole session (`cluster`), shared by test_multi_instance.py (REST load,
simultaneous messages) and test_channels_across_instances.py (WhatsApp and Twilio).
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Dict

import pytest

from tests.channels import meta_webhook as meta
from tests.channels import twilio_webhook as twilio
from tests.channels.harness import ApiStandIn
from tests.support.servers import action_server
from tests.support.services import (
    Services,
    check_action_server,
    custom_actions_in_domain,
    production_rasa_server,
    stable_model_copy,
)


def _asked_for(config) -> bool:
    if os.environ.get("TICKFIX_PRODUCTION_TESTS", "") not in ("", "0"):
        return True
    markexpr = config.getoption("markexpr", "") or ""
    return "production" in markexpr and "not production" not in markexpr


def pytest_collection_modifyitems(config, items):
    if _asked_for(config):
        return
    skip = pytest.mark.skip(reason="opt-in: run with `-m production` (make test-production)")
    for item in items:
        if item.get_closest_marker("production"):
            item.add_marker(skip)


def channel_env(api: ApiStandIn) -> Dict[str, str]:
    """The WhatsApp and Twilio channels switched on against the local API stand-in."""
    return {
        "WHATSAPP_ACCESS_TOKEN": meta.TOKEN,
        "WHATSAPP_PHONE_NUMBER_ID": meta.PHONE_NUMBER_ID,
        "WHATSAPP_APP_SECRET": meta.APP_SECRET,
        "WHATSAPP_VERIFY_TOKEN": meta.VERIFY_TOKEN,
        "WHATSAPP_API_BASE": api.url + "/v26.0",
        "TWILIO_ACCOUNT_SID": twilio.SID,
        "TWILIO_AUTH_TOKEN": twilio.AUTH_TOKEN,
        "TWILIO_WHATSAPP_NUMBER": twilio.BOT_NUMBER,
        "TWILIO_API_BASE": api.url,
    }


@pytest.fixture(scope="session")
def cluster(tmp_path_factory):
    """PostgreSQL + Redis, actions A and B, Rasa A (-> actions A) and Rasa B (-> actions B).

    Both Rasa servers have the WhatsApp and Twilio channels on, sending to one local
    stand-in of the Graph API and Twilio's API (``api``), which records every send.
    Everything is stopped in teardown, also when the start-up itself fails half-way.
    """
    workdir = tmp_path_factory.mktemp("production")
    services = Services(workdir / "services")
    api = ApiStandIn()
    servers = []
    timings: Dict[str, float] = {}
    t0 = time.monotonic()
    try:
        services_env = services.start()
        timings["services"] = time.monotonic() - t0
        model = stable_model_copy(workdir)

        actions = [action_server(workdir), action_server(workdir)]
        action_urls = [a.health_url.replace("/health", "/webhook") for a in actions]
        rasas = [
            production_rasa_server(workdir, url, services_env, model, extra_env=channel_env(api)) for url in action_urls
        ]
        servers += actions + rasas
        t1 = time.monotonic()
        # The action servers and Rasa A start together; Rasa B once A has created the
        # tables (two at once also work, but the one that loses the CREATE TABLE race logs
        # an ERROR, which these tests count).
        with ThreadPoolExecutor(3) as pool:
            for f in [pool.submit(s.start) for s in (actions[0], actions[1], rasas[0])]:
                f.result()
        rasas[1].start()
        timings["servers"] = time.monotonic() - t1
        expected = custom_actions_in_domain()
        for a in actions:
            check_action_server(a, expected)
        yield {
            "rasa": [r.health_url.rsplit("/", 1)[0] for r in rasas],
            "servers": servers,
            "services": services,
            "services_env": services_env,
            "action_urls": action_urls,
            "model": model,
            "timings": timings,
            "workdir": workdir,
            "api": api,
        }
    finally:
        for server in reversed(servers):
            try:
                server.stop()
            except Exception as error:  # keep stopping the others
                print(f"could not stop {server.args[:3]}: {error}")
        try:
            services.clean()
        except Exception as error:
            print(f"could not stop PostgreSQL/Redis: {error}")
        api.close()
