"""Error tables of the platforms built on WhatsApp: one YAML file per provider.

Why: Infobip's 7001 and Gupshup's 1002 are different errors; a provider's own numbers
mean something only in its table, and only when the text names or shows that provider.
Each table is data with its public source (`source:`), so a reader can check every
code. The tables are merged into the causes' code signals at load (diagnosis.kb).

    provider: infobip                  # the table's id
    names: [infobip, "api.infobip.com"] # how a pasted text names or shows the provider
    source: https://...                 # where the codes come from
    codes:
    - code: 7001                        # or a range "7000-7005"
      cause: not_on_whatsapp
      title: ...                        # error strings verbatim, as users paste them
      message: ...
      details_any: [...]                # optional: the code means this cause only with these words
    reasons:                            # string reason codes ("OUTSIDE_ALLOWED_SENDING_WINDOW")
    - reason: OUTSIDE_ALLOWED_SENDING_WINDOW
      cause: outside_service_window
      description: ...                  # the provider's meaning, in our words
      anywhere: true                    # optional: read even when the text does not name the provider
      details_any: [...]                # optional, as for codes

A table lists codes, reasons or both. Some platforms (Sinch, Treble, Zenvia) report a
failure with an upper-case constant instead of a number; such a token is as decisive as a
code. A reason is read, like a number, only when the text names or shows its provider,
unless the table marks it `anywhere`: a long constant of the provider's own vocabulary that
no other platform would use for something else. Generic constants (INTERNAL_ERROR,
NOT_FOUND...) name no cause and are refused. A code whose title is the provider's prefixed
constant (Infobip's EC_TEMPLATE_NOT_SYNCED, Exotel's EX_RATE_LIMIT_HIT) also gives that
constant as a reason read anywhere: the title is written once, in the code's row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Tuple

import yaml

from .platform import platform

PROVIDERS_DIR = Path(__file__).resolve().parent / "knowledge_base" / "providers"
# Tables written in the causes' own files (kb.py): those of the platforms of platform.yaml
# that list their own table; how a text names each platform is there too.
BUILT_IN = platform().provider_ids(own_table=True)


@dataclass(frozen=True)
class CodeSignal:
    """One provider error code that points to a cause (in a cause's file or a provider table).

    `details_any`: the code points here only when the error details/message mention
    one of these words (how code 100 and 131009 are split between causes).
    """

    provider: str
    low: int
    high: int
    title: str
    message: str
    details: str
    details_any: Tuple[str, ...]


@dataclass(frozen=True)
class ProviderCode(CodeSignal):
    """A provider table's code: a code signal that names its cause itself."""

    cause: str = ""


@dataclass(frozen=True)
class ProviderReason:
    """A provider's string reason code ("RECIPIENT_NOT_REACHABLE") that names a cause."""

    provider: str
    reason: str  # upper case, as the provider writes it
    cause: str
    description: str
    details_any: Tuple[str, ...]
    anywhere: bool  # read even when the text does not name the provider


@dataclass(frozen=True)
class ProviderTable:
    id: str
    names: Tuple[str, ...]
    source: str
    codes: Tuple[ProviderCode, ...]
    reasons: Tuple[ProviderReason, ...] = ()

    def needles(self) -> Tuple[str, ...]:
        """The names lowercased: a text holding none of them can't match `pattern` (a quick check)."""
        return tuple(n.lower() for n in self.names)

    def pattern(self) -> "re.Pattern[str]":
        """Matches a text that names or shows this provider."""

        def any_of(names: List[str]) -> str:
            return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) or "(?!)"

        # a name stands alone; a host name may also be a subdomain's end (xyz.api.infobip.com)
        words = any_of([n for n in self.names if "." not in n])
        hosts = any_of([n for n in self.names if "." in n])
        return re.compile(rf"(?:(?<![\w.])(?:{words})|(?<![\w-])(?:{hosts}))(?![\w])", re.I)


class ProviderError(ValueError):
    """A provider file is broken; the message names the file and the field."""


def _range(value: Any, where: str) -> Tuple[int, int]:
    if isinstance(value, int) and not isinstance(value, bool):
        return value, value
    if isinstance(value, str):
        parts = value.replace(" ", "").split("-")
        if len(parts) in (1, 2) and all(p.isdigit() for p in parts) and int(parts[0]) <= int(parts[-1]):
            return int(parts[0]), int(parts[-1])
    raise ProviderError(f"{where}: code must be an integer or a range 'low-high', got {value!r}")


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


# A reason is an upper-case constant of at least two parts ("MEDIA_TOO_LARGE").
_REASON_RE = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")
# Constants that only say that something failed name no cause in any table (one-word
# ones such as UNKNOWN or FAILURE are refused by the two-part rule above).
GENERIC_REASONS = frozenset(
    {
        "INTERNAL_ERROR",
        "UNKNOWN_ERROR",
        "GENERIC_ERROR",
        "SERVER_ERROR",
        "SYSTEM_ERROR",
        "SERVICE_UNAVAILABLE",
        "NOT_FOUND",
    }
)


