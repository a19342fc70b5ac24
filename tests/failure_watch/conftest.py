"""Fixtures of the failure watch's tests: the recorded webhook bodies and a store."""

import json
from pathlib import Path
from typing import Any, Callable, Dict, List
from urllib.parse import parse_qs

import pytest

from failure_watch.store import Store

DATA = Path(__file__).resolve().parent / "data"


def meta_body(name: str) -> Dict[str, Any]:
    return json.loads((DATA / f"{name}.json").read_text())


def twilio_form(name: str) -> Dict[str, List[str]]:
    return parse_qs((DATA / f"{name}.txt").read_text(), keep_blank_values=True)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store("sqlite:///" + str(tmp_path / "failures.db"), retention_days=30)
    s.ensure_schema()
    yield s
    s.close()


@pytest.fixture
def load() -> Callable[[str], Dict[str, Any]]:
    return meta_body
