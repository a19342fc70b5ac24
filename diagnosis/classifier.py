"""Scoring a text against the cause knowledge.

Why this shape: an error code is near-certain evidence (except codes such as
100/131009 or Twilio 63018, where the details decide: the cause whose `details_any`
cues the details match most often wins), so codes dominate. Without a code, the
words carry it: every wording, symptom and code message in the knowledge YAML
becomes a weighted phrase; a phrase scores by how much of its informative (rare
across causes) words the text contains, so paraphrases, word order and typos still
match, and counts less when those words are far apart in the text. Scores go
through a softmax that includes a fixed "unknown" score, so weak evidence yields
`unknown` (a question is better than a confident wrong answer).

The evidence gate: when no code and no fact supports the best cause, its words must
be enough on their own - the text is one of its wordings, or it is about messaging
(WhatsApp, a customer, a template...) and has two informative words of that cause
or one clear keyword. Otherwise "unknown" is raised above it: "what is your refund
policy" is not a restricted account.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Set, Tuple

from . import extract, facts
from .details import read_details
from .kb import Cause, Knowledge
from .normalize import STOPWORDS, SYNONYMS, TypoIndex, content_words, fold, long_stem, short_of, stem, words
from .payload import flatten, outside_json
from .providers import BUILT_IN
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
MAX_DETAILS_TEXT = 20000  # characters of text read for details (template, language...)
MAX_CODE_TEXT = 400000  # characters scanned for codes


_PHONE_ID_RE = re.compile(r"phone[\s_-]?number[\s_-]?id|business[\s_-]?phone|from[\s_-]?number|sender", re.I)

# timestamps and dates: their digits ("00") are not words
_CLOCK_RE = re.compile(
    r"\b\d{4}-\d{2}-\d{2}(?:[t ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?z?)?|\b\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?", re.I
)

# Tables read whatever the text says: Meta's own (Cloud API, On-Premises). Any other
# provider's numbers are read in its table only when the text names or shows it.
_NAME_FREE_TABLES = ("meta", "on_premises")
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
        # (provider id, how a text names or shows it), from the provider tables
        self.provider_patterns = [(pid, t.pattern()) for pid, t in kb.providers.items()]
        for cid in self.causes:
            cause: Cause = kb[cid]
            sig = cause.signals
            for cs in sig.codes:
                self.code_rules.setdefault(cs.provider, []).append(
                    _CodeRule(cid, cs.low, cs.high, tuple(cs.details_any))
                )
                if cs.provider not in BUILT_IN:
                    continue  # a provider table's words count only with its code, when named
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
        self.kw_starts: Dict[str, Tuple[int, ...]] = {}  # token -> keywords it can start (cache)
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

        # for the evidence gate: every stem a cause's phrases and keywords use
        self.cause_terms: Dict[str, Set[str]] = {cid: set(st) for cid, st in cause_stems.items()}
        for cid, st, _ in self.keywords:
            self.cause_terms[cid].update(short_of(x) for x in st)
        self.phrases_by_cause: Dict[str, List[int]] = {}
        for idx, ph in enumerate(self.phrases):
            if len(ph.stems) >= 2:
                self.phrases_by_cause.setdefault(ph.cause, []).append(idx)

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
        own = _TABLE_ORDER.get(provider or "", (provider, "meta") if provider else ("meta",))
        rest = tuple(t for t in _NAME_FREE_TABLES if t not in own)
        # the provider's own tables first, then Meta's (a pasted text may mix)
        tables: Sequence[Tuple[str, ...]] = [(t,) for t in own] + [rest]
        raw = fold(_PHONE_ID_RE.sub(" ", context))
        ctx = " " + " ".join(words(raw)) + " "
        for group in tables:
            rules = [r for t in group for r in self.code_rules.get(t, ()) if r.low <= value <= r.high]
            if not rules:
                continue
            conditional = [r for r in rules if r.details_any]
            plain = [r for r in rules if not r.details_any]
            matched = _best_conditional(conditional, ctx, raw)
            if conditional and not matched and fallback and not _has_details(raw):
                fraw = fold(_PHONE_ID_RE.sub(" ", fallback))
                fctx = " " + " ".join(words(fraw)) + " "
                matched = _best_conditional(conditional, fctx, fraw)
            chosen = matched or plain or []
            causes = list(dict.fromkeys(r.cause for r in chosen))
            if causes:
                return causes
        return []


_GENERIC_ERROR_WORDS = frozenset(
    """invalid parameter parameters value valid not error code oauthexception type whatsapp messaging
    product fbtrace id message title details error_data graph api http status failed""".split()
)


def _best_conditional(rules: Sequence[_CodeRule], ctx: str, raw: str) -> List[_CodeRule]:
    """The detail-dependent rules whose cues the details match most often.

    Why counting: details like "Invalid value for parameter 'to': 0034... is not a
    valid phone number, use the country code" hit many phone cues, while "Button
    title length invalid, max 20 characters" hits the other-parameter cues; a
    single shared word must not decide between them.
    """
    best: List[_CodeRule] = []
    top = 0
    for r in rules:
        hits = sum(1 for d in r.details_any if _has_phrase(ctx, raw, d))
        if hits > top:
            best, top = [r], hits
        elif hits and hits == top:
            best.append(r)
    return best


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
    "no not nao never nunca sin sem without didn didnt don dont doesn doesnt isn wasn haven hasn nor "
    "ni nem jamais jamas".split()
)


_NEGATOR_STEMS = frozenset(long_stem(w) for w in _NEGATORS)
_STOP_STEMS = frozenset(long_stem(w) for w in STOPWORDS)


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
        w = SYNONYMS.get(w, w)
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
        short = short_of(s)
        if _is_negatable(short) and any(x in _NEGATORS for x in raw[max(0, i - 3):i]):
            seq[i] = "!" + s
            continue
        present.add(short)
    return seq, present


PROXIMITY_SLACK = 8  # a phrase's words may spread over its length + this many tokens
FAR_APART = 0.5  # credit kept when they are spread further ("plantilla ... la API rechaza el envío")


def _positions(seq: List[str]) -> Dict[str, List[int]]:
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


def _phrase_scores(
    c: Compiled, present: Set[str], pos: Optional[Dict[str, List[int]]] = None
) -> Dict[str, float]:
    """Per cause: best phrase coverage (informative words weigh more) plus a bit of the rest.

    A phrase whose words are found far apart in the text counts less: "la plantilla
    tiene {{1}} ... y la API rechaza el envío" is not "plantilla rechazada".
    """
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


def _keyword_scores(
    c: Compiled, seq: List[str], strongest: Optional[Dict[str, Tuple[float, int]]] = None
) -> Dict[str, float]:
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


def _bag_scores(c: Compiled, present: Set[str]) -> Dict[str, float]:
    out: Dict[str, float] = {}
    for s in present:
        for cid, w in c.assoc.get(s, ()):
            out[cid] = out.get(cid, 0.0) + w
    return {k: 1.0 - math.exp(-v / 5.0) for k, v in out.items()}


# ---------------------------------------------------------------- evidence gate

# Words that put a text in the messaging domain (a failed WhatsApp message, its API,
# its customers). Without any of them, a lone cause word is probably about something
# else: "what is your refund policy", "can I pay with a credit card?".
_DOMAIN_WORDS = """
whatsapp wa waba wamid meta facebook graph twilio gupshup 360dialog dialog jelou aisoule bsp
webhook webhooks api cloud message messages mensaje mensajes mensagem mensagens msg msgs
send sent sending sends enviar envio enviado enviada envia enviamos enviando envie envios
mandar mando mandamos manda mande mandei disparo disparos disparar disparamos
broadcast difusion blast campaign campaigns campana campanas campanha campanhas
template templates plantilla plantillas modelo modelos deliver delivered delivery undelivered
entrega entregar entregue entregado entregada recipient recipients destinatario destinatarios
customer customers client clients cliente clientes clienta contact contacts contacto contactos
contato contatos number numbers numero numeros phone telefono telefone celular chat chats bot
tick ticks check checks tilde promo promos marketing token oauth reply replies responder
respuesta resposta notification notificacion notificacao inbox agent agente atendente lead
leads sender remitente remetente optin opt conversation conversations conversacion conversaciones
conversa conversas reminder reminders recordatorio recordatorios lembrete lembretes aviso avisos
otp confirmation confirmacion confirmacao
reach reaches arrive arrives arrived llega llegan llego chega chegam chegou
media multimedia midia image images imagen imagenes imagem imagens photo photos foto fotos video
videos audio audios pdf document documento file files archivo archivos arquivo arquivos
attachment adjunto anexo link url sticker
"""
_DOMAIN = frozenset(stem(w) for w in _DOMAIN_WORDS.split())

# Words too common in any complaint to count as support for one cause.
_GENERIC_WORDS = """
whatsapp wa message messages mensaje mensajes mensagem mensagens send sent sending enviar envio
enviado envia mandar manda mandamos fail failed fails failing falla fallan fallo falha falham
falhou error errors erro errores erros customer customers client cliente clientes clienta
user users usuario usuarios number numero phone today hoy hoje yesterday ayer ontem now ahora
agora work works working funciona problem problema help ayuda ajuda day dia time vez all todo
todos nothing nada every again still api app system sistema platform plataforma panel painel
dashboard says dice diz show shows aparece get got business empresa negocio company code
codigo status estado how what why when where which who can could como cual cuando donde porque
por quien onde quando qual quem only solo so apenas just also tambien tambem
"""
_GENERIC = frozenset(stem(w) for w in _GENERIC_WORDS.split())

SUPPORT_IDF = 1.0  # a stem in at most ~8 of 23 causes says something about a cause
EXCLUSIVE_IDF = 3.0  # a stem used by one cause only
STRONG_KEYWORD = 1.2  # a keyword at least this heavy is a clear sign on its own
WEAK_MARGIN = 0.6  # how far "unknown" goes above a cause whose evidence is thin


def _support(c: Compiled, cause: str, present: Set[str]) -> Set[str]:
    """Informative stems of the text that this cause's phrases or keywords use."""
    idf = c.idf
    shared = present.intersection(c.cause_terms.get(cause, ()))
    return {s for s in shared if not s.isdigit() and s not in _GENERIC and idf.get(s, 0.0) >= SUPPORT_IDF}


