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
       - Tickfix p50 at concurrency 1  <= 1.5 x the stock bot's
       - Tickfix replies/s at concurrency 10 >= the stock bot's

Run from the repo root:  .venv/bin/python bench/serving_bench.py [--json out.json]
(about 5-10 minutes on 2 cores, most of it training). bench/SERVING.md explains the
numbers; --help lists the options, including the experiments used to find what makes
Tickfix faster (another config, a patched Rasa server, a changed copy of the actions,
several Sanic workers). Experiments print an EXPERIMENT line: they are not `make run`.
Exit codes: 0 all bars met, 1 a bar missed, 2 the run itself failed (a server did not
start, training failed, requests failed).
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as _dt
import json
import math
import os
import platform
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import aiohttp
import yaml

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
RASA = str(VENV_BIN / "rasa")
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")

BARS = {
    "p50_c1_max_ratio": 1.5,  # Tickfix p50 at c=1 <= 1.5 x stock
    "throughput_c10_min_ratio": 1.0,  # Tickfix replies/s at c=10 >= stock
}


# --------------------------------------------------------------------------------------
# Conversations. Each turn: (what the user says, a piece the reply must contain or None).
# The pieces are there to catch a bot that answers fast because it went off the rails.
# --------------------------------------------------------------------------------------

Turn = Tuple[str, Optional[str]]

STOCK_CONVERSATIONS: List[List[Turn]] = [
    [("hello", "How are you"), ("I am feeling great", "carry on"), ("bye", "Bye")],
    [("hi", "How are you"), ("I am sad", "cheer you up"), ("yes", "carry on")],
    [("hey there", "How are you"), ("my day was horrible", "Did that help"), ("no", "Bye")],
    [("good morning", "How are you"), ("are you a bot?", "I am a bot"),
     ("amazing", "carry on"), ("goodbye", "Bye")],
    [("hey", "How are you"), ("not good", "cheer you up"), ("of course", "carry on"),
     ("see you later", "Bye")],
]

TICKFIX_CONVERSATIONS: List[List[Turn]] = [
    # closed 24-hour window, fixed, rated
    [("hi", None), ("(#131047) Re-engagement message", "when did"), ("3 days ago", "closed"),
     ("yes it worked", "rating"), ("5", "5/5")],
    # open window, then thanks and bye
    [("hello", None), ("Twilio error 63016: outside the allowed window", None),
     ("2 hours ago", "still open"), ("thanks", None), ("bye", None)],
    # template status, did not help -> next cause, then a person
    [("(#132001) Template name does not exist in the translation", None),
     ("approved", None), ("no, still failing", "next most likely"),
     ("talk to a person", None)],
    # phone number in the wrong form, corrected, rated
    [("(#100) Invalid parameter: the 'to' phone number is not a valid number", None),
     ("+91 98765 43210", "919876543210"), ("yes it worked", "rating"), ("4", "4/5")],
    # media too large
    [("what can you do?", None), ("Media size exceeds limit", None),
     ("a video of 20 MB", "16 MB"), ("yes", None), ("5", "5/5")],
    # number without country code: the country is asked
    [("Phone number format error", None), ("(415) 555-1234", "country"),
     ("United States", "14155551234"), ("thank you", None)],
]


# --------------------------------------------------------------------------------------
# Processes: start, wait, stop (whole process group), and read /proc (RSS, CPU).
# --------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def base_env(extra: Optional[Dict[str, str]] = None) -> Dict[str, str]:
    env = dict(os.environ)
    env.update(
        RASA_TELEMETRY_ENABLED="false",
        TF_CPP_MIN_LOG_LEVEL="2",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        PYTHONDONTWRITEBYTECODE="1",
    )
    # Never let a caller's settings leak into one bot and not the other.
    for var in ("SANIC_WORKERS", "ACTION_SERVER_SANIC_WORKERS"):
        env.pop(var, None)
    env.update(extra or {})
    return env


