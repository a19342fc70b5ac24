"""Serving benchmark: Tickfix against the stock `rasa init` bot, same run, same machine.

Why: a bot that diagnoses failed messages must answer about as fast as the smallest
bot Rasa can make, on the same hardware, or the extra work (the diagnosis package,
the action server, the forms) costs more than it should. This script measures both
bots in one run so that the machine, the Rasa version and the load are the same.

What it does, in a temporary directory (nothing is written to the repo's models/ or .rasa/):
  1. trains the stock bot (`rasa init --no-prompt`, timed) and Tickfix from the repo's
     config.yml, domain.yml and data/ (`rasa train`, timed), each with its own empty
     RASA_CACHE_DIRECTORY, one after the other; records both model sizes;
  2. serves each bot in turn (never both at once) on free loopback ports: the stock bot
     alone (its custom actions are commented out), Tickfix with its action server;
     both with the same tracker store (by default the SQL/SQLite store of the repo's
     endpoints.yml; --tracker-store memory for the in-memory one);
  3. talks to each over REST (/webhooks/rest/webhook) with scripted conversations, one
     new sender id per conversation: warm-up first (not counted), then a fixed number
     of requests at concurrency 1 and at concurrency 10, each phase with a time cap;
     measures p50/p95 latency, replies per second, the RSS of the Rasa server and of the
     action server, and the CPU each server spends per reply;
  4. prints a table and the ratios, checks the bars and exits non-zero when one is missed:
       - Tickfix p50 at concurrency 1  <= 1.0 x the stock bot's (issue 11)
       - Tickfix replies/s at concurrency 10 >= 1.5 x the stock bot's (issue 11)

Run from the repo root:  .venv/bin/python -m bench.serving [--json out.json]
(about 5-10 minutes on 2 cores, most of it training). bench/SERVING.md explains the
numbers; --help lists the options, including the experiments used to find what makes
Tickfix faster (another config, a patched Rasa server, a changed copy of the actions,
several Sanic workers). Experiments print an EXPERIMENT line: they are not `make run`.
Exit codes: 0 all bars met, 1 a bar missed, 2 the run itself failed (a server did not
start, training failed, requests failed).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List

import yaml

from tests.support.redis_server import RedisServer
from tests.support.servers import ServerError

from .common import ROOT, BenchError, mb
from .conversations import STOCK_CONVERSATIONS, TICKFIX_CONVERSATIONS
from .procfs import loadavg
from .report import BARS, busy_warnings, check_bars, table
from .serve import endpoints_files, serve_and_measure, start_redis
from .training import train_stock, train_tickfix


def inputs_fingerprint(config: Path) -> Dict[str, str]:
    """What Tickfix was built from: the commit and a hash of the files that shape its speed
    (others may be editing the tree while the benchmark runs)."""
    import hashlib

    def digest(paths: List[Path]) -> str:
        h = hashlib.sha256()
        for path in paths:
            h.update(path.name.encode())
            h.update(path.read_bytes())
        return h.hexdigest()[:12]

    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return {
        "git_head": commit,
        "training_inputs_sha": digest([config, ROOT / "domain.yml"] + sorted((ROOT / "data").glob("*.yml"))),
        "serving_code_sha": digest(
            [ROOT / "endpoints.yml", ROOT / "credentials.yml"] + sorted((ROOT / "actions").glob("*.py"))
        ),
    }


def parse_args(argv=None):
    ap = argparse.ArgumentParser(
        prog="python -m bench.serving",
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("--json", type=Path, help="write all numbers to this JSON file")
    ap.add_argument("--requests-c1", type=int, default=200, help="measured requests at concurrency 1 (after warm-up)")
    ap.add_argument("--requests-c10", type=int, default=600, help="measured requests at --concurrency (after warm-up)")
    ap.add_argument("--concurrency", type=int, default=10, help="concurrent conversations in the second phase")
    ap.add_argument(
        "--phase-cap", type=float, default=75.0, help="seconds; a phase stops there even if not all requests were sent"
    )
    ap.add_argument("--train-timeout", type=float, default=600.0)
    ap.add_argument("--start-timeout", type=float, default=240.0)
    ap.add_argument(
        "--tracker-store",
        choices=("sqlite", "memory"),
        default="sqlite",
        help="the same for both bots (default: the SQL store of endpoints.yml)",
    )
    ap.add_argument(
        "--tickfix-config",
        type=Path,
        default=ROOT / "config.yml",
        help="train Tickfix with this config (to try variations)",
    )
    ap.add_argument("--stock-model", type=Path, help="skip training: serve this stock model")
    ap.add_argument("--tickfix-model", type=Path, help="skip training: serve this Tickfix model")
    ap.add_argument(
        "--action-workers", type=int, default=1, help="ACTION_SERVER_SANIC_WORKERS for Tickfix's action server"
    )
    ap.add_argument("--only", choices=("stock", "tickfix"), help="measure one bot, no bars")
    ap.add_argument(
        "--tickfix-first", action="store_true", help="serve Tickfix before the stock bot (default: stock first)"
    )
    ap.add_argument(
        "--sanic-workers",
        type=int,
        default=1,
        help="experiment: SANIC_WORKERS for Tickfix's Rasa server; >1 starts a "
        "private redis-server for the lock store (the in-memory lock store "
        "must not be used with several workers)",
    )
    ap.add_argument(
        "--actions-dir",
        type=Path,
        default=ROOT,
        help="experiment: run Tickfix's action server from this directory (a "
        "copy of the repo's actions/ and diagnosis/ with a change to try)",
    )
    ap.add_argument("--workdir", type=Path, help="use this directory (kept) instead of a temp one")
    ap.add_argument("--keep", action="store_true", help="keep the temp directory (logs, models)")
    return ap.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    now = _dt.datetime.now().astimezone()
    conc = str(args.concurrency)
    if args.workdir:
        work = args.workdir.resolve()
        work.mkdir(parents=True, exist_ok=True)
    else:
        work = Path(tempfile.mkdtemp(prefix="tickfix-serving-"))
    res: Dict = {
        "date": now.isoformat(timespec="seconds"),
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "loadavg_start": loadavg(),
        },
        "settings": {
            "requests_c1": args.requests_c1,
            "requests_c10": args.requests_c10,
            "concurrency": args.concurrency,
            "phase_cap_s": args.phase_cap,
            "tracker_store": args.tracker_store,
            "tickfix_config": str(args.tickfix_config),
            "action_workers": args.action_workers,
            "actions_dir": str(args.actions_dir),
            "sanic_workers_tickfix": args.sanic_workers,
        },
        "tickfix_inputs": inputs_fingerprint(args.tickfix_config.resolve()),
        "bars": BARS,
        "bots": {},
        "workdir": str(work),
    }
    print(
        f"Serving benchmark {res['date']}, {os.cpu_count()} cores, load "
        f"{res['machine']['loadavg_start']}, work dir {work}",
        flush=True,
    )
    fp = res["tickfix_inputs"]
    print(
        f"Tickfix inputs: git HEAD {fp['git_head']} (+ working tree), config/domain/data "
        f"sha {fp['training_inputs_sha']}, endpoints/credentials/actions sha "
        f"{fp['serving_code_sha']}",
        flush=True,
    )
    code = 0
    sidecars: List[RedisServer] = []
    try:
        stock_ep, tick_ep, stores = endpoints_files(work, args.tracker_store)
        res["settings"]["stores"] = stores
        print(
            f"requests: {args.requests_c1} at c=1, {args.requests_c10} at c={conc} (after "
            f"warm-up), cap {args.phase_cap:.0f} s per phase; tracker store for both: "
            f"{stores['tracker_store']}; lock store: {stores['lock_store']}",
            flush=True,
        )
        if (
            args.sanic_workers > 1
            or (args.actions_dir.resolve() != ROOT.resolve())
            or (args.tickfix_config.resolve() != (ROOT / "config.yml").resolve())
        ):
            print(
                "EXPERIMENT: Tickfix is not served as `make run` serves it "
                f"(config {args.tickfix_config}, SANIC_WORKERS {args.sanic_workers}, "
                f"actions from {args.actions_dir})",
                flush=True,
            )
        bots = ("stock", "tickfix") if not args.only else (args.only,)

        # 1. Training, one after the other.
        models: Dict[str, Path] = {}
        for bot in bots:
            given = args.stock_model if bot == "stock" else args.tickfix_model
            if given:
                models[bot] = given.resolve()
                res["bots"][bot] = {"training": None}
                continue
            print(f"== training {bot} ...", flush=True)
            if bot == "stock":
                models[bot], info = train_stock(work, args.train_timeout)
            else:
                models[bot], info = train_tickfix(work, args.tickfix_config.resolve(), args.train_timeout)
            info["loadavg_after"] = loadavg()
            res["bots"][bot] = {"training": info}
            print(
                f"   {info['seconds']} s, peak RSS {info['peak_rss_mb']} MB, load {info['loadavg_after']}", flush=True
            )
        for bot in bots:
            res["bots"][bot]["model"] = str(models[bot])
            res["bots"][bot]["model_mb"] = mb(models[bot].stat().st_size)

        # 2-3. Serving, one bot at a time.
        order = tuple(reversed(bots)) if args.tickfix_first else bots
        for bot in order:
            if bot == "stock":
                project = models[bot].parent.parent
                creds = project / "credentials.yml"
                if not creds.exists():
                    creds = work / "credentials-stock.yml"
                    creds.write_text("rest:\n")
                res["bots"][bot]["serving"] = serve_and_measure(
                    "stock", models[bot], work, stock_ep, creds, work, STOCK_CONVERSATIONS, args, with_actions=False
                )
            else:
                rasa_env: Dict[str, str] = {}
                endpoints = tick_ep
                if args.sanic_workers > 1:
                    redis, redis_port = start_redis(work)
                    sidecars.append(redis)
                    ep = yaml.safe_load(tick_ep.read_text()) or {}
                    ep["lock_store"] = {
                        "type": "redis",
                        "url": "127.0.0.1",
                        "port": redis_port,
                        "db": 0,
                        "key_prefix": "bench",
                    }
                    endpoints = work / "endpoints-tickfix-redis.yml"
                    endpoints.write_text(yaml.safe_dump(ep, sort_keys=False))
                    rasa_env["SANIC_WORKERS"] = str(args.sanic_workers)
                    res["settings"]["stores"]["lock_store_tickfix"] = "redis (private)"
                res["bots"][bot]["serving"] = serve_and_measure(
                    "tickfix",
                    models[bot],
                    work,
                    endpoints,
                    ROOT / "credentials.yml",
                    ROOT,
                    TICKFIX_CONVERSATIONS,
                    args,
                    with_actions=True,
                    rasa_env=rasa_env,
                )
    except (BenchError, ServerError) as e:
        print(f"\nRUN FAILED: {e}", file=sys.stderr, flush=True)
        res["failed"] = str(e)[:4000]
        code = 2
    finally:
        for proc in sidecars:
            proc.stop()

    res["machine"]["loadavg_end"] = loadavg()
    res["run_seconds"] = round(time.monotonic() - started, 1)

    if code == 0:
        print()
        for line in table(res, conc):
            print(line)
        for bot, d in res["bots"].items():
            ph = d.get("serving", {}).get("phases", {})
            for label, s in ph.items():
                if s["errors"]:
                    code = 2
                    print(f"RUN INVALID: {bot} {label}: {s['errors']} failed requests {s['error_examples']}")
                if s["capped"]:
                    print(
                        f"warning: {bot} {label}: stopped at the {args.phase_cap:.0f} s cap "
                        f"after {s['requests']} requests; numbers are over those"
                    )
                if s["off_script"]:
                    print(f"warning: {bot} {label}: {s['off_script']} replies were off-script")
        for line in busy_warnings(res):
            print(line)
        for bot, d in res["bots"].items():
            c1 = d.get("serving", {}).get("phases", {}).get("c1", {})
            if c1.get("slowest_turns"):
                print(
                    f"\nslowest turns, {bot}, c=1 (p50 ms): "
                    + "; ".join(f"{x['text'][:40]!r} {x['p50_ms']}" for x in c1["slowest_turns"][:4])
                )
        print(
            f"\nload average: start {res['machine']['loadavg_start']}, end "
            f"{res['machine']['loadavg_end']} ({os.cpu_count()} cores); "
            f"tracker store: {res['settings']['stores']['tracker_store']}; "
            f"run {res['run_seconds']} s"
        )
        if code == 0 and not args.only:
            bars = check_bars(res, conc)
            res["bar_results"] = bars
            for b in bars:
                print(f"{'PASS' if b['ok'] else 'FAIL'}  {b['line']}")
            if not all(b["ok"] for b in bars):
                code = 1
                missed = ", ".join(b["bar"] for b in bars if not b["ok"])
                print(f"BAR MISSED: {missed}")
            else:
                print("ALL BARS MET")
    res["exit_code"] = code
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(res, indent=2, default=str) + "\n")
        print(f"numbers written to {args.json}")
    if not (args.keep or args.workdir):
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"work dir kept: {work}")
    return code


if __name__ == "__main__":
    sys.exit(main())
