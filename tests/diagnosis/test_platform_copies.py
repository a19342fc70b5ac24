"""No copy of a platform fact in code: every module reads diagnosis/knowledge_base/platform.yaml.

Why: the facts were written in several modules and had drifted apart (a sticker was 500 KB
in the classifier and 100 KB in the follow-up answer; a common module imported WhatsApp's
channel for its text limit). This test reads the code (docstrings and comments aside) and
fails when a media limit in bytes, the window's 24 hours, a text limit, a tier's size or a
list of tiers, platforms or media types is written again as a literal.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Set, Tuple

from diagnosis.platform import platform

ROOT = Path(__file__).resolve().parents[2]
P = platform()
# Every package of code (tests, the benchmarks and the web page's tooling aside).
PACKAGES = (
    "diagnosis",
    "channels",
    "account_checks",
    "actions",
    "agent_desk",
    "chatwoot",
    "contracts",
    "failure_watch",
    "handoff_webhook",
    "privacy",
    "retries",
    "twilio_api",
    "stores",
    "tickfix_nlu",
    "scripts",
)
# The modules that work with the messaging limit tiers: no tier size as a literal there.
TIER_MODULES = (
    "diagnosis/facts.py",
    "diagnosis/followup/limits.py",
    "account_checks/phone_number.py",
    "actions/account_messages.py",
)
# Literals that look like a fact and are not one: (module, value) -> why.
NOT_FACTS: Dict[Tuple[str, object], str] = {
    ("channels/common/attachments.py", 4096): "bytes read to tell a binary file from text",
    ("actions/account.py", "hours=24"): "the day of Twilio's error log that 'check my account' reads",
    ("diagnosis/extract.py", "media types"): "the words a text names each media type with",
    ("diagnosis/followup/media.py", "media types"): "the words a text names each media type with",
    ("failure_watch/diagnose.py", 4096): "a cache's size",
}

MEDIA_BYTES = {m.max_bytes for m in P.media.values()} | {
    m.max_bytes_animated for m in P.media.values() if m.max_bytes_animated
}
TEXT_LIMITS = {P.messages.text_body, P.messages.interactive_body}
WINDOW_HOURS = P.service_window_hours
# (1,000, the former size of the "1k" step, is also every number's thousand: not looked for)
TIER_SIZES = {n for t in P.tiers for n in (t.limits or ()) if n != 1000}
TIER_IDS = {t.choice for t in P.tiers}
PROVIDER_IDS = {p.id for p in P.providers}
MEDIA_TYPES = set(P.media)
_NAMED = {"KB": 1024, "MB": 1024**2}
_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+")  # "2,000"
# a tier's size in a pattern or a text: 250, 2k, 10K, 2,000, 100.000
_TIER_WORDS = re.compile(r"(?<![\w.])(?:250|[12]k|10k|100k|[12][.,]?000|10[.,]?000|100[.,]?000)(?!\w)", re.I)


def _modules() -> Iterator[Tuple[str, ast.AST]]:
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "__pycache__" in path.parts:
                continue
            yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def _docstrings(tree: ast.AST) -> Set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def _fold(node: ast.AST) -> Optional[int]:
    """The value of a constant integer expression (5 * 1024 ** 2, 100 * KB), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return node.value
    if isinstance(node, ast.Name):
        return _NAMED.get(node.id)
    if isinstance(node, ast.BinOp):
        left, right = _fold(node.left), _fold(node.right)
        if left is None or right is None:
            return None
        if isinstance(node.op, ast.Mult):
            return left * right
        if isinstance(node.op, ast.Pow) and right <= 4:
            return left**right
    return None


def _strings(node: ast.AST) -> List[str]:
    """The strings a literal lists: its items, its keys, or each item's first ("twilio", pattern)."""
    items = [
        e.elts[0] if isinstance(e, ast.Tuple) and e.elts else e
        for e in getattr(node, "elts", None) or getattr(node, "keys", None) or []
    ]
    return [e.value for e in items if isinstance(e, ast.Constant) and isinstance(e.value, str)]


