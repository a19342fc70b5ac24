"""What a follow-up answer may know besides the text: the contract between the actions
(which build it from the tracker) and the answer readers (which read it).

Why: `answer(question, text, context)` reads the time now, the user's time zone, country,
language and provider, and some earlier answers; spelled as strings on both sides, a
renamed key would silently go missing. The keys are named here once, and
`FollowupContext` builds the dict `answer` takes (tests/diagnosis/followup checks the
readers use no raw key).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Dict, Mapping, Optional

NOW = "now"  # an aware datetime; default: now in UTC
TIMEZONE = "timezone"  # an IANA name, from the channel or an earlier answer
COUNTRY = "country"  # ISO code or name, for numbers written without a country code
LANGUAGE = "language"  # en, es, pt: the reply's language, a hint for reading dates
PROVIDER = "provider"  # "twilio" adds its number format ("whatsapp:+...")
# Earlier answers some readers combine with are passed under their question ids
# (messaging_tier, unique_customers, recipient_number).


@dataclass(frozen=True)
class FollowupContext:
    """The context of one answer; `as_dict()` is what `diagnosis.followup.answer` takes."""

    now: Optional[dt.datetime] = None
    timezone: Optional[str] = None
    country: Optional[str] = None
    language: Optional[str] = None
    provider: Optional[str] = None
    answers: Mapping[str, Any] = field(default_factory=dict)  # earlier answers, by question id

    def as_dict(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {k: v for k, v in self.answers.items() if v is not None}
        out.update(
            {
                NOW: self.now or dt.datetime.now(dt.timezone.utc),
                TIMEZONE: self.timezone,
                COUNTRY: self.country,
                LANGUAGE: self.language,
                PROVIDER: self.provider,
            }
        )
        return out


def get(context: Any, key: str) -> Any:
    """One value of a context dict (None when the context is not a dict)."""
    return context.get(key) if isinstance(context, dict) else None