def _full_phrase(c: Compiled, cause: str, present: Set[str], max_extra: int = 1000) -> bool:
    """Does the text contain every word of one of this cause's multi-word phrases,
    with at most `max_extra` other informative words around it?

    With a small `max_extra`, the text is (almost) exactly one of the cause's
    wordings ("User blocked", "Access token has expired") and needs no context.
    """
    extras_base = {s for s in present if not s.isdigit() and s not in _GENERIC and len(s) > 2}
    for idx in c.phrases_by_cause.get(cause, ()):
        ph = c.phrases[idx]
        if all(s in present for s in ph.stems):
            if len(extras_base.difference(ph.stems)) <= max_extra:
                return True
    return False


def _enough_words(
    c: Compiled, cause: str, present: Set[str], strongest: Dict[str, Tuple[float, int]]
) -> bool:
    """Do the words alone (no code, no fact) carry enough evidence for `cause`?

    Why: a single cause word in an unrelated text ("refund policy", "credit card",
    "spam folder") must not become a confident diagnosis; a question is better.
    """
    if _full_phrase(c, cause, present, max_extra=1):
        return True
    support = _support(c, cause, present)
    if len(support) >= 4:
        return True
    if not present & _DOMAIN:
        return False
    if len(support) >= 2 or _full_phrase(c, cause, present):
        return True
    kw_weight, _ = strongest.get(cause, (0.0, 0))
    if kw_weight >= STRONG_KEYWORD:
        return True
    return any(c.idf.get(s, 0.0) >= EXCLUSIVE_IDF for s in support)


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
    ext.provider = extract.find_provider(code_text, ext.codes, c.provider_patterns)

    # ---- other facts
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
    strongest: Dict[str, Tuple[float, int]] = {}
    for cause, v in _phrase_scores(c, present, _positions(seq)).items():
        add(cause, W_PHRASE * v)
    for cause, v in _keyword_scores(c, seq, strongest).items():
        add(cause, W_KEYWORD * v)
    for cause, v in _bag_scores(c, present).items():
        add(cause, W_BAG * v)

    # facts
    fact_causes: Set[str] = set()

    def add_fact(cause: str, amount: float) -> None:
        if amount > 0:
            fact_causes.add(cause)
        add(cause, amount)

    facts.size_evidence(ext, add_fact)
    facts.status_evidence(ext, bool(code_hits), word_text, add_fact)
    if not code_ev:
        facts.word_facts(word_text, add_fact)

    floor = 0.0
    if scores:
        top = max(scores, key=lambda k: scores[k])
        if top not in code_ev and top not in fact_causes and not _enough_words(c, top, present, strongest):
            floor = scores[top] + WEAK_MARGIN
    return _decide(scores, ext, floor)


def _decide(scores: Dict[str, float], ext: Extracted, unknown_floor: float = 0.0) -> Result:
    """Softmax over the causes and a fixed "unknown" score (raised to `unknown_floor`
    when the best cause's evidence is too thin to stand on)."""
    items = sorted(((v, k) for k, v in scores.items() if v > 0), reverse=True)[:12]
    if not items:
        return Result("unknown", 1.0, [Candidate("unknown", 1.0)], ext)
    exps = [(k, math.exp((v - items[0][0]) / TEMPERATURE)) for v, k in items]
    unk = math.exp((max(UNKNOWN_SCORE, unknown_floor) - items[0][0]) / TEMPERATURE)
    total = sum(e for _, e in exps) + unk
    probs = [(k, e / total) for k, e in exps]
    best, best_p = probs[0]
    cands = [Candidate(k, p) for k, p in probs[:TOP_K]]
    if best_p < MIN_CONFIDENCE:
        conf = 1.0 - best_p
        cands = sorted(cands + [Candidate("unknown", conf)], key=lambda x: -x.confidence)[:TOP_K]
        return Result("unknown", conf, cands, ext)
    return Result(best, best_p, cands, ext)