def _children(pid: int) -> List[int]:
    out: List[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{tid}/children") as fh:
                    out += [int(c) for c in fh.read().split()]
            except OSError:
                pass
    except OSError:
        pass
    return out


def process_tree(pid: int) -> List[int]:
    seen, todo = [], [pid]
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.append(p)
        todo += _children(p)
    return seen


def rss_bytes(pid: int) -> int:
    """Resident memory of a process and all its descendants."""
    total = 0
    for p in process_tree(pid):
        try:
            with open(f"/proc/{p}/statm") as fh:
                total += int(fh.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            pass
    return total


def hwm_bytes(pid: int) -> int:
    """Peak resident memory (VmHWM) since start, summed over the process and its descendants."""
    total = 0
    for p in process_tree(pid):
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmHWM:"):
                        total += int(line.split()[1]) * 1024
                        break
        except OSError:
            pass
    return total


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its live descendants (and reaped children)."""
    total = 0
    for p in process_tree(pid):
        try:
            with open(f"/proc/{p}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            # after ")": state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
            total += sum(int(x) for x in fields[11:15])
        except (OSError, IndexError, ValueError):
            pass
    return total / CLK_TCK


def system_cpu() -> Tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far, from /proc/stat."""
    with open("/proc/stat") as fh:
        parts = [int(x) for x in fh.readline().split()[1:]]
    idle = parts[3] + (parts[4] if len(parts) > 4 else 0)  # idle + iowait
    total = sum(parts[:8])  # guest time is already inside user
    return (total - idle) / CLK_TCK, total / CLK_TCK


def loadavg() -> List[float]:
    return [round(x, 2) for x in os.getloadavg()]


class Proc:
    """A server or training process in its own session, stopped with its whole group."""

    def __init__(self, name: str, args: List[str], cwd: Path, env: Dict[str, str], log: Path):
        self.name, self.args, self.cwd, self.env, self.log = name, args, cwd, env, log
        self.p: Optional[subprocess.Popen] = None

    def start(self) -> "Proc":
        with open(self.log, "ab") as out:
            self.p = subprocess.Popen(
                self.args, cwd=str(self.cwd), env=self.env, stdout=out,
                stderr=subprocess.STDOUT, start_new_session=True,
            )
        return self

    @property
    def pid(self) -> int:
        assert self.p is not None
        return self.p.pid

    def alive(self) -> bool:
        return self.p is not None and self.p.poll() is None

    def log_tail(self, n: int = 3000) -> str:
        try:
            return self.log.read_text(errors="replace")[-n:]
        except OSError:
            return ""

    def stop(self) -> None:
        if not self.alive():
            return
        assert self.p is not None
        try:
            os.killpg(self.p.pid, signal.SIGTERM)
            self.p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.p.pid, signal.SIGKILL)
            self.p.wait(timeout=10)
        except ProcessLookupError:
            pass


class BenchError(RuntimeError):
    pass


def wait_http(url: str, proc: Proc, timeout: float, check=None) -> float:
    """Seconds until `url` answers < 500 (and `check(json)` holds); raises if it never does."""
    import urllib.request

    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if not proc.alive():
            raise BenchError(f"{proc.name} exited early; log tail:\n{proc.log_tail()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                body = r.read()
                if r.status < 500:
                    if check is None or check(json.loads(body or b"{}")):
                        return time.monotonic() - t0
        except Exception:  # not up yet
            pass
        time.sleep(0.25)
    raise BenchError(f"{proc.name} not up at {url} after {timeout:.0f}s; log tail:\n"
                     f"{proc.log_tail()}")


class MemorySampler(threading.Thread):
    """Samples the RSS of some process trees every 0.5 s and keeps the peak of each."""

    def __init__(self, pids: Dict[str, int]):
        super().__init__(daemon=True)
        self.pids = pids
        self.peak = {k: 0 for k in pids}
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            for k, pid in self.pids.items():
                self.peak[k] = max(self.peak[k], rss_bytes(pid))
            self._halt.wait(0.5)

    def stop(self) -> Dict[str, int]:
        self._halt.set()
        self.join(timeout=5)
        return self.peak


# --------------------------------------------------------------------------------------
# Training
# --------------------------------------------------------------------------------------

def run_training(name: str, args: List[str], cwd: Path, env: Dict[str, str], log: Path,
                 timeout: float) -> Dict[str, float]:
    proc = Proc(name, args, cwd, env, log).start()
    sampler = MemorySampler({"train": proc.pid})
    sampler.start()
    t0 = time.monotonic()
    try:
        rc = proc.p.wait(timeout=timeout)  # type: ignore[union-attr]
    except subprocess.TimeoutExpired as e:
        proc.stop()
        raise BenchError(f"{name} did not finish in {timeout:.0f}s; log tail:\n{proc.log_tail()}") from e
    finally:
        peak = sampler.stop()["train"]
    seconds = time.monotonic() - t0
    if rc != 0:
        raise BenchError(f"{name} failed (exit {rc}); log tail:\n{proc.log_tail()}")
    return {"seconds": round(seconds, 1), "peak_rss_mb": mb(peak)}


def mb(n: float) -> float:
    return round(n / (1024 * 1024), 1)


def train_stock(work: Path, timeout: float) -> Tuple[Path, Dict[str, float]]:
    project = work / "stock"
    project.mkdir()
    cache = work / "cache-stock"
    env = base_env({"RASA_CACHE_DIRECTORY": str(cache)})
    info = run_training("rasa init (stock bot)",
                        [RASA, "init", "--no-prompt", "--init-dir", str(project)],
                        project, env, work / "train-stock.log", timeout)
    models = sorted((project / "models").glob("*.tar.gz"))
    if not models:
        raise BenchError(f"rasa init made no model in {project / 'models'}")
    return models[-1], info


def train_tickfix(work: Path, config: Path, timeout: float) -> Tuple[Path, Dict[str, float]]:
    out = work / "tickfix-models"
    cache = work / "cache-tickfix"
    env = base_env({"RASA_CACHE_DIRECTORY": str(cache)})
    info = run_training(
        "rasa train (Tickfix)",
        [RASA, "train", "--config", str(config), "--domain", str(ROOT / "domain.yml"),
         "--data", str(ROOT / "data"), "--out", str(out), "--fixed-model-name", "tickfix"],
        work, env, work / "train-tickfix.log", timeout)
    model = out / "tickfix.tar.gz"
    if not model.exists():
        raise BenchError(f"rasa train made no model at {model}")
    return model, info


# --------------------------------------------------------------------------------------
# Load generation
# --------------------------------------------------------------------------------------

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


async def _phase(base: str, scripts: Sequence[Sequence[Turn]], n_requests: int,
                 concurrency: int, cap_s: float, tag: str) -> Tuple[List[Sample], float, bool]:
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
                on_script = ok and bool(text_out.strip()) and (
                    expect is None or expect.lower() in text_out.lower())
                samples.append(Sample(script_no, turn_no, latency, ok, on_script, err))

    timeout = aiohttp.ClientTimeout(total=60)
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
    return samples, time.perf_counter() - t0, capped


def run_phase(base: str, scripts, n_requests: int, concurrency: int, cap_s: float, tag: str,
              servers: Dict[str, int]) -> PhaseResult:
    cpu0 = {k: cpu_seconds(pid) for k, pid in servers.items()}
    client0 = resource.getrusage(resource.RUSAGE_SELF)
    busy0, _ = system_cpu()
    load0 = loadavg()
    samples, wall, capped = asyncio.run(
        _phase(base, scripts, n_requests, concurrency, cap_s, tag))
    busy1, _ = system_cpu()
    client1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu = {k: cpu_seconds(pid) - cpu0[k] for k, pid in servers.items()}
    cpu["bench_client"] = (client1.ru_utime + client1.ru_stime) - (
        client0.ru_utime + client0.ru_stime)
    return PhaseResult(samples, wall, capped, cpu, (busy1 - busy0) / wall if wall else 0.0,
                       load0, loadavg())


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
        ({"turn": k, "text": scripts[int(k.split(".")[0])][int(k.split(".")[1])][0],
          "n": len(v), "p50_ms": round(statistics.median(v), 1)} for k, v in per_turn.items()),
        key=lambda d: -d["p50_ms"])
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
        "machine_busy_cores": round(ph.machine_busy_cores, 2),
        "other_processes_cores": round(max(0.0, others), 2),
        "loadavg_before": ph.load_before,
        "loadavg_after": ph.load_after,
        "slowest_turns": turns[:6],
    }


