"""Production mode for tests: PostgreSQL and Redis (scripts/services.sh), and Rasa servers
started with endpoints.production.yml against them.

Builds on tests/support/servers.py (same Server class, same way of stopping) without
changing it.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import tarfile
import time
from pathlib import Path
from typing import Dict, Iterable, List, Optional

import requests
import yaml

from tests.support.servers import MODEL, ROOT, VENV_BIN, Server, base_env, free_port

SERVICES_SH = ROOT / "scripts" / "services.sh"
PRODUCTION_ENDPOINTS = ROOT / "endpoints.production.yml"


class Services:
    """PostgreSQL and Redis in `data_dir`, started and stopped by scripts/services.sh."""

    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self.env: Dict[str, str] = {}

    def _run(self, command: str, timeout: float = 600) -> str:
        done = subprocess.run(
            ["bash", str(SERVICES_SH), command, str(self.data_dir)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode != 0:
            raise RuntimeError(f"services.sh {command} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def start(self) -> Dict[str, str]:
        """Starts both (installing them first if needed); returns their settings."""
        out = self._run("start")
        self.env = parse_env(out)
        return self.env

    def stop(self) -> None:
        self._run("stop", timeout=120)

    def clean(self) -> None:
        """Stops both and deletes their data (the cluster may live outside data_dir)."""
        self._run("clean", timeout=120)

    def redis_client(self):
        import redis

        return redis.StrictRedis(
            host=self.env["REDIS_HOST"],
            port=int(self.env["REDIS_PORT"]),
            db=int(self.env["REDIS_DB"]),
            password=self.env["REDIS_PASSWORD"] or None,
            socket_timeout=10,
        )

    def pg_connect(self):
        import psycopg2

        return psycopg2.connect(
            host=self.env["POSTGRES_HOST"],
            port=int(self.env["POSTGRES_PORT"]),
            dbname=self.env["POSTGRES_DB"],
            user=self.env["POSTGRES_USER"],
            password=self.env["POSTGRES_PASSWORD"],
            connect_timeout=10,
        )


def parse_env(text: str) -> Dict[str, str]:
    """`export NAME='value'` lines (services.env) as a dict."""
    env = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export ") :]
        name, _, value = line.partition("=")
        parts = shlex.split(value) if value else [""]
        env[name] = parts[0] if parts else ""
    return env


def stable_model_copy(dest_dir: Path, source: Path = MODEL, attempts: int = 30) -> Path:
    """A private copy of the trained model, taken when the file is whole.

    `make train` may be replacing models/tickfix.tar.gz at this moment: copy, check that
    the copy is a complete tar.gz, and retry a few times if it is not.
    """
    dest = Path(dest_dir) / source.name
    last_error: Optional[Exception] = None
    for _ in range(attempts):
        try:
            before = source.stat()
            shutil.copyfile(source, dest)
            after = source.stat()
            if (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns):
                raise OSError("the model changed while it was copied")
            with tarfile.open(dest, "r:gz") as archive:
                for _member in archive:  # reads to the end: a cut-off file fails here
                    pass
            return dest
        except (OSError, tarfile.TarError, EOFError) as error:
            last_error = error
            time.sleep(2)
    raise RuntimeError(f"no complete model at {source} (make train?): {last_error}")


def production_rasa_server(
    workdir: Path,
    action_url: str,
    services_env: Dict[str, str],
    model: Path,
    port: Optional[int] = None,
    extra_env: Optional[Dict[str, str]] = None,
) -> Server:
    """`rasa run` as scripts/run.sh starts it with ENDPOINTS=endpoints.production.yml.

    TICKFIX_PRODUCTION_ENDPOINTS names another endpoints file (for instance one without
    the lock store, to see the multi-instance tests fail without it).
    """
    port = port or free_port()
    endpoints = os.environ.get("TICKFIX_PRODUCTION_ENDPOINTS") or str(PRODUCTION_ENDPOINTS)
    env = base_env({"ACTION_ENDPOINT_URL": action_url, "ENDPOINTS": endpoints})
    env.update(services_env)
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
        "credentials.yml",
        "--endpoints",
        env["ENDPOINTS"],
    ]
    return Server(args, env, Path(workdir) / f"rasa-{port}.log", f"http://127.0.0.1:{port}/status")


def custom_actions_in_domain(domain_file: Path = ROOT / "domain.yml") -> List[str]:
    """The domain's custom actions (the ones the action server must have)."""
    domain = yaml.safe_load(domain_file.read_text()) or {}
    return [a for a in domain.get("actions") or [] if not a.startswith("utter_")]


def check_action_server(server: Server, expected: Iterable[str]) -> None:
    """Fails when the action server did not register every expected action."""
    url = server.health_url.replace("/health", "/actions")
    registered = {a["name"] for a in requests.get(url, timeout=10).json()}
    missing = sorted(set(expected) - registered)
    if missing:
        raise RuntimeError(
            f"the action server at {url} lacks {missing} (registered: {sorted(registered)});"
            f" log:\n{server.log.read_text()[-4000:]}"
        )


# A log line Rasa or the action server writes at level ERROR or above.
_ERROR_LINE = re.compile(r"^\S+ \S+ +(ERROR|CRITICAL)\s")


def error_lines(log: Path, offset: int = 0) -> List[str]:
    """The ERROR and CRITICAL lines of `log`, from byte `offset` on."""
    if not log.exists():
        return []
    with open(log, "rb") as f:
        f.seek(offset)
        text = f.read().decode(errors="replace")
    return [line for line in text.splitlines() if _ERROR_LINE.match(line)]


def log_sizes(logs: Iterable[Path]) -> Dict[Path, int]:
    """Where each log ends now: give it to `error_lines` to see only what comes after."""
    return {log: (log.stat().st_size if log.exists() else 0) for log in logs}
