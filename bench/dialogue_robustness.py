"""Dialogue robustness check: off-script turns from every state of the dialogue.

    .venv/bin/python bench/dialogue_robustness.py            # every state (~2-3 min)
    .venv/bin/python bench/dialogue_robustness.py --quick    # a sample of the states
    make test-dialogue

Why: the scripted tests pass while people who answer in their own words do not
(issue 9). This starts the real action server and Rasa server (tests/support/servers.py),
brings a fresh conversation to each state of the dialogue, in English, Spanish and
Portuguese, plays one item of a pool of off-script turns there, and checks every
reply. One conversation per (state, language, pool item), so items don't disturb
each other.

States
  question       each follow-up question of each cause (causes/<cause>.yaml `questions:`),
                 reached with a real error text for the cause and valid answers to the
                 earlier questions; plus recipient_country (a number without country code).
                 --quick keeps one path per distinct question id, the shortest.
  triage         the two narrowing questions after a vague symptom ("message failed red
                 icon" / "mi mensaje no llega" / "mensagem não chega").
  after_fix      the fix has been given and the bot asks "did that solve it?".
  after_handoff  the user asked for a person and got the summary.
  unplaceable    after the narrowing found nothing and the bot asked for the exact error.
  Each state's setup is verified on the tracker (requested_slot / awaiting / handed_off);
  a state that is not reached is reported as a setup failure (and fails the run).

Pool (per language; the same for every state)
  other_lang  a sentence in another language (en->es, es->pt, pt->en)
  ok          "ok"
  no_idea_x3  "no idea" / "ni idea" / "não faço ideia", three turns in a row
  question    "what is the 24-hour window?" / "¿qué es la ventana de 24 horas?" /
              "o que é a janela de 24 horas?"
  gibberish   "asdkj qwe"
  new_error   "(#131026) Message undeliverable"
  fixed       "it's fixed" / "ya funciona" / "resolveu"

Properties, checked on every pool turn (the setup turns are history only)
  silent     the turn got no message at all.
  too_many   the turn got more than MAX_MESSAGES (3) messages.
  repeat     a question asked a third time in a row. Two precise rules, either one flags:
             (a) text: a question sentence (a sentence of a bot message ending in "?",
                 compared after case-folding, dropping "¿", "*", "_" and collapsing
                 whitespace) occurs in the bot's replies of this turn and of each of the
                 two turns before it (setup turns count as history);
             (b) id: the same question id is asked in this turn and in each of the two
                 turns before it, i.e. asked and then re-asked twice. Read from the
                 tracker's events after that turn's user event: a form question is asked
                 when `requested_slot` is set to its id and a bot message follows (a form
                 asking or re-asking it); the questions outside the forms are the slot
                 `awaiting` ("awaiting:fix_outcome" = "did that solve it?",
                 "awaiting:error" = "paste the exact error"), asked in a turn that sets
                 `awaiting` or counts a miss (`misses`), poses something (a bot message
                 with a "?" or with buttons), and ends with `awaiting` still set; a turn
                 that only says it will wait ("No rush: tell me how it went") asks nothing.
  language   a reply in another language than the user's. Each message's text, and the
             turn's button titles joined as one text, are judged separately with
             diagnosis.language.detect.scores (lingua, on the text's own words: pasted
             codes, quotes and JSON are left out), only when they have at least
             MIN_JUDGED_WORDS own words. A text is in the wrong language when another
             language scores higher than the expected one by at least LANG_MARGIN. The
             expected language is the language of the conversation's user turns, except
             on the other_lang turn, where the bot is expected to switch to that language.
  cause      after the question turn, the tracker's `cause` slot differs from before it
             (a cause concluded from a question about WhatsApp).

Output: a table per state kind and language (turns and violations per property), a
table per pool item, the violations with what the bot said, and the exit status 1 when
anything was violated or a state could not be reached. --json writes every transcript.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

LANGS = ("en", "es", "pt")
MAX_MESSAGES = 3
MIN_JUDGED_WORDS = 5
LANG_MARGIN = 0.3
PROPERTIES = ("silent", "too_many", "repeat", "language", "cause")

CAUSES_DIR = ROOT / "diagnosis" / "knowledge_base" / "causes"

# --- the user's side ---------------------------------------------------------------------

# What opens a conversation in each language: the user's own words, then the error.
ERROR_PREFIX = {
    "en": "Our message failed with this error: ",
    "es": "Nuestro mensaje falló con este error: ",
    "pt": "Nossa mensagem falhou com este erro: ",
}
# A real error text per cause (each checked with `python -m diagnosis`: the cause, 1.0).
ERROR_TEXTS = {
    "account_restricted": "(#131031) Business Account locked",
    "auth_failed": "(#190) Invalid OAuth access token - Cannot parse access token",
    "blocked_by_recipient": None,  # reached only by narrowing undeliverable (no error code)
    "business_blocked_user": None,  # same questions as invalid_phone_format
    "ecosystem_limit": "(#131049) This message was not delivered to maintain healthy ecosystem engagement",
    "invalid_phone_format": "(#100) Invalid parameter: the 'to' phone number is not a valid number",
    "invalid_request": "(#100) Invalid parameter",
    "marketing_experiment": "(#130472) User's number is part of an experiment",
    "marketing_opt_out": "(#131050) User stopped marketing messages",
    "media_error": "(#131053) Media upload error",
    "media_too_large": "Media size exceeds limit",
    "messaging_limit": "Twilio error 63038: Account exceeded the daily messages limit",
    "meta_outage": "(#131000) Something went wrong",
    "not_on_whatsapp": None,  # same question as invalid_phone_format
    "number_not_registered": "(#133010) Phone number not registered",
    "outside_service_window": "(#131047) Re-engagement message",
    "payment_issue": "(#131042) Business eligibility payment issue",
    "pending_delivery": None,  # a description, per language below
    "rate_limit": "(#130429) Rate limit hit",
    "spam_rate_limit": "(#131048) Spam rate limit hit",
    "template_not_approved": "(#132001) Template name does not exist in the translation",
    "template_parameter_mismatch": "(#132000) Number of parameters does not match the expected number of params",
    "template_paused_or_disabled": "(#132015) Template is paused",
    "test_number_not_allowed": "(#131030) Recipient phone number not in allowed list",
    "undeliverable": "(#131026) Message undeliverable",
}
# Causes described rather than pasted, in the user's language.
DESCRIBED = {
    "pending_delivery": {
        "en": "message stuck on sent status with one grey tick for hours, never delivered",
        "es": "el mensaje se queda en enviado con un solo check gris hace horas, nunca se entrega",
        "pt": "a mensagem fica como enviada com um só tique cinza há horas, nunca é entregue",
    },
}
# A valid answer to each question, used to reach the questions after it.
ANSWERS = {
    "last_customer_message": {"en": "3 days ago", "es": "hace 3 días", "pt": "há 3 dias"},
    "template_status": {"en": "paused", "es": "pausada", "pt": "pausado"},
    "parameter_problem": {"en": "a variable is empty", "es": "una variable vacía", "pt": "uma variável vazia"},
    "recipient_number": {"en": "+14155551234", "es": "+14155551234", "pt": "+14155551234"},
    "recipient_country": {"en": "United States", "es": "Estados Unidos", "pt": "Estados Unidos"},
    "media_details": {"en": "an image of 3 MB", "es": "una imagen de 3 MB", "pt": "uma imagem de 3 MB"},
    "media_link_opens": {"en": "yes, it opens", "es": "sí, se abre", "pt": "sim, abre"},
    "undeliverable_reason": {"en": "not sure", "es": "no sé", "pt": "não sei"},
    "campaign": {"en": "yes, a campaign", "es": "sí, una campaña", "pt": "sim, uma campanha"},
    "template_category": {"en": "marketing", "es": "marketing", "pt": "marketing"},
    "messaging_tier": {"en": "1k", "es": "1k", "pt": "1k"},
    "unique_customers": {"en": "200", "es": "200", "pt": "200"},
    "send_rate": {"en": "50 per second", "es": "50 por segundo", "pt": "50 por segundo"},
    "token_type": {"en": "temporary token", "es": "token temporal", "pt": "token temporário"},
    "billing_status": {"en": "I don't know", "es": "no sé", "pt": "não sei"},
    "quality_rating": {"en": "high", "es": "alta", "pt": "alta"},
    "number_status": {"en": "connected", "es": "conectado", "pt": "conectado"},
    "failure_scope": {"en": "all messages", "es": "todos los mensajes", "pt": "todas as mensagens"},
    "error_field": {"en": "the template name", "es": "el nombre de la plantilla", "pt": "o nome do modelo"},
    "time_since_sent": {"en": "3 hours ago", "es": "hace 3 horas", "pt": "há 3 horas"},
}
# A number without country code: the bot then asks the recipient's country.
LOCAL_NUMBER = "(415) 555-1234"
VAGUE = {"en": "message failed red icon", "es": "mi mensaje no llega", "pt": "mensagem não chega"}
TRIAGE_KIND = {"en": "a template", "es": "una plantilla", "pt": "um template"}
NOT_SURE = {"en": "not sure", "es": "no lo sé", "pt": "não sei"}
PERSON = {"en": "a person", "es": "una persona", "pt": "uma pessoa"}

OTHER_LANG = {"en": "es", "es": "pt", "pt": "en"}
OTHER_SENTENCE = {
    "en": "Sorry, I do not really understand what you are asking me here",
    "es": "Perdón, no entiendo bien lo que me estás preguntando aquí",
    "pt": "Desculpa, não entendi bem o que você está me perguntando aqui",
}
POOL: Dict[str, Dict[str, List[str]]] = {
    "other_lang": {lang: [OTHER_SENTENCE[OTHER_LANG[lang]]] for lang in LANGS},
    "ok": {lang: ["ok"] for lang in LANGS},
    "no_idea_x3": {"en": ["no idea"] * 3, "es": ["ni idea"] * 3, "pt": ["não faço ideia"] * 3},
    "question": {
        "en": ["what is the 24-hour window?"],
        "es": ["¿qué es la ventana de 24 horas?"],
        "pt": ["o que é a janela de 24 horas?"],
    },
    "gibberish": {lang: ["asdkj qwe"] for lang in LANGS},
    "new_error": {lang: ["(#131026) Message undeliverable"] for lang in LANGS},
    "fixed": {"en": ["it's fixed"], "es": ["ya funciona"], "pt": ["resolveu"]},
}


@dataclass(frozen=True)
class State:
    """A point of the dialogue, reached by `setup` in a fresh conversation."""

    kind: str  # question | triage | after_fix | after_handoff | unplaceable
    name: str  # e.g. "auth_failed/failure_scope"
    lang: str
    setup: Tuple[str, ...]
    expect: Tuple[Tuple[str, object], ...]  # tracker facts that say the state is reached

    @property
    def key(self) -> str:
        return f"{self.name} [{self.lang}]"


def cause_questions(directory: Path = CAUSES_DIR) -> Dict[str, List[str]]:
    """Each cause's follow-up questions, in the order they are asked."""
    out = {}
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if data.get("questions"):
            out[data.get("id", path.stem)] = list(data["questions"])
    return out