def _reasons(data: Any, file: str, pid: str, cause_ids: Tuple[str, ...]) -> List[ProviderReason]:
    out: List[ProviderReason] = []
    if data is not None and not isinstance(data, list):
        raise ProviderError(f"{file}: reasons must be a list")
    for i, entry in enumerate(data or []):
        where = f"{file}: reasons[{i}]"
        if not isinstance(entry, dict):
            raise ProviderError(f"{where}: must be a mapping")
        extra = set(entry) - {"reason", "cause", "description", "details_any", "anywhere", "source"}
        if extra:
            raise ProviderError(f"{where}: unknown key {sorted(extra)[0]!r}")
        reason = entry.get("reason")
        if not isinstance(reason, str) or not _REASON_RE.fullmatch(reason):
            raise ProviderError(f"{where}: reason must be an upper-case constant like A_B, got {reason!r}")
        if reason in GENERIC_REASONS:
            raise ProviderError(f"{where}: {reason} is generic and names no cause")
        cause = entry.get("cause")
        if cause not in cause_ids or cause == "unknown":
            raise ProviderError(f"{where}: cause {cause!r} is not a cause of causes.md")
        details_any = entry.get("details_any") or []
        if not isinstance(details_any, list):
            raise ProviderError(f"{where}: details_any must be a list")
        anywhere = entry.get("anywhere", False)
        if not isinstance(anywhere, bool):
            raise ProviderError(f"{where}: anywhere must be true or false")
        out.append(
            ProviderReason(
                pid,
                reason,
                cause,
                _text(entry.get("description")),
                tuple(_text(d) for d in details_any if _text(d)),
                anywhere,
            )
        )
    return out


# A code's title that is the provider's own prefixed constant ("EC_TEMPLATE_NOT_SYNCED",
# "EX_RATE_LIMIT_HIT"): pasted alone, without the number or the provider's name.
_PREFIXED_CONSTANT_RE = re.compile(r"[A-Z]{2}_[A-Z0-9]+(?:_[A-Z0-9]+)+")


def _title_constants(pid: str, codes: List[ProviderCode], declared: set) -> List[ProviderReason]:
    """The codes' constant titles, read as reasons anywhere: such a constant is the provider's
    own vocabulary and names its code's cause wherever it is pasted. A title whose code's
    meaning depends on details, or that two codes of different causes share, is left out."""
    causes: Dict[str, set] = {}
    for c in codes:
        if _PREFIXED_CONSTANT_RE.fullmatch(c.title) and c.title not in declared:
            causes.setdefault(c.title, set()).add(c.cause if not c.details_any else "")
    return [
        ProviderReason(pid, title, next(iter(found)), "", (), True)
        for title, found in causes.items()
        if len(found) == 1 and "" not in found
    ]


def parse_table(data: Any, file: str, cause_ids: Tuple[str, ...]) -> ProviderTable:
    if not isinstance(data, dict):
        raise ProviderError(f"{file}: must hold one mapping")
    unknown = set(data) - {"provider", "names", "source", "codes", "reasons", "notes"}
    if unknown:
        raise ProviderError(f"{file}: unknown key {sorted(unknown)[0]!r}")
    pid = data.get("provider")
    if not isinstance(pid, str) or not re.fullmatch(r"[a-z0-9_]+", pid):
        raise ProviderError(f"{file}: provider must be a lowercase id")
    if pid in BUILT_IN:
        raise ProviderError(f"{file}: {pid} is written in the causes' files")
    names = data.get("names")
    if not isinstance(names, list) or not names or not all(isinstance(n, str) and n.strip() for n in names):
        raise ProviderError(f"{file}: names must be a non-empty list of strings")
    source = data.get("source")
    if not isinstance(source, str) or not source.startswith("http"):
        raise ProviderError(f"{file}: source must be the URL the codes come from")
    codes: List[ProviderCode] = []
    for i, entry in enumerate(data.get("codes") or []):
        where = f"{file}: codes[{i}]"
        if not isinstance(entry, dict):
            raise ProviderError(f"{where}: must be a mapping")
        extra = set(entry) - {"code", "cause", "title", "message", "details", "details_any", "source"}
        if extra:
            raise ProviderError(f"{where}: unknown key {sorted(extra)[0]!r}")
        cause = entry.get("cause")
        if cause not in cause_ids or cause == "unknown":
            raise ProviderError(f"{where}: cause {cause!r} is not a cause of causes.md")
        low, high = _range(entry.get("code"), where)
        details_any = entry.get("details_any") or []
        if not isinstance(details_any, list):
            raise ProviderError(f"{where}: details_any must be a list")
        codes.append(
            ProviderCode(
                pid,
                low,
                high,
                _text(entry.get("title")),
                _text(entry.get("message")),
                _text(entry.get("details")),
                tuple(_text(d) for d in details_any if _text(d)),
                cause,
            )
        )
    reasons = _reasons(data.get("reasons"), file, pid, cause_ids)
    reasons += _title_constants(pid, codes, {r.reason for r in reasons})
    if not codes and not reasons:
        raise ProviderError(f"{file}: codes must list at least one code (or reasons one reason)")
    return ProviderTable(pid, tuple(n.strip() for n in names), source.strip(), tuple(codes), tuple(reasons))


def load_providers(directory: Path, cause_ids: Tuple[str, ...]) -> Dict[str, ProviderTable]:
    """Every provider table in `directory`, by id."""
    tables: Dict[str, ProviderTable] = {}
    if not directory.is_dir():
        return tables
    for path in sorted(directory.glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise ProviderError(f"{path}: not valid YAML: {exc}") from exc
        table = parse_table(data, str(path), cause_ids)
        if table.id in tables:
            raise ProviderError(f"{path}: provider {table.id} is defined twice")
        tables[table.id] = table
    return tables
