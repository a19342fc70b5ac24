"""Fitting text into the providers' limits (channels/common/text_limits.py)."""

from channels.common.text_limits import split_text, truncate, unique_labels


def test_text_without_breaks_is_still_split_within_the_limit() -> None:
    assert [len(c) for c in split_text("x" * 10000, 4096)] == [4096, 4096, 1808]


def test_split_prefers_paragraphs_then_lines_then_sentences_then_spaces() -> None:
    assert split_text("aaaa\n\nbbbb", 6) == ["aaaa", "bbbb"]
    assert split_text("aaaa\nbbbb", 6) == ["aaaa", "bbbb"]
    assert split_text("Done now. Next step", 12) == ["Done now.", "Next step"]
    assert split_text("one two three", 8) == ["one two", "three"]
    assert split_text("  short  ", 100) == ["short"]
    assert split_text("", 100) == [] and split_text(None, 100) == []  # type: ignore[arg-type]


def test_truncate_marks_the_cut() -> None:
    assert truncate("  Pending review  ", 20) == "Pending review"
    assert truncate("Pending review by Meta", 10) == "Pending r\u2026"
    assert truncate("abc", 1) == "a"


def test_labels_stay_unique_after_cutting() -> None:
    labels = unique_labels(
        ["Pending review by Meta today", "Pending review by Meta tomorrow", "pending REVIEW by meta x", ""], 20
    )
    assert all(len(label) <= 20 for label in labels)
    assert len({label.casefold() for label in labels}) == 4
    assert labels[1].endswith(" (2)") and labels[2].endswith(" (3)") and labels[3] == "-"