def opening(cause: str, lang: str) -> Optional[str]:
    if cause in DESCRIBED:
        return DESCRIBED[cause][lang]
    text = ERROR_TEXTS.get(cause)
    return ERROR_PREFIX[lang] + text if text else None


def build_states(quick: bool = False, langs: Sequence[str] = LANGS) -> List[State]:
    """Every state of the dialogue, per language. quick: one path per question id."""
    states: List[State] = []
    for lang in langs:
        question_states: List[State] = []
        for cause, questions in cause_questions().items():
            first = opening(cause, lang)
            if first is None:
                continue
            for i, question in enumerate(questions):
                setup = (first,) + tuple(ANSWERS[q][lang] for q in questions[:i])
                question_states.append(State(
                    "question", f"{cause}/{question}", lang, setup,
                    (("requested_slot", question), ("cause", cause)),
                ))
                if question == "recipient_number":
                    question_states.append(State(
                        "question", f"{cause}/recipient_country", lang, setup + (LOCAL_NUMBER,),
                        (("requested_slot", "recipient_country"), ("cause", cause)),
                    ))
        if quick:  # the shortest path to each distinct question id
            best: Dict[str, State] = {}
            for s in question_states:
                qid = s.name.split("/")[1]
                if qid not in best or len(s.setup) < len(best[qid].setup):
                    best[qid] = s
            question_states = list(best.values())
        states += question_states
        states += [
            State("triage", "triage/message_kind", lang, (VAGUE[lang],),
                  (("requested_slot", "message_kind"),)),
            State("triage", "triage/failure_scope", lang, (VAGUE[lang], TRIAGE_KIND[lang]),
                  (("requested_slot", "failure_scope"),)),
            State("after_fix", "after_fix", lang,
                  (opening("outside_service_window", lang), ANSWERS["last_customer_message"][lang]),
                  (("awaiting", "fix_outcome"),)),
            State("after_handoff", "after_handoff", lang,
                  (opening("outside_service_window", lang), PERSON[lang]),
                  (("handed_off", True),)),
            State("unplaceable", "unplaceable", lang,
                  (VAGUE[lang], NOT_SURE[lang], NOT_SURE[lang], NOT_SURE[lang]),
                  (("awaiting", "error"),)),
        ]
    return states


