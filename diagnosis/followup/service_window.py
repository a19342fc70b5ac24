"""The customer service window: is it open, for how long, or since when closed.

A business can send any message (free-form text, media, interactive) within the window
that the customer's last message to it opens. Outside that window only an approved
template goes through (error 131047 "Re-engagement message" otherwise); the window opens
again whenever the customer writes. Its length is a platform fact (`service_window` in
diagnosis/knowledge_base/platform.yaml: 24 hours).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Dict, List, Optional

from diagnosis.language import language_of, say
from diagnosis.platform import platform
from diagnosis.text import unaccent_lower

from .result import Answer, not_understood
from .timeparse import ParsedTime, TimeError, read_time_answer
from .timesay import describe_moment, format_local, say_duration, say_examples, tz_assumption_sentence

WINDOW = platform().service_window


def _minutes(delta: dt.timedelta) -> int:
    return max(0, int(delta.total_seconds() // 60))


def reask_for_time(error: TimeError, tz_name: str, question: str, examples: str, lang: str = "en") -> str:
    """Why the time couldn't be used, the question again and examples, in `lang`."""
    if error.zone is not None:
        tz_name = error.zone.name
    if error.reason == "future" and error.when is not None:
        return say(
            "time.reask.future",
            lang,
            moment=format_local(error.when, tz_name, lang),
            question=question,
            examples=examples,
        )
    if error.reason == "zone_only" and error.zone is not None:
        return say(
            "time.reask.zone_only",
            lang,
            zone=error.zone.name,
            question=question,
            example=say("time.examples.with_zone", lang, zone=error.zone.said),
        )
    if error.reason == "bare_number":
        return say("time.reask.bare_number", lang, question=question, examples=examples)
    return say("time.reask.unparsed", lang, question=question, examples=examples)


def answer_last_customer_message(text: Any, context: Optional[Dict[str, Any]] = None) -> Answer:
    context, now, shown_tz, parsed = read_time_answer(text, context)
    lang = language_of(context)

    if isinstance(parsed, TimeError):
        if parsed.reason == "never":
            value = {
                "last_message_at": None,
                "never": True,
                "window_open": False,
                "minutes_left": None,
                "closed_minutes_ago": None,
                "assumed_timezone": False,
                "timezone": shown_tz,
            }
            return Answer(ok=True, value=value, finding=say("time.window.never", lang), extra={"window_open": False})
        return not_understood(
            reask_for_time(
                parsed, shown_tz, say("time.ask.last_message", lang), say_examples("last_message", lang), lang
            ),
            **zone_extra(parsed),
        )
    return _window(parsed, now, lang)


# Who the customer is, and the verbs of the customer writing, in en/es/pt (accents folded).
_CUSTOMER = (
    r"(?:customers?|clients?|users?|contacts?|recipients?|leads?|he|she|clientes?|usuari[oa]s?|contact[oa]s?|ele|ela)"
)
_WROTE_EN = r"(?:last\s+)?(?:wrote|messaged|texted|replied|answered|contacted|reached\s+out)"
_WROTE_ES_PT = (
    r"(?:escribio|escribieron|mando|mandaron|respondio|respondieron|contesto|contestaron|hablo|"
    r"escreveu|escreveram|mandou|mandaram|respondeu|responderam|falou|chamou|"
    # "el cliente que había escrito", "o cliente q tinha mandado msg semana passada"
    r"(?:habia|tinha|havia)\s+(?:escrito|mandado|enviado|respondido|contestado|falado))"
)
_TO_US = r"(?:\s+(?:to\s+)?(?:us|me))?"
# The words after the verb, up to where the clause ends ("me escribió anteayer y no le llegó").
_REST = r"(?P<rest>(?:[ \t]+[^\s.,;:!?()]+){1,6})"
_SAID_WHEN = [
    re.compile(
        rf"\b{_CUSTOMER}\s+(?:[a-z]+\s+){{0,3}}?(?:(?:me|nos)\s+)?(?:{_WROTE_EN}{_TO_US}|{_WROTE_ES_PT})\b{_REST}"
    ),
    re.compile(rf"\b(?:me|nos)\s+{_WROTE_ES_PT}\b{_REST}"),
    re.compile(rf"\b{_WROTE_EN}\s+(?:to\s+)?(?:us|me)\b{_REST}"),
    re.compile(
        r"\b(?:(?:the\s+)?(?:customer'?s\s+|client'?s\s+)?last\s+message(?:\s+from\s+(?:the\s+)?(?:customer|client))?\s+was"
        r"|ultimo\s+mensaje(?:\s+del\s+cliente)?\s+fue|ultima\s+mensagem(?:\s+do\s+cliente)?\s+foi)\b" + _REST
    ),
]
# Where a clause ends inside the words after the verb.
_CLAUSE_END = re.compile(r"\s(?:and|but|so|y|pero|e|mas|porem|no|nao|que|then|luego|depois)\s")


