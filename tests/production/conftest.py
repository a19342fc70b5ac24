"""Production-mode tests: PostgreSQL, Redis and several Rasa servers at once.

They take minutes and may install PostgreSQL and Redis (apt-get) the first time, so they
run only when asked for: `pytest -m production tests/production` (or
TICKFIX_PRODUCTION_TESTS=1); a plain `pytest tests` skips them.
"""
from __future__ import annotations

import os

import pytest


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