# --- one conversation ---------------------------------------------------------------------


@dataclass
class Turn:
    user: str
    replies: List[dict]
    pool: bool = False  # a pool turn (checked), or a setup turn (history)
    expected_lang: str = "en"
    asked: List[str] = field(default_factory=list)  # question ids asked in this turn


@dataclass
class Conversation:
    state: State
    item: str
    sender: str
    turns: List[Turn] = field(default_factory=list)
    reached: bool = True
    setup_problem: str = ""
    cause_before: Optional[str] = None
    cause_after: Optional[str] = None
    error: str = ""


def asked_per_turn(events: Sequence[dict]) -> List[List[str]]:
    """For each user event of a tracker, the question ids the bot asked before the next one.

    A form question is asked when `requested_slot` is set to its id and a bot message
    follows (before `requested_slot` changes again or the next user message). A question
    outside the forms is the slot `awaiting` ("fix_outcome": did that solve it?; "error":
    paste the exact error): it is asked in a turn that sets `awaiting` or counts a miss
    (`misses`), poses something (a bot message with a "?" or buttons), and ends with
    `awaiting` still set; its id is "awaiting:<value>".
    """
    turns: List[List[str]] = []
    pending: Optional[str] = None
    awaiting: Optional[str] = None
    touched = posed = False

    def close() -> None:
        if turns and touched and posed and awaiting:
            turns[-1].append(f"awaiting:{awaiting}")

    for event in events:
        kind = event.get("event")
        if kind == "user":
            close()
            turns.append([])
            pending, touched, posed = None, False, False
            continue
        if kind == "slot" and event.get("name") == "awaiting":
            awaiting = event.get("value") or None
            touched = True
        if kind in ("restart", "reset_slots"):
            awaiting = None
        if not turns:
            continue
        if kind == "slot" and event.get("name") == "misses" and event.get("value"):
            touched = True
        elif kind == "slot" and event.get("name") == "requested_slot":
            pending = event.get("value") or None
        elif kind == "bot":
            data = event.get("data") or {}
            if "?" in (event.get("text") or "") or data.get("buttons") or data.get("quick_replies"):
                posed = True
            if pending:
                if pending not in turns[-1]:
                    turns[-1].append(pending)
                pending = None
    close()
    return turns


