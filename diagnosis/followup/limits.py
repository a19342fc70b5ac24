"""Numbers against WhatsApp's limits: unique customers vs the messaging limit, and the
sending rate vs Cloud API throughput.

Facts (Meta's WhatsApp Business Platform docs, checked 2026):
- Messaging limit: unique customers a business portfolio can message outside an open
  customer service window in a moving 24 hours, shared by all its numbers. New
  portfolios start at 250; a scaling path (business verification, or 2,000 delivered
  messages to unique customers in 30 days with good quality) raises it to 2,000 (the
  step formerly called 1K); then Meta raises it automatically to 10K, 100K and
  unlimited while quality holds and a good part of the limit is used.
- Throughput: 80 messages per second per business number by default, up to 1,000 by
  automatic upgrade; 20 for numbers also used in the WhatsApp Business app
  (coexistence). Over it: error 130429.
- Pair rate: about 1 message every 6 seconds to the same customer (error 131056).
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Tuple

from .result import Answer, not_understood
from .textnorm import MAX_ANSWER_CHARS, as_text, strip_accents

# tier id -> possible limits (the "1k" step is 2,000 now, 1,000 for accounts on the old rule)
TIERS: Dict[str, Optional[Tuple[int, ...]]] = {
    "250": (250,),
    "1k": (1000, 2000),
    "10k": (10000,),
    "100k": (100000,),
    "unlimited": None,
}
TIER_ORDER = ("250", "1k", "10k", "100k", "unlimited")
TIER_LABEL = {"250": "250", "1k": "2,000 (formerly 1K)", "10k": "10K", "100k": "100K", "unlimited": "unlimited"}

MOVE_UP = {
    "250": ("To go from 250 to 2,000, verify your business (Meta Business Verification) or deliver "
            "2,000 messages to different customers outside open conversations within 30 days while "
            "keeping quality good; Meta then reviews your quality and raises the limit."),
    "auto": ("From 2,000 up, Meta raises the limit automatically (10K, then 100K, then unlimited) "
             "while your quality rating stays medium or high and you keep using a good part of your "
             "current limit; it can't be requested by hand."),
}

DEFAULT_MPS = 80
UPGRADED_MPS = 1000
COEXISTENCE_MPS = 20
PAIR_RATE_SECONDS = 6

_WORD_NUMBERS = {
    "a": 1, "one": 1, "un": 1, "una": 1, "um": 1, "uma": 1, "two": 2, "dos": 2, "dois": 2, "duas": 2,
    "three": 3, "tres": 3, "four": 4, "cuatro": 4, "quatro": 4, "five": 5, "cinco": 5, "six": 6, "seis": 6,
    "seven": 7, "siete": 7, "sete": 7, "eight": 8, "ocho": 8, "oito": 8, "nine": 9, "nueve": 9, "nove": 9,
    "ten": 10, "diez": 10, "dez": 10, "twenty": 20, "veinte": 20, "vinte": 20, "fifty": 50,
    "cincuenta": 50, "cinquenta": 50, "hundred": 100, "cien": 100, "cem": 100,
}
_NUM = re.compile(r"(\d+(?:[.,\s]\d{3})*(?:[.,]\d+)?|\d+)\s*(k\b|mil\b|thousand\b|m\b|million\b|millon(?:es)?\b|"
                  r"milh(?:ao|oes)\b)?")


def parse_amount(text: str) -> Optional[float]:
    """'about 1,200' -> 1200, '1.200' -> 1200, '1.5k' -> 1500, '2 mil' -> 2000, '15k' -> 15000."""
    t = strip_accents(text.lower())
    t = re.sub(r"\b(" + "|".join(_WORD_NUMBERS) + r")\s+(thousand|mil|million|millon(?:es)?|milh(?:ao|oes))\b",
               lambda m: f"{_WORD_NUMBERS[m.group(1)]} {m.group(2)}", t)
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
    tier = context.get("messaging_tier") if isinstance(context, dict) else None
    if isinstance(tier, str) and tier.strip().lower() in TIERS:
        return tier.strip().lower()
    return None


def _count_of(context: Dict[str, Any]) -> Optional[int]:
    value = context.get("unique_customers") if isinstance(context, dict) else None
    if isinstance(value, dict):
        value = value.get("count")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value)
    return None


def compare_count(count: int, tier: Optional[str]) -> Tuple[str, Dict[str, Any]]:
    """A sentence comparing a 24-hour unique-customer count with a tier."""
    info: Dict[str, Any] = {"count": count, "tier": tier, "limit": None, "at_limit": None}
    if tier is None or tier == "dont_know":
        needed = next((t for t in TIER_ORDER if TIERS[t] is None or count < max(TIERS[t])), "unlimited")
        text = (f"{count:,} different customers in 24 hours needs a messaging limit of at least "
                f"{TIER_LABEL[needed]}. Check yours in WhatsApp Manager: if it's lower, that's what stopped "
                "the rest.")
        return text, info
    limits = TIERS[tier]
    if limits is None:
        info["at_limit"] = False
        return ("With an unlimited messaging limit, the number of customers isn't what stopped you: "
                "look at throughput and per-customer marketing limits instead."), info
    top = max(limits)
    info["limit"] = top
    if count >= top:
        info["at_limit"] = True
        text = (f"{count:,} different customers is at or over your limit of {top:,} in a moving 24 hours, "
                "so messages to further customers fail until slots free up: each one comes back 24 hours "
                "after the conversation that used it. Customers who wrote to you in the last 24 hours "
                "don't count and can still be answered.")
        text += " " + (MOVE_UP["250"] if tier == "250" else MOVE_UP["auto"])
    elif tier == "1k" and count >= 1000:
        info["at_limit"] = None
        text = (f"{count:,} is over 1,000: if your limit still shows 1K you've reached it; with the "
                "current 2,000 step you still have room.")
    elif count >= 0.9 * top:
        info["at_limit"] = False
        text = (f"{count:,} is close to your limit of {top:,} per moving 24 hours: a few more new customers "
                "and further sends fail. Remember all numbers in the same business portfolio share it.")
    else:
        info["at_limit"] = False
        text = (f"{count:,} is under your limit of {top:,}, so the daily limit probably isn't what blocked "
                "these messages, unless other numbers in the same business portfolio used it up (they share it).")
    return text, info


def answer_unique_customers(text: Any, context: Optional[Dict[str, Any]] = None) -> Answer:
    context = context if isinstance(context, dict) else {}
    raw = as_text(text)
    reask = "Roughly how many different customers? A number is fine, like \"about 1,200\" or \"300\"."
    if not raw or len(raw) > MAX_ANSWER_CHARS:
        return not_understood(reask)
    amount = parse_amount(raw)
    if amount is None or amount < 0:
        return not_understood(reask)
    count = int(round(amount))
    sentence, info = compare_count(count, _tier_of(context))
    return Answer(ok=True, value=info, finding=sentence)


def tier_finding(tier: str, context: Dict[str, Any]) -> str:
    """Extra sentences after a messaging_tier choice: compare with a known count, or how to move up."""
    count = _count_of(context)
    if count is not None and tier in TIERS:
        return compare_count(count, tier)[0]
    if tier == "250":
        return MOVE_UP["250"]
    if tier in ("1k", "10k", "100k"):
        return MOVE_UP["auto"]
    return ""


_PER = (
    (1.0, r"per\s*s(?:ec(?:ond)?)?|/\s*s(?:ec)?\b|a second|each second|every second|mps|msg/s|por segundo|"
          r"al segundo|p/s|por seg"),
    (60.0, r"per\s*min(?:ute)?|/\s*min\b|a minute|each minute|every minute|por minuto|al minuto|mpm"),
    (3600.0, r"per\s*h(?:our)?|/\s*h(?:r|our)?\b|an hour|each hour|every hour|por hora|a la hora"),
)


def parse_rate(text: str) -> Optional[Tuple[float, bool]]:
    """Messages per second and whether the unit was assumed (no 'per second/minute/hour')."""
    t = strip_accents(text.lower())
    every = re.search(r"(?:one|1|a)?\s*(?:message|msg|mensaje|mensagem)?\s*every\s*(\d+(?:[.,]\d+)?)\s*"
                      r"(s|sec|seconds?|segundos?|min|minutes?|minutos?)\b", t)
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


def answer_send_rate(text: Any, context: Optional[Dict[str, Any]] = None) -> Answer:
    raw = as_text(text)
    reask = "Roughly how many messages per second (or per minute)? For example \"100 per second\" or \"6000 per minute\"."
    if not raw or len(raw) > MAX_ANSWER_CHARS:
        return not_understood(reask)
    parsed = parse_rate(raw)
    if parsed is None or parsed[0] is None or parsed[0] < 0:
        return not_understood(reask)
    mps, assumed = parsed
    value = {"messages_per_second": round(mps, 3), "assumed_per_second": assumed,
             "over_default": mps > DEFAULT_MPS, "over_upgraded": mps > UPGRADED_MPS}
    shown = _fmt_rate(mps)
    sentences: List[str] = []
    if assumed:
        sentences.append(f"I read that as {shown} messages per second.")
    if mps > UPGRADED_MPS:
        sentences.append(f"{shown} messages per second is above even the highest Cloud API throughput "
                         f"({UPGRADED_MPS:,} per second per number): the excess fails with error 130429. "
                         f"Queue your sends and pace them under your number's limit ({DEFAULT_MPS} by default).")
    elif mps > DEFAULT_MPS:
        sentences.append(f"{shown} messages per second is above the default Cloud API throughput of "
                         f"{DEFAULT_MPS} per second per number. Unless Meta has upgraded your number to "
                         f"{UPGRADED_MPS:,} per second (it does so automatically for eligible numbers, "
                         "e.g. with an unlimited messaging limit), the excess fails with error 130429: "
                         f"pace your sends under {DEFAULT_MPS} per second and retry failures with a backoff.")
    elif mps > COEXISTENCE_MPS:
        sentences.append(f"{shown} messages per second is within the default {DEFAULT_MPS} per second, unless "
                         "the number is also used in the WhatsApp Business app (then it's capped at "
                         f"{COEXISTENCE_MPS} per second).")
    else:
        sentences.append(f"{shown} messages per second is well within WhatsApp's throughput "
                         f"({DEFAULT_MPS} per second by default).")
    if mps <= DEFAULT_MPS:
        sentences.append(f"If you still get rate-limit errors: 131056 means too many messages to the same "
                         f"customer (keep about {PAIR_RATE_SECONDS} seconds between messages to one person), "
                         "and 4 or 80007 mean your app or WhatsApp Business Account made too many API calls; "
                         "wait and spread the calls out.")
    return Answer(ok=True, value=value, finding=" ".join(sentences))
