"""Word scoring: how much a text's words say for each cause, without codes.

Why: without an error code the words carry the diagnosis, and people paraphrase,
reorder, misspell and negate. Three scores, each robust to one of those:
  phrases   a knowledge phrase scores by how much of its informative words the text
            holds (word order free), less when they are far apart in the text;
  keywords  short word sequences matched in order, two extra words allowed between;
  bag       every informative stem adds a little to the causes that use it.
Unknown words are mapped to a known word one typo away; a blocking word under a
negation ("they did not block us") does not count.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Dict, List, Optional, Sequence, Set, Tuple

import numpy as np

from ..text import long_stem, short_of, stem, tokens
from ..wordlists import NEGATORS, STOPWORDS, SYNONYMS

if TYPE_CHECKING:
    from .index import CompiledIndex

PROXIMITY_SLACK = 8  # a phrase's words may spread over its length + this many tokens
FAR_APART = 0.5  # credit kept when they are spread further ("plantilla ... la API rechaza el envío")

_NEGATOR_STEMS = frozenset(long_stem(w) for w in NEGATORS)
_STOP_STEMS = frozenset(long_stem(w) for w in STOPWORDS)

Strongest = Dict[str, Tuple[float, int]]  # cause -> (weight, word count) of its strongest keyword


def _is_negatable(s: str) -> bool:
    """Stems whose meaning flips under negation ("no nos bloquearon", "not blocked")."""
    return s.startswith(("block", "bloq"))


def text_stems(compiled: CompiledIndex, text: str) -> Tuple[List[str], Set[str]]:
    """(long stem of every token in order, set of informative short stems present).

    Unknown words are mapped to a known word one typo away. A blocking word under
    negation ("they did not block us") does not count as present.
    """
    seq: List[str] = []
    raw: List[str] = []
    typos = compiled.typos
    idf = compiled.idf
    for w in tokens(text):
        if len(w) == 1 and not w.isdigit():
            continue
        w = SYNONYMS.get(w, w)
        if not (stem(w) in idf or w.isdigit() or w in STOPWORDS or w in NEGATORS):
            fixed = typos.correct(w)
            if fixed:
                w = fixed
        seq.append(long_stem(w))
        raw.append(w)
    present: Set[str] = set()
    for i, (s, w) in enumerate(zip(seq, raw)):
        if w in STOPWORDS:
            continue
        short = short_of(s)
        if _is_negatable(short) and any(x in NEGATORS for x in raw[max(0, i - 3) : i]):
            seq[i] = "!" + s
            continue
        present.add(short)
    return seq, present


def positions(seq: List[str]) -> Dict[str, List[int]]:
    """Where each short stem occurs in the text (first 40 occurrences)."""
    pos: Dict[str, List[int]] = {}
    for i, s in enumerate(seq):
        if s[0] == "!":
            continue
        lst = pos.setdefault(short_of(s), [])
        if len(lst) < 40:
            lst.append(i)
    return pos


def _min_span(stems: Sequence[str], pos: Dict[str, List[int]]) -> int:
    """Smallest token span holding one occurrence of every stem (nearest-neighbour sweep)."""
    lists = sorted((pos[s] for s in stems if s in pos), key=len)
    if len(lists) < 2:
        return 0
    best = 1 << 30
    for a in lists[0]:
        lo = hi = a
        for other in lists[1:]:
            near = min(other, key=lambda p: abs(p - a))
            lo, hi = min(lo, near), max(hi, near)
        best = min(best, hi - lo)
    return best


def phrase_scores(c: CompiledIndex, present: Set[str], pos: Optional[Dict[str, List[int]]] = None) -> Dict[str, float]:
    """Per cause: best phrase coverage (informative words weigh more) plus a bit of the rest.

    A phrase whose words are found far apart in the text counts less: "la plantilla
    tiene {{1}} ... y la API rechaza el envío" is not "plantilla rechazada".
    """
    idf = c.idf
    rows, weights, counts = [], [], []
    for s in present:
        w = idf.get(s)
        r = c.index_rows.get(s) if w is not None else None
        if r is not None:
            rows.append(r)
            weights.append(w)
            counts.append(len(r))
    if not rows:
        return {}
    n = len(c.phrases)
    got = np.bincount(np.concatenate(rows), weights=np.repeat(weights, counts), minlength=n)
    cov_all = got / c.phrase_total
    # single-word phrases count at any coverage, longer ones from half of their words
    chosen = np.flatnonzero((got > 0) & (c.phrase_single | (cov_all >= 0.5)))
    credits: Dict[str, List[float]] = {}
    phrases = c.phrases
    for idx in chosen.tolist():
        ph = phrases[idx]
        cov = float(cov_all[idx])
        strength = ph.strength
        if ph.single:
            credit = cov * strength * 0.6
        else:
            credit = strength * cov * cov
            if pos is not None and _min_span(ph.stems, pos) > len(ph.stems) + PROXIMITY_SLACK:
                credit *= FAR_APART
        credits.setdefault(ph.cause, []).append(credit * ph.base)
    out: Dict[str, float] = {}
    for cause, cr in credits.items():
        cr.sort(reverse=True)
        out[cause] = cr[0] + 0.25 * sum(cr[1:4])
    return out


def _same_word(a: str, b: str) -> bool:
    """Long stems match when one is a prefix of the other ("inval"/"invalid"),
    but not on a shared 5-letter start alone ("instagr"/"instabi"), a short word
    is no prefix of a long one ("no" is not "normal", "sem" is not "semana"), and a
    small word only matches itself ("varias" is not "variables")."""
    if a == b:
        return True
    if len(a) < 4 or len(b) < 4 or a[0] != b[0] or a in _STOP_STEMS or b in _STOP_STEMS:
        return False
    return a.startswith(b) or b.startswith(a)


def keyword_scores(c: CompiledIndex, seq: List[str], strongest: Optional[Strongest] = None) -> Dict[str, float]:
    """Keywords match as word sequences in order, allowing two extra words in between

    ("un check" ~ "un solo check", "no registrado en whatsapp" ~ "no está registrado en whatsapp").
    `seq` holds long stems. `strongest` (if given) receives, per cause, the weight and
    word count of its strongest matched keyword (for the evidence gate).
    """
    out: Dict[str, float] = {}
    seen: Set[int] = set()
    n = len(seq)
    starts = c.kw_starts
    for i, s in enumerate(seq):
        cands = starts.get(s)
        if cands is None:
            cands = tuple(idx for idx in c.kw_index.get(s[:5], ()) if _same_word(s, c.keywords[idx][1][0]))
            if len(starts) < 50000:
                starts[s] = cands
        for idx in cands:
            if idx in seen:
                continue
            cid, st, weight = c.keywords[idx]
            j = i + 1
            k = 1
            end = min(n, i + len(st) + 2)
            # after a negation ("no", "não", "not") only small words may come in
            # between: "não bloqueou a gente e usa WhatsApp" is not "não usa WhatsApp"
            negated = st[0] in _NEGATOR_STEMS
            while k < len(st) and j < end:
                if _same_word(seq[j], st[k]):
                    k += 1
                elif negated and k == 1 and seq[j] not in _STOP_STEMS:
                    break
                j += 1
            if k == len(st):
                seen.add(idx)
                out[cid] = out.get(cid, 0.0) + weight
                if strongest is not None and weight > strongest.get(cid, (0.0, 0))[0]:
                    strongest[cid] = (weight, len(st))
    return {k: min(v, 4.0) for k, v in out.items()}


def bag_scores(c: CompiledIndex, present: Set[str]) -> Dict[str, float]:
    """Per cause: how much the text's informative stems say about it (saturating)."""
    out: Dict[str, float] = {}
    for s in present:
        for cid, w in c.assoc.get(s, ()):
            out[cid] = out.get(cid, 0.0) + w
    return {k: 1.0 - math.exp(-v / 5.0) for k, v in out.items()}
