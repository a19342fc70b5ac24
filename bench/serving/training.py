"""Training both bots in a temporary directory, timed, with their peak memory.

Why: the training time and memory are part of what Tickfix costs next to the stock
bot; each is trained with its own empty cache, one after the other.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path
from typing import Dict, List, Tuple

from tests.support.servers import Server, base_env

from .common import DROP_ENV, RASA, ROOT, BenchError, mb
from .procfs import MemorySampler


def run_training(
    name: str, args: List[str], cwd: Path, env: Dict[str, str], log: Path, timeout: float
) -> Dict[str, float]:
    proc = Server(args, env, log, None, cwd=cwd, name=name).launch()
    sampler = MemorySampler({"train": proc.pid})
    sampler.start()
    t0 = time.monotonic()
    try:
        rc = proc.process.wait(timeout=timeout)  # type: ignore[union-attr]
    except subprocess.TimeoutExpired as e:
        proc.stop()
        raise BenchError(f"{name} did not finish in {timeout:.0f}s; log tail:\n{proc.log_tail()}") from e
    finally:
        peak = sampler.stop()["train"]
    seconds = time.monotonic() - t0
    if rc != 0:
        raise BenchError(f"{name} failed (exit {rc}); log tail:\n{proc.log_tail()}")
    return {"seconds": round(seconds, 1), "peak_rss_mb": mb(peak)}


def train_stock(work: Path, timeout: float) -> Tuple[Path, Dict[str, float]]:
    project = work / "stock"
    project.mkdir()
    cache = work / "cache-stock"
    env = base_env({"RASA_CACHE_DIRECTORY": str(cache)}, drop=DROP_ENV)
    info = run_training(
        "rasa init (stock bot)",
        [RASA, "init", "--no-prompt", "--init-dir", str(project)],
        project,
        env,
        work / "train-stock.log",
        timeout,
    )
    models = sorted((project / "models").glob("*.tar.gz"))
    if not models:
        raise BenchError(f"rasa init made no model in {project / 'models'}")
    return models[-1], info


def train_tickfix(work: Path, config: Path, timeout: float) -> Tuple[Path, Dict[str, float]]:
    out = work / "tickfix-models"
    cache = work / "cache-tickfix"
    env = base_env({"RASA_CACHE_DIRECTORY": str(cache)}, drop=DROP_ENV)
    info = run_training(
        "rasa train (Tickfix)",
        [
            RASA,
            "train",
            "--config",
            str(config),
            "--domain",
            str(ROOT / "domain.yml"),
            "--data",
            str(ROOT / "data"),
            "--out",
            str(out),
            "--fixed-model-name",
            "tickfix",
        ],
        work,
        env,
        work / "train-tickfix.log",
        timeout,
    )
    model = out / "tickfix.tar.gz"
    if not model.exists():
        raise BenchError(f"rasa train made no model at {model}")
    return model, info
