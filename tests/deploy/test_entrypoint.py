"""deploy/rasa-entrypoint.sh: the container refuses to start without its secrets, keeps
the token off the command line, allows no cross-origin calls unless told, and makes
socket.io require a JWT."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = ROOT / "deploy" / "rasa-entrypoint.sh"
SECRETS = {"RASA_AUTH_TOKEN": "t" * 40, "SOCKETIO_JWT_SECRET": "j" * 40}


def start(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    """Run the entry point with a `python` that prints what it was asked to run
    (the real one for the preflight and the credentials)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    real = os.path.join(ROOT, ".venv", "bin", "python")
    fake = bin_dir / "python"
    fake.write_text(
        "#!/bin/sh\n"
        'case "$1" in *rasa_run.py) shift; echo "RASA_RUN $*"; env | grep -c RASA_AUTH_TOKEN=t; exit 0;; esac\n'
        f'exec {real} "$@"\n'
    )
    fake.chmod(0o755)
    full = {"PATH": f"{bin_dir}:/usr/bin:/bin", "TICKFIX_APP": str(ROOT), "TMPDIR": str(tmp_path), **env}
    return subprocess.run(["sh", str(ENTRYPOINT)], cwd=ROOT, env=full, capture_output=True, text=True, timeout=60)


def test_refuses_to_start_without_the_token_and_the_jwt_secret(tmp_path: Path) -> None:
    run = start(tmp_path)
    assert run.returncode != 0
    assert "RASA_AUTH_TOKEN" in run.stdout + run.stderr and "SOCKETIO_JWT_SECRET" in run.stdout + run.stderr
    assert "RASA_RUN" not in run.stdout


def test_starts_with_its_secrets_no_cors_and_a_jwt_on_socketio(tmp_path: Path) -> None:
    run = start(tmp_path, **SECRETS)
    assert run.returncode == 0, run.stderr
    line = next(li for li in run.stdout.splitlines() if li.startswith("RASA_RUN"))
    assert "--cors" not in line and "t" * 40 not in line  # no CORS, no token on the command line
    assert run.stdout.strip().endswith("1")  # rasa_run.py gets the token in its environment
    credentials = Path(line.split("--credentials ")[1].split()[0])
    socketio = next(v for k, v in yaml.safe_load(credentials.read_text()).items() if "socketio" in k.lower())
    assert socketio["jwt_key"] == "${SOCKETIO_JWT_SECRET}"  # the file never holds the secret
    assert "j" * 40 not in credentials.read_text()


def test_the_chat_pages_origins_when_given(tmp_path: Path) -> None:
    run = start(tmp_path, TICKFIX_CORS_ORIGINS="https://shop.example https://www.shop.example", **SECRETS)
    assert "--cors https://shop.example https://www.shop.example" in run.stdout
