"""The follow-up question catalogue: diagnosis/knowledge_base/questions.yaml, validated.

Why: the questions are data people edit by hand. A typo must fail at load with the
file, the question and the field named, not show up as a broken button in a chat.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple, Union

import yaml

from ..causes import CAUSE_IDS as KB_CAUSE_IDS
from ..causes import PROVIDERS
from ..language import LANGS as WORDING_LANGS
from ..language import has as has_wording
from ..language import say, say_list
from ..platform import platform
from ..text import fold

QUESTIONS_FILE = Path(__file__).resolve().parent.parent / "knowledge_base" / "questions.yaml"

KINDS = ("choice", "time", "phone", "media", "number", "country")
LANGS = ("en", "es", "pt")
MAX_TITLE = 20

# shared/causes.md: the cause vocabulary a choice may point to (kept in diagnosis.causes).
CAUSE_IDS = frozenset(KB_CAUSE_IDS)

# docs/design.md, the binding question table: id -> (kind, choice ids or None).
# None means the design leaves the choices to the catalogue.
DESIGN: Dict[str, Tuple[str, Optional[Tuple[str, ...]]]] = {
    "last_customer_message": ("time", None),
    "template_status": ("choice", ("approved", "pending", "rejected", "paused", "disabled", "not_found")),
    "parameter_problem": ("choice", None),
    "recipient_number": ("phone", None),
    "media_details": ("media", None),
    "media_link_opens": ("choice", None),
    "undeliverable_reason": ("choice", ("no_whatsapp", "blocked", "chats_fine", "not_sure")),
    "campaign": ("choice", ("yes", "no")),
    "template_category": ("choice", ("marketing", "utility", "authentication", "dont_know")),
    # the tiers of platform.yaml, lowest first ("250", "1k"... "unlimited")
    "messaging_tier": ("choice", tuple(t.choice for t in platform().tiers) + ("dont_know",)),
    "unique_customers": ("number", None),
    "send_rate": ("number", None),
    "token_type": ("choice", ("temporary", "system_user", "dont_know")),
    "billing_status": ("choice", None),
    "quality_rating": ("choice", ("high", "medium", "low", "dont_know")),
    "number_status": ("choice", ("connected", "pending", "offline", "dont_know")),
    "failure_scope": ("choice", ("all", "some", "one_customer")),
    "error_field": ("choice", ("to_number", "message_type", "template", "media", "other")),
    "time_since_sent": ("time", None),
}


class QuestionsError(ValueError):
    """questions.yaml is broken. The message names the file, the question and the field."""

    def __init__(self, message: str, file: Union[str, Path] = "", question: str = "", field: str = ""):
        self.file = str(file)
        self.question = question
        self.field = field
        where = f"{self.file}: question {question or '?'}, field {field or '?'}"
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Choice:
    """One button of a choice question; its words are in the wording catalogue."""

    id: str
    question_id: str
    synonyms: Dict[str, Tuple[str, ...]]
    points_to: Optional[str] = None
    # error codes that state this choice by themselves (132015: the template is paused)
    said_by_codes: Tuple[str, ...] = ()
    # when to retry once this is the answer, over the cause's own (a disabled template: never)
    retry: Optional[str] = None

    def _key(self, what: str) -> str:
        return f"questions.{self.question_id}.choices.{self.id}.{what}"

    def title_in(self, lang: Optional[str]) -> str:
        return say(self._key("title"), lang)

    def advice_in(self, lang: Optional[str]) -> str:
        return say(self._key("advice"), lang)

    @property
    def title(self) -> str:
        return self.title_in("en")

    @property
    def advice(self) -> str:
        return self.advice_in("en")

    def all_synonyms(self) -> List[str]:
        """Every text that means this choice: its id, its title in each language, synonyms."""
        out = [self.id] + [self.title_in(lang) for lang in WORDING_LANGS]
        for lang in LANGS:
            out.extend(self.synonyms.get(lang, ()))
        return out


@dataclass(frozen=True)
class Question:
    """One follow-up question; what it says is in the wording catalogue."""

    id: str
    kind: str
    asked_for: Tuple[str, ...]
    options: Tuple[Choice, ...] = ()
    positional: bool = True
    # cause -> the number (from 1) of its fix step that an answer to this question has done
    # already ("check when the customer last wrote"): the fix leaves that step out
    settles_fix_step: Dict[str, int] = field(default_factory=dict)
    # platforms whose users the question does not fit ("which Meta access token?" to Twilio's)
    not_for_providers: Tuple[str, ...] = ()

    def text_in(self, lang: Optional[str]) -> str:
        return say(f"questions.{self.id}.text", lang)

    def examples_in(self, lang: Optional[str]) -> List[str]:
        key = f"questions.{self.id}.examples"
        return say_list(key, lang) if has_wording(key) else []

    def choices_in(self, lang: Optional[str]) -> List[Tuple[str, str]]:
        """(id, button title) pairs in `lang`, in button order; empty unless kind is choice."""
        return [(c.id, c.title_in(lang)) for c in self.options]

    @property
    def text(self) -> str:
        return self.text_in("en")

    @property
    def examples(self) -> Tuple[str, ...]:
        return tuple(self.examples_in("en"))

    @property
    def choices(self) -> List[Tuple[str, str]]:
        """(id, English button title) pairs, in button order."""
        return self.choices_in("en")

    def choice(self, choice_id: str) -> Optional[Choice]:
        for c in self.options:
            if c.id == choice_id:
                return c
        return None

    def to_dict(self) -> Dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "text": self.text,
            "asked_for": list(self.asked_for),
            "choices": [{"id": i, "title": t} for i, t in self.choices],
            "examples": list(self.examples),
        }


@dataclass(frozen=True)
class Catalogue:
    file: str
    by_id: Dict[str, Question] = field(default_factory=dict)

    def get(self, question_id: str) -> Optional[Question]:
        return self.by_id.get(question_id)

    def __getitem__(self, question_id: str) -> Question:
        return self.by_id[question_id]

    def __contains__(self, question_id: object) -> bool:
        return question_id in self.by_id

    def __iter__(self) -> Iterator[Question]:
        return iter(self.by_id.values())

    def __len__(self) -> int:
        return len(self.by_id)

    def ids(self) -> List[str]:
        """Question IDs in catalogue order."""
        return list(self.by_id)


def _str(value: Any, file: Path, qid: str, fld: str, allow_empty: bool = False) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise QuestionsError(
            f"must be text, got {type(value).__name__} {value!r}"
            + (" (quote yes/no in YAML)" if isinstance(value, bool) else ""),
            file,
            qid,
            fld,
        )
    text = str(value).strip()
    if not text and not allow_empty:
        raise QuestionsError("must not be empty", file, qid, fld)
    return text


def _str_list(value: Any, file: Path, qid: str, fld: str) -> Tuple[str, ...]:
    if not isinstance(value, list):
        raise QuestionsError(f"must be a list, got {type(value).__name__}", file, qid, fld)
    return tuple(_str(v, file, qid, f"{fld}[{i}]") for i, v in enumerate(value))


def _choice(raw: Any, file: Path, qid: str, index: int) -> Choice:
    base = f"choices[{index}]"
    if not isinstance(raw, dict):
        raise QuestionsError("must be a mapping", file, qid, base)
    unknown = set(raw) - {"id", "synonyms", "points_to", "said_by_codes", "retry"}
    if unknown:
        raise QuestionsError(f"unknown field(s) {sorted(unknown)}", file, qid, base)
    cid = _str(raw.get("id"), file, qid, f"{base}.id")
    for what in ("title", "advice"):
        if not has_wording(f"questions.{qid}.choices.{cid}.{what}"):
            raise QuestionsError(f"no {what} in the wording catalogue", file, qid, f"{base}.{what}")
    syn = raw.get("synonyms")
    if not isinstance(syn, dict):
        raise QuestionsError("must be a mapping with en, es and pt lists", file, qid, f"{base}.synonyms")
    extra = set(syn) - set(LANGS)
    if extra:
        raise QuestionsError(f"unknown language(s) {sorted(extra)}", file, qid, f"{base}.synonyms")
    synonyms = {}
    for lang in LANGS:
        if lang not in syn:
            raise QuestionsError("missing", file, qid, f"{base}.synonyms.{lang}")
        synonyms[lang] = _str_list(syn[lang], file, qid, f"{base}.synonyms.{lang}")
        if not synonyms[lang]:
            raise QuestionsError("needs at least one synonym", file, qid, f"{base}.synonyms.{lang}")
    points_to = raw.get("points_to")
    if points_to is not None:
        points_to = _str(points_to, file, qid, f"{base}.points_to")
        if points_to not in CAUSE_IDS:
            raise QuestionsError(f"{points_to!r} is not a cause ID of shared/causes.md", file, qid, f"{base}.points_to")
    codes = raw.get("said_by_codes") or []
    if not isinstance(codes, list) or not all(isinstance(c, int) for c in codes):
        raise QuestionsError("must be a list of error codes (numbers)", file, qid, f"{base}.said_by_codes")
    retry = raw.get("retry")
    if retry is not None and retry not in RETRY_CHOICES:
        raise QuestionsError(f"must be one of {sorted(RETRY_CHOICES)}", file, qid, f"{base}.retry")
    return Choice(cid, qid, synonyms, points_to, tuple(str(c) for c in codes), retry)


# What a choice may say about retrying (the wording replies.retry.<when>).
RETRY_CHOICES = frozenset({"now", "after_fix", "never"})


def _question(raw: Any, file: Path, index: int) -> Question:
    if not isinstance(raw, dict):
        raise QuestionsError("must be a mapping", file, f"#{index}", "")
    qid = raw.get("id")
    if not isinstance(qid, str) or not qid.strip():
        raise QuestionsError("missing or not text", file, f"#{index}", "id")
    qid = qid.strip()
    unknown = set(raw) - {"id", "kind", "asked_for", "choices", "positional", "settles_fix_step", "not_for_providers"}
    if unknown:
        raise QuestionsError(f"unknown field(s) {sorted(unknown)}", file, qid, "")
    kind = _str(raw.get("kind"), file, qid, "kind")
    if kind not in KINDS:
        raise QuestionsError(f"{kind!r} is not one of {', '.join(KINDS)}", file, qid, "kind")
    if not has_wording(f"questions.{qid}.text"):
        raise QuestionsError("no text in the wording catalogue", file, qid, "text")
    asked_for = _str_list(raw.get("asked_for", []), file, qid, "asked_for")
    for cause in asked_for:
        if cause not in CAUSE_IDS:
            raise QuestionsError(f"{cause!r} is not a cause ID of shared/causes.md", file, qid, "asked_for")
    examples = has_wording(f"questions.{qid}.examples")
    positional = raw.get("positional", True)
    if not isinstance(positional, bool):
        raise QuestionsError("must be true or false", file, qid, "positional")

    options: Tuple[Choice, ...] = ()
    if kind == "choice":
        raw_choices = raw.get("choices")
        if not isinstance(raw_choices, list) or len(raw_choices) < 2:
            raise QuestionsError("a choice question needs a list of at least 2 choices", file, qid, "choices")
        options = tuple(_choice(c, file, qid, i) for i, c in enumerate(raw_choices))
        seen: Dict[str, str] = {}
        ids = [c.id for c in options]
        if len(set(ids)) != len(ids):
            raise QuestionsError(f"duplicate choice id in {ids}", file, qid, "choices")
        # A typed answer must never mean two choices.
        for i, c in enumerate(options):
            for s in c.all_synonyms():
                key = fold(s)
                if key and seen.get(key, c.id) != c.id:
                    raise QuestionsError(
                        f"synonym {s!r} is used by both {seen[key]!r} and {c.id!r}", file, qid, f"choices[{i}].synonyms"
                    )
                seen.setdefault(key, c.id)
    elif raw.get("choices"):
        raise QuestionsError(f"only choice questions have choices (kind is {kind})", file, qid, "choices")
    elif not examples:
        raise QuestionsError("needs examples (shown when an answer is not understood)", file, qid, "examples")

    design = DESIGN.get(qid)
    if design is not None:
        want_kind, want_ids = design
        if kind != want_kind:
            raise QuestionsError(f"docs/design.md says kind {want_kind}, not {kind}", file, qid, "kind")
        if want_ids is not None and tuple(c.id for c in options) != want_ids:
            raise QuestionsError(
                f"docs/design.md says choices {list(want_ids)}, got {[c.id for c in options]}", file, qid, "choices"
            )
    settles = raw.get("settles_fix_step") or {}
    if not isinstance(settles, dict) or not all(
        c in CAUSE_IDS and isinstance(n, int) and not isinstance(n, bool) and n >= 1 for c, n in settles.items()
    ):
        raise QuestionsError("must map cause IDs to fix step numbers (from 1)", file, qid, "settles_fix_step")
    not_for = _str_list(raw.get("not_for_providers", []), file, qid, "not_for_providers")
    unknown_providers = [p for p in not_for if p not in PROVIDERS]
    if unknown_providers:
        raise QuestionsError(f"not provider IDs: {unknown_providers}", file, qid, "not_for_providers")
    return Question(qid, kind, asked_for, options, positional, dict(settles), tuple(not_for))


def load_questions(path: Union[str, Path, None] = None) -> Catalogue:
    """Read and validate a questions file (the project's one by default).

    Raises QuestionsError naming the file, the question and the field."""
    file = Path(path) if path is not None else QUESTIONS_FILE
    try:
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise QuestionsError(f"cannot read: {exc}", file) from exc
    except yaml.YAMLError as exc:
        raise QuestionsError(f"not valid YAML: {exc}", file) from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("questions"), list):
        raise QuestionsError("must be a mapping with a 'questions' list", file, "", "questions")
    by_id: Dict[str, Question] = {}
    for i, item in enumerate(raw["questions"]):
        q = _question(item, file, i)
        if q.id in by_id:
            raise QuestionsError("defined twice", file, q.id, "id")
        by_id[q.id] = q
    missing = [qid for qid in DESIGN if qid not in by_id]
    if missing:
        raise QuestionsError(f"question(s) of docs/design.md missing: {missing}", file, missing[0], "id")
    return Catalogue(str(file), by_id)


_lock = threading.Lock()
_cached: Optional[Catalogue] = None


def questions() -> Catalogue:
    """The project's catalogue, loaded and validated once."""
    global _cached
    if _cached is None:
        with _lock:
            if _cached is None:
                _cached = load_questions()
    return _cached
