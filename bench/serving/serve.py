"""Serving one bot and measuring it: the endpoints both bots share, the servers
(started by tests/support/servers.py's helpers), warm-up, the phases, the memory.

Why: the two bots must be served the same way (same tracker store, one at a time, on
free loopback ports) for their numbers to compare.
"""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

from tests.support.redis_server import RedisServer
from tests.support.servers import Server, action_server, base_env, free_port, rasa_server

from .common import DROP_ENV, ROOT, BenchError, mb
from .load import run_phase, summarize
from .procfs import MemorySampler, hwm_bytes, rss_bytes


def endpoints_files(work: Path, store: str) -> Tuple[Path, Path, Dict[str, str]]:
    """Endpoints for the stock bot and for Tickfix, with the same tracker store.

    Both come from the repo's endpoints.yml, so the benchmark follows what `make run`
    uses: Tickfix gets it whole (store=sqlite) or without its tracker store (memory); the
    stock bot gets the same tracker store and no action endpoint. Lock store: the
    default in-memory one for both (one Sanic worker each).
    """
    repo = yaml.safe_load((ROOT / "endpoints.yml").read_text()) or {}
    tracker = repo.get("tracker_store")
    tick: Dict = {k: v for k, v in repo.items() if k != "tracker_store"}
    stock: Dict = {}
    if store == "sqlite":
        if not tracker:
            raise BenchError("endpoints.yml has no tracker_store to share with the stock bot")
        tick["tracker_store"] = tracker
        stock["tracker_store"] = tracker
    stock_file, tick_file = work / "endpoints-stock.yml", work / "endpoints-tickfix.yml"
    stock_file.write_text(yaml.safe_dump(stock) if stock else "# in-memory tracker store\n")
    tick_file.write_text(yaml.safe_dump(tick, sort_keys=False))
    if store == "sqlite":
        desc = ", ".join(f"{k}: {v}" for k, v in tracker.items() if k != "db")
        desc = f"{{{desc}}} from endpoints.yml, one new db file per bot"
    else:
        desc = "in-memory (Rasa's default)"
    return stock_file, tick_file, {"tracker_store": desc, "lock_store": "in-memory (default)"}


def start_redis(work: Path) -> Tuple[RedisServer, int]:
    """A private, non-persistent redis-server on a free loopback port (lock store)."""
    try:
        server = RedisServer(work).start()
    except FileNotFoundError as e:
        raise BenchError("--sanic-workers > 1 needs redis-server on PATH for the lock store") from e
    except RuntimeError as e:
        raise BenchError(str(e)) from e
    return server, server.port


def serve_and_measure(
    name: str,
    model: Path,
    work: Path,
    endpoints: Path,
    credentials: Path,
    cwd: Path,
    scripts,
    args,
    with_actions: bool,
    rasa_env: Optional[Dict[str, str]] = None,
) -> Dict:
    print(f"\n== {name}: serving {model.name} ({mb(model.stat().st_size)} MB)", flush=True)
    db = work / f"{name}-conversations.db"
    if db.exists():
        db.unlink()
    procs: List[Server] = []
    result: Dict = {}
    try:
        action_url: Optional[str] = None  # the stock bot has no custom actions
        servers: Dict[str, int] = {}
        if with_actions:
            aport = free_port()
            aenv = base_env(drop=DROP_ENV)
            if args.action_workers > 1:
                aenv["ACTION_SERVER_SANIC_WORKERS"] = str(args.action_workers)
            actions = action_server(
                work, aport, cwd=args.actions_dir.resolve(), env=aenv, log=work / f"{name}-actions.log"
            ).launch()
            procs.append(actions)
            result["actions_ready_s"] = round(actions.wait_up(args.start_timeout, poll=0.25), 1)
            action_url = f"http://127.0.0.1:{aport}/webhook"
        port = free_port()
        rasa = rasa_server(
            work,
            action_url,
            db,
            port,
            extra_env=rasa_env,
            model=model,
            credentials=credentials,
            endpoints=endpoints,
            cwd=cwd,
            log=work / f"{name}-rasa.log",
            drop_env=DROP_ENV,
        ).launch()
        procs.append(rasa)
        base = f"http://127.0.0.1:{port}"
        result["rasa_ready_s"] = round(
            rasa.wait_up(args.start_timeout, check=lambda j: bool(j.get("model_file")), poll=0.25), 1
        )
        servers["rasa"] = rasa.pid
        if with_actions:
            servers["actions"] = procs[0].pid
        print(f"   up: rasa in {result['rasa_ready_s']} s", flush=True)

        # Warm-up (not counted): every conversation once alone, then 10 at once.
        n_warm = sum(len(s) for s in scripts)
        run_phase(base, scripts, n_warm, 1, args.phase_cap, f"warm1-{name}", servers)
        run_phase(base, scripts, args.concurrency * 3, args.concurrency, args.phase_cap, f"warm10-{name}", servers)
        result["rss_after_warmup_mb"] = {k: mb(rss_bytes(p)) for k, p in servers.items()}

        sampler = MemorySampler(servers)
        sampler.start()
        phases = {}
        for label, n, c in (("c1", args.requests_c1, 1), (f"c{args.concurrency}", args.requests_c10, args.concurrency)):
            ph = run_phase(base, scripts, n, c, args.phase_cap, f"{label}-{name}", servers)
            phases[label] = summarize(ph, scripts)
            s = phases[label]
            print(
                f"   {label}: {s['ok']}/{s['requests']} ok in {s['wall_s']} s, "
                f"p50 {s['p50_ms']} ms, p95 {s['p95_ms']} ms, {s['replies_per_s']} replies/s,"
                f" off-script {s['off_script']}, load {s['loadavg_after']}",
                flush=True,
            )
        peak = sampler.stop()
        result["phases"] = phases
        rss = {k: mb(rss_bytes(p)) for k, p in servers.items()}
        rss["total"] = round(sum(rss.values()), 1)
        result["rss_after_run_mb"] = rss
        result["rss_peak_during_run_mb"] = {k: mb(v) for k, v in peak.items()}
        result["rss_peak_since_start_mb"] = {k: mb(hwm_bytes(p)) for k, p in servers.items()}
        for p in procs:
            if not p.alive():
                raise BenchError(f"{p.name} died during the run; log tail:\n{p.log_tail()}")
        return result
    finally:
        for p in reversed(procs):
            p.stop()
