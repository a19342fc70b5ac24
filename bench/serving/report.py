"""The report: the table of both bots' numbers, their ratios, and the bars.

Why: the bars are the benchmark's verdict (exit code 1 when one is missed); the table
is what bench/SERVING.md discusses.
"""

from __future__ import annotations

from typing import Dict, List, Optional

# Issue 11's bars: Tickfix's p50 at c=1 <= 1.0 x the stock bot's, and its replies/s at
# c=10 >= 1.5 x the stock bot's (same run, same machine).
BARS = {
    "p50_c1_max_ratio": 1.0,
    "throughput_c10_min_ratio": 1.5,
}


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
        ("CPU/reply c=1 actions (ms)", ("serving", "phases", "c1", "cpu_ms_per_reply", "actions")),
        (f"CPU/reply c={conc} Rasa (ms)", ("serving", "phases", f"c{conc}", "cpu_ms_per_reply", "rasa")),
        (f"CPU/reply c={conc} actions (ms)", ("serving", "phases", f"c{conc}", "cpu_ms_per_reply", "actions")),
        (f"CPU/reply c={conc} both servers (ms)", ("serving", "phases", f"c{conc}", "cpu_ms_per_reply_servers")),
        ("other processes c=1 (cores)", ("serving", "phases", "c1", "other_processes_cores")),
        (f"other processes c={conc} (cores)", ("serving", "phases", f"c{conc}", "other_processes_cores")),
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


# Other processes using this many cores or more during a phase: the machine was busy.
BUSY_CORES = 0.5


def busy_warnings(res: Dict) -> List[str]:
    """A line per measured phase during which other processes took BUSY_CORES or more."""
    out = []
    for bot, d in res["bots"].items():
        for label, s in d.get("serving", {}).get("phases", {}).items():
            cores = s.get("other_processes_cores") or 0.0
            if cores >= BUSY_CORES:
                out.append(
                    f"warning: {bot} {label}: other processes used {cores:.1f} of the "
                    f"{res['machine']['cores']} cores; replies/s then follows the CPU left "
                    "over (compare CPU/reply; run the bars at a quiet moment)"
                )
    return out


def check_bars(res: Dict, conc: str) -> List[Dict]:
    s = res["bots"]["stock"]["serving"]["phases"]
    t = res["bots"]["tickfix"]["serving"]["phases"]
    s_p50, t_p50 = s["c1"]["p50_ms"], t["c1"]["p50_ms"]
    s_tp, t_tp = s[f"c{conc}"]["replies_per_s"], t[f"c{conc}"]["replies_per_s"]
    limit = round(BARS["p50_c1_max_ratio"] * s_p50, 1)
    need = round(BARS["throughput_c10_min_ratio"] * s_tp, 2)
    return [
        {
            "bar": "p50_c1",
            "ok": t_p50 <= limit,
            "line": f"Tickfix p50 at c=1 {t_p50} ms <= {BARS['p50_c1_max_ratio']} x stock {s_p50} ms = {limit} ms",
        },
        {
            "bar": f"throughput_c{conc}",
            "ok": t_tp >= need,
            "line": f"Tickfix throughput at c={conc} {t_tp} replies/s >= {BARS['throughput_c10_min_ratio']} x stock "
            f"{s_tp} replies/s = {need} replies/s",
        },
    ]