class _Client:
    """RestUser's two calls over one keep-alive session per thread."""

    _local = threading.local()

    def __init__(self, base: str, sender: str):
        self.base, self.sender = base, sender

    @property
    def session(self):
        import requests

        if not hasattr(self._local, "session"):
            self._local.session = requests.Session()
        return self._local.session

    def say(self, text: str) -> List[dict]:
        r = self.session.post(f"{self.base}/webhooks/rest/webhook",
                              json={"sender": self.sender, "message": text}, timeout=60)
        r.raise_for_status()
        return r.json()

    def tracker(self) -> dict:
        r = self.session.get(f"{self.base}/conversations/{self.sender}/tracker", timeout=60)
        r.raise_for_status()
        return r.json()


def reached(tracker: dict, expect: Iterable[Tuple[str, object]]) -> str:
    """'' when the tracker shows the state, else what differs."""
    slots = tracker.get("slots", {})
    wrong = [f"{k}={slots.get(k)!r} (wanted {v!r})" for k, v in expect if slots.get(k) != v]
    return "; ".join(wrong)


def play(base: str, state: State, item: str) -> Conversation:
    conv = Conversation(state, item, f"robust-{uuid.uuid4().hex[:12]}")
    client = _Client(base, conv.sender)
    try:
        for text in state.setup:
            conv.turns.append(Turn(text, client.say(text), False, state.lang))
        before = client.tracker()
        conv.setup_problem = reached(before, state.expect)
        conv.reached = not conv.setup_problem
        conv.cause_before = before["slots"].get("cause")
        expected = OTHER_LANG[state.lang] if item == "other_lang" else state.lang
        for text in POOL[item][state.lang]:
            conv.turns.append(Turn(text, client.say(text), True, expected))
        after = client.tracker()
        conv.cause_after = after["slots"].get("cause")
        for turn, asked in zip(conv.turns, asked_per_turn(after.get("events", []))):
            turn.asked = asked
    except Exception as exc:  # a crashed turn is reported, the run goes on
        conv.error = f"{type(exc).__name__}: {exc}"
    return conv


