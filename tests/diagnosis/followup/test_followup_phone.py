"""recipient_number and recipient_country: what's wrong and the API form (digits only)."""

from __future__ import annotations

import pytest

from diagnosis.followup import answer, parse_country


def ask(text, country=None, **context):
    return answer("recipient_number", text, dict({"country": country}, **context))


def test_plus_and_spaces_must_go():
    a = ask("+91 98765 43210")
    assert a.ok
    assert a.value["digits"] == "919876543210"
    assert a.value["e164"] == "+919876543210"
    assert a.value["valid"] is True and a.value["type"] == "mobile"
    assert {"leading_plus", "separators"} <= set(a.value["problems"])
    assert "Send it as 919876543210" in a.finding
    assert "the +" in a.finding and "the spaces" in a.finding
    assert a.extra == {"recipient_country": "IN"}


def test_double_zero_prefix_must_go():
    a = ask("0091 98765 43210")
    assert a.value["digits"] == "919876543210"
    assert "leading_00" in a.value["problems"]
    assert "00" in a.finding


def test_us_national_format_with_country():
    a = ask("(415) 555-1234", country="US")
    assert a.value["digits"] == "14155551234"
    assert "missing_country_code" in a.value["problems"]
    assert "country code 1" in a.finding
    assert "brackets" in a.finding and "dashes" in a.finding


@pytest.mark.parametrize("country", ["United States", "USA", "us", "EEUU", "Estados Unidos", "EUA", "+1"])
def test_country_given_by_name_or_code(country):
    assert ask("(415) 555-1234", country=country).value["digits"] == "14155551234"


def test_missing_country_code_without_a_country_asks_which():
    a = ask("9876543210")
    assert a.ok
    assert a.value["needs_country"] is True and a.value["digits"] is None
    assert a.extra["needs_country"] is True  # the form asks recipient_country next
    assert "country code" in a.finding and "Which country" not in a.finding  # not asked twice


@pytest.mark.parametrize("text", ["131030", "error 131047"])
def test_an_error_code_given_for_the_number_is_no_number(text):
    assert not ask(text).ok


@pytest.mark.parametrize("text", ["9876543210", "+44 07911 123456", "+52 1 55 1234 5678"])
def test_a_number_that_has_to_change_points_to_its_format(text):
    assert ask(text).extra["points_to"] == "invalid_phone_format"


def test_a_number_only_written_with_a_plus_and_spaces_points_nowhere():
    assert "points_to" not in ask("+55 11 98765-4321").extra


def test_the_number_beside_an_error_code_is_read():
    a = ask("nao, 131030 é o codigo do erro. o numero é +55 11 98765-4321")
    assert a.ok and a.value["digits"] == "5511987654321"


def test_country_answer_completes_the_number():
    first = ask("9876543210")
    a = answer("recipient_country", "India", {"recipient_number": first.value})
    assert a.ok and a.value == "IN"
    assert a.extra["recipient_country"] == "IN"
    assert a.extra["recipient_number"]["digits"] == "919876543210"
    assert a.extra["needs_country"] is False
    assert "919876543210" in a.finding


def test_country_answer_alone():
    a = answer("recipient_country", "México")
    assert a.value == "MX" and "52" in a.finding
    assert not answer("recipient_country", "somewhere nice").ok


def test_already_right():
    a = ask("919876543210")
    assert a.value["digits"] == "919876543210" and a.value["problems"] == []
    assert "already in the right format" in a.finding


def test_landline_cannot_have_whatsapp():
    a = ask("+91 12345 67890")
    assert a.value["type"] == "landline"
    assert "not_mobile" in a.value["problems"]
    assert "landline" in a.finding and "mobile" in a.finding


def test_too_short_and_too_long_for_the_country():
    short = ask("+91 98765 4321")
    assert short.value["valid"] is False and "too_short" in short.value["problems"]
    assert "too short" in short.finding and "10 digits" in short.finding
    long = ask("+91 98765 432100")
    assert "too_long" in long.value["problems"] and "too long" in long.finding


def test_national_leading_zero_goes():
    a = ask("07400 123456", country="GB")
    assert a.value["digits"] == "447400123456"
    assert "leading_zero" in a.value["problems"]
    assert a.extra["recipient_country"] == "GB"


def test_trunk_zero_after_the_country_code_goes():
    a = ask("+44 (0) 7400 123456")
    assert a.value["digits"] == "447400123456"
    assert "trunk_zero" in a.value["problems"]


def test_mexico_drops_the_old_1():
    a = ask("+52 1 55 1234 5678")
    assert a.value["digits"] == "525512345678"
    assert "mexico_1" in a.value["problems"]
    assert "2019" in a.finding
    assert ask("55 1234 5678", country="Mexico").value["digits"] == "525512345678"
    assert "mexico_1" not in ask("+52 55 1234 5678").value["problems"]


def test_number_inside_a_sentence_and_twilio_form():
    a = ask("the number is +1 415 555 1234, thanks", provider="twilio")
    assert a.value["digits"] == "14155551234"
    assert "whatsapp:+14155551234" in a.finding


def test_invalid_for_the_country():
    a = ask("+1 123 456 7890")
    assert a.value["valid"] is False


@pytest.mark.parametrize("text", ["hello", "🙂", "", "12", "call me maybe"])
def test_no_number_reasks(text):
    a = ask(text)
    assert not a.ok and "919876543210" in a.reask


@pytest.mark.parametrize(
    "text, code",
    [
        ("India", "IN"),
        ("india", "IN"),
        ("Índia", "IN"),
        ("Mexico", "MX"),
        ("México", "MX"),
        ("Brasil", "BR"),
        ("Brazil", "BR"),
        ("España", "ES"),
        ("Espanha", "ES"),
        ("Spain", "ES"),
        ("US", "US"),
        ("USA", "US"),
        ("UK", "GB"),
        ("Reino Unido", "GB"),
        ("IN", "IN"),
        ("mx", "MX"),
        ("+91", "IN"),
        ("52", "MX"),
        ("it's from India", "IN"),
        ("es de México", "MX"),
        ("é do Brasil", "BR"),
        ("Alemania", "DE"),
        ("NO", "NO"),
    ],
)
def test_parse_country(text, code):
    assert parse_country(text) == code


@pytest.mark.parametrize("text", ["no", "si", "", None, "xx", "🙂", "x" * 5000, 42.5, ["IN"]])
def test_parse_country_unknown(text):
    assert parse_country(text) is None


def test_a_uk_mobile_without_a_country_said_is_the_uk_not_guernsey():
    said = answer("recipient_number", "447911123456", {"language": "en"}).finding
    assert "United Kingdom" in said and "Guernsey" not in said
