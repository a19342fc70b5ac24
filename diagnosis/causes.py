"""What a cause is: the cause and question IDs, and the data classes the knowledge is
made of (Cause, Signals, Retry, Knowledge; CodeSignal comes from providers.py).

Why: the classifier, the follow-up questions and the actions read causes; only the
loader (kb.py) reads YAML. Keeping the vocabulary and the shapes here lets a reader
see what a cause holds without the validation code around it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from .providers import BUILT_IN, CodeSignal

CAUSE_IDS: Tuple[str, ...] = (
    "not_on_whatsapp",
    "undeliverable",
    "blocked_by_recipient",
    "business_blocked_user",
    "marketing_opt_out",
    "marketing_experiment",
    "ecosystem_limit",
    "outside_service_window",
    "template_not_approved",
    "template_paused_or_disabled",
    "template_parameter_mismatch",
    "invalid_phone_format",
    "media_too_large",
    "media_error",
    "invalid_request",
    "test_number_not_allowed",
    "auth_failed",
    "payment_issue",
    "account_restricted",
    "number_not_registered",
    "messaging_limit",
    "rate_limit",
    "spam_rate_limit",
    "meta_outage",
    "pending_delivery",
    "unknown",
)

# docs/design.md, table of follow-up question IDs.
QUESTION_IDS = frozenset(
    """last_customer_message template_status parameter_problem recipient_number
    media_details media_link_opens undeliverable_reason campaign template_category
    messaging_tier unique_customers send_rate token_type billing_status quality_rating
    number_status failure_scope error_field time_since_sent""".split()
)

# The platforms whose code tables are written in the causes' files (signals.codes.<id>).
PROVIDERS = BUILT_IN
LANGS = ("en", "es", "pt")
RETRY_WHEN = ("now", "after_wait", "after_fix", "never")


class KnowledgeError(Exception):
    """A knowledge file is broken. Names the file, the cause and the field."""

    def __init__(self, message: str, file: str = "", cause: str = "", field: str = ""):
        self.file = file
        self.cause = cause
        self.field = field
        where = f"file {file}, cause {cause or '?'}, field {field or '?'}"
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Retry:
    """When a failed message may be sent again (its note is wording: causes.<id>.retry_note)."""

    when: str
    wait_hours: Optional[float]
    # the note says all there is to say (a pending message: "don't resend, it is on its way"):
    # no generic "it will fail the same way" before it
    note_only: bool = False


@dataclass(frozen=True)
class Signals:
    codes: Tuple[CodeSignal, ...] = ()
    wordings: Dict[str, Tuple[str, ...]] = field(default_factory=dict)  # lang -> phrases
    symptoms: Dict[str, Tuple[str, ...]] = field(default_factory=dict)  # lang -> phrases
    keywords: Dict[str, float] = field(default_factory=dict)  # term -> weight


@dataclass(frozen=True)
class Cause:
    """One cause: how to recognise it, what to ask, when to retry.

    What the bot says about it (title, explanation, fix, retry note, tips) is wording,
    per language: diagnosis/knowledge_base/wording/<lang>/causes.yaml. The properties below
    give the English, for tools and logs; replies use `words(lang)`.
    """

    id: str
    questions: List[str]
    retry: Retry
    confused_with: List[str]
    signals: Signals

    def words(self, lang: Optional[str] = "en") -> "CauseWords":
        from .language import has, say, say_list

        key = f"causes.{self.id}"
        return CauseWords(
            title=say(f"{key}.title", lang),
            explanation=say(f"{key}.explanation", lang),
            fix=say_list(f"{key}.fix", lang),
            retry_note=say(f"{key}.retry_note", lang),
            prevent=say_list(f"{key}.prevent", lang) if has(f"{key}.prevent") else [],
        )

    @property
    def title(self) -> str:
        return self.words().title

    @property
    def explanation(self) -> str:
        return self.words().explanation

    @property
    def fix(self) -> List[str]:
        return self.words().fix

    @property
    def prevent(self) -> List[str]:
        return self.words().prevent


@dataclass(frozen=True)
class CauseWords:
    """A cause as said in one language."""

    title: str
    explanation: str
    fix: List[str]
    retry_note: str
    prevent: List[str]


class Knowledge:
    """All causes, by ID. Immutable after load."""

    def __init__(self, causes: Dict[str, Cause], directory: Path, providers: Optional[Dict[str, Any]] = None):
        self._causes = dict(causes)
        self.directory = directory
        # the error tables of the platforms beyond the built-in ones (diagnosis.providers)
        self.providers: Dict[str, Any] = dict(providers or {})

    def get(self, cause_id: str) -> Optional[Cause]:
        return self._causes.get(cause_id)

    def __getitem__(self, cause_id: str) -> Cause:
        return self._causes[cause_id]

    def __contains__(self, cause_id: object) -> bool:
        return cause_id in self._causes

    def causes(self) -> List[str]:
        """All cause IDs that have an entry, in the order of causes.md."""
        order = {c: i for i, c in enumerate(CAUSE_IDS)}
        return sorted(self._causes, key=lambda c: order.get(c, len(order)))

    def __iter__(self):
        return iter(self.causes())

    def __len__(self) -> int:
        return len(self._causes)
