"""The tables (per state kind and language, per pool item, per state) and the list of
violations with what the bot said.

Why: the output is what a person reads after `make test-dialogue`; kept apart from
the checks it counts.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Dict, List, Sequence

from .checks import PROPERTIES, Violation, check_conversation, short
from .play import Conversation
from .states import LANGS


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
    lines = [
        [k, str(t.convs), str(t.turns)]
        + [f"{t.violations.get(p, 0)}/{t.checked.get(p, 0)}" for p in PROPERTIES]
        + [str(t.total)]
        for k, t in rows.items()
    ]
    total = Tally()
    for t in rows.values():
        total.convs += t.convs
        total.turns += t.turns
        for p in PROPERTIES:
            total.checked[p] += t.checked.get(p, 0)
            total.violations[p] += t.violations.get(p, 0)
    lines.append(
        ["TOTAL", str(total.convs), str(total.turns)]
        + [f"{total.violations.get(p, 0)}/{total.checked.get(p, 0)}" for p in PROPERTIES]
        + [str(total.total)]
    )
    widths = [max(len(r[i]) for r in [header] + lines) for i in range(len(header))]
    fmt = lambda r: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))  # noqa: E731
    rule = "-" * len(fmt(header))
    return "\n".join([title, fmt(header), rule] + [fmt(r) for r in lines[:-1]] + [rule, fmt(lines[-1])])


def report(convs: Sequence[Conversation], by_state: bool = False, max_details: int = 200, out=sys.stdout) -> int:
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
        for table, key in (
            (per_kind, f"{s.kind} [{s.lang}]"),
            (per_item, conv.item),
            (per_state, f"{s.key} x {conv.item}"),
        ):
            table.setdefault(key, Tally()).add(pool_turns, checked, found)
        for v in found:
            turn = conv.turns[v.turn]
            said = " | ".join(short(m.get("text") or "", 220) for m in turn.replies) or "(nothing)"
            details.append(
                f"[{v.prop}] {s.key} / {conv.item} / turn {v.turn + 1} (sender {conv.sender})\n"
                f"    user: {turn.user!r}\n    {v.detail}\n    bot:  {said}"
            )
    kinds_order = ["question", "triage", "after_fix", "after_handoff", "unplaceable"]
    per_kind = dict(
        sorted(per_kind.items(), key=lambda kv: (kinds_order.index(kv[0].split(" ")[0]), LANGS.index(kv[0][-3:-1])))
    )
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