def said_last_message(text: Any, context: Optional[Dict[str, Any]] = None) -> Optional[Answer]:
    """The window worked out from when the report itself says the customer last wrote
    ("un cliente que me escribió anteayer", "the customer messaged us 3 days ago"), or
    None when it does not say it in a way the time reader understands.

    Why: the report already answers the question; asking it again reads as not listening.
    Only the customer's writing counts: "le escribí ayer" (I wrote) is the business's.
    """
    low = unaccent_lower(text if isinstance(text, str) else "")[:2000]
    for pattern in _SAID_WHEN:
        for match in pattern.finditer(low):
            rest = " " + match.group("rest").strip() + " "
            end = _CLAUSE_END.search(rest)
            when = (rest[: end.start()] if end else rest).strip()
            if not when:
                continue
            read = answer_last_customer_message(when, context)
            if read.ok:
                return read
    return None


def zone_extra(parsed: Any) -> Dict[str, Any]:
    """{"user_timezone": <IANA name>} when the answer named a zone worth remembering."""
    zone = getattr(parsed, "zone", None)
    name = zone.remember if zone is not None else getattr(parsed, "remember_tz", None)
    return {"user_timezone": name} if name else {}


def _window(p: ParsedTime, now: dt.datetime, lang: str = "en") -> Answer:
    tz = p.tz_name
    closes_earliest = p.earliest + WINDOW
    closes_latest = p.latest + WINDOW
    value: Dict[str, Any] = {
        "last_message_at": p.earliest.isoformat(),
        "last_message_latest": None if p.exact else p.latest.isoformat(),
        "never": False,
        "window_open": None,
        "minutes_left": None,
        "closed_minutes_ago": None,
        "assumed_timezone": p.assumed_timezone,
        "timezone": tz,
    }
    extra: Dict[str, Any] = {}
    sentences: List[str] = []
    when_text = describe_moment(p, lang)
    if p.note_key:
        sentences.append(say(p.note_key, lang))

    if closes_earliest > now:
        # open for sure; with a range, at least until the earliest possible closing
        left = _minutes(closes_earliest - now)
        value.update(window_open=True, minutes_left=left, window_closes_at=closes_earliest.isoformat())
        extra["rules_out"] = "outside_service_window"  # the window is open: not the cause
        sentences.append(
            say(
                "time.window.open" if p.exact else "time.window.open_range",
                lang,
                when=when_text,
                left=say_duration(left, lang),
                closes=format_local(closes_earliest, tz, lang),
            )
        )
    elif closes_latest <= now:
        ago = _minutes(now - closes_latest)
        value.update(window_open=False, closed_minutes_ago=ago, window_closed_at=closes_latest.isoformat())
        key = "time.window.closed_bound" if p.before_minutes else "time.window.closed_range"
        sentences.append(
            say(
                "time.window.closed" if p.exact else key,
                lang,
                when=when_text,
                ago=say_duration(ago, lang),
                closed_at=format_local(closes_latest, tz, lang),
            )
        )
        sentences.append(say("time.window.template_advice", lang))
    else:
        cutoff = now - WINDOW
        value.update(window_open=None, open_if_after=cutoff.isoformat())
        extra["needs_time"] = True
        sentences.append(say("time.window.depends", lang, when=when_text, cutoff=format_local(cutoff, tz, lang)))
    tz_note = tz_assumption_sentence(p, lang)
    if tz_note:
        sentences.append(tz_note)
    extra["window_open"] = value["window_open"]
    extra.update(zone_extra(p))
    return Answer(ok=True, value=value, finding=" ".join(sentences), extra=extra)
