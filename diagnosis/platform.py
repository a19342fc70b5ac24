"""WhatsApp's platform facts, read from diagnosis/knowledge_base/platform.yaml.

Why: the 24-hour window, the media limits, the message size limits, the messaging limit
tiers, the throughput and the list of known platforms were written in several modules and
had already drifted apart (a sticker was 500 KB in one, 100 KB in another). Each fact is now
written once, in the data file next to its Meta source, and every module (the classifier, the
follow-up answers, the channels, the account checks) reads it here. Plain Python, no Rasa:
loaded once and validated, so a typo fails at load naming the file and the field.

    from diagnosis.platform import platform
    platform().service_window           # datetime.timedelta(hours=24)
    platform().media["sticker"].max_bytes_animated
    platform().messages.text_body       # 4096
    platform().tier("1k").limits        # (1000, 2000): the former and the current value
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Dict, List, Mapping, Optional, Tuple

import yaml

PLATFORM_FILE = Path(__file__).resolve().parent / "knowledge_base" / "platform.yaml"

_UNITS = {"KB": 1024, "MB": 1024**2}
_MESSAGE_LIMITS = (
    "text_body",
    "interactive_body",
    "reply_buttons",
    "reply_button_title",
    "reply_button_id",
    "list_rows",
    "list_button_label",
    "list_row_title",
    "list_row_description",
    "list_row_id",
)
_THROUGHPUT = ("default_mps", "upgraded_mps", "coexistence_mps", "pair_rate_seconds")


class PlatformError(ValueError):
    """platform.yaml is broken; the message names the file and the field."""


@dataclass(frozen=True)
class MediaType:
    """One media type: its largest file in bytes and the formats WhatsApp accepts for it."""

    name: str
    max_bytes: int
    formats: Tuple[str, ...]
    max_bytes_animated: Optional[int] = None  # stickers only

    def limit(self, animated: bool = False) -> int:
        """The largest file; an animated sticker has its own."""
        return self.max_bytes_animated if animated and self.max_bytes_animated else self.max_bytes


@dataclass(frozen=True)
class MessageLimits:
    """The Cloud API's message size limits (characters) and counts."""

    text_body: int
    interactive_body: int
    reply_buttons: int
    reply_button_title: int
    reply_button_id: int
    list_rows: int
    list_button_label: int
    list_row_title: int
    list_row_description: int
    list_row_id: int


@dataclass(frozen=True)
class Tier:
    """A messaging limit tier, named by its answer to the messaging_tier question."""

    choice: str
    limit: Optional[int]  # None: unlimited
    former_limit: Optional[int] = None  # before 7 October 2025

    @property
    def limits(self) -> Optional[Tuple[int, ...]]:
        """Every value the tier may show (former first), None for unlimited."""
        if self.limit is None:
            return None
        return (self.former_limit, self.limit) if self.former_limit else (self.limit,)


@dataclass(frozen=True)
class Throughput:
    default_mps: int
    upgraded_mps: int
    coexistence_mps: int
    pair_rate_seconds: int


@dataclass(frozen=True)
class Provider:
    """A platform the engine knows by name, how a text shows it, and its code tables."""

    id: str
    shown_by: "re.Pattern[str]"
    tables: Tuple[str, ...]  # read in this order; () for a platform that forwards Meta's codes
    read_unnamed: bool = False

    @property
    def own_table(self) -> bool:
        """Its code table is written in the causes' files (signals.codes.<id>)."""
        return self.id in self.tables


