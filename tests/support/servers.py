"""Starts the real action server and Rasa server on free ports, for end-to-end tests
and for the benchmarks (bench/serving, bench/dialogue_robustness.py, bench/watch_bench.py).

Why real processes: the end-to-end tests must see what a user of `make run` sees,
including the SQLite tracker store and the HTTP API; the benchmarks measure the same
servers, started the same way.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Union

import requests

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = ROOT / ".venv" / "bin"
MODEL = ROOT / "models" / "tickfix.tar.gz"


_GIVEN: set = set()


def free_port() -> int:
    """A port free now and not handed out before in this process: the OS may give the
    same ephemeral port to two calls in a row (a CI run once put two servers on one)."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in _GIVEN:
            _GIVEN.add(port)
            return port


class ServerError(RuntimeError):
    """A server exited before it was up, or did not come up in time."""


def log_tail(log: Path, n: int = 4000) -> str:
    try:
        return log.read_text(errors="replace")[-n:]
    except OSError:
        return ""


def wait_until_up(
    url: str,
    process: subprocess.Popen,
    log: Path,
    timeout: float = 180,
    check: Optional[Callable[[Any], bool]] = None,
    name: str = "",
    poll: float = 0.5,
) -> float:
    """Seconds until `url` answers below 500 (and `check(its JSON)` holds, when given);
    ServerError with the log's tail when the process exits first or time runs out."""
    started = time.monotonic()
    deadline = started + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"{name or url} exited early; log:\n{log_tail(log)}")
        try:
            r = requests.get(url, timeout=2)
            if r.status_code < 500 and (check is None or check(r.json() if r.content else {})):
                return time.monotonic() - started
        except (requests.RequestException, ValueError):
            pass
        time.sleep(poll)
    raise ServerError(f"{name or url} did not come up at {url} in {timeout:.0f}s; log:\n{log_tail(log)}")


def base_env(extra: Optional[Dict[str, str]] = None, drop: Sequence[str] = ()) -> Dict[str, str]:
    """This process's environment with Rasa's noise off; `drop` names variables not to
    pass on (before `extra` is applied)."""
    env = dict(os.environ)
    env.update(
        RASA_TELEMETRY_ENABLED="false",
        TF_CPP_MIN_LOG_LEVEL="2",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        PYTHONDONTWRITEBYTECODE="1",
    )
    for var in drop:
        env.pop(var, None)
    env.update(extra or {})
    return env


class Server:
    """One process in its own session (a server, or a job such as `rasa train`), stopped
    with its whole process group. health_url: where it answers once up (None for a job)."""

    def __init__(
        self,
        args: List[str],
        env: Dict[str, str],
        log: Path,
        health_url: Optional[str],
        cwd: Path = ROOT,
        name: str = "",
    ):
        self.args, self.env, self.log, self.health_url = args, env, log, health_url
        self.cwd, self.name = cwd, name or Path(args[0]).name
        self.process: Optional[subprocess.Popen] = None

    def launch(self) -> "Server":
        """Start the process, without waiting for it to be up."""
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(
                self.args,
                cwd=self.cwd,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    def wait_up(self, timeout: float = 180, check: Optional[Callable[[Any], bool]] = None, poll: float = 0.5) -> float:
        """Seconds until health_url answers (see wait_until_up)."""
        assert self.process is not None and self.health_url is not None
        return wait_until_up(self.health_url, self.process, self.log, timeout, check, self.name, poll)

    def start(self) -> "Server":
        self.launch()
        self.wait_up()
        return self

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log_tail(self, n: int = 4000) -> str:
        return log_tail(self.log, n)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        except ProcessLookupError:
            pass


def action_server(
    workdir: Path,
    port: Optional[int] = None,
    *,
    cwd: Path = ROOT,
    env: Optional[Dict[str, str]] = None,
    log: Optional[Path] = None,
) -> Server:
    """The action server (`rasa run actions`) run from `cwd` (the repo, or a changed copy)."""
    port = port or free_port()
    return Server(
        [str(VENV_BIN / "rasa"), "run", "actions", "--port", str(port), "--actions", "actions"],
        base_env() if env is None else env,
        log or workdir / f"actions-{port}.log",
        f"http://127.0.0.1:{port}/health",
        cwd=cwd,
        name="action server",
    )


def rasa_server(
    workdir: Path,
    action_url: Optional[str],
    tracker_db: Path,
    port: Optional[int] = None,
    extra_env: Optional[Dict[str, str]] = None,
    extra_args: Optional[List[str]] = None,
    *,
    model: Path = MODEL,
    credentials: Union[str, Path] = "credentials.yml",
    endpoints: Union[str, Path] = "endpoints.yml",
    cwd: Path = ROOT,
    log: Optional[Path] = None,
    drop_env: Sequence[str] = (),
) -> Server:
    """The Rasa server with the HTTP API; ACTION_ENDPOINT_URL is left as it is when
    action_url is None (a bot without custom actions)."""
    port = port or free_port()
    env = base_env({"TRACKER_DB": str(tracker_db)}, drop=drop_env)
    if action_url is not None:
        env["ACTION_ENDPOINT_URL"] = action_url
    env.update(extra_env or {})
    args = [
        str(VENV_BIN / "rasa"),
        "run",
        "--enable-api",
        "--port",
        str(port),
        "--model",
        str(model),
        "--credentials",
        str(credentials),
        "--endpoints",
        str(endpoints),
    ] + list(extra_args or [])
    return Server(
        args, env, log or workdir / f"rasa-{port}.log", f"http://127.0.0.1:{port}/status", cwd=cwd, name="rasa server"
    )


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
