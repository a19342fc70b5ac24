"""Loading and validating the cause knowledge (one YAML file per cause).

Why: the knowledge is data that people edit by hand; a typo in a field must fail
loudly at load, naming the file, the cause and the field, instead of surfacing as a
wrong answer in a chat weeks later. What a cause is (the IDs and the data classes)
is in causes.py; this module reads the files into those classes and caches the result.
"""

from __future__ import annotations

import os
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple, Union

import yaml

from .causes import (
    CAUSE_IDS,
    LANGS,
    PROVIDERS,
    QUESTION_IDS,
    RETRY_WHEN,
    Cause,
    Knowledge,
    KnowledgeError,
    Retry,
    Signals,
)
from .providers import CodeSignal, ProviderError, load_providers

DEFAULT_DIR = Path(__file__).resolve().parent / "knowledge_base" / "causes"


# ---------------------------------------------------------------- validation


class _Ctx:
    def __init__(self, file: str, cause: str):
        self.file = file
        self.cause = cause

    def fail(self, fld: str, message: str) -> KnowledgeError:
        return KnowledgeError(message, self.file, self.cause, fld)


def _text(ctx: _Ctx, value: Any, fld: str, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise ctx.fail(fld, f"must be a non-empty string, got {type(value).__name__}")
    return value.strip()


def _text_list(ctx: _Ctx, value: Any, fld: str, required: bool = True) -> Tuple[str, ...]:
    if value is None and not required:
        return ()
    if not isinstance(value, list) or (required and not value):
        raise ctx.fail(fld, "must be a non-empty list of strings")
    out = []
    for i, item in enumerate(value):
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            item = str(item)
        out.append(_text(ctx, item, f"{fld}[{i}]"))
    return tuple(out)


def _by_lang(ctx: _Ctx, value: Any, fld: str) -> Dict[str, Tuple[str, ...]]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ctx.fail(fld, "must be a mapping of language (en, es, pt) to a list of phrases")
    out = {}
    for lang, phrases in value.items():
        if lang not in LANGS:
            raise ctx.fail(f"{fld}.{lang}", f"unknown language {lang!r}, expected one of {LANGS}")
        out[lang] = _text_list(ctx, phrases, f"{fld}.{lang}")
    return out


def _code_range(ctx: _Ctx, value: Any, fld: str) -> Tuple[int, int]:
    if isinstance(value, bool):
        raise ctx.fail(fld, "must be an integer code or a range 'low-high'")
    if isinstance(value, int):
        return value, value
    if isinstance(value, str):
        parts = value.replace(" ", "").split("-")
        if all(p.isdigit() for p in parts) and len(parts) in (1, 2):
            low, high = int(parts[0]), int(parts[-1])
            if low <= high:
                return low, high
    raise ctx.fail(fld, f"must be an integer code or a range 'low-high', got {value!r}")


def _codes(ctx: _Ctx, value: Any) -> Tuple[CodeSignal, ...]:
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise ctx.fail("signals.codes", f"must be a mapping of provider {PROVIDERS} to a list")
    out = []
    for provider, entries in value.items():
        base = f"signals.codes.{provider}"
        if provider not in PROVIDERS:
            raise ctx.fail(base, f"unknown provider {provider!r}, expected one of {PROVIDERS}")
        if not isinstance(entries, list):
            raise ctx.fail(base, "must be a list of code entries")
        for i, entry in enumerate(entries):
            fld = f"{base}[{i}]"
            if not isinstance(entry, dict):
                raise ctx.fail(fld, "must be a mapping with at least 'code'")
            unknown_keys = set(entry) - {"code", "title", "message", "details", "details_any"}
            if unknown_keys:
                raise ctx.fail(f"{fld}.{sorted(unknown_keys)[0]}", "unknown key")
            if "code" not in entry:
                raise ctx.fail(f"{fld}.code", "missing")
            low, high = _code_range(ctx, entry["code"], f"{fld}.code")
            out.append(
                CodeSignal(
                    provider=provider,
                    low=low,
                    high=high,
                    title=_text(ctx, entry.get("title"), f"{fld}.title", required=False),
                    message=_text(ctx, entry.get("message"), f"{fld}.message", required=False),
                    details=_text(ctx, entry.get("details"), f"{fld}.details", required=False),
                    details_any=_text_list(ctx, entry.get("details_any"), f"{fld}.details_any", required=False),
                )
            )
    return tuple(out)


def _keywords(ctx: _Ctx, value: Any) -> Dict[str, float]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ctx.fail("signals.keywords", "must be a mapping of term to weight (0..3)")
    out = {}
    for term, weight in value.items():
        fld = f"signals.keywords.{term}"
        if isinstance(term, int) and not isinstance(term, bool):
            term = str(term)  # YAML reads `429: 1.5` with an integer key
        if not isinstance(term, str) or not term.strip():
            raise ctx.fail(fld, "term must be a non-empty string")
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 < weight <= 3:
            raise ctx.fail(fld, f"weight must be a number in (0, 3], got {weight!r}")
        out[term.strip()] = float(weight)
    return out


def _signals(ctx: _Ctx, value: Any) -> Signals:
    if value is None:
        return Signals()
    if not isinstance(value, dict):
        raise ctx.fail("signals", "must be a mapping (codes, wordings, symptoms, keywords)")
    unknown_keys = set(value) - {"codes", "wordings", "symptoms", "keywords"}
    if unknown_keys:
        raise ctx.fail(f"signals.{sorted(unknown_keys)[0]}", "unknown key")
    return Signals(
        codes=_codes(ctx, value.get("codes")),
        wordings=_by_lang(ctx, value.get("wordings"), "signals.wordings"),
        symptoms=_by_lang(ctx, value.get("symptoms"), "signals.symptoms"),
        keywords=_keywords(ctx, value.get("keywords")),
    )


def _retry(ctx: _Ctx, value: Any) -> Retry:
    if not isinstance(value, dict):
        raise ctx.fail("retry", "must be a mapping with when, wait_hours, note")
    when = value.get("when")
    if when not in RETRY_WHEN:
        raise ctx.fail("retry.when", f"must be one of {RETRY_WHEN}, got {when!r}")
    wait = value.get("wait_hours")
    if wait is not None and (isinstance(wait, bool) or not isinstance(wait, (int, float)) or wait < 0):
        raise ctx.fail("retry.wait_hours", f"must be a non-negative number or null, got {wait!r}")
    if when == "after_wait" and wait is None:
        raise ctx.fail("retry.wait_hours", "is required when retry.when is after_wait")
    unknown_keys = set(value) - {"when", "wait_hours", "note_only"}
    if unknown_keys:
        raise ctx.fail(f"retry.{sorted(unknown_keys)[0]}", "unknown key (the note is wording)")
    note_only = value.get("note_only", False)
    if not isinstance(note_only, bool):
        raise ctx.fail("retry.note_only", "must be true or false")
    return Retry(when=when, wait_hours=None if wait is None else float(wait), note_only=note_only)


_TOP_KEYS = {"id", "signals", "questions", "retry", "confused_with"}


def parse_cause(data: Any, file: str, expected_id: Optional[str] = None) -> Cause:
    """Validate one parsed YAML document and build its Cause."""
    cause_name = expected_id or ""
    if isinstance(data, dict) and isinstance(data.get("id"), str):
        cause_name = data["id"]
    ctx = _Ctx(file, cause_name)
    if not isinstance(data, dict):
        raise ctx.fail("(top)", "the file must hold one mapping")
    unknown_keys = set(data) - _TOP_KEYS
    if unknown_keys:
        raise ctx.fail(sorted(unknown_keys)[0], "unknown key")
    cid = _text(ctx, data.get("id"), "id")
    if cid not in CAUSE_IDS:
        raise ctx.fail("id", f"{cid!r} is not a cause ID of causes.md")
    if expected_id is not None and cid != expected_id:
        raise ctx.fail("id", f"{cid!r} does not match the file name ({expected_id}.yaml)")
    is_unknown = cid == "unknown"
    questions = _text_list(ctx, data.get("questions"), "questions", required=False)
    for i, q in enumerate(questions):
        if q not in QUESTION_IDS:
            raise ctx.fail(f"questions[{i}]", f"{q!r} is not a question ID of docs/design.md")
    confused = _text_list(ctx, data.get("confused_with"), "confused_with", required=False)
    for i, c in enumerate(confused):
        if c not in CAUSE_IDS or c == cid:
            raise ctx.fail(f"confused_with[{i}]", f"{c!r} is not another cause ID")
    signals = _signals(ctx, data.get("signals"))
    if not is_unknown and not (signals.codes or signals.wordings or signals.symptoms):
        raise ctx.fail("signals", "a cause needs at least codes, wordings or symptoms")
    return Cause(
        id=cid,
        questions=list(questions),
        retry=_retry(ctx, data.get("retry")),
        confused_with=list(confused),
        signals=signals,
    )


def load_knowledge(directory: Union[str, Path, None] = None, require_all: bool = True) -> Knowledge:
    """Read and validate every `<cause_id>.yaml` in `directory` (not cached)."""
    directory = Path(directory) if directory is not None else DEFAULT_DIR
    if not directory.is_dir():
        raise KnowledgeError("knowledge folder not found", str(directory), "", "")
    causes: Dict[str, Cause] = {}
    for path in sorted(directory.glob("*.yaml")):
        expected = path.stem
        try:
            with open(path, "r", encoding="utf-8") as fh:
                data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise KnowledgeError(f"cannot read YAML: {exc}", str(path), expected, "(file)") from exc
        causes[expected] = parse_cause(data, str(path), expected_id=expected)
    if require_all:
        missing = [c for c in CAUSE_IDS if c != "unknown" and c not in causes]
        if missing:
            raise KnowledgeError(
                f"no knowledge file for {', '.join(missing)}",
                str(directory / (missing[0] + ".yaml")),
                missing[0],
                "(file)",
            )
    providers_dir = directory.parent / "providers"
    try:
        providers = load_providers(providers_dir, CAUSE_IDS)
    except ProviderError as exc:
        raise KnowledgeError(str(exc), str(providers_dir), "", "(provider table)") from exc
    return Knowledge(_with_provider_codes(causes, providers), directory, providers)


def _with_provider_codes(causes: Dict[str, Cause], providers: Dict[str, Any]) -> Dict[str, Cause]:
    """The causes, each with the codes the provider tables give it added to its signals."""
    extra: Dict[str, List[CodeSignal]] = {}
    for table in providers.values():
        for code in table.codes:
            extra.setdefault(code.cause, []).append(code)
    out = dict(causes)
    for cid, signals in extra.items():
        if cid in out:
            cause = out[cid]
            out[cid] = replace(cause, signals=replace(cause.signals, codes=cause.signals.codes + tuple(signals)))
    return out


_lock = threading.Lock()
_cached: Optional[Knowledge] = None


def knowledge() -> Knowledge:
    """The packaged knowledge, loaded and validated once per process.

    TICKFIX_KNOWLEDGE_DIR may point elsewhere (for experiments).
    """
    global _cached
    if _cached is None:
        with _lock:
            if _cached is None:
                _cached = load_knowledge(os.environ.get("TICKFIX_KNOWLEDGE_DIR") or None)
    return _cached


def _reset_cache() -> None:
    """For tests only."""
    global _cached
    with _lock:
        _cached = None
