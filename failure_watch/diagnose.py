"""Each failure's cause and what a retry will do.

Why: the watch is only useful if every failure arrives already explained. The cause is
diagnosis.classify on "code title details" (the same engine the chat uses) and the retry
advice is that cause's rule in RETRY_RULES (diagnosis/campaign/retry.py: now,
after_wait, after_fix or never), folded into now / later / never.

A campaign's burst repeats the same few errors thousands of times and the classifier
takes tens of milliseconds, so answers are cached by text (the details Meta sends
depend on the code, not on the recipient).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Optional, Tuple

import diagnosis
from diagnosis.campaign.retry import RETRY_RULES

from failure_watch.events import ADVICE_OF_DECISION, Failure

Diagnosis = Tuple[str, str, Optional[float]]  # cause, decision, wait hours


@lru_cache(maxsize=4096)
def diagnose_text(text: str) -> Diagnosis:
    """(cause, decision, wait hours) for a failure's text; ``unknown`` when unplaced."""
    cause = diagnosis.classify(text).cause if text else "unknown"
    rule = RETRY_RULES[cause] if cause in RETRY_RULES else RETRY_RULES["unknown"]
    wait = rule.get("wait_hours")
    return cause, rule["decision"], float(wait) if wait is not None else None


def diagnose(failure: Failure) -> Failure:
    """Fill the failure's cause, decision, advice, wait and retry time (in place)."""
    cause, decision, wait = diagnose_text(failure.text()[:1000])
    failure.cause, failure.decision = cause, decision
    failure.advice = ADVICE_OF_DECISION.get(decision, "later")
    failure.wait_hours = wait
    failure.retry_after = int(failure.at + wait * 3600) if decision == "after_wait" and wait else None
    return failure
