"""What answer() returns: one small value type for every kind of question."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Optional, Union

Value = Union[str, Dict[str, Any], None]


@dataclass
class Answer:
    """The outcome of interpreting one typed answer.

    ok      True when the answer was understood (value is then what to store in the slot)
    value   a choice id (str) or a JSON-able dict for computed answers; None when not ok
    finding plain-language sentence(s) computed from the answer, to show the user
    reask   a friendly re-ask with examples when not understood, else None
    extra   other slots worth setting, e.g. {"recipient_country": "IN"} or {"needs_country": True}
    """

    ok: bool
    value: Value = None
    finding: str = ""
    reask: Optional[str] = None
    extra: Dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> Dict[str, Any]:
        return {
            "ok": self.ok,
            "value": self.value,
            "finding": self.finding,
            "reask": self.reask,
            "extra": dict(self.extra),
        }


def not_understood(reask: str, finding: str = "", **extra: Any) -> Answer:
    return Answer(ok=False, value=None, finding=finding, reask=reask, extra=dict(extra))
