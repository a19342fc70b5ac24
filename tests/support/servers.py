"""Starts the real action server and Rasa server on free ports, for end-to-end tests.

Why real processes: the end-to-end tests must see what a user of `make run` sees,
including the SQLite tracker store and the HTTP API.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Dict, List, Optional

import requests

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = ROOT / ".venv" / "bin"
MODEL = ROOT / "models" / "tickfix.tar.gz"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited early; log:\n{log.read_text()[-4000:]}")
        try:
            if requests.get(url, timeout=2).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not come up in {timeout}s; log:\n{log.read_text()[-4000:]}")


def base_env(extra: Optional[Dict[str, str]] = None) -> Dict[str, str]:
    env = dict(os.environ)
    env.update(
        RASA_TELEMETRY_ENABLED="false",
        TF_CPP_MIN_LOG_LEVEL="2",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(extra or {})
    return env


class Server:
    """One server process, stopped with its whole process group."""

    def __init__(self, args: List[str], env: Dict[str, str], log: Path, health_url: str):
        self.args, self.env, self.log, self.health_url = args, env, log, health_url
        self.process: Optional[subprocess.Popen] = None

    def start(self) -> "Server":
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(
                self.args, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_until_up(self.health_url, self.process, self.log)
        return self

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def action_server(workdir: Path, port: Optional[int] = None) -> Server:
    port = port or free_port()
    return Server(
        [str(VENV_BIN / "rasa"), "run", "actions", "--port", str(port), "--actions", "actions"],
        base_env(),
        workdir / f"actions-{port}.log",
        f"http://127.0.0.1:{port}/health",
    )


def rasa_server(
    workdir: Path,
    action_url: str,
    tracker_db: Path,
    port: Optional[int] = None,
    extra_env: Optional[Dict[str, str]] = None,
    extra_args: Optional[List[str]] = None,
) -> Server:
    port = port or free_port()
    env = base_env({"ACTION_ENDPOINT_URL": action_url, "TRACKER_DB": str(tracker_db)})
    env.update(extra_env or {})
    args = [
        str(VENV_BIN / "rasa"), "run", "--enable-api", "--port", str(port),
        "--model", str(MODEL), "--credentials", "credentials.yml", "--endpoints", "endpoints.yml",
    ] + list(extra_args or [])
    return Server(args, env, workdir / f"rasa-{port}.log", f"http://127.0.0.1:{port}/status")


class RestUser:
    """A user talking to the REST channel, one sender id per conversation."""

    def __init__(self, base_url: str, sender: str):
        self.base_url, self.sender = base_url, sender

    def say(self, text: str) -> List[dict]:
        r = requests.post(
            f"{self.base_url}/webhooks/rest/webhook",
            json={"sender": self.sender, "message": text},
            timeout=60,
        )
        r.raise_for_status()
        return r.json()

    def say_text(self, text: str) -> str:
        """The bot's replies joined into one string, buttons' titles included."""
        parts = []
        for m in self.say(text):
            parts.append(m.get("text", ""))
            parts += [b.get("title", "") for b in m.get("buttons", [])]
        return "\n".join(parts)

    def tracker(self) -> dict:
        r = requests.get(f"{self.base_url}/conversations/{self.sender}/tracker", timeout=30)
        r.raise_for_status()
        return r.json()
