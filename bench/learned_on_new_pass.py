"""The learned model beside the classifier, judged on a collection pass it never saw.

Why: `learned_baseline.py` cross-validates on the dev half, where the classifier's rules
were tuned, so its numbers flatter the classifier. A new pass of real texts is unseen by
both: the model is trained on the knowledge, the team's sets and the dev half of the
earlier passes, then A (the classifier) and B (the classifier + WEIGHT x the model's
probability, as in learned_baseline.py) are compared on the new pass's dev half, which
decides; its held-out half is printed only with --heldout, once, for the record.

Run: python bench/learned_on_new_pass.py --pass 7 [--heldout]   (about a minute)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import learned_baseline as learned  # noqa: E402

import diagnosis  # noqa: E402
import diagnosis.classifier.pipeline as pipeline  # noqa: E402

WEIGHT = 2.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pass", dest="new_pass", type=int, required=True, help="the pass to judge on")
    ap.add_argument("--heldout", action="store_true", help="its held-out half instead of its dev half")
    args = ap.parse_args()
    rows = learned.rows("bench/real/*.jsonl")
    earlier = [(r["text"], r["cause"]) for r in rows if r["split"] == "dev" and r["pass"] < args.new_pass]
    team = [(r["text"], r["cause"]) for r in learned.rows("bench/data/*.jsonl") + learned.rows("bench/test/*.jsonl")]
    labels = sorted(diagnosis.knowledge().causes())
    model = learned.Model(labels).fit(learned.knowledge_texts() + team + earlier)
    kb = diagnosis.knowledge()
    words = pipeline._word_evidence
    with_model = learned.with_model_evidence(model, WEIGHT, words)

    split = "heldout" if args.heldout else "dev"
    judged = [r for r in rows if r["pass"] == args.new_pass and r["split"] == split]
    right = {"A": 0, "B": 0, "model": 0}
    for r in judged:
        pipeline._word_evidence = words
        right["A"] += pipeline.classify_with(kb, r["text"]).cause == r["cause"]
        pipeline._word_evidence = with_model
        right["B"] += pipeline.classify_with(kb, r["text"]).cause == r["cause"]
        right["model"] += labels[int(model.proba(r["text"]).argmax())] == r["cause"]
    pipeline._word_evidence = words
    print(f"pass {args.new_pass}, {split} half, {len(judged)} lines")
    print(f"A the classifier: {right['A']}   B + {WEIGHT:g} x model: {right['B']}   the model alone: {right['model']}")


if __name__ == "__main__":
    main()
