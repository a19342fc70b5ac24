"""Evidence from facts rather than wording: sizes, statuses, time, amounts, who blocked.

Why: some causes are decided by a fact more than by wording. A 20 MB video is over
WhatsApp's limit whatever the text calls it; a webhook whose only status is `sent`
is a message still waiting for delivery; a reply sent two days after the customer's
last message is outside the 24-hour window. Each module reads one kind of fact;
`word_facts` runs every reader of the words once the text is folded. The limits, the
window and the tiers are WhatsApp's platform facts (knowledge_base/platform.yaml).
"""

from __future__ import annotations

from typing import Sequence

from ..text import unaccent_lower
from .blocking import (
    crowd_block_evidence,
    crowd_says_it_fails_evidence,
    own_number_blocked_evidence,
    payment_block_evidence,
)
from .delivery import (
    accepted_evidence,
    an_error_shown_evidence,
    invoice_as_file_evidence,
    media_only_evidence,
    send_and_receive_evidence,
    sent_not_delivered_evidence,
)
from .extracted import MEDIA, UNTYPED_LIMIT, size_evidence, status_evidence
from .folding import Add
from .numbers import country_code_evidence, number_format_evidence, prefix_rule_evidence
from .templates import placeholder_evidence
from .volume import (
    audience_evidence,
    experience_verb_evidence,
    per_second_evidence,
    promo_volume_evidence,
    quota_evidence,
)
from .window import elapsed_evidence, templates_only_evidence, window_named_evidence

__all__ = [
    "Add",
    "MEDIA",
    "UNTYPED_LIMIT",
    "accepted_evidence",
    "audience_evidence",
    "country_code_evidence",
    "crowd_block_evidence",
    "crowd_says_it_fails_evidence",
    "elapsed_evidence",
    "media_only_evidence",
    "invoice_as_file_evidence",
    "number_format_evidence",
    "own_number_blocked_evidence",
    "payment_block_evidence",
    "per_second_evidence",
    "placeholder_evidence",
    "prefix_rule_evidence",
    "promo_volume_evidence",
    "quota_evidence",
    "experience_verb_evidence",
    "send_and_receive_evidence",
    "sent_not_delivered_evidence",
    "an_error_shown_evidence",
    "size_evidence",
    "status_evidence",
    "templates_only_evidence",
    "window_named_evidence",
    "word_facts",
]


def word_facts(text: str, add: Add, phones: Sequence[str] = ()) -> None:
    """All the signals read from the words when the text has no error code
    (folds the text once for all of them); `phones`: the numbers the text holds."""
    low = unaccent_lower(text[:6000])
    elapsed_evidence(text, add, low)
    audience_evidence(text, add, low)
    placeholder_evidence(text, add)
    crowd_block_evidence(text, add, low)
    crowd_says_it_fails_evidence(text, add, low)
    own_number_blocked_evidence(text, add, low)
    payment_block_evidence(text, add, low)
    send_and_receive_evidence(text, add, low)
    per_second_evidence(text, add, low)
    sent_not_delivered_evidence(text, add, low)
    an_error_shown_evidence(text, add, low)
    country_code_evidence(text, add, low)
    prefix_rule_evidence(text, add, low)
    window_named_evidence(text, add, low)
    templates_only_evidence(text, add, low)
    accepted_evidence(text, add, low)
    media_only_evidence(text, add, low)
    invoice_as_file_evidence(text, add, low)
    number_format_evidence(phones, add, low)
    promo_volume_evidence(text, add, low)
    quota_evidence(text, add, low)
    experience_verb_evidence(text, add, low)