# --- the checks (pure: tests/dialogue/test_robustness_table.py) ----------------------------

_SENTENCE = re.compile(r"[^.!?\n]*\?")


def question_sentences(text: str) -> List[str]:
    """The sentences of a bot message that end in '?', normalized for comparison."""
    out = []
    for raw in _SENTENCE.findall(text or ""):
        norm = re.sub(r"[¿*_]", "", raw).casefold()
        norm = " ".join(norm.split())
        if len(norm) > 1:
            out.append(norm)
    return out


def turn_questions(replies: Sequence[dict]) -> set:
    found = set()
    for message in replies:
        found.update(question_sentences(message.get("text") or ""))
    return found


def judged_texts(replies: Sequence[dict]) -> List[str]:
    """What the language check reads: each message's text, and all button titles as one."""
    texts = [m.get("text") or "" for m in replies]
    titles = [b.get("title", "") for m in replies for b in (m.get("buttons") or [])]
    if titles:
        texts.append(" . ".join(titles))
    return [t for t in texts if t.strip()]


def default_scorer(text: str) -> Dict[str, float]:
    from diagnosis.language.detect import scores

    return scores(text)


def _own_word_count(text: str) -> int:
    from diagnosis.language.detect import own_words

    return len(own_words(text).split())


def wrong_language(
    text: str,
    expected: str,
    scorer: Callable[[str], Dict[str, float]] = default_scorer,
    min_words: int = MIN_JUDGED_WORDS,
    margin: float = LANG_MARGIN,
) -> Optional[str]:
    """The language `text` is in, when it is clearly not `expected`; None otherwise
    (right language, or too few words to judge)."""
    if _own_word_count(text) < min_words:
        return None
    found = scorer(text)
    if not found:
        return None
    best = max(found, key=found.get)
    if best != expected and found[best] - found.get(expected, 0.0) >= margin:
        return best
    return None


@dataclass
class Violation:
    prop: str
    turn: int  # index in the conversation's turns
    detail: str


def check_conversation(
    turns: Sequence[Turn],
    cause_before: Optional[str] = None,
    cause_after: Optional[str] = None,
    item: str = "",
    scorer: Callable[[str], Dict[str, float]] = default_scorer,
) -> Tuple[Dict[str, int], List[Violation]]:
    """Check every pool turn. Returns (turns checked per property, violations)."""
    checked: Dict[str, int] = defaultdict(int)
    found: List[Violation] = []
    questions = [turn_questions(t.replies) for t in turns]
    for i, turn in enumerate(turns):
        if not turn.pool:
            continue
        n = len(turn.replies)
        checked["silent"] += 1
        if n == 0:
            found.append(Violation("silent", i, "no message"))
        checked["too_many"] += 1
        if n > MAX_MESSAGES:
            found.append(Violation("too_many", i, f"{n} messages"))
        checked["repeat"] += 1
        if i >= 2:
            same_text = questions[i] & questions[i - 1] & questions[i - 2]
            same_id = set(turn.asked) & set(turns[i - 1].asked) & set(turns[i - 2].asked)
            if same_text:
                found.append(Violation("repeat", i, f"3rd time in a row: {sorted(same_text)[0]!r}"))
            elif same_id:
                found.append(Violation("repeat", i, f"question id asked 3 turns in a row: {sorted(same_id)[0]}"))
        judged = False
        for text in judged_texts(turn.replies):
            if _own_word_count(text) < MIN_JUDGED_WORDS:
                continue
            judged = True
            other = wrong_language(text, turn.expected_lang, scorer)
            if other:
                found.append(Violation(
                    "language", i, f"expected {turn.expected_lang}, reads as {other}: {short(text)!r}"))
                break
        if judged:
            checked["language"] += 1
    if item == "question":
        checked["cause"] += 1
        if cause_after != cause_before:
            last = max(i for i, t in enumerate(turns) if t.pool)
            found.append(Violation("cause", last, f"cause {cause_before!r} -> {cause_after!r}"))
    return dict(checked), found


