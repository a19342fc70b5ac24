"""The metadata contract (contracts/metadata.py): one spelling of every key.

Why: the channels write a message's metadata and the actions, the agent view and the
Chatwoot handoff read it; a key spelled as a string on one side and renamed on the
other goes missing silently. This test reads the code (no import) and fails when a
metadata key is written as a raw string where a message's metadata is built or read.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import List, Tuple

from channels.common.phone_metadata import phone_metadata
from contracts import metadata
from contracts.metadata import UserHints

ROOT = Path(__file__).resolve().parents[2]
# Where a message's metadata is written or read.
CHECKED = ("channels", "actions", "agent_desk", "chatwoot")
KEYS = metadata.USER_MESSAGE_KEYS | metadata.AGENT_REPLY_KEYS
# Names a metadata dict goes by while it is built or read.
CARRIERS = {"metadata", "meta", "fields"}


def _calls_metadata_function(node: ast.AST) -> bool:
    """``user_metadata(...)``, ``_metadata(tracker)``: a function named for metadata."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    return name.endswith("metadata")


def _is_carrier(node: ast.AST) -> bool:
    """An expression that holds a message's metadata."""
    if isinstance(node, ast.Name):
        return node.id in CARRIERS
    if isinstance(node, ast.Attribute):
        return node.attr == "metadata"
    if isinstance(node, ast.BoolOp):  # (event.get("metadata") or {})
        return _is_carrier(node.values[0])
    if isinstance(node, ast.Call):
        if isinstance(node.func, ast.Attribute) and node.func.attr == "get" and node.args:
            first = node.args[0]
            return isinstance(first, ast.Constant) and first.value == "metadata"
        return _calls_metadata_function(node)
    return False


def _metadata_dicts(tree: ast.AST) -> List[ast.Dict]:
    """Dict displays that become a message's metadata."""
    found: List[ast.Dict] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Dict):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(_is_carrier(t) for t in targets):
                found.append(node.value)
        elif _calls_metadata_function(node):
            found += [a for a in node.args if isinstance(a, ast.Dict)]
        elif isinstance(node, ast.Dict) and any(k is None and _is_carrier(v) for k, v in zip(node.keys, node.values)):
            found.append(node)  # {**message.metadata, KEY: ...}
    return found


def raw_keys(source: str) -> List[Tuple[int, str]]:
    """(line, key) of every metadata key written as a string where metadata is built or read."""
    tree = ast.parse(source)
    spelled: List[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and _is_carrier(node.value):
            spelled.append(node.slice)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("get", "pop", "setdefault")
            and node.args
            and _is_carrier(node.func.value)
        ):
            spelled.append(node.args[0])
        elif isinstance(node, ast.Compare) and any(isinstance(op, (ast.In, ast.NotIn)) for op in node.ops):
            if any(_is_carrier(c) for c in node.comparators):
                spelled.append(node.left)
    for built in {id(d): d for d in _metadata_dicts(tree)}.values():
        spelled += [k for k in built.keys if k is not None]
    return sorted(
        (n.lineno, n.value)
        for n in spelled
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value in KEYS
    )


def test_no_channel_or_action_spells_a_metadata_key() -> None:
    found = []
    for package in CHECKED:
        for path in sorted((ROOT / package).rglob("*.py")):
            for line, key in raw_keys(path.read_text(encoding="utf-8")):
                found.append(f"{path.relative_to(ROOT)}:{line}: {key!r}")
    assert not found, "use the names in contracts/metadata.py instead of:\n" + "\n".join(found)


def test_the_check_sees_a_raw_key_where_metadata_is_built_or_read() -> None:
    source = """
fields = {"channel": "whatsapp", "message_id": mid}
metadata["button_title"] = title
full = (event.get("metadata") or {}).get("full_text")
zone = _metadata(tracker).get("time_zone")
out = user_metadata({"wa_id": number}, number)
more = {**message.metadata, "attachment": {}}
if "tickfix_agent" in meta: pass
unrelated = {"channel": "a log label"}
payload.get("from")
"""
    assert [key for _, key in raw_keys(source)] == [
        "channel",
        "message_id",
        "button_title",
        "full_text",
        "time_zone",
        "wa_id",
        "attachment",
        "tickfix_agent",
    ]


def test_what_a_channel_writes_is_what_the_actions_read() -> None:
    written = phone_metadata("+55 11 98765-4321")
    hints = UserHints.read({**written, metadata.FULL_TEXT: "the whole paste"})
    assert (hints.country, hints.time_zone, hints.full_text) == ("BR", "America/Sao_Paulo", "the whole paste")


def test_a_rest_callers_keys_win_and_odd_metadata_reads_as_nothing() -> None:
    caller = {
        metadata.TIMEZONE: "Asia/Kolkata",
        metadata.TIME_ZONE: "America/New_York",
        metadata.COUNTRY: "IN",
        metadata.COUNTRY_CODE: "US",
        metadata.LANGUAGE: "pt-BR",
    }
    hints = UserHints.read(caller)
    assert (hints.time_zone, hints.country, hints.locale) == ("Asia/Kolkata", "IN", "pt-BR")
    assert UserHints.read(None) == UserHints.read(["x"]) == UserHints.read({metadata.FULL_TEXT: 3}) == UserHints()
