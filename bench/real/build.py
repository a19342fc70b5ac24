"""Build bench/real/<cause>.jsonl from the hand-collected entries below.

Every entry is a verbatim excerpt (trimmed to the relevant sentences) of a public
page or GitHub thread, with its URL. The cause label was given by a person reading
/work/shared/causes.md, never by running the classifier.

Split rule (decided once, never changed): sha1(text, UTF-8) hex digest; last hex
digit even -> "dev", odd -> "heldout".

Run: python bench/real/build.py   (rewrites every bench/real/*.jsonl)
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent

import sys  # noqa: E402

sys.path.insert(0, str(HERE))
from entries import ENTRIES  # noqa: E402  (cause, lang, kind, source, text[, coded])


# A numeric error code: Meta 13xxxx/2494xxx/80007, Twilio 63xxx, "(#n)", "code": n,
# "error n"/"erro n"/"código n", or a table line that starts with a code.
_CODE = re.compile(
    r"(\b1[3-5]\d{4}\b|\b131_\d{3}\b|\b2494\d{3}\b|\b80007\b|\b63\d{3}\b|\(#\d+\)|\"code\"\s*(?::|=>)\s*\"?\d+"
    r"|\b(?:error|erro|código|code|codigo)\s*[#:]?\s*\d{1,7}\b"  # error 131000, código 1002
    r"|^\s*\|?\s*\d{1,6}\s*(?:\||\(|\s+[A-Z\u201c\"])"  # table row: "| 11 | Flooding", "368 Temporarily", "401 (190)"
    r"|\"\d{3,4}\"\s*:|\s-\s\d{3,4}\b|::\d{3,4}\b)",  # "402": {..}, "... - 1003", whatsapp::external::2001
    re.I | re.M,
)
# HTTP status codes alone (httpCode 400, "result": 500) do not count as error codes.


def split_of(text: str) -> str:
    return "dev" if int(hashlib.sha1(text.encode("utf-8")).hexdigest()[-1], 16) % 2 == 0 else "heldout"


# The comment lines in entries.py that open each collection pass after the first.
_PASS_MARKERS = (
    "second pass",
    "third pass",
    "fourth pass",
    "fifth pass",
    "sixth pass",
    "seventh pass",
    "eighth pass",
    "ninth pass",
    "tenth pass",
    "eleventh pass",
    "twelfth pass",
)


def passes() -> list:
    """The collection pass (1, 2, ...) of each entry of ENTRIES, from the marker comments
    of entries.py: each pass's held-out lines had their own first measurement."""
    source = (HERE / "entries.py").read_text(encoding="utf-8")
    starts = [
        i + 1
        for i, line in enumerate(source.split("\n"))
        if line.startswith("#") and any(m in line for m in _PASS_MARKERS)
    ]
    listed = next(n.value for n in ast.parse(source).body if isinstance(n, ast.Assign) and n.targets[0].id == "ENTRIES")
    return [1 + sum(1 for start in starts if start < element.lineno) for element in listed.elts]


def build() -> dict:
    seen = set()
    by_cause = defaultdict(list)
    for entry, pass_no in zip(ENTRIES, passes()):
        cause, lang, kind, source, text = entry[:5]
        coded = entry[5] if len(entry) > 5 else None
        text = text.strip()
        if text in seen:
            raise SystemExit(f"duplicate text: {text[:80]!r}")
        seen.add(text)
        assert lang in ("en", "es", "pt"), lang
        assert kind in ("code_line", "json", "dashboard", "symptom", "doc"), kind
        if coded is None:
            coded = bool(_CODE.search(text))
        by_cause[cause].append(
            {
                "text": text,
                "cause": cause,
                "lang": lang,
                "kind": kind,
                "coded": coded,
                "source": source,
                "split": split_of(text),
                "pass": pass_no,
            }
        )
    for old in HERE.glob("*.jsonl"):
        old.unlink()
    for cause, rows in sorted(by_cause.items()):
        with open(HERE / f"{cause}.jsonl", "w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return by_cause


if __name__ == "__main__":
    rows = build()
    print(sum(len(v) for v in rows.values()), "rows in", len(rows), "files")