def short(text: str, width: int = 160) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


# --- the table --------------------------------------------------------------------------


@dataclass
class Tally:
    convs: int = 0
    turns: int = 0
    checked: Dict[str, int] = field(default_factory=lambda: defaultdict(int))
    violations: Dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, turns: int, checked: Dict[str, int], found: Sequence[Violation]) -> None:
        self.convs += 1
        self.turns += turns
        for k, v in checked.items():
            self.checked[k] += v
        for v in found:
            self.violations[v.prop] += 1

    @property
    def total(self) -> int:
        return sum(self.violations.values())


def render_table(title: str, rows: Dict[str, Tally]) -> str:
    header = ["", "convs", "turns"] + [p for p in PROPERTIES] + ["total"]
    lines = [[k, str(t.convs), str(t.turns)]
             + [f"{t.violations.get(p, 0)}/{t.checked.get(p, 0)}" for p in PROPERTIES]
             + [str(t.total)]
             for k, t in rows.items()]
    total = Tally()
    for t in rows.values():
        total.convs += t.convs
        total.turns += t.turns
        for p in PROPERTIES:
            total.checked[p] += t.checked.get(p, 0)
            total.violations[p] += t.violations.get(p, 0)
    lines.append(["TOTAL", str(total.convs), str(total.turns)]
                 + [f"{total.violations.get(p, 0)}/{total.checked.get(p, 0)}" for p in PROPERTIES]
                 + [str(total.total)])
    widths = [max(len(r[i]) for r in [header] + lines) for i in range(len(header))]
    fmt = lambda r: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))  # noqa: E731
    rule = "-" * len(fmt(header))
    return "\n".join([title, fmt(header), rule] + [fmt(r) for r in lines[:-1]] + [rule, fmt(lines[-1])])


def report(convs: Sequence[Conversation], by_state: bool = False, max_details: int = 200,
           out=sys.stdout) -> int:
    """Print the tables and the violations; the number of problems (violations, states not
    reached, crashed conversations)."""
    per_kind: Dict[str, Tally] = {}
    per_item: Dict[str, Tally] = {}
    per_state: Dict[str, Tally] = {}
    details: List[str] = []
    unreached: Dict[str, str] = {}
    errors: List[str] = []
    for conv in convs:
        s = conv.state
        if conv.error:
            errors.append(f"{s.key} / {conv.item}: {conv.error}")
            continue
        if not conv.reached:
            unreached.setdefault(s.key, conv.setup_problem)
            continue
        checked, found = check_conversation(conv.turns, conv.cause_before, conv.cause_after, conv.item)
        pool_turns = sum(1 for t in conv.turns if t.pool)
        for table, key in ((per_kind, f"{s.kind} [{s.lang}]"), (per_item, conv.item),
                           (per_state, f"{s.key} x {conv.item}")):
            table.setdefault(key, Tally()).add(pool_turns, checked, found)
        for v in found:
            turn = conv.turns[v.turn]
            said = " | ".join(short(m.get("text") or "", 220) for m in turn.replies) or "(nothing)"
            details.append(
                f"[{v.prop}] {s.key} / {conv.item} / turn {v.turn + 1} (sender {conv.sender})\n"
                f"    user: {turn.user!r}\n    {v.detail}\n    bot:  {said}"
            )
    kinds_order = ["question", "triage", "after_fix", "after_handoff", "unplaceable"]
    per_kind = dict(sorted(per_kind.items(), key=lambda kv: (
        kinds_order.index(kv[0].split(" ")[0]), LANGS.index(kv[0][-3:-1]))))
    print(render_table("Per state kind and language (violations/turns checked)", per_kind), file=out)
    print(file=out)
    print(render_table("Per pool item", dict(sorted(per_item.items()))), file=out)
    if by_state:
        print(file=out)
        print(render_table("Per state x pool item", dict(sorted(per_state.items()))), file=out)
    if unreached:
        print(f"\nStates not reached ({len(unreached)}): the setup did not lead there", file=out)
        for k, why in sorted(unreached.items()):
            print(f"  {k}: {why}", file=out)
    if errors:
        print(f"\nConversations that crashed ({len(errors)}):", file=out)
        for e in errors[:50]:
            print(f"  {e}", file=out)
    if details:
        print(f"\nViolations ({len(details)}):", file=out)
        for d in details[:max_details]:
            print(d, file=out)
        if len(details) > max_details:
            print(f"... and {len(details) - max_details} more (--max-details)", file=out)
    return len(details) + len(unreached) + len(errors)