def _copies(module: str, tree: ast.AST) -> List[str]:
    """Every literal copy of a platform fact in one module's code, as 'module:line: what'."""
    out: List[str] = []

    def found(key: object, line: int, what: str) -> None:
        if (module, key) not in NOT_FACTS:
            out.append(f"{module}:{line}: {what}")

    docstrings = _docstrings(tree)
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, (ast.BinOp, ast.Constant)) and id(node) not in docstrings:
            value = _fold(node)
            if value in MEDIA_BYTES:
                found(value, line, f"a media limit in bytes ({value})")
            if value == P.messages.text_body:
                found(value, line, "WhatsApp's text limit")
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and any(str(n) in node.value for n in TEXT_LIMITS)
            ):
                found(node.value, line, f"a text limit in a string: {node.value[:60]!r}")
            text = node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else ""
            written = _THOUSANDS.fullmatch(text) or len(_TIER_WORDS.findall(text)) > 1
            if module in TIER_MODULES and isinstance(node, ast.Constant) and (value in TIER_SIZES or written):
                found(value, line, f"a tier's size ({node.value!r})")
        elif isinstance(node, ast.keyword) and node.arg == "hours" and _fold(node.value) == WINDOW_HOURS:
            found(f"hours={WINDOW_HOURS}", node.value.lineno, "the service window's hours")
        elif isinstance(node, ast.Compare) and any(
            isinstance(n, ast.Constant) and n.value in {WINDOW_HOURS} | TEXT_LIMITS
            for n in [node.left, *node.comparators]
        ):
            found("compare", line, "a comparison with the window's hours or a text limit")
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set, ast.Dict)):
            words = set(_strings(node))
            for name, known in (("tiers", TIER_IDS), ("platforms", PROVIDER_IDS)):
                if len(words & known) >= 2:
                    found(name, line, f"a list of {name}: {sorted(words & known)}")
            if words == MEDIA_TYPES:  # message kinds that include the media types are another list
                found("media types", line, f"the list of media types: {sorted(words)}")
    return out


def test_no_platform_fact_is_written_in_code():
    copies = [c for module, tree in _modules() for c in _copies(module, tree)]
    assert not copies, "read these from diagnosis.platform instead:\n" + "\n".join(copies)


def test_the_scan_finds_the_copies_it_was_written_against():
    samples = {
        'MEDIA_LIMITS = {"image": 5 * 1024 ** 2, "sticker": 500 * 1024}': 2,
        'MEDIA_TYPES = {"sticker": {"limit": 100 * KB}}': 1,
        "WINDOW = dt.timedelta(hours=24)": 1,
        "if int(m.group(1)) >= 24: pass": 1,
        "TEXT_LIMIT = 4096": 1,
        "if len(joined) <= 1024: pass": 1,
        'TIER_ORDER = ("250", "1k", "10k", "100k", "unlimited")': 1,
        'BUILT_IN = ("meta", "on_premises", "twilio")': 1,
        '_PATTERNS = [("twilio", re.compile("twilio")), ("meta", re.compile("fbtrace"))]': 1,
        '_MEDIA_TYPES = ("image", "video", "audio", "document", "sticker")': 1,
        "page = f'<textarea maxlength=\"4096\">{text}</textarea>'": 1,
    }
    for source, expected in samples.items():
        assert len(_copies("diagnosis/example.py", ast.parse(source))) >= expected, source
    assert _copies("diagnosis/followup/limits.py", ast.parse('TIERS = {"1k": (1000, 2000)}'))
    assert _copies("account_checks/phone_number.py", ast.parse('TIER_LIMIT = {"TIER_2K": "2,000"}'))
    assert _copies("diagnosis/facts.py", ast.parse('AUDIENCE = re.compile(r"(?:250|1k|2[.,]?000|10k)")'))
    assert not _copies("diagnosis/example.py", ast.parse('"""A docstring may say 4096 and 24 hours."""'))


def _imports(tree: ast.AST) -> Set[str]:
    found: Set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def test_a_common_module_takes_no_fact_from_a_provider_channel():
    """channels/common is shared by every channel: it reads WhatsApp's limits from the platform
    facts, never from WhatsApp's own channel (channels/meta) or another channel's package."""
    own = {d.name for d in (ROOT / "channels").iterdir() if (d / "__init__.py").is_file()} - {"common"}
    for module, tree in _modules():
        if module.startswith("channels/common/"):
            bad = [m for m in _imports(tree) if m.split(".")[:2] in [["channels", o] for o in own]]
            assert not bad, (module, bad)


def test_no_rasa_free_package_imports_the_channels():
    for module, tree in _modules():
        if module.split("/")[0] in (
            "diagnosis",
            "account_checks",
            "agent_desk",
            "chatwoot",
            "contracts",
            "failure_watch",
            "handoff_webhook",
            "privacy",
            "retries",
        ):
            bad = [m for m in _imports(tree) if m.split(".")[0] in ("channels", "rasa", "rasa_sdk", "actions")]
            assert not bad, (module, bad)


def test_the_graph_api_version_is_pinned_in_one_place():
    # the channel's sender and the account checks once each spelled "https://graph.facebook.com/v26.0"
    pinned = re.compile(r"graph\.facebook\.com/v\d+\.\d+")
    found = [
        f"{path.relative_to(ROOT)}:{i}"
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pinned.search(line)
    ]
    assert not found, found
    assert pinned.search(P.graph_api_base)
