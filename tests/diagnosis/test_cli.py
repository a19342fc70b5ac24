"""`python -m diagnosis`: one text in, one JSON out; --jsonl keeps order and survives bad lines."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(args, stdin: bytes):
    return subprocess.run(
        [sys.executable, "-m", "diagnosis", *args], input=stdin, cwd=str(ROOT), capture_output=True, timeout=60
    )


def test_single_text():
    p = run([], "(#131047) Re-engagement message\n".encode())
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["cause"] == "outside_service_window"
    assert out["codes"] == ["131047"]
    assert set(out) >= {"cause", "confidence", "candidates", "codes", "extracted"}


def test_single_text_multiline_and_binary():
    p = run([], b"line one\n\xff\xfe garbage\nTwilio error 63016 outside the allowed window\n")
    assert p.returncode == 0
    assert json.loads(p.stdout)["cause"] == "outside_service_window"


def test_empty_stdin():
    p = run([], b"")
    assert p.returncode == 0
    assert json.loads(p.stdout)["cause"] == "unknown"


def test_jsonl_with_bad_lines_keeps_order_and_exits_2():
    lines = [
        json.dumps({"text": "(#132001) Template name does not exist in the translation"}),
        "this is not json",
        json.dumps({"text": "el número no tiene whatsapp"}),
        json.dumps({"no_text": 1}),
        json.dumps(["text"]),
        "",
        json.dumps({"text": "only one grey tick", "id": "x7"}),
    ]
    p = run(["--jsonl"], ("\n".join(lines) + "\n").encode())
    assert p.returncode == 2
    outs = [json.loads(line) for line in p.stdout.decode().splitlines()]
    assert len(outs) == 6  # the blank line is skipped
    assert outs[0]["cause"] == "template_not_approved"
    assert "error" in outs[1] and outs[1]["line"] == 2
    assert outs[2]["cause"] == "not_on_whatsapp"
    assert "error" in outs[3] and "error" in outs[4]
    assert outs[5]["cause"] == "pending_delivery" and outs[5]["id"] == "x7"
    err = p.stderr.decode()
    assert "line 2" in err and "line 4" in err and "line 5" in err


def test_jsonl_all_good_exits_0():
    lines = [json.dumps({"text": t}) for t in ["(#131048) Spam rate limit hit", "hello"]]
    p = run(["--jsonl"], ("\n".join(lines)).encode())
    assert p.returncode == 0
    outs = [json.loads(line) for line in p.stdout.decode().splitlines()]
    assert [o["cause"] for o in outs] == ["spam_rate_limit", "unknown"]
