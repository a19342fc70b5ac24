"""The value objects `classify` returns.

Why: the bot, the CLI and the benchmark all read the same fields; keeping them
plain (no behaviour beyond `to_dict`) makes the contract easy to keep stable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional


@dataclass(frozen=True)
class Candidate:
    """One possible cause with its confidence (0..1)."""

    cause: str
    confidence: float

    def to_dict(self) -> Dict[str, Any]:
        return {"cause": self.cause, "confidence": round(self.confidence, 4)}


@dataclass
class Extracted:
    """Facts pulled out of the text, for the follow-up questions and the fix."""

    codes: List[str] = field(default_factory=list)
    provider: Optional[str] = None
    template_names: List[str] = field(default_factory=list)
    phone_numbers: List[str] = field(default_factory=list)
    file_sizes: List[int] = field(default_factory=list)  # bytes
    times: List[str] = field(default_factory=list)  # as written in the text
    statuses: List[str] = field(default_factory=list)  # message statuses seen (sent, failed...)
    media_types: List[str] = field(default_factory=list)  # image, video, audio, document, sticker
    # what the error's details say (diagnosis.details): template, language, parameter
    # counts, mime_type, subcode
    details: Dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> Dict[str, Any]:
        return {
            "codes": list(self.codes),
            "provider": self.provider,
            "template_names": list(self.template_names),
            "phone_numbers": list(self.phone_numbers),
            "file_sizes": list(self.file_sizes),
            "times": list(self.times),
            "statuses": list(self.statuses),
            "media_types": list(self.media_types),
            "details": dict(self.details),
        }

    @classmethod
    def from_dict(cls, data: Any) -> "Extracted":
        """The facts back from `to_dict` (a slot's value); unknown keys and junk ignored."""
        if not isinstance(data, dict):
            return cls()

        def strings(key: str) -> List[str]:
            value = data.get(key)
            return [str(v) for v in value] if isinstance(value, list) else []

        sizes = [int(v) for v in data.get("file_sizes") or [] if isinstance(v, (int, float))]
        details = data.get("details")
        provider = data.get("provider")
        return cls(
            codes=strings("codes"),
            provider=str(provider) if provider else None,
            template_names=strings("template_names"),
            phone_numbers=strings("phone_numbers"),
            file_sizes=sizes,
            times=strings("times"),
            statuses=strings("statuses"),
            media_types=strings("media_types"),
            details={str(k): str(v) for k, v in details.items()} if isinstance(details, dict) else {},
        )


@dataclass
class Result:
    """What `diagnosis.classify` returns: the best cause, ranked candidates, facts."""

    cause: str = "unknown"
    confidence: float = 0.0
    candidates: List[Candidate] = field(default_factory=list)
    extracted: Extracted = field(default_factory=Extracted)

    def to_dict(self) -> Dict[str, Any]:
        return {
            "cause": self.cause,
            "confidence": round(self.confidence, 4),
            "candidates": [c.to_dict() for c in self.candidates],
            "codes": list(self.extracted.codes),
            "extracted": self.extracted.to_dict(),
        }
