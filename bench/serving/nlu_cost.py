"""CPU per NLU parse of trained models, in-process (no HTTP, no tracker store, no actions).

Why: the serving benchmark measures whole replies; this splits off what the NLU
pipeline alone costs, to compare pipeline settings without the server's noise.

Run from the repo root:
  .venv/bin/python bench/serving/nlu_cost.py MODEL.tar.gz [MODEL2.tar.gz ...] [--n 200]
Texts: the user turns of the serving benchmark's Tickfix and stock conversations.
Prints, per model: size, load time, and the median/mean process CPU and wall time per parse.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
sys.dont_write_bytecode = True  # no __pycache__ in bench/
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.serving.conversations import STOCK_CONVERSATIONS, TICKFIX_CONVERSATIONS  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("models", nargs="+", type=Path)
    ap.add_argument("--n", type=int, default=200, help="parses per model (after 20 warm-up)")
    args = ap.parse_args(argv)

    from rasa.core.agent import Agent

    texts = [t for conv in TICKFIX_CONVERSATIONS + STOCK_CONVERSATIONS for t, _ in conv]
    for model in args.models:
        t0 = time.perf_counter()
        agent = Agent.load(str(model))
        load_s = time.perf_counter() - t0

        async def parse_all(k: int):
            cpu, wall = [], []
            for i in range(k):
                text = texts[i % len(texts)]
                c, w = time.process_time(), time.perf_counter()
                await agent.parse_message(text)  # noqa: B023  (awaited within this iteration)
                cpu.append((time.process_time() - c) * 1000)
                wall.append((time.perf_counter() - w) * 1000)
            return cpu, wall

        asyncio.run(parse_all(20))
        cpu, wall = asyncio.run(parse_all(args.n))
        print(
            f"{model}: {model.stat().st_size / 2**20:.1f} MB, load {load_s:.1f} s, "
            f"parse process-CPU median {statistics.median(cpu):.1f} ms "
            f"(mean {statistics.fmean(cpu):.1f}), wall median {statistics.median(wall):.1f} ms "
            f"(mean {statistics.fmean(wall):.1f}), n={args.n}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
