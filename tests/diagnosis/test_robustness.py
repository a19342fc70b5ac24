"""`classify` never raises and stays fast, whatever it is given."""

from __future__ import annotations

import json
import os
import random
import time

import pytest

import diagnosis


def _ok(r):
    assert isinstance(r.cause, str)
    assert 0.0 <= r.confidence <= 1.0
    assert r.candidates
    json.dumps(r.to_dict())
    return r


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "   \n\t ",
        b"",
        b"\x00\x01\x02\xff\xfe",
        bytearray(b"(#131047) Re-engagement message"),
        "\x00" * 1000,
        "\ud800 lone surrogate",
        12345,
        3.14,
        ["a", 1],
        {"error": {"code": 131047}},
        object(),
        "{",
        "[",
        "{" * 5000,
        "[" * 5000 + "]" * 5000,
        '{"error": {"code": null}}',
        '{"error": {"code": true}}',
        '{"error": {"code": "abc"}}',
        '{"error": {"code": 1e999}}',
        "code " + "9" * 5000,
        "#" * 10000,
        "(#" * 3000,
    ],
)
def test_never_raises_on_odd_input(value):
    _ok(diagnosis.classify(value))


def test_bytes_are_decoded():
    r = diagnosis.classify("(#131047) Re-engagement message".encode("utf-8"))
    assert r.cause == "outside_service_window"


def test_binary_garbage():
    rnd = random.Random(7)
    for _ in range(20):
        _ok(diagnosis.classify(bytes(rnd.getrandbits(8) for _ in range(5000))))
    _ok(diagnosis.classify(os.urandom(200_000)))


def test_one_megabyte_text_is_fast_and_finds_the_error():
    filler = "INFO request ok user=42 took=12ms path=/api/v1/orders\n" * 20000  # ~1 MB
    text = filler[: len(filler) // 2] + "ERROR (#131047) Re-engagement message\n" + filler[len(filler) // 2 :]
    assert len(text) > 1_000_000
    t0 = time.perf_counter()
    r = _ok(diagnosis.classify(text))
    assert time.perf_counter() - t0 < 2.0
    assert r.cause == "outside_service_window"


def test_one_megabyte_single_line():
    _ok(diagnosis.classify("a" * 1_100_000))
    _ok(diagnosis.classify("código " * 200_000))


def test_deeply_nested_json():
    deep = '{"a":' * 100_000 + "1" + "}" * 100_000
    _ok(diagnosis.classify(deep))
    deep_list = "[" * 200_000 + "]" * 200_000
    _ok(diagnosis.classify(deep_list))


def test_deep_json_with_error_near_the_top():
    inner = '{"x":' * 50 + '"y"' + "}" * 50
    text = '{"error": {"code": 131047, "message": "Re-engagement message", "extra": ' + inner + "}}"
    assert diagnosis.classify(text).cause == "outside_service_window"


def test_big_json_payload():
    statuses = [{"id": f"wamid.{i}", "status": "delivered", "recipient_id": "5511987654321"} for i in range(20000)]
    statuses.append(
        {"id": "wamid.x", "status": "failed", "errors": [{"code": 131026, "title": "Message undeliverable"}]}
    )
    text = json.dumps({"entry": [{"changes": [{"value": {"statuses": statuses}}]}]})
    assert len(text) > 1_000_000
    r = _ok(diagnosis.classify(text))
    assert "131026" in r.extracted.codes


def test_a_broken_knowledge_file_is_loud_not_unknown(tmp_path, monkeypatch):
    """A data bug must not pass for "I don't know": classify raises KnowledgeError."""
    import pytest

    import diagnosis
    from diagnosis import kb

    (tmp_path / "outside_service_window.yaml").write_text("id: outside_service_window\n")
    monkeypatch.setenv("TICKFIX_KNOWLEDGE_DIR", str(tmp_path))
    monkeypatch.setattr(kb, "_cached", None)  # restored afterwards by monkeypatch
    with pytest.raises(diagnosis.KnowledgeError):
        diagnosis.classify("(#131047) Re-engagement message")
