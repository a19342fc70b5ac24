"""Finding JSON in pasted text and flattening it into error facts and plain words.

Why: people paste raw API responses (`{"error": {"code": 131009, "error_data":
{"details": ...}}}`), webhook payloads (`statuses[].errors[]`), Gupshup / Twilio
callbacks, or a log line with JSON inside. The code and its own details text belong
together (that is what decides 100/131009), and keys like "recipient_id" are noise
for word matching, so JSON is walked instead of being read as words.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, List, Optional, Tuple

from .platform import platform

MAX_DEPTH = 60
MAX_NODES = 20000
MAX_JSON_CHARS = 2_000_000
MAX_STARTS = 8

# An error named by a constant ("EC_MARKETING_OPT_OUT"): its "id" is its code.
_SYMBOLIC_ERROR = re.compile(r"^EC_[A-Z0-9_]+$")
_CODE_KEYS = {"code", "error_code", "errorcode", "errcode", "err_code", "status_code_whatsapp"}
_TEXT_KEYS = {
    "message",
    "title",
    "details",
    "detail",
    "error_user_msg",
    "error_user_title",
    "reason",
    "description",
    "error_message",
    "errormessage",
    "error_description",
    "msg",
    "text",
    "body",
    "cause",
    "errors",
    "error",
    "status_message",
    "failure_reason",
    "more_info",
    "type",
    "href",
}
_SKIP_KEYS = {
    "fbtrace_id",
    "id",
    "recipient_id",
    "wa_id",
    "message_id",
    "messaging_product",
    "timestamp",
    "conversation",
    "pricing",
    "biz_opaque_callback_data",
    "gs_id",
    "phone_number_id",
    "display_phone_number",
    "sid",
    "account_sid",
    "messagesid",
    "smssid",
    "accountsid",
    "messaging_service_sid",
    "uri",
    "url",
    "link",
    "api_version",
    "date_created",
    "date_updated",
    "date_sent",
}
_PHONE_KEYS = {"to", "recipient_id", "wa_id", "destination", "phone", "phone_number", "from", "msisdn"}
_STATUS_KEYS = {"status", "messagestatus", "smsstatus", "event", "eventtype"}
# A number check's answer ("exists": false, from WhatsApp Web APIs such as Baileys and
# Evolution): the number has no WhatsApp, the status "no_whatsapp".
_ON_WHATSAPP_KEYS = {"exists", "numberexists", "isonwhatsapp", "onwhatsapp", "iswhatsapp", "is_whatsapp"}


@dataclass
class ErrorFact:
    """One error code found in structured data, with the words that came with it."""

    code: str
    text: str  # title + message + details of the same error object
    details: str  # the details text alone (error_data.details / details)


@dataclass
class Flat:
    errors: List[ErrorFact] = field(default_factory=list)
    strings: List[str] = field(default_factory=list)  # human text values
    phones: List[str] = field(default_factory=list)
    statuses: List[str] = field(default_factory=list)
    template_names: List[str] = field(default_factory=list)
    file_sizes: List[int] = field(default_factory=list)
    media_types: List[str] = field(default_factory=list)
    spans: List[Tuple[int, int]] = field(default_factory=list)  # where JSON was parsed
    found: bool = False


_MEDIA_TYPES = tuple(platform().media)  # image, video, audio, document, sticker


def _as_code(value: Any) -> Optional[str]:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value) if 0 <= value < 10_000_000 else None
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 7:
        return str(int(value.strip()))
    return None


def _collect_text(node: Any, out: List[str], depth: int = 0) -> None:
    if depth > 6:
        return
    if isinstance(node, str):
        out.append(node)
    elif isinstance(node, dict):
        for k, v in node.items():
            if isinstance(k, str) and k.lower() in _SKIP_KEYS:
                continue
            _collect_text(v, out, depth + 1)
    elif isinstance(node, list):
        for v in node[:20]:
            _collect_text(v, out, depth + 1)


def _error_fact(obj: dict) -> Optional[ErrorFact]:
    code = None
    for k, v in obj.items():
        if isinstance(k, str) and k.lower() in _CODE_KEYS:
            code = _as_code(v)
            if code is not None:
                break
    if code is None and _SYMBOLIC_ERROR.match(str(obj.get("name") or "")):
        # Infobip's error object: {"id": 7033, "name": "EC_MARKETING_OPT_OUT", "description": ...}
        code = _as_code(obj.get("id"))
    if code is None:
        return None
    parts: List[str] = []
    details_parts: List[str] = []
    for k, v in obj.items():
        if not isinstance(k, str):
            continue
        kl = k.lower()
        if kl in ("error_data", "details", "detail", "error_user_msg"):
            _collect_text(v, details_parts)
        if kl in _TEXT_KEYS or kl == "error_data":
            _collect_text(v, parts)
    return ErrorFact(code=code, text=" ".join(parts), details=" ".join(details_parts))


def walk(root: Any, flat: Flat) -> None:
    """Iterative walk (deep nesting must not blow the stack)."""
    stack: List[Tuple[Any, str, int]] = [(root, "", 0)]
    nodes = 0
    while stack:
        node, key, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES or depth > MAX_DEPTH:
            continue
        if isinstance(node, dict):
            fact = _error_fact(node)
            if fact is not None:
                flat.errors.append(fact)
            if key in ("template",) and isinstance(node.get("name"), str):
                flat.template_names.append(node["name"])
            if key in _MEDIA_TYPES:
                flat.media_types.append(key)
                for sk in ("file_size", "size", "filesize"):
                    if isinstance(node.get(sk), int) and not isinstance(node.get(sk), bool):
                        flat.file_sizes.append(node[sk])
            for k, v in node.items():
                kl = k.lower() if isinstance(k, str) else ""
                if kl in _SKIP_KEYS and kl not in _PHONE_KEYS:
                    continue
                if kl in _PHONE_KEYS and isinstance(v, (str, int)) and not isinstance(v, bool):
                    flat.phones.append(str(v))
                    continue
                if kl in _STATUS_KEYS and isinstance(v, str) and len(v) < 40:
                    flat.statuses.append(v.lower())
                if kl in _ON_WHATSAPP_KEYS and v is False:
                    flat.statuses.append("no_whatsapp")
                if kl in ("type",) and isinstance(v, str) and v.lower() in _MEDIA_TYPES:
                    flat.media_types.append(v.lower())
                if (
                    kl in ("file_size", "filesize", "size", "file_length")
                    and isinstance(v, int)
                    and not isinstance(v, bool)
                    and v > 0
                ):
                    flat.file_sizes.append(v)
                if isinstance(v, (dict, list)):
                    stack.append((v, kl, depth + 1))
                elif isinstance(v, str) and kl not in _CODE_KEYS:
                    flat.strings.append(v)
        elif isinstance(node, list):
            for v in reversed(node[:500]):
                stack.append((v, key, depth + 1))
        elif isinstance(node, str):
            flat.strings.append(node)


def _try_parse(text: str, start: int) -> Tuple[Any, int]:
    decoder = json.JSONDecoder()
    return decoder.raw_decode(text, start)


def outside_json(text: str, flat: Flat, limit: int = 6000) -> str:
    """The text around the parsed JSON (a log line, a description), bounded."""
    parts: List[str] = []
    last = 0
    for a, b in flat.spans:
        parts.append(text[last:a][-limit:])
        last = b
    parts.append(text[last:][:limit])
    return "\n".join(p for p in parts if p.strip())


def flatten(text: str) -> Flat:
    """Parse every JSON object/array embedded in `text` (bounded) and walk them."""
    flat = Flat()
    if len(text) > MAX_JSON_CHARS:
        return flat
    pos = 0
    starts = 0
    n = len(text)
    while pos < n and starts < MAX_STARTS:
        i_obj = text.find("{", pos)
        i_arr = text.find("[", pos)
        cands = [i for i in (i_obj, i_arr) if i >= 0]
        if not cands:
            break
        i = min(cands)
        starts += 1
        try:
            value, end = _try_parse(text, i)
        except (ValueError, RecursionError):
            pos = i + 1
            continue
        if isinstance(value, (dict, list)) and value:
            flat.found = True
            flat.spans.append((i, end))
            try:
                walk(value, flat)
            except RecursionError:  # pragma: no cover - walk is iterative
                pass
        pos = max(end, i + 1)
    return flat
