"""Failure-watch benchmark: a campaign's burst of status webhooks against a running bot.

Why: the failure watch must keep every failed status a campaign brings without slowing
the chat. This script starts the real action server and Rasa server (the repository's
credentials.yml and endpoints.yml, the WhatsApp channel configured against a local Graph
API stand-in, tests/channels/harness.py), then:

  1. a REST chat user talks to the bot alone: the quiet baseline (p50/p95 per reply);
  2. posts N signed WhatsApp status webhooks (default 100,000; 10% failed with mixed
     error codes, 5% of all posted again as Meta's redeliveries) at full speed over
     keep-alive connections, while the same chat user keeps talking; a 503 (the watch's
     queue full) is posted again after a pause, as Meta does;
  3. waits for the writer and reads the store: failures stored, lost (sent failed
     statuses not stored: must be 0), duplicates (rows beyond one per status: must be 0);
  4. adds failures to the store until it holds 1,000,000 (spread over 30 days) and times
     the report: GET /report (7 and 30 days), /report/api/summary, and the queries alone.

Targets (issue 15, 2 cores): >= 1,000 statuses/s accepted, 0 lost, 0 duplicates, chat p95
during the burst <= 2 x quiet, report queries < 500 ms. Prints the figures, exits 1 when
a target is missed, 2 when the run itself failed.

    .venv/bin/python bench/watch_bench.py [--statuses 100000] [--stored 1000000] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import random
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Dict, List, Tuple

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.watch_store_fill import CODES, PHONE_NUMBER_ID, REPORT_TOKEN, count_rows, fill, timed_get, timed_queries  # noqa: E402
from tests.channels.harness import ApiStandIn  # noqa: E402
from tests.support.servers import action_server, rasa_server  # noqa: E402

APP_SECRET = "bench-app-secret"
TOKEN = "EAAG-test-token-0123456789"
CHAT = [
    "(#131047) Re-engagement message",
    "my campaign shows a red icon",
    "no, still failing",
    "what is the 24 hour window?",
    "start over",
    "error 131026 message undeliverable",
    "thanks",
]


def sign(raw: bytes) -> str:
    return "sha256=" + hmac.new(APP_SECRET.encode(), raw, hashlib.sha256).hexdigest()


def status_body(n: int, failed: bool, rng: random.Random) -> bytes:
    status: Dict[str, Any] = {
        "id": f"wamid.BENCH{n:010d}",
        "status": "failed" if failed else rng.choice(["sent", "delivered", "read"]),
        "timestamp": str(int(time.time())),
        "recipient_id": f"55119{n % 200000:08d}",
        "biz_opaque_callback_data": "bench-campaign",
    }
    if failed:
        code, title, details = CODES[n % len(CODES)]
        status["errors"] = [{"code": code, "title": title, "message": title, "error_data": {"details": details}}]
    else:
        status["pricing"] = {"billable": True, "pricing_model": "CBP", "category": "marketing"}
    body = {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "102290129340398",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {"display_phone_number": "15550783881", "phone_number_id": PHONE_NUMBER_ID},
                            "statuses": [status],
                        },
                    }
                ],
            }
        ],
    }
    return json.dumps(body).encode()


def bodies(n: int, seed: int = 7) -> Tuple[List[Tuple[bytes, str]], int]:
    """N bodies (5% redeliveries of earlier ones), and how many distinct failed statuses."""
    rng = random.Random(seed)
    unique = n - n // 20
    made = [status_body(i, i % 10 == 0, rng) for i in range(unique)]
    failed = sum(1 for i in range(unique) if i % 10 == 0)
    out = made + [made[rng.randrange(unique)] for _ in range(n - unique)]
    rng.shuffle(out)
    return [(raw, sign(raw)) for raw in out], failed  # signed beforehand: the burst posts at full speed


def pct(values: List[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


class ChatUser(threading.Thread):
    """One REST user talking in a loop until stopped; latencies in ms."""

    def __init__(self, base: str, label: str) -> None:
        super().__init__(daemon=True)
        self.base, self.label = base, label
        self.latencies: List[float] = []
        self.errors = 0
        self.stop_event = threading.Event()

    def run(self) -> None:
        session = requests.Session()
        i = 0
        while not self.stop_event.is_set():
            text = CHAT[i % len(CHAT)]
            i += 1
            started = time.perf_counter()
            try:
                r = session.post(
                    f"{self.base}/webhooks/rest/webhook",
                    json={"sender": f"bench-{self.label}-{i // len(CHAT)}", "message": text},
                    timeout=60,
                )
                r.raise_for_status()
                self.latencies.append((time.perf_counter() - started) * 1000)
            except requests.RequestException:
                self.errors += 1
            time.sleep(0.05)


async def burst(url: str, payloads: List[Tuple[bytes, str]], connections: int) -> Dict[str, Any]:
    import aiohttp

    queue: "asyncio.Queue[Tuple[bytes, str]]" = asyncio.Queue()
    for p in payloads:
        queue.put_nowait(p)
    stats = {"ok": 0, "busy": 0, "other": 0}

    async def worker(session: Any) -> None:
        while True:
            try:
                raw, signature = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            while True:
                async with session.post(
                    url, data=raw, headers={"Content-Type": "application/json", "X-Hub-Signature-256": signature}
                ) as r:
                    await r.read()
                    if r.status == 200:
                        stats["ok"] += 1
                        break
                    if r.status == 503:  # the queue is full: Meta delivers again later
                        stats["busy"] += 1
                        await asyncio.sleep(0.5)
                        continue
                    stats["other"] += 1
                    break

    connector = aiohttp.TCPConnector(limit=connections)
    started = time.perf_counter()
    async with aiohttp.ClientSession(connector=connector) as session:
        await asyncio.gather(*(worker(session) for _ in range(connections)))
    stats["seconds"] = time.perf_counter() - started
    return stats


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statuses", type=int, default=100_000)
    parser.add_argument("--stored", type=int, default=1_000_000, help="failures in the store for the report timing")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--quiet-seconds", type=float, default=20)
    parser.add_argument("--json", help="write the figures here too")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="tickfix-watch-bench-"))
    db = workdir / "failures.db"
    api = ApiStandIn(graph_token=TOKEN)
    started_servers = []
    figures: Dict[str, Any] = {"statuses": args.statuses}
    try:
        print(f"Preparing {args.statuses:,} signed status webhooks...", flush=True)
        payloads, failed_unique = bodies(args.statuses)
        actions = action_server(workdir).start()
        started_servers.append(actions)
        env = {
            "WHATSAPP_ACCESS_TOKEN": TOKEN,
            "WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
            "WHATSAPP_APP_SECRET": APP_SECRET,
            "WHATSAPP_VERIFY_TOKEN": "bench-verify",
            "WHATSAPP_API_BASE": api.url + "/v26.0",
            "TICKFIX_WATCH_DB": str(db),
            "RASA_AUTH_TOKEN": REPORT_TOKEN,
        }
        rasa = rasa_server(
            workdir, actions.health_url.replace("/health", "/webhook"), workdir / "tracker.db", extra_env=env
        ).start()
        started_servers.append(rasa)
        base = rasa.health_url.rsplit("/", 1)[0]
        print(f"Servers up ({base}); quiet baseline for {args.quiet_seconds:.0f} s...", flush=True)

        quiet = ChatUser(base, "quiet")
        quiet.start()
        time.sleep(args.quiet_seconds)
        quiet.stop_event.set()
        quiet.join(60)

        print("Burst...", flush=True)
        during = ChatUser(base, "burst")
        during.start()
        burst_started = time.monotonic()
        stats = asyncio.run(burst(f"{base}/webhooks/whatsapp/webhook", payloads, args.connections))
        during.stop_event.set()
        during.join(60)
        accepted_rate = stats["ok"] / stats["seconds"]

        deadline = time.monotonic() + 120
        rows = distinct = 0
        while time.monotonic() < deadline:
            try:
                rows, distinct = count_rows(db)
            except sqlite3.Error:
                rows = distinct = 0
            if rows >= failed_unique:
                break
            time.sleep(0.5)
        stored_seconds = time.monotonic() - burst_started  # from the first post to the last failure stored
        figures.update(
            {
                "posted": args.statuses,
                "accepted_200": stats["ok"],
                "answered_503_then_redelivered": stats["busy"],
                "other_answers": stats["other"],
                "burst_seconds": round(stats["seconds"], 2),
                "statuses_per_second_accepted": round(accepted_rate, 1),
                "failed_statuses_sent_distinct": failed_unique,
                "failures_stored": rows,
                "statuses_per_second_stored": round(args.statuses / stored_seconds, 1),
                "lost": failed_unique - distinct,
                "duplicates_stored": rows - distinct,
                "chat_quiet_p50_ms": round(pct(quiet.latencies, 50), 1),
                "chat_quiet_p95_ms": round(pct(quiet.latencies, 95), 1),
                "chat_quiet_replies": len(quiet.latencies),
                "chat_burst_p50_ms": round(pct(during.latencies, 50), 1),
                "chat_burst_p95_ms": round(pct(during.latencies, 95), 1),
                "chat_burst_replies": len(during.latencies),
                "chat_errors": quiet.errors + during.errors,
            }
        )
        print(json.dumps(figures, indent=2), flush=True)

        print(f"Filling the store to {args.stored:,} failures...", flush=True)
        figures["fill_seconds"] = round(fill(db, args.stored), 1)
        figures["stored_total"] = count_rows(db)[0]
        for name, path in (
            ("GET /report (7 days)", "/report?days=7"),
            ("GET /report (30 days)", "/report?days=30"),
            ("GET /report/api/summary (24 h)", "/report/api/summary?days=1"),
        ):
            ms, status = timed_get(base + path)
            figures[f"{name} ms"] = round(ms, 1)
            figures[f"{name} status"] = status
        for name, ms in timed_queries(db).items():
            figures[f"query: {name} ms"] = round(ms, 1)
    except Exception as e:
        print(f"Run failed: {type(e).__name__}: {e}", file=sys.stderr)
        return 2
    finally:
        for server in reversed(started_servers):
            server.stop()
        api.close()

    print(json.dumps(figures, indent=2))
    checks = {
        ">= 1,000 statuses/s accepted": figures["statuses_per_second_accepted"] >= 1000,
        "0 lost": figures["lost"] == 0,
        "0 duplicates stored": figures["duplicates_stored"] == 0,
        "chat p95 during the burst <= 2 x quiet": figures["chat_burst_p95_ms"] <= 2 * figures["chat_quiet_p95_ms"],
        "report queries < 500 ms": all(
            v < 500 for k, v in figures.items() if k.endswith(" ms") and ("query:" in k or "GET" in k)
        ),
    }
    for name, ok in checks.items():
        print(f"  {'PASS' if ok else 'MISS'}  {name}")
    print(f"(workdir with the server logs: {workdir})")
    if args.json:
        Path(args.json).write_text(json.dumps({**figures, "checks": checks}, indent=2))
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
