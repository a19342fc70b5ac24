"""The classifier: reads a text, weighs codes, words and facts, and decides.

Why this shape: an error code is near-certain evidence (codes.py), so codes
dominate; a provider's string reason code (reasons.py) counts as one. Without a
code, the words carry it (word_scores.py), against an index compiled once from the
knowledge (index.py). Facts such as a file size or a
message status add their own evidence (diagnosis.facts). When neither a code nor a
fact backs the best cause, the evidence gate (gate.py) checks that its words are
enough on their own, and the decision (decide.py) is a softmax that includes a
fixed "unknown" score. Long texts are cut to what matters first (focus.py).
Without a code, the rules' decision is blended with a learned model's (learned.py).
The weights below were tuned on the project's own examples (tests/diagnosis) and
the train split only.
"""

from __future__ import annotations

import json
import re
from typing import Callable, Dict, List, Optional, Set, Tuple

from .. import extract, facts
from ..causes import Knowledge
from ..details import read_details
from ..payload import Flat, flatten, outside_json
from ..result import Candidate, Extracted, Result
from . import learned
from .decide import blend, decide, rules_sure
from .focus import MAX_CODE_TEXT, MAX_DETAILS_TEXT, MAX_WORD_TEXT, focus
from .gate import about_messaging, unknown_floor
from .index import CompiledIndex, compiled_for
from .reasons import ReasonHit
from .word_scores import Strongest, bag_scores, keyword_scores, phrase_scores, positions, text_stems

W_CODE = 6.0
W_PHRASE = 2.2
W_KEYWORD = 1.0
W_BAG = 1.3
LEARNED_ALONE_WORDS = 3  # informative words a text needs before the learned model may name a cause alone

# timestamps and dates: their digits ("00") are not words
_CLOCK_RE = re.compile(
    r"\b\d{4}-\d{2}-\d{2}(?:[t ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?z?)?|\b\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?", re.I
)

CodeHit = Tuple[str, str, float]  # (code, its context, strength)
Add = Callable[[str, float], None]


def classify_with(kb: Knowledge, value: object) -> Result:
    """Classify `value` against `kb`. May raise; `diagnosis.classify` wraps it."""
    c = compiled_for(kb)
    text = _coerce(value)
    if not text.strip():
        return Result("unknown", 1.0, [Candidate("unknown", 1.0)], Extracted())

    flat = flatten(text) if "{" in text or "[" in text else None
    code_text = focus(text, MAX_CODE_TEXT)
    word_src = code_text
    if flat is not None and flat.found:
        word_src = outside_json(text, flat) + "\n" + "\n".join(s for s in flat.strings if len(s) < 5000)
    word_text = focus(word_src, MAX_WORD_TEXT)
    ext, code_hits = _read_facts(c, text, code_text, word_text, flat)
    reason_hits = c.reasons.find(code_text, fallback=word_text[:4000], provider=ext.provider)
    ext.codes += [token for token, _ in reason_hits if token not in ext.codes]

    scores: Dict[str, float] = {}

    def add(cause: str, amount: float) -> None:
        scores[cause] = scores.get(cause, 0.0) + amount

    code_ev = _code_evidence(c, code_hits, ext.provider, word_text)
    _add_reason_evidence(code_ev, reason_hits)
    for cause, ev in code_ev.items():
        add(cause, W_CODE * min(ev, 1.3))

    present, strongest = _word_evidence(c, word_text, ext.template_names, add)

    fact_causes: Set[str] = set()

    def add_fact(cause: str, amount: float) -> None:
        if amount > 0:
            fact_causes.add(cause)
        add(cause, amount)

    facts.size_evidence(ext, add_fact, word_text)
    facts.status_evidence(ext, bool(code_hits or reason_hits), word_text, add_fact)
    if not code_ev:
        facts.word_facts(word_text, add_fact, ext.phone_numbers)

    floor = unknown_floor(c, scores, set(code_ev) | fact_causes, present, strongest)
    result = decide(scores, ext, floor)
    # the rules' reading of a code, or of a fact (a file's size, a number check's answer), stands
    if code_ev or result.cause in fact_causes or rules_sure(result) or any(c.listed_anywhere(k) for k in ext.codes):
        return result
    model = learned.model()
    alone = about_messaging(present) and len(present) >= LEARNED_ALONE_WORDS
    return blend(result, model.probabilities(word_text) if model else {}, alone)


