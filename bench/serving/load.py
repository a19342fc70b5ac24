"""Load generation over REST: the scripted conversations at a concurrency, with a time
cap, and the summary of a phase (latency percentiles, replies/s, CPU per reply).

Why: latency and throughput are measured the same way for both bots, one new sender
id per conversation, with the servers' CPU read around each phase.
"""

from __future__ import annotations

import asyncio
import math
import resource
import statistics
import time
import uuid
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

import aiohttp

from .conversations import Turn
from .procfs import cpu_seconds, loadavg, system_cpu


@dataclass
class Sample:
    script: int
    turn: int
    latency: float
    ok: bool
    on_script: bool
    error: str = ""


@dataclass
class PhaseResult:
    samples: List[Sample]
    wall: float
    capped: bool
    cpu: Dict[str, float] = field(default_factory=dict)
    machine_busy_cores: float = 0.0
    load_before: List[float] = field(default_factory=list)
    load_after: List[float] = field(default_factory=list)


def reply_text(messages) -> str:
    parts = []
    for m in messages or []:
        if isinstance(m, dict):
            parts.append(str(m.get("text", "")))
            parts += [str(b.get("title", "")) for b in m.get("buttons", []) or []]
    return "\n".join(parts)


async def _phase(
    base: str, scripts: Sequence[Sequence[Turn]], n_requests: int, concurrency: int, cap_s: float, tag: str
) -> Tuple[List[Sample], float, bool]:
    url = f"{base}/webhooks/rest/webhook"
    state = {"issued": 0, "conv": 0}
    samples: List[Sample] = []
    run_id = uuid.uuid4().hex[:8]
    t0 = time.perf_counter()
    deadline = t0 + cap_s
    capped = False

    async def worker(session: aiohttp.ClientSession) -> None:
        nonlocal capped
        while True:
            k = state["conv"]
            state["conv"] += 1
            script_no = k % len(scripts)
            sender = f"{tag}-{run_id}-{k}"
            for turn_no, (text, expect) in enumerate(scripts[script_no]):
                if state["issued"] >= n_requests:
                    return
                if time.perf_counter() > deadline:
                    capped = True
                    return
                state["issued"] += 1
                t = time.perf_counter()
                try:
                    async with session.post(url, json={"sender": sender, "message": text}) as r:
                        body = await r.json(content_type=None)
                        ok = r.status == 200
                        err = "" if ok else f"HTTP {r.status}"
                except Exception as e:  # timeouts, resets: counted, never fatal
                    body, ok, err = None, False, f"{type(e).__name__}: {e}"
                latency = time.perf_counter() - t
                text_out = reply_text(body) if ok else ""
                on_script = ok and bool(text_out.strip()) and (expect is None or expect.lower() in text_out.lower())
                samples.append(Sample(script_no, turn_no, latency, ok, on_script, err))

    timeout = aiohttp.ClientTimeout(total=60)
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
    return samples, time.perf_counter() - t0, capped


def run_phase(
    base: str, scripts, n_requests: int, concurrency: int, cap_s: float, tag: str, servers: Dict[str, int]
) -> PhaseResult:
    cpu0 = {k: cpu_seconds(pid) for k, pid in servers.items()}
    client0 = resource.getrusage(resource.RUSAGE_SELF)
    busy0, _ = system_cpu()
    load0 = loadavg()
    samples, wall, capped = asyncio.run(_phase(base, scripts, n_requests, concurrency, cap_s, tag))
    busy1, _ = system_cpu()
    client1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu = {k: cpu_seconds(pid) - cpu0[k] for k, pid in servers.items()}
    cpu["bench_client"] = (client1.ru_utime + client1.ru_stime) - (client0.ru_utime + client0.ru_stime)
    return PhaseResult(samples, wall, capped, cpu, (busy1 - busy0) / wall if wall else 0.0, load0, loadavg())


def pct(values: Sequence[float], q: float) -> Optional[float]:
    """Nearest-rank percentile (q in 0..100), None when there are no values."""
    if not values:
        return None
    s = sorted(values)
    k = max(0, min(len(s) - 1, math.ceil(q / 100 * len(s)) - 1))
    return s[k]


def summarize(ph: PhaseResult, scripts) -> Dict:
    ok = [s for s in ph.samples if s.ok]
    lat = [s.latency * 1000 for s in ok]
    n = len(ok)
    # Latency of each scripted turn (p50), to see which turns cost the time.
    per_turn: Dict[str, List[float]] = {}
    for s in ok:
        per_turn.setdefault(f"{s.script}.{s.turn}", []).append(s.latency * 1000)
    turns = sorted(
        (
            {
                "turn": k,
                "text": scripts[int(k.split(".")[0])][int(k.split(".")[1])][0],
                "n": len(v),
                "p50_ms": round(statistics.median(v), 1),
            }
            for k, v in per_turn.items()
        ),
        key=lambda d: -d["p50_ms"],
    )
    others = ph.machine_busy_cores - sum(ph.cpu.values()) / ph.wall if ph.wall else 0.0
    errors = [s.error for s in ph.samples if not s.ok]
    return {
        "requests": len(ph.samples),
        "ok": n,
        "errors": len(errors),
        "error_examples": sorted(set(errors))[:3],
        "off_script": sum(1 for s in ok if not s.on_script),
        "capped": ph.capped,
        "wall_s": round(ph.wall, 2),
        "p50_ms": r1(pct(lat, 50)),
        "p95_ms": r1(pct(lat, 95)),
        "p99_ms": r1(pct(lat, 99)),
        "mean_ms": r1(statistics.fmean(lat) if lat else None),
        "max_ms": r1(max(lat) if lat else None),
        "replies_per_s": round(n / ph.wall, 2) if ph.wall else None,
        "cpu_ms_per_reply": {k: round(v * 1000 / n, 1) if n else None for k, v in ph.cpu.items()},
        # Rasa + action server: what limits replies/s when other processes take the cores.
        "cpu_ms_per_reply_servers": round(sum(v for k, v in ph.cpu.items() if k != "bench_client") * 1000 / n, 1)
        if n
        else None,
        "machine_busy_cores": round(ph.machine_busy_cores, 2),
        "other_processes_cores": round(max(0.0, others), 2),
        "loadavg_before": ph.load_before,
        "loadavg_after": ph.load_after,
        "slowest_turns": turns[:6],
    }


def r1(x: Optional[float]) -> Optional[float]:
    return None if x is None else round(x, 1)
