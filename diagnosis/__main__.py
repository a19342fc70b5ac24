"""Command line: `python -m diagnosis` classifies stdin; `--jsonl` classifies many.

Why: lets people and scripts (the benchmark, support staff, CI) use the engine
without Python code, and keeps a bad line from stopping a batch.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from typing import List, Optional

from . import classify


def _out(obj: dict) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def _read_stdin_text() -> str:
    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
    if isinstance(data, bytes):
        return data.decode("utf-8", errors="replace")
    return data


def run_jsonl(stream: io.TextIOBase) -> int:
    """One `{"text": ...}` per line in, one result per line out, same order."""
    status = 0
    for lineno, raw in enumerate(stream, 1):
        line = raw.strip()
        if not line:
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:
            msg = f"line {lineno}: not valid JSON ({exc.msg} at column {exc.colno})"
            print(msg, file=sys.stderr)
            _out({"line": lineno, "error": msg})
            status = 2
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            msg = f'line {lineno}: expected an object with a string "text" field'
            print(msg, file=sys.stderr)
            _out({"line": lineno, "error": msg})
            status = 2
            continue
        result = classify(obj["text"]).to_dict()
        if "id" in obj:
            result = {"id": obj["id"], **result}
        _out(result)
        sys.stdout.flush()
    return status


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m diagnosis",
        description="Why did my WhatsApp message fail? Reads the error text on stdin, prints JSON.",
    )
    parser.add_argument(
        "--jsonl",
        action="store_true",
        help='read one {"text": ...} object per line, print one result per line',
    )
    args = parser.parse_args(argv)
    if args.jsonl:
        stream = (
            io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace")
            if hasattr(sys.stdin, "buffer")
            else sys.stdin
        )
        return run_jsonl(stream)
    _out(classify(_read_stdin_text()).to_dict())
    return 0


if __name__ == "__main__":
    sys.exit(main())
