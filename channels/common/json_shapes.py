"""Reading untrusted JSON without ever raising.

Why: a signed webhook body can still have any shape (Meta adds fields and
types over time); a missing or odd field must mean "not there", never a 500
that makes Meta deliver the body again and again.
"""

from typing import Any, Dict, List, Optional, Text


def as_dict(value: Any) -> Dict[Text, Any]:
    return value if isinstance(value, dict) else {}


def dicts(value: Any) -> List[Dict[Text, Any]]:
    """The objects in a JSON list; anything else is skipped."""
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, dict)]


def as_str(value: Any) -> Optional[Text]:
    """A scalar as text; None for objects, lists and blank values."""
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value)
    return text if text.strip() else None


def as_int(value: Any) -> Optional[int]:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
