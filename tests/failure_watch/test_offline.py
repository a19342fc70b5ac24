"""The offline reader: `python -m failure_watch report webhooks.jsonl`."""

import subprocess
import sys
from pathlib import Path

from failure_watch import offline
from failure_watch.store import Store
from tests.failure_watch.conftest import DATA

ROOT = Path(__file__).resolve().parents[2]


def test_the_log_is_read_once_per_event_and_odd_lines_skipped():
    store = Store("sqlite://")
    with open(DATA / "webhooks.jsonl") as handle:
        result = offline.load(handle, store)
    assert result.lines == 12
    assert result.skipped == 3  # a delivered status, a user message, a line that is not JSON
    assert result.stored == 6 + 4  # 6 failures + 4 account events; the redelivered line adds nothing


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "failure_watch", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_the_command_prints_the_report_with_numbers_masked():
    done = run("report", str(DATA / "webhooks.jsonl"))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Failed messages from" in out and ": 6" in out.splitlines()[0]
    assert "Free-form message sent outside the 24-hour customer service window" in out
    assert "Fix:" in out and "Retry plan" in out and "Don't retry: 1 recipient(s)" in out
    assert "black_friday_offer (pt_BR)  PAUSED" in out and "DOWNGRADE" in out
    assert "5511987654321" not in out and "5511*******21" in out


def test_the_command_gives_the_retry_csv_and_other_languages():
    done = run("report", str(DATA / "webhooks.jsonl"), "--csv", "later", "--show-numbers")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[0].startswith("recipient,advice,when,cause")
    recipients = sorted(line.split(",")[0] for line in lines[1:])
    assert recipients == ["5511987654321", "919812345610", "919812345612"]
    es = run("report", str(DATA / "webhooks.jsonl"), "--lang", "es")
    assert "No reintentar" in es.stdout or "No reintentes" in es.stdout, es.stdout
