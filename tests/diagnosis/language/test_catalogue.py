"""The wording catalogue: every key in every language, same placeholders, usable buttons."""

from __future__ import annotations

import pytest

from diagnosis.kb import CAUSE_IDS
from diagnosis.language import LANGS, say, say_list
from diagnosis.language.catalogue import Catalogue, WordingError, load_language, placeholders

EN = load_language("en")


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_every_key_exists_in_every_language_with_the_same_placeholders(lang):
    other = load_language(lang)
    missing = [k for k in EN if k not in other]
    extra = [k for k in other if k not in EN]
    assert not missing and not extra, (missing[:10], extra[:10])
    for key, entry in EN.items():
        assert placeholders(entry) == placeholders(other[key]), key
        assert isinstance(entry, list) == isinstance(other[key], list), key
        if isinstance(entry, list):
            assert len(entry) == len(other[key]), key
        assert other[key], key


def test_a_missing_key_in_one_language_fails_the_check(tmp_path):
    for lang in LANGS:
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "replies.yaml").write_text("greet: hi\n" + ("bye: ciao\n" if lang == "en" else ""))
    cat = Catalogue(tmp_path)
    assert "replies.bye" in cat.by_lang["en"] and "replies.bye" not in cat.by_lang["es"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_cause_is_said_in_every_language(lang):
    for cause in CAUSE_IDS:
        assert say(f"causes.{cause}.title", lang)
        assert say(f"causes.{cause}.explanation", lang)
        assert say_list(f"causes.{cause}.fix", lang)
        assert say(f"causes.{cause}.retry_note", lang)
        short = say(f"causes.{cause}.short", lang)
        assert 0 < len(short) <= 20, (lang, cause, short)


@pytest.mark.parametrize("lang", LANGS)
def test_button_labels_fit_whatsapp(lang):
    words = load_language(lang)
    for key, value in words.items():
        if (
            key.startswith("replies.buttons.")
            or key.startswith("replies.rating.")
            and "thanks" not in key
            and key != "replies.rating.ask"
        ):
            assert len(value) <= 20, (key, value)
        if key.startswith("questions.") and key.endswith(".title"):
            assert len(value) <= 20, (key, value)


def test_placeholders_are_filled_and_other_braces_kept():
    assert "{code}" not in say("info.code", "en", code="131026", title="T", explanation="E")
    said = say("replies.rating.thanks_with", "pt", rating=5)
    assert "5/5" in said and "{rating}" not in said


def test_a_key_no_language_has_is_an_error():
    with pytest.raises(WordingError):
        say("replies.no_such_line", "es")