@dataclass(frozen=True)
class Platform:
    service_window: dt.timedelta
    media: Mapping[str, MediaType]  # in the file's order
    messages: MessageLimits
    tiers: Tuple[Tier, ...]  # lowest first
    tier_api_values: Mapping[str, Optional[int]]  # TIER_2K -> 2000
    throughput: Throughput
    providers: Tuple[Provider, ...]  # in the order a text is tested for them
    graph_api_base: str  # the Graph API at the pinned version

    @property
    def service_window_hours(self) -> int:
        return int(self.service_window.total_seconds() // 3600)

    def tier(self, choice: str) -> Tier:
        """The tier answered `choice` ("250", "1k"...); KeyError if there is none."""
        for tier in self.tiers:
            if tier.choice == choice:
                return tier
        raise KeyError(choice)

    def tier_of(self, limit: Optional[int]) -> Tier:
        """The lowest tier that holds `limit` (None: unlimited)."""
        if limit is None:
            return self.tiers[-1]
        return next(t for t in self.tiers if t.limit is None or limit <= t.limit)

    def provider_ids(self, own_table: Optional[bool] = None) -> Tuple[str, ...]:
        """The platforms' ids (only those with or without a table in the causes' files)."""
        return tuple(p.id for p in self.providers if own_table is None or p.own_table == own_table)


@lru_cache(maxsize=None)
def platform() -> Platform:
    """The facts of platform.yaml, loaded once."""
    return load_platform(PLATFORM_FILE)


def load_platform(path: Path) -> Platform:
    """Read and validate a platform file (PlatformError when broken)."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PlatformError(f"{path}: cannot be read: {exc}") from exc
    ctx = _Ctx(str(path))
    data = ctx.mapping(
        data, "", ("graph_api", "service_window", "media", "messages", "messaging_limit", "throughput", "providers")
    )
    graph = ctx.mapping(data["graph_api"], "graph_api", ("base",))
    if not isinstance(graph["base"], str) or not graph["base"].startswith("https://"):
        raise ctx.fail("graph_api.base", "must be an https:// URL")
    window = ctx.mapping(data["service_window"], "service_window", ("hours",))
    return Platform(
        service_window=dt.timedelta(hours=ctx.count(window["hours"], "service_window.hours")),
        media=_media(ctx, data["media"]),
        messages=MessageLimits(**ctx.counts(data["messages"], "messages", _MESSAGE_LIMITS)),
        tiers=_tiers(ctx, data["messaging_limit"]),
        tier_api_values=_api_values(ctx, data["messaging_limit"]),
        throughput=Throughput(**ctx.counts(data["throughput"], "throughput", _THROUGHPUT)),
        providers=_providers(ctx, data["providers"]),
        graph_api_base=graph["base"].rstrip("/"),
    )


class _Ctx:
    """Validation helpers that name the file and the field."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, field: str, message: str) -> PlatformError:
        return PlatformError(f"{self.file}: {field or 'top level'}: {message}")

    def mapping(
        self, value: Any, field: str, required: Tuple[str, ...], optional: Tuple[str, ...] = ()
    ) -> Dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(field, "must be a mapping")
        missing = [k for k in required if k not in value]
        if missing:
            raise self.fail(field, f"missing {missing[0]!r}")
        unknown = sorted(set(value) - set(required) - set(optional))
        if unknown:
            raise self.fail(field, f"unknown key {unknown[0]!r}")
        return value

    def count(self, value: Any, field: str) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise self.fail(field, f"must be a positive whole number, got {value!r}")
        return value

    def counts(self, value: Any, field: str, keys: Tuple[str, ...]) -> Dict[str, int]:
        value = self.mapping(value, field, keys)
        return {k: self.count(value[k], f"{field}.{k}") for k in keys}

    def size(self, value: Any, field: str) -> int:
        m = re.fullmatch(r"(\d+)\s*(KB|MB)", value.strip()) if isinstance(value, str) else None
        if not m or int(m.group(1)) <= 0:
            raise self.fail(field, f"must be a size like '5 MB' or '100 KB', got {value!r}")
        return int(m.group(1)) * _UNITS[m.group(2)]

    def words(self, value: Any, field: str, pattern: str) -> Tuple[str, ...]:
        if not isinstance(value, list) or not value:
            raise self.fail(field, "must be a non-empty list")
        out: List[str] = []
        for item in value:
            if not isinstance(item, str) or not re.fullmatch(pattern, item) or item in out:
                raise self.fail(field, f"{item!r} is not a valid, unrepeated entry")
            out.append(item)
        return tuple(out)


def _media(ctx: _Ctx, value: Any) -> Mapping[str, MediaType]:
    if not isinstance(value, dict) or not value:
        raise ctx.fail("media", "must map each media type to its limit and formats")
    media: Dict[str, MediaType] = {}
    for name, spec in value.items():
        field = f"media.{name}"
        spec = ctx.mapping(spec, field, ("max_size", "formats"), ("max_size_animated",))
        animated = spec.get("max_size_animated")
        media[name] = MediaType(
            name=name,
            max_bytes=ctx.size(spec["max_size"], f"{field}.max_size"),
            formats=ctx.words(spec["formats"], f"{field}.formats", r"[a-z0-9]{2,5}"),
            max_bytes_animated=None if animated is None else ctx.size(animated, f"{field}.max_size_animated"),
        )
    return MappingProxyType(media)


def _tiers(ctx: _Ctx, value: Any) -> Tuple[Tier, ...]:
    value = ctx.mapping(value, "messaging_limit", ("tiers", "api_values"))
    if not isinstance(value["tiers"], list) or len(value["tiers"]) < 2:
        raise ctx.fail("messaging_limit.tiers", "must list the tiers, lowest first")
    tiers: List[Tier] = []
    for i, entry in enumerate(value["tiers"]):
        field = f"messaging_limit.tiers[{i}]"
        entry = ctx.mapping(entry, field, ("choice", "limit"), ("former_limit",))
        choice, limit, former = entry["choice"], entry["limit"], entry.get("former_limit")
        if not isinstance(choice, str) or not choice or any(t.choice == choice for t in tiers):
            raise ctx.fail(f"{field}.choice", f"must be a new answer id, got {choice!r}")
        last = i == len(value["tiers"]) - 1
        if limit is None and not last:
            raise ctx.fail(f"{field}.limit", "only the last tier may be unlimited (null)")
        if limit is not None:
            ctx.count(limit, f"{field}.limit")
            if tiers and (tiers[-1].limit is None or limit <= tiers[-1].limit):
                raise ctx.fail(f"{field}.limit", "tiers must go up, lowest first")
        if former is not None and (limit is None or ctx.count(former, f"{field}.former_limit") >= limit):
            raise ctx.fail(f"{field}.former_limit", "must be below the tier's limit")
        tiers.append(Tier(choice, limit, former))
    return tuple(tiers)


def _api_values(ctx: _Ctx, value: Dict[str, Any]) -> Mapping[str, Optional[int]]:
    values = value["api_values"]
    if not isinstance(values, dict) or not values:
        raise ctx.fail("messaging_limit.api_values", "must map each API value to its limit")
    for name, limit in values.items():
        if not isinstance(name, str) or not re.fullmatch(r"TIER_[0-9A-Z]+", name):
            raise ctx.fail("messaging_limit.api_values", f"{name!r} is not an API value like TIER_2K")
        if limit is not None:
            ctx.count(limit, f"messaging_limit.api_values.{name}")
    return MappingProxyType(dict(values))


def _providers(ctx: _Ctx, value: Any) -> Tuple[Provider, ...]:
    if not isinstance(value, list) or not value:
        raise ctx.fail("providers", "must list the platforms")
    providers: List[Provider] = []
    for i, entry in enumerate(value):
        field = f"providers[{i}]"
        entry = ctx.mapping(entry, field, ("id", "shown_by"), ("tables", "read_unnamed"))
        pid = entry["id"]
        if not isinstance(pid, str) or not re.fullmatch(r"[a-z0-9_]+", pid) or pid in [p.id for p in providers]:
            raise ctx.fail(f"{field}.id", f"must be a new lowercase id, got {pid!r}")
        try:
            shown_by = re.compile(entry["shown_by"], re.I) if isinstance(entry["shown_by"], str) else None
        except re.error as exc:
            raise ctx.fail(f"{field}.shown_by", f"not a valid regular expression: {exc}") from exc
        if shown_by is None:
            raise ctx.fail(f"{field}.shown_by", "must be a regular expression")
        tables = entry.get("tables") or []
        tables = ctx.words(tables, f"{field}.tables", r"[a-z0-9_]+") if tables else ()
        read_unnamed = entry.get("read_unnamed", False)
        if not isinstance(read_unnamed, bool) or (read_unnamed and pid not in tables):
            raise ctx.fail(f"{field}.read_unnamed", "must be true or false, and true only with a table of its own")
        providers.append(Provider(pid, shown_by, tables, read_unnamed))
    known = {p.id for p in providers if p.own_table}
    for i, p in enumerate(providers):
        unknown = [t for t in p.tables if t not in known]
        if unknown:
            raise ctx.fail(f"providers[{i}].tables", f"{unknown[0]!r} is no platform's own table")
    return tuple(providers)