def _read_facts(
    c: CompiledIndex, text: str, code_text: str, word_text: str, flat: Optional[Flat]
) -> Tuple[Extracted, List[CodeHit]]:
    """The codes (with their context) and the other facts the text states."""
    ext = Extracted()
    code_hits: List[CodeHit] = []
    if flat is not None:
        for e in flat.errors:
            code_hits.append((e.code, e.text + " " + e.details, 1.0))
    for h in extract.find_codes(code_text):
        if not any(h.code == k for k, _, _ in code_hits):
            code_hits.append((h.code, h.context, 1.0 if h.strong else 0.85))
    ext.codes = list(dict.fromkeys(k for k, _, _ in code_hits))
    low = code_text.lower()  # a provider table's pattern is searched only when one of its names is there
    named = [(pid, pat) for pid, pat in c.provider_patterns if any(n in low for n in c.provider_needles[pid])]
    ext.provider = extract.find_provider(code_text, ext.codes, named)

    ext.phone_numbers = list(dict.fromkeys((flat.phones if flat else []) + extract.find_phones(word_text)))[:20]
    ext.file_sizes = list(dict.fromkeys((flat.file_sizes if flat else []) + extract.find_sizes(word_text)))[:20]
    ext.times = extract.find_times(word_text)
    ext.template_names = list(
        dict.fromkeys((flat.template_names if flat else []) + extract.find_template_names(word_text))
    )[:10]
    ext.statuses = list(dict.fromkeys(flat.statuses if flat else []))[:10]
    ext.details = read_details(text[:MAX_DETAILS_TEXT])
    if ext.details.get("template") and ext.details["template"] not in ext.template_names:
        ext.template_names.insert(0, ext.details["template"])
    ext.media_types = list(dict.fromkeys((flat.media_types if flat else []) + extract.find_media_types(word_text)))
    return ext, code_hits


def _code_evidence(
    c: CompiledIndex, code_hits: List[CodeHit], provider: Optional[str], word_text: str
) -> Dict[str, float]:
    """Per cause: the best code counts fully, further codes less (logs repeat themselves)."""
    code_ev: Dict[str, float] = {}
    for code, ctx, strength in code_hits:
        causes = c.code_causes(code, provider, ctx[:3000], fallback=word_text[:4000])
        for cause in causes:
            ev = strength / len(causes)
            prev = code_ev.get(cause, 0.0)
            code_ev[cause] = max(prev, ev) + 0.2 * min(prev, ev)
    return code_ev


def _add_reason_evidence(code_ev: Dict[str, float], reason_hits: List[ReasonHit]) -> None:
    """A provider's reason constant counts as a code; beside a known numeric code (the
    channel's own, e.g. Sinch's `channel_code`) it counts half: the number is more precise."""
    strength = 0.5 if code_ev else 1.0
    for _, causes in reason_hits:
        for cause in causes:
            ev = strength / len(causes)
            prev = code_ev.get(cause, 0.0)
            code_ev[cause] = max(prev, ev) + 0.2 * min(prev, ev)


def _word_evidence(c: CompiledIndex, word_text: str, template_names: List[str], add: Add) -> Tuple[Set[str], Strongest]:
    """Adds the phrase, keyword and bag scores; returns the stems present and the
    strongest keyword per cause (for the evidence gate)."""
    scored = _CLOCK_RE.sub(" ", word_text)
    for name in template_names:  # "recordatorio_pago" says nothing about payment
        if len(name) > 3:
            scored = scored.replace(name, " ")
    seq, present = text_stems(c, scored)
    strongest: Strongest = {}
    for cause, v in phrase_scores(c, present, positions(seq)).items():
        add(cause, W_PHRASE * v)
    for cause, v in keyword_scores(c, seq, strongest).items():
        add(cause, W_KEYWORD * v)
    for cause, v in bag_scores(c, present).items():
        add(cause, W_BAG * v)
    return present, strongest


def _coerce(value: object) -> str:
    """Any input as text: bytes decoded, other objects as JSON (or str), no NULs."""
    if value is None:
        return ""
    if isinstance(value, (bytes, bytearray, memoryview)):
        value = bytes(value).decode("utf-8", errors="replace")
    elif not isinstance(value, str):
        try:
            value = json.dumps(value, ensure_ascii=False, default=str)
        except Exception:
            value = str(value)
    return value.replace("\x00", " ")
