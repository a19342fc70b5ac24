"""The decision: a softmax over the causes' scores and a fixed "unknown" score.

Why: weak evidence must yield `unknown` (a follow-up question is better than a
confident wrong answer). "unknown" competes like a cause with a fixed score, raised
by the evidence gate when the best cause's evidence is too thin; below
MIN_CONFIDENCE the answer is "unknown".
"""

from __future__ import annotations

import math
from typing import Dict

from ..result import Candidate, Extracted, Result

UNKNOWN_SCORE = 1.1  # the score "unknown" competes with
TEMPERATURE = 0.55
MIN_CONFIDENCE = 0.40  # below this the answer is "unknown"
TOP_K = 5


def decide(scores: Dict[str, float], ext: Extracted, unknown_floor: float = 0.0) -> Result:
    """Softmax over the causes and a fixed "unknown" score (raised to `unknown_floor`
    when the best cause's evidence is too thin to stand on)."""
    items = sorted(((v, k) for k, v in scores.items() if v > 0), reverse=True)[:12]
    if not items:
        return Result("unknown", 1.0, [Candidate("unknown", 1.0)], ext)
    exps = [(k, math.exp((v - items[0][0]) / TEMPERATURE)) for v, k in items]
    unk = math.exp((max(UNKNOWN_SCORE, unknown_floor) - items[0][0]) / TEMPERATURE)
    total = sum(e for _, e in exps) + unk
    probs = [(k, e / total) for k, e in exps]
    best, best_p = probs[0]
    cands = [Candidate(k, p) for k, p in probs[:TOP_K]]
    if best_p < MIN_CONFIDENCE:
        conf = 1.0 - best_p
        cands = sorted(cands + [Candidate("unknown", conf)], key=lambda x: -x.confidence)[:TOP_K]
        return Result("unknown", conf, cands, ext)
    return Result(best, best_p, cands, ext)
