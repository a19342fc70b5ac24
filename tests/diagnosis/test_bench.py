"""bench/classifier_bench.py: which set it measures, what a known code is, the report.

These tests never look at the real bench/test/ folder: every choice about the test
set is made against temporary folders.
"""

from __future__ import annotations

import importlib.util
import io
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("classifier_bench", ROOT / "bench" / "classifier_bench.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _write(path: Path, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- which set


def test_test_set_is_the_default_once_its_folder_exists(bench, tmp_path):
    test_dir = tmp_path / "test"
    test_dir.mkdir()
    assert bench.choose_set(bench.resolve_request(None, None), None, test_dir) == ("test", "all", "")


def test_without_the_test_folder_the_dev_heldout_split_stands_in_and_says_so(bench, tmp_path):
    name, split, note = bench.choose_set(bench.resolve_request(None, None), None, tmp_path / "missing")
    assert (name, split) == ("dev", "heldout")
    assert "does not exist" in note
    name, split, note = bench.choose_set("test", None, tmp_path / "missing")
    assert (name, split) == ("dev", "heldout") and note


def test_dev_set_is_all_lines_or_one_split(bench, tmp_path):
    test_dir = tmp_path / "test"
    test_dir.mkdir()
    assert bench.choose_set("dev", None, test_dir) == ("dev", "all", "")
    assert bench.choose_set("dev", "train", test_dir) == ("dev", "train", "")
    # --split alone means dev, even when the test folder exists
    assert bench.choose_set(bench.resolve_request(None, "heldout"), "heldout", test_dir)[:2] == ("dev", "heldout")


def test_split_is_refused_for_the_test_set(bench, tmp_path):
    with pytest.raises(bench.UsageError):
        bench.choose_set("test", "train", tmp_path)


def test_show_errors_needs_the_dev_set(bench, capsys):
    # refused before any set is chosen, so the test folder is not even looked at
    assert bench.main(["--show-errors"]) == 2
    assert bench.main(["--set", "test", "--show-errors"]) == 2
    assert "--set dev" in capsys.readouterr().err


def test_rows_are_read_whole_for_test_and_by_split_for_dev(bench, tmp_path):
    rows = [
        {"text": "(#131047) Re-engagement message", "cause": "outside_service_window", "split": "train"},
        {"text": "User blocked", "cause": "blocked_by_recipient", "split": "heldout"},
        {"text": "no cause field"},
    ]
    _write(tmp_path / "dev" / "a.jsonl", rows)
    _write(tmp_path / "test" / "b.jsonl", rows[:2])
    assert len(bench.load_rows("test", "all", tmp_path / "dev", tmp_path / "test")) == 2
    assert len(bench.load_rows("dev", "all", tmp_path / "dev", tmp_path / "test")) == 2
    dev_held = bench.load_rows("dev", "heldout", tmp_path / "dev", tmp_path / "test")
    assert [r["cause"] for r in dev_held] == ["blocked_by_recipient"]


# ---------------------------------------------------------------- known codes


def test_known_code_means_listed_in_some_providers_table(bench):
    assert bench.has_known_code(["131047"])  # Meta
    assert bench.has_known_code(["63016"])  # Twilio
    assert bench.has_known_code(["1002"])  # Gupshup / On-Premises
    assert bench.has_known_code(["250"])  # inside Meta's 200-299 range
    assert not bench.has_known_code(["404", "999999"])
    assert not bench.has_known_code([])


# ---------------------------------------------------------------- report


def _ev(bench, rows):
    return bench.evaluate(rows, reps=1)


def test_report_counts_and_bars(bench):
    rows = [
        {
            "text": "(#131047) Re-engagement message",
            "cause": "outside_service_window",
            "kind": "meta_error_line",
            "lang": "en",
        },
        {
            "text": "la clienta nos bloqueó en WhatsApp",
            "cause": "blocked_by_recipient",
            "kind": "symptom",
            "lang": "es",
        },
        {"text": "hola, buenas tardes", "cause": "unknown", "kind": "symptom", "lang": "es"},
        {"text": "(#131047) Re-engagement message", "cause": "rate_limit", "kind": "meta_error_line", "lang": "en"},
    ]
    ev = _ev(bench, rows)
    assert ev["n"] == 4 and ev["correct"] == 3
    assert (ev["code_total"], ev["code_correct"]) == (2, 1)
    assert ev["unknown_answers"] == 1
    out = io.StringIO()
    failed = bench.report(ev, "dev", "all", (0.1, 0.2), out=out)
    text = out.getvalue()
    assert "top-1 accuracy:              75.00%" in text
    assert "texts with a known code: 50.00%  (1/2)" in text
    assert "rate_limit -> outside_service_window" in text
    assert "by lang: en 1/2, es 2/2" in text
    assert "top-1 accuracy" in failed and "accuracy on texts with a known code" in failed
    assert "per-cause recall" in failed and "knowledge load time" not in failed


def test_report_flags_slow_load(bench):
    ev = _ev(bench, [{"text": "User blocked", "cause": "blocked_by_recipient"}])
    failed = bench.report(ev, "test", "all", (1.5, 1.6), out=io.StringIO())
    assert failed == ["knowledge load time"]


def test_labels_outside_the_cause_ids_are_reported(bench):
    ev = _ev(bench, [{"text": "User blocked", "cause": "blocked"}])
    out = io.StringIO()
    bench.report(ev, "test", "all", (0.1, 0.1), out=out)
    assert "labels that are not cause IDs: 'blocked'" in out.getvalue()


def test_dev_run_end_to_end(bench, capsys):
    rc = bench.main(["--set", "dev", "--split", "heldout", "--reps", "1"])
    out = capsys.readouterr().out
    assert "set: dev (split: heldout)" in out and "texts: 213" in out
    # the accuracy bars hold on dev; timing bars depend on the machine (a busy CI)
    missed = out.split("BARS MISSED:")[-1] if "BARS MISSED:" in out else ""
    assert rc == 0 or ("accuracy" not in missed and "recall" not in missed), out[-400:]


# ---------------------------------------------------------------- real sets (bench/real)


def test_real_sets_are_the_two_halves_of_bench_real(bench, tmp_path):
    assert bench.choose_set("real", None, tmp_path / "missing") == ("real", "dev", "")
    assert bench.choose_set("real-heldout", None, tmp_path / "missing") == ("real-heldout", "heldout", "")
    with pytest.raises(bench.UsageError):
        bench.choose_set("real", "train", tmp_path)
    rows = [
        {"text": "(#131047) Re-engagement message", "cause": "outside_service_window", "split": "dev"},
        {"text": "User blocked", "cause": "blocked_by_recipient", "split": "heldout"},
    ]
    _write(tmp_path / "real" / "a.jsonl", rows)
    got = bench.load_rows("real", "dev", tmp_path / "dev", tmp_path / "test", tmp_path / "real")
    assert [r["split"] for r in got] == ["dev"]
    got = bench.load_rows("real-heldout", "heldout", tmp_path / "dev", tmp_path / "test", tmp_path / "real")
    assert [r["split"] for r in got] == ["heldout"]


def test_real_heldout_texts_are_never_printed(bench, capsys):
    assert bench.main(["--set", "real-heldout", "--show-errors"]) == 2
    assert "real-heldout" in capsys.readouterr().err


def test_report_splits_coded_and_uncoded_by_the_rows_label(bench):
    rows = [
        {
            "text": "(#131047) Re-engagement message",
            "cause": "outside_service_window",
            "kind": "code_line",
            "lang": "en",
            "coded": True,
        },
        {"text": "hola, buenas tardes", "cause": "rate_limit", "kind": "symptom", "lang": "es", "coded": False},
    ]
    out = io.StringIO()
    bench.report(_ev(bench, rows), "real-heldout", "heldout", (0.1, 0.1), out=out)
    text = out.getvalue()
    assert "set: real-heldout (split: heldout)" in text
    assert "by coded (the row's own label): coded 1/1 (100.0%), uncoded 0/1 (0.0%)" in text
    assert "top-1 by kind: code_line 100.0%, symptom 0.0%" in text


def test_real_sets_report_only(bench, tmp_path, monkeypatch, capsys):
    _write(
        tmp_path / "a.jsonl",
        [
            {
                "text": "hola, buenas tardes",
                "cause": "rate_limit",
                "split": "heldout",
                "kind": "symptom",
                "lang": "es",
                "coded": False,
            }
        ],
    )
    monkeypatch.setattr(bench, "REAL_DIR", tmp_path)
    monkeypatch.setattr(bench, "load_time_fresh", lambda: (0.1, 0.1))
    assert bench.main(["--set", "real-heldout", "--reps", "1"]) == 0
    assert "bars (report only on real sets): missed:" in capsys.readouterr().out


def test_bench_real_files_are_what_build_writes_from_entries_with_each_pass(tmp_path, monkeypatch):
    """bench/real/*.jsonl are built from entries.py (a test fails when they drift), and each
    row carries its collection pass, in order: the README gives each pass's first measurement."""
    import importlib.util
    import json
    from pathlib import Path

    real = Path(__file__).resolve().parents[2] / "bench" / "real"
    spec = importlib.util.spec_from_file_location("real_build", real / "build.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    passes = build.passes()
    assert len(passes) == len(build.ENTRIES) and passes == sorted(passes) and passes[0] == 1 and passes[-1] >= 5
    written = sorted(
        json.loads(line)["text"] + str(json.loads(line)["pass"])
        for p in real.glob("*.jsonl")
        for line in open(p, encoding="utf-8")
    )
    expected = sorted(e[4].strip() + str(n) for e, n in zip(build.ENTRIES, passes))
    assert written == expected
