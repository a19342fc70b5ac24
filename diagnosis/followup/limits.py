"""Numbers against WhatsApp's limits: unique customers vs the messaging limit, and the
sending rate vs Cloud API throughput.

Why: "we reached 2,100 customers today, on the 2K tier" and "we send 150 a second" are
answered by arithmetic against Meta's numbers, which the user rarely knows. The numbers
are WhatsApp's platform facts, read from diagnosis/knowledge_base/platform.yaml (with their
Meta sources):
- `messaging_limit`: unique customers a business portfolio can message outside an open
  customer service window in a moving 24 hours, shared by all its numbers; the tiers, the
  lowest reached by a scaling path (business verification, or delivered messages to unique
  customers in 30 days with good quality), the rest raised by Meta automatically while
  quality holds and a good part of the limit is used. The tier the messaging_tier question
  calls "1k" was raised in October 2025 (its `former_limit` for accounts on the old rule).
- `throughput`: messages per second per business number by default, after Meta's automatic
  upgrade, and for numbers also used in the WhatsApp Business app (coexistence); over it,
  error 130429. The pair rate, one message every few seconds to the same customer (131056).
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Tuple

from ..language import language_of, say
from ..platform import platform
from ..text import MAX_ANSWER_CHARS, as_text, strip_accents
from ..wordlists import AUDIENCE_WORDS
from .context import get
from .countries import show_number
from .result import Answer, not_understood

# tier id (the messaging_tier answer) -> the limits it may show, former first; None: unlimited
TIERS: Dict[str, Optional[Tuple[int, ...]]] = {t.choice: t.limits for t in platform().tiers}
TIER_ORDER = tuple(TIERS)
# The tier names and how to move up are wording: limits.tier_label.<tier>, limits.move_up_*.


def tier_label(tier: str, lang: Optional[str] = "en") -> str:
    return say(f"limits.tier_label.{tier}", lang)


def move_up(tier: str, lang: Optional[str] = "en") -> str:
    """How to get a higher messaging limit from `tier`."""
    return say("limits.move_up_250" if tier == TIER_ORDER[0] else "limits.move_up_auto", lang)


_THROUGHPUT = platform().throughput
DEFAULT_MPS = _THROUGHPUT.default_mps
UPGRADED_MPS = _THROUGHPUT.upgraded_mps
COEXISTENCE_MPS = _THROUGHPUT.coexistence_mps
PAIR_RATE_SECONDS = _THROUGHPUT.pair_rate_seconds

_WORD_NUMBERS = {
    "a": 1,
    "one": 1,
    "un": 1,
    "una": 1,
    "um": 1,
    "uma": 1,
    "two": 2,
    "dos": 2,
    "dois": 2,
    "duas": 2,
    "three": 3,
    "tres": 3,
    "four": 4,
    "cuatro": 4,
    "quatro": 4,
    "five": 5,
    "cinco": 5,
    "six": 6,
    "seis": 6,
    "seven": 7,
    "siete": 7,
    "sete": 7,
    "eight": 8,
    "ocho": 8,
    "oito": 8,
    "nine": 9,
    "nueve": 9,
    "nove": 9,
    "ten": 10,
    "diez": 10,
    "dez": 10,
    "twenty": 20,
    "veinte": 20,
    "vinte": 20,
    "fifty": 50,
    "cincuenta": 50,
    "cinquenta": 50,
    "hundred": 100,
    "cien": 100,
    "cem": 100,
}
_NUM = re.compile(
    r"(\d+(?:[.,\s]\d{3})*(?:[.,]\d+)?|\d+)\s*(k\b|mil\b|thousand\b|m\b|million\b|millon(?:es)?\b|"
    r"milh(?:ao|oes)\b)?"
)


def parse_amount(text: str) -> Optional[float]:
    """'about 1,200' -> 1200, '1.200' -> 1200, '1.5k' -> 1500, '2 mil' -> 2000, '15k' -> 15000."""
    t = strip_accents(text.lower())
    t = re.sub(
        r"\b(" + "|".join(_WORD_NUMBERS) + r")\s+(thousand|mil|million|millon(?:es)?|milh(?:ao|oes))\b",
        lambda m: f"{_WORD_NUMBERS[m.group(1)]} {m.group(2)}",
        t,
    )
    best: Optional[float] = None
    for m in _NUM.finditer(t):
        num, mult = m.group(1).strip(), m.group(2)
        if re.fullmatch(r"\d{1,3}(?:[.,\s]\d{3})+", num):
            value = float(re.sub(r"[.,\s]", "", num))
        else:
            try:
                value = float(num.replace(" ", "").replace(",", "."))
            except ValueError:
                continue
        if mult:
            if mult.startswith(("k", "mil", "thousand")) and not mult.startswith(("milh", "million", "millon")):
                value *= 1000
            else:
                value *= 1_000_000
        best = value if best is None else max(best, value)
    if best is None and re.search(r"\b(mil|thousand)\b", t):
        return 1000.0
    return best


def _tier_of(context: Dict[str, Any]) -> Optional[str]:
    tier = get(context, "messaging_tier")
    if isinstance(tier, str) and tier.strip().lower() in TIERS:
        return tier.strip().lower()
    return None


def _count_of(context: Dict[str, Any]) -> Optional[int]:
    value = get(context, "unique_customers")
    if isinstance(value, dict):
        value = value.get("count")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value)
    return None


def compare_count(count: int, tier: Optional[str], lang: Optional[str] = "en") -> Tuple[str, Dict[str, Any]]:
    """A sentence comparing a 24-hour unique-customer count with a tier, in `lang`."""
    info: Dict[str, Any] = {"count": count, "tier": tier, "limit": None, "at_limit": None}
    shown = show_number(f"{count:,}", lang)
    if tier is None or tier == "dont_know":
        needed = next((t for t in TIER_ORDER if TIERS[t] is None or count < max(TIERS[t])), TIER_ORDER[-1])
        return say("limits.needs_at_least", lang, count=shown, tier=tier_label(needed, lang)), info
    limits = TIERS[tier]
    if limits is None:
        info["at_limit"], info["well_under"] = False, True
        return say("limits.unlimited", lang), info
    top = max(limits)
    info["limit"] = top
    limit = show_number(f"{top:,}", lang)
    if count >= top:
        info["at_limit"] = True
        text = say("limits.at_limit", lang, count=shown, limit=limit) + " " + move_up(tier, lang)
    elif min(limits) < top and count >= min(limits):  # over the tier's former value ("1K")
        info["at_limit"] = None
        text = say("limits.over_old_1k", lang, count=shown)
    elif count >= 0.9 * top:
        info["at_limit"] = False
        text = say("limits.close_to_limit", lang, count=shown, limit=limit)
    else:
        info["at_limit"], info["well_under"] = False, True
        text = say("limits.under_limit", lang, count=shown, limit=limit)
    return text, info


def answer_unique_customers(text: Any, context: Optional[Dict[str, Any]] = None) -> Answer:
    context = context if isinstance(context, dict) else {}
    lang = language_of(context)
    raw = as_text(text)
    reask = say("limits.customers_reask", lang)
    if not raw or len(raw) > MAX_ANSWER_CHARS:
        return not_understood(reask)
    amount = parse_amount(raw)
    if amount is None or amount < 0:
        return not_understood(reask)
    count = int(round(amount))
    sentence, info = compare_count(count, _tier_of(context), lang)
    # well under the limit: not the daily limit (unless a pasted code says it is)
    extra = {"rules_out": "messaging_limit"} if info.pop("well_under", False) else {}
    return Answer(ok=True, value=info, finding=sentence, extra=extra)


def tier_finding(tier: str, context: Dict[str, Any]) -> str:
    """Extra sentences after a messaging_tier choice: compare with a known count, or how to move up."""
    lang = language_of(context)
    count = _count_of(context)
    if count is not None and tier in TIERS:
        return compare_count(count, tier, lang)[0]
    if TIERS.get(tier):  # a limited tier
        return move_up(tier, lang)
    return ""


_PER = (
    (
        1.0,
        r"per\s*s(?:ec(?:ond)?)?|/\s*s(?:ec)?\b|a second|each second|every second|mps|msg/s|por segundo|"
        r"al segundo|p/s|por seg",
    ),
    (60.0, r"per\s*min(?:ute)?|/\s*min\b|a minute|each minute|every minute|por minuto|al minuto|mpm"),
    (3600.0, r"per\s*h(?:our)?|/\s*h(?:r|our)?\b|an hour|each hour|every hour|por hora|a la hora"),
)


def parse_rate(text: str) -> Optional[Tuple[float, bool]]:
    """Messages per second and whether the unit was assumed (no 'per second/minute/hour')."""
    t = strip_accents(text.lower())
    every = re.search(
        r"(?:one|1|a)?\s*(?:message|msg|mensaje|mensagem)?\s*every\s*(\d+(?:[.,]\d+)?)\s*"
        r"(s|sec|seconds?|segundos?|min|minutes?|minutos?)\b",
        t,
    )
    if every:
        n = float(every.group(1).replace(",", "."))
        secs = n * (60 if every.group(2).startswith("m") else 1)
        return (1.0 / secs if secs > 0 else None), False  # type: ignore[return-value]
    amount = parse_amount(t)
    if amount is None:
        return None
    for seconds, pattern in _PER:
        if re.search(pattern, t):
            return amount / seconds, False
    return amount, True


def _fmt_rate(mps: float) -> str:
    if mps >= 10:
        return f"{mps:,.0f}"
    return f"{mps:.2g}"


# A number of messages said as a total ("5000 en total", "unos 5000 mensajes"), not a rate.
_TOTAL_RE = re.compile(
    r"\b(?:\d[\d.,]*\s*(?:k|mil)?\s*(?:messages|mensajes|mensagens|msgs|sends|envios|"
    + "|".join(AUDIENCE_WORDS)
    + r"))\b"
)
# "se cargó todo a las 10 y media", "50 workers": a time of day or a number of workers, not a rate
_NOT_A_SPEED_RE = re.compile(
    r"\b(?:a las|a la|as|at|las|hora|horas|o'?clock|am|pm)\s*\d|\d{1,2}[:h.]\d{2}\b|\d\s*(?:am|pm)\b"
    r"|\b\d+\s*(?:workers?|threads?|hilos?|procesos|processes|instancias|instances)\b"
)
# ... or said outright: "5000 en total, no por segundo"
_NOT_A_RATE_RE = re.compile(r"\b(?:in total|en total|no total|not per second|no por segundo|nao por segundo)\b")


def _rate_said(mps: float, lang: Optional[str]) -> str:
    """ "40 messages per second"; under one a second, per minute ("5 messages per minute")."""
    if mps == 1:
        return say("limits.rate_one_per_second", lang)
    if 0 < mps * 60 < 1:
        return say("limits.rate_per_hour", lang, n=show_number(_fmt_rate(mps * 3600), lang))
    if 0 < mps < 1:
        return say("limits.rate_per_minute", lang, n=show_number(_fmt_rate(mps * 60), lang))
    return say("limits.rate_per_second", lang, n=show_number(_fmt_rate(mps), lang))


def answer_send_rate(text: Any, context: Optional[Dict[str, Any]] = None) -> Answer:
    lang = language_of(context)
    raw = as_text(text)
    reask = say("limits.rate_reask", lang)
    if not raw or len(raw) > MAX_ANSWER_CHARS:
        return not_understood(reask)
    parsed = parse_rate(raw)
    if parsed is None or parsed[0] is None or parsed[0] < 0:
        return not_understood(reask)
    mps, assumed = parsed
    said = strip_accents(raw.lower())
    if assumed and _NOT_A_SPEED_RE.search(said):
        return not_understood(reask)
    if _NOT_A_RATE_RE.search(said) or (assumed and _TOTAL_RE.search(said)):
        # "unos 5000 mensajes en total": a count of messages, not a rate
        return not_understood(say("limits.total_not_rate", lang, total=show_number(f"{mps:,.0f}", lang)))
    value = {
        "messages_per_second": round(mps, 3),
        "assumed_per_second": assumed,
        "over_default": mps > DEFAULT_MPS,
        "over_upgraded": mps > UPGRADED_MPS,
    }
    numbers = {
        "rate": _rate_said(mps, lang),
        "default": show_number(f"{DEFAULT_MPS:,}", lang),
        "upgraded": show_number(f"{UPGRADED_MPS:,}", lang),
        "coexistence": str(COEXISTENCE_MPS),
        "pair": str(PAIR_RATE_SECONDS),
    }
    sentences: List[str] = []
    if assumed:
        sentences.append(say("limits.read_as", lang, **numbers))
    if mps > UPGRADED_MPS:
        sentences.append(say("limits.over_upgraded", lang, **numbers))
    elif mps > DEFAULT_MPS:
        sentences.append(say("limits.over_default", lang, **numbers))
    elif mps > COEXISTENCE_MPS:
        sentences.append(say("limits.over_coexistence", lang, **numbers))
    else:
        sentences.append(say("limits.well_within", lang, **numbers))
    if mps <= DEFAULT_MPS:
        sentences.append(say("limits.still_errors", lang, **numbers))
    # well within the throughput: not the rate (unless a pasted code says so: 131056 is per pair)
    extra = {"rules_out": "rate_limit"} if mps <= COEXISTENCE_MPS else {}
    return Answer(ok=True, value=value, finding=" ".join(sentences), extra=extra)