# --- running ------------------------------------------------------------------------------


def run_all(base: str, states: Sequence[State], items: Sequence[str], workers: int) -> List[Conversation]:
    jobs = [(s, item) for s in states for item in items]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda job: play(base, *job), jobs))


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="one path per question id")
    ap.add_argument("--langs", default=",".join(LANGS), help="comma-separated, default en,es,pt")
    ap.add_argument("--items", default=",".join(POOL), help="pool items to play")
    ap.add_argument("--states", default="", help="only states whose name contains this")
    ap.add_argument("--workers", type=int, default=4, help="conversations played at once")
    ap.add_argument("--by-state", action="store_true", help="also print state x pool item")
    ap.add_argument("--max-details", type=int, default=200)
    ap.add_argument("--json", type=Path, help="write every transcript here")
    ap.add_argument("--base", help="use a running Rasa server (http://host:port) instead")
    args = ap.parse_args(argv)

    langs = [x for x in args.langs.split(",") if x]
    items = [x for x in args.items.split(",") if x]
    unknown = [x for x in items if x not in POOL]
    if unknown:
        ap.error(f"unknown pool items {unknown}; known: {list(POOL)}")
    states = [s for s in build_states(args.quick, langs) if args.states in s.name]
    started = time.monotonic()
    servers = []
    try:
        base = args.base
        if not base:
            from tests.support.servers import MODEL, action_server, rasa_server

            if not MODEL.exists():
                print(f"no trained model at {MODEL}: run `make train` first", file=sys.stderr)
                return 2
            workdir = Path(tempfile.mkdtemp(prefix="dialogue-robustness-"))
            actions = action_server(workdir).start()
            servers.append(actions)
            rasa = rasa_server(workdir, actions.health_url.replace("/health", "/webhook"),
                               workdir / "conversations.db").start()
            servers.append(rasa)
            base = rasa.health_url.rsplit("/", 1)[0]
            print(f"servers up in {time.monotonic() - started:.0f} s (logs in {workdir})")
        t0 = time.monotonic()
        print(f"playing {len(states)} states x {len(items)} pool items "
              f"({len(states) * len(items)} conversations, {args.workers} at once)...", flush=True)
        convs = run_all(base, states, items, args.workers)
        played = time.monotonic() - t0
    finally:
        for server in reversed(servers):
            server.stop()
    turns = sum(len(c.turns) for c in convs)
    print(f"played {len(convs)} conversations, {turns} turns in {played:.0f} s "
          f"({1000 * played / max(turns, 1):.0f} ms/turn wall); total {time.monotonic() - started:.0f} s\n")
    if args.json:
        args.json.write_text(json.dumps([asdict(c) for c in convs], ensure_ascii=False, indent=1))
    problems = report(convs, by_state=args.by_state, max_details=args.max_details)
    print(f"\n{'FAIL' if problems else 'OK'}: {problems} problem(s). "
          f"Definitions: bench/dialogue_robustness.py docstring.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
