"""Measure the diagnosis classifier on the labeled set in bench/data/*.jsonl.

Why: the bars (top-1 >= 95%, >= 99% on texts with a known error code, every cause
>= 85% recall, median classify < 1 ms, knowledge load < 1 s) are the contract the
bot relies on; this script checks them and exits non-zero when one is missed.

Run: python bench/classifier_bench.py [--split heldout|train|all] [--show-errors]
The default split is heldout. --show-errors prints misclassified texts, for the
train split only (tuning must never look at held-out texts).
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Dict, List, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import diagnosis  # noqa: E402
from diagnosis.classifier import compiled_for  # noqa: E402

BARS = {
    "top1": 0.95,
    "code_top1": 0.99,
    "min_recall": 0.85,
    "median_ms": 1.0,
    "load_s": 1.0,
}


def load_rows(split: str) -> List[dict]:
    rows = []
    for path in sorted(glob.glob(str(ROOT / "bench" / "data" / "*.jsonl"))):
        with open(path, encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                line = line.strip()
                if not line:
                    continue
                try:
                    row = json.loads(line)
                except ValueError:
                    print(f"skipping bad line {path}:{lineno}", file=sys.stderr)
                    continue
                if split == "all" or row.get("split") == split:
                    rows.append(row)
    return rows


def load_time_fresh() -> Tuple[float, float]:
    """(knowledge load, load + first classify) in seconds, in a fresh interpreter."""
    code = (
        "import time; t0 = time.perf_counter(); import diagnosis; kb = diagnosis.knowledge(); "
        "t1 = time.perf_counter(); diagnosis.classify('(#131047) Re-engagement message'); "
        "t2 = time.perf_counter(); print(t1 - t0, t2 - t0)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=str(ROOT), capture_output=True, text=True, check=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    a, b = out.stdout.split()
    return float(a), float(b)


def has_known_code(result, compiled) -> bool:
    for code in result.extracted.codes:
        if compiled.is_known_code(code, result.extracted.provider):
            return True
    return False


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="heldout", choices=["heldout", "train", "all"])
    ap.add_argument("--show-errors", action="store_true", help="print misses (train split only)")
    ap.add_argument("--reps", type=int, default=5, help="timing repetitions per text")
    args = ap.parse_args(argv)

    rows = load_rows(args.split)
    if not rows:
        print(f"no labeled rows for split {args.split!r} in bench/data/", file=sys.stderr)
        return 1

    kb = diagnosis.knowledge()
    compiled = compiled_for(kb)
    diagnosis.classify("warm up")

    correct = 0
    code_total = code_correct = 0
    unknown_answers = 0
    tp: Counter = Counter()
    predicted: Counter = Counter()
    actual: Counter = Counter()
    confusions: Counter = Counter()
    by_kind: Dict[str, List[int]] = defaultdict(lambda: [0, 0])
    times: List[float] = []
    misses = []
    for row in rows:
        text, gold = row["text"], row["cause"]
        samples = []
        for _ in range(max(1, args.reps)):
            t0 = time.perf_counter()
            r = diagnosis.classify(text)
            samples.append(time.perf_counter() - t0)
        times.append(statistics.median(samples))
        pred = r.cause
        actual[gold] += 1
        predicted[pred] += 1
        by_kind[row.get("kind", "?")][1] += 1
        if pred == "unknown":
            unknown_answers += 1
        if pred == gold:
            correct += 1
            tp[gold] += 1
            by_kind[row.get("kind", "?")][0] += 1
        else:
            confusions[(gold, pred)] += 1
            misses.append((gold, pred, r.confidence, row))
        if has_known_code(r, compiled):
            code_total += 1
            code_correct += pred == gold

    n = len(rows)
    top1 = correct / n
    code_acc = code_correct / code_total if code_total else 1.0
    med_ms = statistics.median(times) * 1000
    p99_ms = sorted(times)[min(len(times) - 1, int(round(0.99 * (len(times) - 1))))] * 1000
    load_s, first_s = load_time_fresh()

    print(f"split: {args.split}   texts: {n}")
    print(f"top-1 accuracy:              {top1:.2%}  ({correct}/{n})   bar >= {BARS['top1']:.0%}")
    print(f"accuracy, texts with a known code: {code_acc:.2%}  ({code_correct}/{code_total})   "
          f"bar >= {BARS['code_top1']:.0%}")
    print(f"answered unknown:            {unknown_answers / n:.2%}  ({unknown_answers}/{n})")
    print(f"classify time: median {med_ms:.3f} ms, p99 {p99_ms:.3f} ms   bar median < {BARS['median_ms']} ms")
    print(f"knowledge load (fresh process): {load_s * 1000:.0f} ms; with first classify "
          f"(compile): {first_s * 1000:.0f} ms   bar < {BARS['load_s']} s")
    print()
    print(f"{'cause':30} {'prec':>7} {'recall':>7} {'n':>4}")
    worst_recall = 1.0
    for cause in sorted(set(actual) | set(predicted)):
        prec = tp[cause] / predicted[cause] if predicted[cause] else float("nan")
        rec = tp[cause] / actual[cause] if actual[cause] else float("nan")
        if actual[cause]:
            worst_recall = min(worst_recall, rec)
        flag = "  <-- below bar" if actual[cause] and rec < BARS["min_recall"] else ""
        print(f"{cause:30} {prec:7.2%} {rec:7.2%} {actual[cause]:4d}{flag}")
    print()
    print("by kind: " + ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(by_kind.items())))
    print()
    print("most common confusions (gold -> predicted):")
    for (g, p), k in confusions.most_common(10):
        print(f"  {k:3d}  {g} -> {p}")
    if not confusions:
        print("  none")

    if args.show_errors:
        if args.split != "train":
            print("\n--show-errors only prints train texts (held-out texts stay unseen)")
        else:
            print("\nmisses:")
            for gold, pred, conf, row in misses:
                t = row["text"].replace("\n", " ")
                print(f"- [{row.get('kind')}/{row.get('lang')}] gold={gold} pred={pred} ({conf:.2f}): {t[:300]}")

    failed = []
    if top1 < BARS["top1"]:
        failed.append("top-1 accuracy")
    if code_acc < BARS["code_top1"]:
        failed.append("accuracy on texts with a known code")
    if worst_recall < BARS["min_recall"]:
        failed.append("per-cause recall")
    if med_ms >= BARS["median_ms"]:
        failed.append("median classify time")
    if load_s >= BARS["load_s"]:
        failed.append("knowledge load time")
    print()
    if failed:
        print("BARS MISSED: " + ", ".join(failed))
        return 1
    print("all bars met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
