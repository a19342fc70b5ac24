"""Campaigns: many recipients' failures read, grouped by cause, and what to retry when.

Why: the follow-up answers (followup/) read one person's answer to one question; a
campaign is a different idea: a pasted or uploaded export (export.py), failure lines
in a report (report.py), and the retry advice per cause group (retry.py), which is built
from each cause's `retry:` in the knowledge, the one source of the retry policy.

    from diagnosis.campaign import read_export, failures_by_cause, retry_advice
"""

from __future__ import annotations

from .export import Export, read_export
from .report import failures_by_cause, mentions_campaign
from .retry import DECISIONS, RETRY_RULES, RetryAdvice, RetryItem, retry_advice

__all__ = [
    "DECISIONS",
    "Export",
    "RETRY_RULES",
    "RetryAdvice",
    "RetryItem",
    "failures_by_cause",
    "mentions_campaign",
    "read_export",
    "retry_advice",
]
