"""What the benchmark's modules share: the repo, the rasa executable, the run's error, MB.

Why: one place for the few facts every step of the benchmark needs.
"""

from __future__ import annotations

from tests.support.servers import ROOT, VENV_BIN

RASA = str(VENV_BIN / "rasa")

# Never let a caller's settings leak into one bot and not the other.
DROP_ENV = ("SANIC_WORKERS", "ACTION_SERVER_SANIC_WORKERS")

__all__ = ["ROOT", "RASA", "DROP_ENV", "BenchError", "mb"]


class BenchError(RuntimeError):
    """The run itself failed (training, a server, the requests): exit code 2."""


def mb(n: float) -> float:
    return round(n / (1024 * 1024), 1)