def r1(x: Optional[float]) -> Optional[float]:
    return None if x is None else round(x, 1)


# --------------------------------------------------------------------------------------
# Serving one bot
# --------------------------------------------------------------------------------------

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


def start_redis(work: Path, timeout: float = 30) -> Tuple[Proc, int]:
    """A private, non-persistent redis-server on a free loopback port (lock store)."""
    exe = shutil.which("redis-server")
    if not exe:
        raise BenchError("--sanic-workers > 1 needs redis-server on PATH for the lock store")
    port = free_port()
    proc = Proc("redis-server", [exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                 "--appendonly", "no", "--dir", str(work)],
                work, base_env(), work / "redis.log").start()
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if not proc.alive():
            raise BenchError(f"redis-server exited; log tail:\n{proc.log_tail()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as c:
                c.sendall(b"PING\r\n")
                if c.recv(16).startswith(b"+PONG"):
                    return proc, port
        except OSError:
            time.sleep(0.2)
    proc.stop()
    raise BenchError("redis-server did not answer PING")


def serve_and_measure(name: str, model: Path, work: Path, endpoints: Path, credentials: Path,
                      cwd: Path, scripts, args, with_actions: bool,
                      rasa_env: Optional[Dict[str, str]] = None) -> Dict:
    print(f"\n== {name}: serving {model.name} ({mb(model.stat().st_size)} MB)", flush=True)
    db = work / f"{name}-conversations.db"
    if db.exists():
        db.unlink()
    procs: List[Proc] = []
    result: Dict = {}
    try:
        env_extra = {"TRACKER_DB": str(db)}
        servers: Dict[str, int] = {}
        if with_actions:
            aport = free_port()
            aenv = base_env()
            if args.action_workers > 1:
                aenv["ACTION_SERVER_SANIC_WORKERS"] = str(args.action_workers)
            actions = Proc("action server", [RASA, "run", "actions", "--port", str(aport),
                                             "--actions", "actions"],
                           args.actions_dir.resolve(), aenv,
                           work / f"{name}-actions.log").start()
            procs.append(actions)
            result["actions_ready_s"] = round(
                wait_http(f"http://127.0.0.1:{aport}/health", actions, args.start_timeout), 1)
            env_extra["ACTION_ENDPOINT_URL"] = f"http://127.0.0.1:{aport}/webhook"
        env_extra.update(rasa_env or {})
        port = free_port()
        rasa = Proc("rasa server", [
            RASA, "run", "--enable-api", "--port", str(port), "--model", str(model),
            "--credentials", str(credentials), "--endpoints", str(endpoints)],
            cwd, base_env(env_extra), work / f"{name}-rasa.log").start()
        procs.append(rasa)
        base = f"http://127.0.0.1:{port}"
        result["rasa_ready_s"] = round(wait_http(
            f"{base}/status", rasa, args.start_timeout, check=lambda j: bool(j.get("model_file"))),
            1)
        servers["rasa"] = rasa.pid
        if with_actions:
            servers["actions"] = procs[0].pid
        print(f"   up: rasa in {result['rasa_ready_s']} s", flush=True)

        # Warm-up (not counted): every conversation once alone, then 10 at once.
        n_warm = sum(len(s) for s in scripts)
        run_phase(base, scripts, n_warm, 1, args.phase_cap, f"warm1-{name}", servers)
        run_phase(base, scripts, args.concurrency * 3, args.concurrency, args.phase_cap,
                  f"warm10-{name}", servers)
        result["rss_after_warmup_mb"] = {k: mb(rss_bytes(p)) for k, p in servers.items()}

        sampler = MemorySampler(servers)
        sampler.start()
        phases = {}
        for label, n, c in (("c1", args.requests_c1, 1),
                            (f"c{args.concurrency}", args.requests_c10, args.concurrency)):
            ph = run_phase(base, scripts, n, c, args.phase_cap, f"{label}-{name}", servers)
            phases[label] = summarize(ph, scripts)
            s = phases[label]
            print(f"   {label}: {s['ok']}/{s['requests']} ok in {s['wall_s']} s, "
                  f"p50 {s['p50_ms']} ms, p95 {s['p95_ms']} ms, {s['replies_per_s']} replies/s,"
                  f" off-script {s['off_script']}, load {s['loadavg_after']}", flush=True)
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


# --------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------

def ratio(a, b) -> Optional[float]:
    if a is None or b in (None, 0):
        return None
    return round(a / b, 2)


def fmt(x, nd=1) -> str:
    if x is None:
        return "-"
    if isinstance(x, float):
        return f"{x:.{nd}f}"
    return str(x)


def table(res: Dict, conc: str) -> List[str]:
    s, t = res["bots"].get("stock", {}), res["bots"].get("tickfix", {})

    def g(d, *path):
        for p in path:
            if not isinstance(d, dict):
                return None
            d = d.get(p)
        return d

    rows = [
        ("training time (s)", ("training", "seconds")),
        ("training peak RSS (MB)", ("training", "peak_rss_mb")),
        ("model size (MB)", ("model_mb",)),
        ("Rasa server ready after (s)", ("serving", "rasa_ready_s")),
        ("p50 latency c=1 (ms)", ("serving", "phases", "c1", "p50_ms")),
        ("p95 latency c=1 (ms)", ("serving", "phases", "c1", "p95_ms")),
        ("replies/s c=1", ("serving", "phases", "c1", "replies_per_s")),
        (f"p50 latency c={conc} (ms)", ("serving", "phases", f"c{conc}", "p50_ms")),
        (f"p95 latency c={conc} (ms)", ("serving", "phases", f"c{conc}", "p95_ms")),
        (f"replies/s c={conc}", ("serving", "phases", f"c{conc}", "replies_per_s")),
        ("RSS Rasa server (MB)", ("serving", "rss_after_run_mb", "rasa")),
        ("RSS action server (MB)", ("serving", "rss_after_run_mb", "actions")),
        ("RSS total (MB)", ("serving", "rss_after_run_mb", "total")),
        ("RSS peak Rasa since start (MB)", ("serving", "rss_peak_since_start_mb", "rasa")),
        ("CPU/reply c=1 Rasa (ms)", ("serving", "phases", "c1", "cpu_ms_per_reply", "rasa")),
        ("CPU/reply c=1 actions (ms)",
         ("serving", "phases", "c1", "cpu_ms_per_reply", "actions")),
        (f"CPU/reply c={conc} Rasa (ms)",
         ("serving", "phases", f"c{conc}", "cpu_ms_per_reply", "rasa")),
        (f"CPU/reply c={conc} actions (ms)",
         ("serving", "phases", f"c{conc}", "cpu_ms_per_reply", "actions")),
        ("other processes c=1 (cores)", ("serving", "phases", "c1", "other_processes_cores")),
        (f"other processes c={conc} (cores)",
         ("serving", "phases", f"c{conc}", "other_processes_cores")),
        ("errors c=1 / c=N", None),
        ("off-script replies c=1 / c=N", None),
    ]
    out = [f"{'':34}{'stock':>12}{'tickfix':>12}{'tickfix/stock':>15}", "-" * 73]
    for label, path in rows:
        if path is None:
            key = "errors" if label.startswith("errors") else "off_script"
            a = "/".join(fmt(g(s, "serving", "phases", p, key)) for p in ("c1", f"c{conc}"))
            b = "/".join(fmt(g(t, "serving", "phases", p, key)) for p in ("c1", f"c{conc}"))
            out.append(f"{label:34}{a:>12}{b:>12}")
            continue
        a, b = g(s, *path), g(t, *path)
        out.append(f"{label:34}{fmt(a):>12}{fmt(b):>12}{fmt(ratio(b, a), 2):>15}")
    return out


def check_bars(res: Dict, conc: str) -> List[Dict]:
    s = res["bots"]["stock"]["serving"]["phases"]
    t = res["bots"]["tickfix"]["serving"]["phases"]
    s_p50, t_p50 = s["c1"]["p50_ms"], t["c1"]["p50_ms"]
    s_tp, t_tp = s[f"c{conc}"]["replies_per_s"], t[f"c{conc}"]["replies_per_s"]
    limit = round(BARS["p50_c1_max_ratio"] * s_p50, 1)
    need = round(BARS["throughput_c10_min_ratio"] * s_tp, 2)
    return [
        {"bar": "p50_c1", "ok": t_p50 <= limit,
         "line": f"Tickfix p50 at c=1 {t_p50} ms <= {BARS['p50_c1_max_ratio']} x stock "
                 f"{s_p50} ms = {limit} ms"},
        {"bar": f"throughput_c{conc}", "ok": t_tp >= need,
         "line": f"Tickfix throughput at c={conc} {t_tp} replies/s >= stock {s_tp} replies/s"},
    ]


# --------------------------------------------------------------------------------------

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
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return {
        "git_head": commit,
        "training_inputs_sha": digest([config, ROOT / "domain.yml"]
                                      + sorted((ROOT / "data").glob("*.yml"))),
        "serving_code_sha": digest([ROOT / "endpoints.yml", ROOT / "credentials.yml"]
                                   + sorted((ROOT / "actions").glob("*.py"))),
    }


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", type=Path, help="write all numbers to this JSON file")
    ap.add_argument("--requests-c1", type=int, default=200,
                    help="measured requests at concurrency 1 (after warm-up)")
    ap.add_argument("--requests-c10", type=int, default=600,
                    help="measured requests at --concurrency (after warm-up)")
    ap.add_argument("--concurrency", type=int, default=10,
                    help="concurrent conversations in the second phase")
    ap.add_argument("--phase-cap", type=float, default=75.0,
                    help="seconds; a phase stops there even if not all requests were sent")
    ap.add_argument("--train-timeout", type=float, default=600.0)
    ap.add_argument("--start-timeout", type=float, default=240.0)
    ap.add_argument("--tracker-store", choices=("sqlite", "memory"), default="sqlite",
                    help="the same for both bots (default: the SQL store of endpoints.yml)")
    ap.add_argument("--tickfix-config", type=Path, default=ROOT / "config.yml",
                    help="train Tickfix with this config (to try variations)")
    ap.add_argument("--stock-model", type=Path, help="skip training: serve this stock model")
    ap.add_argument("--tickfix-model", type=Path, help="skip training: serve this Tickfix model")
    ap.add_argument("--action-workers", type=int, default=1,
                    help="ACTION_SERVER_SANIC_WORKERS for Tickfix's action server")
    ap.add_argument("--only", choices=("stock", "tickfix"), help="measure one bot, no bars")
    ap.add_argument("--tickfix-first", action="store_true",
                    help="serve Tickfix before the stock bot (default: stock first)")
    ap.add_argument("--sanic-workers", type=int, default=1,
                    help="experiment: SANIC_WORKERS for Tickfix's Rasa server; >1 starts a "
                         "private redis-server for the lock store (the in-memory lock store "
                         "must not be used with several workers)")
    ap.add_argument("--actions-dir", type=Path, default=ROOT,
                    help="experiment: run Tickfix's action server from this directory (a "
                         "copy of the repo's actions/ and diagnosis/ with a change to try)")
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
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform(), "loadavg_start": loadavg()},
        "settings": {"requests_c1": args.requests_c1, "requests_c10": args.requests_c10,
                     "concurrency": args.concurrency, "phase_cap_s": args.phase_cap,
                     "tracker_store": args.tracker_store,
                     "tickfix_config": str(args.tickfix_config),
                     "action_workers": args.action_workers,
                     "actions_dir": str(args.actions_dir),
                     "sanic_workers_tickfix": args.sanic_workers},
        "tickfix_inputs": inputs_fingerprint(args.tickfix_config.resolve()),
        "bars": BARS,
        "bots": {},
        "workdir": str(work),
    }
    print(f"Serving benchmark {res['date']}, {os.cpu_count()} cores, load "
          f"{res['machine']['loadavg_start']}, work dir {work}", flush=True)
    fp = res["tickfix_inputs"]
    print(f"Tickfix inputs: git HEAD {fp['git_head']} (+ working tree), config/domain/data "
          f"sha {fp['training_inputs_sha']}, endpoints/credentials/actions sha "
          f"{fp['serving_code_sha']}", flush=True)
    code = 0
    sidecars: List[Proc] = []
    try:
        stock_ep, tick_ep, stores = endpoints_files(work, args.tracker_store)
        res["settings"]["stores"] = stores
        print(f"requests: {args.requests_c1} at c=1, {args.requests_c10} at c={conc} (after "
              f"warm-up), cap {args.phase_cap:.0f} s per phase; tracker store for both: "
              f"{stores['tracker_store']}; lock store: {stores['lock_store']}", flush=True)
        if args.sanic_workers > 1 or (
                args.actions_dir.resolve() != ROOT.resolve()) or (
                args.tickfix_config.resolve() != (ROOT / "config.yml").resolve()):
            print("EXPERIMENT: Tickfix is not served as `make run` serves it "
                  f"(config {args.tickfix_config}, SANIC_WORKERS {args.sanic_workers}, "
                  f"actions from {args.actions_dir})",
                  flush=True)
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
                models[bot], info = train_tickfix(work, args.tickfix_config.resolve(),
                                                  args.train_timeout)
            info["loadavg_after"] = loadavg()
            res["bots"][bot] = {"training": info}
            print(f"   {info['seconds']} s, peak RSS {info['peak_rss_mb']} MB, "
                  f"load {info['loadavg_after']}", flush=True)
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
                    "stock", models[bot], work, stock_ep, creds, work, STOCK_CONVERSATIONS,
                    args, with_actions=False)
            else:
                rasa_env: Dict[str, str] = {}
                endpoints = tick_ep
                if args.sanic_workers > 1:
                    redis, redis_port = start_redis(work)
                    sidecars.append(redis)
                    ep = yaml.safe_load(tick_ep.read_text()) or {}
                    ep["lock_store"] = {"type": "redis", "url": "127.0.0.1", "port": redis_port,
                                        "db": 0, "key_prefix": "bench"}
                    endpoints = work / "endpoints-tickfix-redis.yml"
                    endpoints.write_text(yaml.safe_dump(ep, sort_keys=False))
                    rasa_env["SANIC_WORKERS"] = str(args.sanic_workers)
                    res["settings"]["stores"]["lock_store_tickfix"] = "redis (private)"
                res["bots"][bot]["serving"] = serve_and_measure(
                    "tickfix", models[bot], work, endpoints, ROOT / "credentials.yml", ROOT,
                    TICKFIX_CONVERSATIONS, args, with_actions=True, rasa_env=rasa_env)
    except BenchError as e:
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
                    print(f"RUN INVALID: {bot} {label}: {s['errors']} failed requests "
                          f"{s['error_examples']}")
                if s["capped"]:
                    print(f"warning: {bot} {label}: stopped at the {args.phase_cap:.0f} s cap "
                          f"after {s['requests']} requests; numbers are over those")
                if s["off_script"]:
                    print(f"warning: {bot} {label}: {s['off_script']} replies were off-script")
        for bot, d in res["bots"].items():
            c1 = d.get("serving", {}).get("phases", {}).get("c1", {})
            if c1.get("slowest_turns"):
                print(f"\nslowest turns, {bot}, c=1 (p50 ms): " + "; ".join(
                    f"{x['text'][:40]!r} {x['p50_ms']}" for x in c1["slowest_turns"][:4]))
        print(f"\nload average: start {res['machine']['loadavg_start']}, end "
              f"{res['machine']['loadavg_end']} ({os.cpu_count()} cores); "
              f"tracker store: {res['settings']['stores']['tracker_store']}; "
              f"run {res['run_seconds']} s")
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
