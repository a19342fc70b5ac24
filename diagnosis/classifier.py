"""Scoring a text against the cause knowledge.

Why this shape: an error code is near-certain evidence (except 100/131009, where
the details decide), so codes dominate. Without a code, the words carry it: every
wording, symptom and code message in the knowledge YAML becomes a weighted phrase;
a phrase scores by how much of its informative (rare across causes) words the text
contains, so paraphrases, word order and typos still match. Scores go through a
softmax that includes a fixed "unknown" score, so weak evidence yields `unknown`
(a question is better than a confident wrong answer).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Set, Tuple

from . import extract, facts
from .kb import Cause, Knowledge
from .normalize import STOPWORDS, TypoIndex, content_words, fold, long_stem, stem, words
from .payload import flatten, outside_json
from .result import Candidate, Extracted, Result

# ---------------------------------------------------------------- weights
# Tuned on the project's own examples (tests/diagnosis) and the train split only.
W_CODE = 6.0
W_PHRASE = 2.2
W_KEYWORD = 1.0
W_BAG = 1.3
UNKNOWN_SCORE = 1.1  # the score "unknown" competes with
TEMPERATURE = 0.55
MIN_CONFIDENCE = 0.40  # below this the answer is "unknown"
TOP_K = 5
PHRASE_FULL = 3.5  # summed idf at which a fully matched phrase counts fully

MAX_WORD_TEXT = 24000  # characters of text scored for words
MAX_CODE_TEXT = 400000  # characters scanned for codes


_PHONE_ID_RE = re.compile(r"phone[\s_-]?number[\s_-]?id|business[\s_-]?phone|from[\s_-]?number|sender", re.I)

# timestamps and dates: their digits ("00") are not words
_CLOCK_RE = re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[t ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?z?)?|\b\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?", re.I)

_ALL_TABLES = ("meta", "on_premises", "twilio", "gupshup", "360dialog")
# Providers whose own code table is read first; the rest fall back to Meta's.
_TABLE_ORDER = {
    "meta": ("meta",),
    "on_premises": ("on_premises", "meta"),
    "twilio": ("twilio", "meta"),
    "gupshup": ("gupshup", "meta"),
    "360dialog": ("360dialog", "meta", "on_premises"),
}


@dataclass
class _Phrase:
    cause: str
    stems: Tuple[str, ...]
    weights: Tuple[float, ...]
    total: float
    base: float
    strength: float = 0.0  # how informative the whole phrase is (0..1)
    single: bool = False  # a one-word phrase


@dataclass
class _CodeRule:
    cause: str
    low: int
    high: int
    details_any: Tuple[str, ...]  # folded phrases


class Compiled:
    """Everything precomputed from the knowledge at load, for fast classify."""

    def __init__(self, kb: Knowledge):
        self.causes: List[str] = [c for c in kb.causes() if c != "unknown"]
        raw_phrases: List[Tuple[str, str, float]] = []  # (cause, text, base)
        keyword_src: List[Tuple[str, str, float]] = []
        self.code_rules: Dict[str, List[_CodeRule]] = {}
        for cid in self.causes:
            cause: Cause = kb[cid]
            sig = cause.signals
            for cs in sig.codes:
                self.code_rules.setdefault(cs.provider, []).append(
                    _CodeRule(cid, cs.low, cs.high, tuple(cs.details_any))
                )
                for t in (cs.title, cs.message, cs.details):
                    if t and not cs.details_any:
                        raw_phrases.append((cid, t, 1.0))
                    elif t:
                        raw_phrases.append((cid, t, 0.6))
            for group in (sig.wordings, sig.symptoms):
                for phrases in group.values():
                    for t in phrases:
                        raw_phrases.append((cid, t, 1.0))
            for term, weight in sig.keywords.items():
                keyword_src.append((cid, term, weight))

        vocab: Set[str] = set()
        for _, t, _ in raw_phrases + keyword_src:
            vocab.update(content_words(t))
        self.typos = TypoIndex(vocab)
        self.vocab = vocab

        # document frequency of stems across causes
        cause_stems: Dict[str, Set[str]] = {c: set() for c in self.causes}
        stem_phrase_count: Dict[str, Dict[str, int]] = {}
        phrase_stems: List[Tuple[str, Tuple[str, ...], float]] = []
        for cid, t, base in raw_phrases:
            st = tuple(dict.fromkeys(stem(w) for w in content_words(t)))
            if not st:
                continue
            phrase_stems.append((cid, st, base))
            cause_stems[cid].update(st)
            for s in st:
                stem_phrase_count.setdefault(s, {}).setdefault(cid, 0)
                stem_phrase_count[s][cid] += 1
        n = len(self.causes)
        df: Dict[str, int] = {}
        for st in cause_stems.values():
            for s in st:
                df[s] = df.get(s, 0) + 1
        self.idf: Dict[str, float] = {s: math.log((n + 1) / d) for s, d in df.items()}

        self.phrases: List[_Phrase] = []
        self.index: Dict[str, List[int]] = {}
        seen = set()
        for cid, st, base in phrase_stems:
            key = (cid, st)
            if key in seen:
                continue
            seen.add(key)
            ws = tuple(self.idf.get(s, 0.0) for s in st)
            total = sum(ws)
            if total <= 0.05:
                continue
            idx = len(self.phrases)
            self.phrases.append(_Phrase(cid, st, ws, total, base, min(1.0, total / PHRASE_FULL), len(st) == 1))
            for s in st:
                self.index.setdefault(s, []).append(idx)

        self.keywords: List[Tuple[str, Tuple[str, ...], float]] = []
        self.kw_index: Dict[str, List[int]] = {}
        best: Dict[Tuple[str, Tuple[str, ...]], float] = {}
        for cid, term, weight in keyword_src:
            st = tuple(long_stem(w) for w in words(term) if len(w) > 1 or w.isdigit())
            if st:  # variants with the same stems ("registro", "registrado") count once
                best[(cid, st)] = max(weight, best.get((cid, st), 0.0))
        for (cid, st), weight in best.items():
            idx = len(self.keywords)
            self.keywords.append((cid, st, weight))
            self.kw_index.setdefault(st[0][:5], []).append(idx)

        # bag of stems: how much each stem says about each cause
        self.assoc: Dict[str, List[Tuple[str, float]]] = {}
        for s, per in stem_phrase_count.items():
            tot = sum(per.values())
            idf = self.idf.get(s, 0.0)
            if idf < 0.5:
                continue
            self.assoc[s] = [(c, idf * k / tot) for c, k in per.items()]

    # ------------------------------------------------------------ codes

    def is_known_code(self, code: str, provider: Optional[str] = None) -> bool:
        """True if some provider table of the knowledge lists this code."""
        return bool(self.code_causes(code, provider, ""))

    def code_causes(
        self, code: str, provider: Optional[str], context: str, fallback: str = ""
    ) -> List[str]:
        """Causes a code points to (several if ambiguous), or [] if not known.

        Codes whose meaning depends on details (100, 131009) read their own details
        first; when the code came without details (a bare "(#100) Invalid parameter"
        line), the rest of the text (the person's description) stands in for them.
        """
        try:
            value = int(code)
        except ValueError:
            return []
        own = _TABLE_ORDER.get(provider or "", ("meta",))
        rest = tuple(t for t in _ALL_TABLES if t not in own)
        # the provider's own tables first, then any other table (a pasted text may mix)
        tables: Sequence[Tuple[str, ...]] = [(t,) for t in own] + [rest]
        raw = fold(_PHONE_ID_RE.sub(" ", context))
        ctx = " " + " ".join(words(raw)) + " "
        for group in tables:
            rules = [r for t in group for r in self.code_rules.get(t, ()) if r.low <= value <= r.high]
            if not rules:
                continue
            conditional = [r for r in rules if r.details_any]
            plain = [r for r in rules if not r.details_any]
            matched = [r for r in conditional if any(_has_phrase(ctx, raw, d) for d in r.details_any)]
            if conditional and not matched and fallback and not _has_details(raw):
                fraw = fold(_PHONE_ID_RE.sub(" ", fallback))
                fctx = " " + " ".join(words(fraw)) + " "
                matched = [r for r in conditional if any(_has_phrase(fctx, fraw, d) for d in r.details_any)]
            chosen = matched or plain or []
            causes = list(dict.fromkeys(r.cause for r in chosen))
            if causes:
                return causes
        return []


_GENERIC_ERROR_WORDS = frozenset(
    """invalid parameter parameters value valid not error code oauthexception type whatsapp messaging
    product fbtrace id message title details error_data graph api http status failed""".split()
)


def _has_details(raw: str) -> bool:
    """Does an error's own text say more than its code and title?"""
    rest = [w for w in content_words(raw) if not w.isdigit() and w not in _GENERIC_ERROR_WORDS]
    return len(rest) >= 3


def _has_phrase(ctx: str, raw: str, phrase: str) -> bool:
    """Word-bounded match; a phrase with quotes/punctuation matches literally."""
    if re.search(r"[^\w\s]", phrase):
        return fold(phrase) in raw
    p = " " + " ".join(words(phrase)) + " "
    return p.strip() != "" and p in ctx


# ---------------------------------------------------------------- text focus

_FOCUS_STRONG = ("error", "fail", "falh", "erro", "code", "codigo", "código", "undeliver", "#", "reason")
_FOCUS_WORDS = (
    "error", "fail", "falh", "fall", "code", "codigo", "código", "erro", "reason", "motivo", "details",
    "status", "undeliver", "block", "bloque", "limit", "template", "plantilla", "modelo", "token",
    "window", "ventana", "janela", "deliver", "entreg", "tick", "check", "#", "whatsapp", "spam",
)


def focus(text: str, limit: int) -> str:
    """The parts of a long text that matter: its start and end plus windows around error words.

    Plain `str.find` per word keeps this linear and fast on megabytes of log.
    """
    if len(text) <= limit:
        return text
    low = text.lower()
    hits: List[Tuple[int, int]] = []  # (priority, position): error words first
    for w in _FOCUS_WORDS:
        prio = 0 if w in _FOCUS_STRONG else 1
        pos = low.find(w, 2000)
        count = 0
        while pos >= 0 and count < 60:
            hits.append((prio, pos))
            count += 1
            pos = low.find(w, pos + 600)
    hits.sort()
    windows: List[Tuple[int, int]] = [(0, 2000), (max(2000, len(text) - 1500), len(text))]
    size = sum(b - a for a, b in windows)
    for _, h in hits:
        if size >= limit:
            break
        a, b = max(0, h - 300), min(len(text), h + 300)
        if any(x <= h < y for x, y in windows):
            continue
        windows.append((a, b))
        size += b - a
    windows.sort()
    parts: List[str] = []
    last = 0
    for a, b in windows:
        a = max(a, last)
        if b > a:
            parts.append(text[a:b])
            last = b
    return "\n".join(parts)


# ---------------------------------------------------------------- classify


def _coerce(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (bytes, bytearray, memoryview)):
        value = bytes(value).decode("utf-8", errors="replace")
    elif not isinstance(value, str):
        try:
            import json

            value = json.dumps(value, ensure_ascii=False, default=str)
        except Exception:
            value = str(value)
    return value.replace("\x00", " ")


_NEGATORS = frozenset(
    "no not nao never nunca sin sem without didn didnt don dont doesn doesnt isn wasn haven hasn nor ni nem jamais jamas".split()
)


def _is_negatable(s: str) -> bool:
    """Stems whose meaning flips under negation ("no nos bloquearon", "not blocked")."""
    return s.startswith(("block", "bloq"))


def _text_stems(compiled: Compiled, text: str) -> Tuple[List[str], Set[str]]:
    """(long stem of every token in order, set of informative short stems present).

    Unknown words are mapped to a known word one typo away. A blocking word under
    negation ("they did not block us") does not count as present.
    """
    seq: List[str] = []
    raw: List[str] = []
    typos = compiled.typos
    idf = compiled.idf
    for w in words(text):
        if len(w) == 1 and not w.isdigit():
            continue
        if not (stem(w) in idf or w.isdigit() or w in STOPWORDS or w in _NEGATORS):
            fixed = typos.correct(w)
            if fixed:
                w = fixed
        seq.append(long_stem(w))
        raw.append(w)
    present: Set[str] = set()
    for i, (s, w) in enumerate(zip(seq, raw)):
        if w in STOPWORDS:
            continue
        short = s[:5]
        if _is_negatable(short) and any(x in _NEGATORS for x in raw[max(0, i - 3):i]):
            seq[i] = "!" + s
            continue
        present.add(short)
    return seq, present


def _phrase_scores(c: Compiled, present: Set[str]) -> Dict[str, float]:
    """Per cause: best phrase coverage (informative words weigh more) plus a bit of the rest."""
    got: Dict[int, float] = {}
    idf = c.idf
    for s in present:
        w = idf.get(s)
        if w is None:
            continue
        for idx in c.index.get(s, ()):
            got[idx] = got.get(idx, 0.0) + w
    credits: Dict[str, List[float]] = {}
    phrases = c.phrases
    for idx, g in got.items():
        ph = phrases[idx]
        cov = g / ph.total
        strength = ph.strength
        if ph.single:
            credit = cov * strength * 0.6
        elif cov < 0.5:
            continue
        else:
            credit = strength * cov * cov
        credits.setdefault(ph.cause, []).append(credit * ph.base)
    out: Dict[str, float] = {}
    for cause, cr in credits.items():
        cr.sort(reverse=True)
        out[cause] = cr[0] + 0.25 * sum(cr[1:4])
    return out


def _same_word(a: str, b: str) -> bool:
    """Long stems match when one is a prefix of the other ("inval"/"invalid"),
    but not on a shared 5-letter start alone ("instagr"/"instabi")."""
    return a.startswith(b) or b.startswith(a)


def _keyword_scores(c: Compiled, seq: List[str]) -> Dict[str, float]:
    """Keywords match as word sequences in order, allowing two extra words in between

    ("un check" ~ "un solo check", "no registrado en whatsapp" ~ "no está registrado en whatsapp").
    `seq` holds long stems.
    """
    out: Dict[str, float] = {}
    seen: Set[int] = set()
    n = len(seq)
    for i, s in enumerate(seq):
        for idx in c.kw_index.get(s[:5], ()):
            if idx in seen:
                continue
            cid, st, weight = c.keywords[idx]
            if not _same_word(s, st[0]):
                continue
            j = i + 1
            k = 1
            end = min(n, i + len(st) + 2)
            while k < len(st) and j < end:
                if _same_word(seq[j], st[k]):
                    k += 1
                j += 1
            if k == len(st):
                seen.add(idx)
                out[cid] = out.get(cid, 0.0) + weight
    return {k: min(v, 4.0) for k, v in out.items()}


def _bag_scores(c: Compiled, present: Set[str]) -> Dict[str, float]:
    out: Dict[str, float] = {}
    for s in present:
        for cid, w in c.assoc.get(s, ()):
            out[cid] = out.get(cid, 0.0) + w
    return {k: 1.0 - math.exp(-v / 5.0) for k, v in out.items()}


def compiled_for(kb: Knowledge) -> Compiled:
    if kb.compiled is None:
        kb.compiled = Compiled(kb)
    return kb.compiled


def classify_with(kb: Knowledge, value: object) -> Result:
    """Classify `value` against `kb`. May raise; `diagnosis.classify` wraps it."""
    c = compiled_for(kb)
    text = _coerce(value)
    ext = Extracted()
    if not text.strip():
        return Result("unknown", 1.0, [Candidate("unknown", 1.0)], ext)

    flat = flatten(text) if "{" in text or "[" in text else None
    code_text = focus(text, MAX_CODE_TEXT)
    word_src = code_text
    if flat is not None and flat.found:
        word_src = outside_json(text, flat) + "\n" + "\n".join(s for s in flat.strings if len(s) < 5000)
    word_text = focus(word_src, MAX_WORD_TEXT)

    # ---- codes, with their context
    code_hits: List[Tuple[str, str, float]] = []  # (code, context, strength)
    if flat is not None:
        for e in flat.errors:
            code_hits.append((e.code, e.text + " " + e.details, 1.0))
    for h in extract.find_codes(code_text):
        if not any(h.code == k for k, _, _ in code_hits):
            code_hits.append((h.code, h.context, 1.0 if h.strong else 0.85))
    ext.codes = list(dict.fromkeys(k for k, _, _ in code_hits))
    ext.provider = extract.find_provider(code_text, ext.codes)

    # ---- other facts
    ext.phone_numbers = list(dict.fromkeys((flat.phones if flat else []) + extract.find_phones(word_text)))[:20]
    ext.file_sizes = list(dict.fromkeys((flat.file_sizes if flat else []) + extract.find_sizes(word_text)))[:20]
    ext.times = extract.find_times(word_text)
    ext.template_names = list(
        dict.fromkeys((flat.template_names if flat else []) + extract.find_template_names(word_text))
    )[:10]
    ext.statuses = list(dict.fromkeys(flat.statuses if flat else []))[:10]
    ext.media_types = list(dict.fromkeys((flat.media_types if flat else []) + extract.find_media_types(word_text)))

    scores: Dict[str, float] = {}

    def add(cause: str, amount: float) -> None:
        scores[cause] = scores.get(cause, 0.0) + amount

    # codes: best code counts fully, further codes less (logs repeat themselves)
    code_ev: Dict[str, float] = {}
    for code, ctx, strength in code_hits:
        causes = c.code_causes(code, ext.provider, ctx[:3000], fallback=word_text[:4000])
        for cause in causes:
            ev = strength / len(causes)
            prev = code_ev.get(cause, 0.0)
            code_ev[cause] = max(prev, ev) + 0.2 * min(prev, ev)
    for cause, ev in code_ev.items():
        add(cause, W_CODE * min(ev, 1.3))

    # words
    scored = _CLOCK_RE.sub(" ", word_text)
    for name in ext.template_names:  # "recordatorio_pago" says nothing about payment
        if len(name) > 3:
            scored = scored.replace(name, " ")
    seq, present = _text_stems(c, scored)
    for cause, v in _phrase_scores(c, present).items():
        add(cause, W_PHRASE * v)
    for cause, v in _keyword_scores(c, seq).items():
        add(cause, W_KEYWORD * v)
    for cause, v in _bag_scores(c, present).items():
        add(cause, W_BAG * v)

    # facts
    facts.size_evidence(ext, add)
    facts.status_evidence(ext, bool(code_hits), word_text, add)
    if not code_ev:
        facts.elapsed_evidence(word_text, add)
        facts.audience_evidence(word_text, add)

    return _decide(scores, ext)


def _decide(scores: Dict[str, float], ext: Extracted) -> Result:
    items = sorted(((v, k) for k, v in scores.items() if v > 0), reverse=True)[:12]
    if not items:
        return Result("unknown", 1.0, [Candidate("unknown", 1.0)], ext)
    exps = [(k, math.exp((v - items[0][0]) / TEMPERATURE)) for v, k in items]
    unk = math.exp((UNKNOWN_SCORE - items[0][0]) / TEMPERATURE)
    total = sum(e for _, e in exps) + unk
    probs = [(k, e / total) for k, e in exps]
    unk_p = unk / total
    best, best_p = probs[0]
    cands = [Candidate(k, p) for k, p in probs[:TOP_K]]
    if best_p < MIN_CONFIDENCE:
        conf = 1.0 - best_p
        cands = sorted(cands + [Candidate("unknown", conf)], key=lambda x: -x.confidence)[:TOP_K]
        return Result("unknown", conf, cands, ext)
    return Result(best, best_p, cands, ext)
