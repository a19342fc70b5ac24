"""Time zones named in an answer ("5pm IST", "hora de México"), with a fixed now."""

from __future__ import annotations

import datetime as dt

import pytest

from diagnosis.followup import answer
from diagnosis.followup.zonefind import find_zone
from diagnosis.followup.zones import tz_for_name

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 21, 15, 0, tzinfo=UTC)  # Saturday 21 Nov 2026, 15:00 UTC
CTX = {"now": NOW}


def ask(text, **context):
    return answer("last_customer_message", text, dict(CTX, **context))


def sent(text, **context):
    return answer("time_since_sent", text, dict(CTX, **context))


# text, the instant in UTC, how the finding shows it, the zone remembered (None: not kept)
NAMED = [
    ("yesterday at 5pm IST", "2026-11-20T11:30:00+00:00", "Fri 20 Nov, 17:00 IST", "Asia/Kolkata"),
    ("yesterday at 5pm EST", "2026-11-20T22:00:00+00:00", "Fri 20 Nov, 17:00 EST", "America/New_York"),
    ("yesterday at 5pm est", "2026-11-20T22:00:00+00:00", "Fri 20 Nov, 17:00 EST", "America/New_York"),
    ("yesterday 17:00 +05:30", "2026-11-20T11:30:00+00:00", "Fri 20 Nov, 17:00 UTC+05:30", None),
    ("yesterday 5pm GMT-3", "2026-11-20T20:00:00+00:00", "Fri 20 Nov, 17:00 UTC-03:00", "Etc/GMT+3"),
    ("yesterday at 5pm (UTC+5:30)", "2026-11-20T11:30:00+00:00", "Fri 20 Nov, 17:00 UTC+05:30", None),
    ("yesterday at 5pm CET", "2026-11-20T16:00:00+00:00", "Fri 20 Nov, 17:00 CET", "Europe/Berlin"),
    ("yesterday 5pm Mexico City time", "2026-11-20T23:00:00+00:00", "Fri 20 Nov, 17:00 CST", "America/Mexico_City"),
    ("yesterday at 5pm India time", "2026-11-20T11:30:00+00:00", "Fri 20 Nov, 17:00 IST", "Asia/Kolkata"),
    ("yesterday at 5pm New York time", "2026-11-20T22:00:00+00:00", "Fri 20 Nov, 17:00 EST", "America/New_York"),
    # es
    ("ayer a las 5pm hora de Mexico", "2026-11-20T23:00:00+00:00", "Fri 20 Nov, 17:00 CST", "America/Mexico_City"),
    ("ayer 5pm hora de México", "2026-11-20T23:00:00+00:00", "Fri 20 Nov, 17:00 CST", "America/Mexico_City"),
    (
        "ayer a las 17 hora de la Ciudad de México",
        "2026-11-20T23:00:00+00:00",
        "Fri 20 Nov, 17:00 CST",
        "America/Mexico_City",
    ),
    (
        "ayer a las 5 pm hora de Colombia",
        "2026-11-20T22:00:00+00:00",
        "Fri 20 Nov, 17:00 Colombia Time",
        "America/Bogota",
    ),
    ("ayer a las 5pm horario de Lima", "2026-11-20T22:00:00+00:00", "Fri 20 Nov, 17:00 Peru Time", "America/Lima"),
    ("ayer a las 5pm hora de España", "2026-11-20T16:00:00+00:00", "Fri 20 Nov, 17:00 CET", "Europe/Madrid"),
    # pt
    (
        "ontem às 17h horário de Brasília",
        "2026-11-20T20:00:00+00:00",
        "Fri 20 Nov, 17:00 Brasilia Time",
        "America/Sao_Paulo",
    ),
    (
        "17h horário de Brasília de ontem",
        "2026-11-20T20:00:00+00:00",
        "Fri 20 Nov, 17:00 Brasilia Time",
        "America/Sao_Paulo",
    ),
    ("ontem às 17h BRT", "2026-11-20T20:00:00+00:00", "Fri 20 Nov, 17:00 Brasilia Time", "America/Sao_Paulo"),
    ("ontem 5pm BRT", "2026-11-20T20:00:00+00:00", "Fri 20 Nov, 17:00 Brasilia Time", "America/Sao_Paulo"),
    ("ontem às 17h horário da Índia", "2026-11-20T11:30:00+00:00", "Fri 20 Nov, 17:00 IST", "Asia/Kolkata"),
    ("ontem às 17h fuso de Lisboa", "2026-11-20T17:00:00+00:00", "Fri 20 Nov, 17:00 WET", "Europe/Lisbon"),
]


@pytest.mark.parametrize("text, at, shown, remembered", NAMED)
def test_a_zone_named_in_the_answer_is_used_and_shown(text, at, shown, remembered):
    a = ask(text)
    assert a.ok, a.reask
    assert a.value["last_message_at"] == at
    assert a.value["assumed_timezone"] is False
    assert shown in a.finding
    assert "read that time as UTC" not in a.finding and "I don't know your time zone" not in a.finding
    if remembered:
        assert a.extra["user_timezone"] == remembered
        if not remembered.startswith("Etc/"):  # offsets: value["timezone"] is "UTC-03:00"
            assert a.value["timezone"] == remembered
    else:
        assert "user_timezone" not in a.extra


def test_mexico_time_no_longer_drops_the_clock():
    # was "Sat 21 Nov, 12:12 UTC ... closed 0 min ago": now minus 24 h, the 5pm lost
    a = ask("ayer a las 5pm hora de Mexico")
    v = a.value
    assert v["last_message_at"] == "2026-11-20T23:00:00+00:00"  # 17:00 CST
    assert v["window_open"] is True and v["minutes_left"] == 8 * 60
    assert "Their last message was at Fri 20 Nov, 17:00 CST" in a.finding
    assert "until Sat 21 Nov, 17:00 CST" in a.finding
    assert "closed" not in a.finding
    # Mexico has several zones: the finding says which one it took
    assert "Mexico City time (America/Mexico_City)" in a.finding


def test_the_zone_in_the_answer_wins_over_the_known_one():
    a = ask("yesterday at 5pm EST", timezone="Asia/Kolkata")
    assert a.value["last_message_at"] == "2026-11-20T22:00:00+00:00"
    assert "17:00 EST" in a.finding and "IST" not in a.finding
    assert a.extra["user_timezone"] == "America/New_York"


def test_a_remembered_zone_reads_the_next_answer():
    first = ask("yesterday at 5pm IST")
    later = ask("yesterday at 5pm", timezone=first.extra["user_timezone"])
    assert later.value["last_message_at"] == first.value["last_message_at"]
    assert later.value["assumed_timezone"] is False
    assert "time zone" not in later.finding


def test_a_remembered_offset_zone_is_shown_as_an_offset():
    a = ask("yesterday at 5pm", timezone="Etc/GMT+3")
    assert a.value["last_message_at"] == "2026-11-20T20:00:00+00:00"
    assert "17:00 UTC-03:00" in a.finding and "Etc/" not in a.finding


@pytest.mark.parametrize(
    "text, at, reading",
    [
        ("yesterday at 5pm IST", "2026-11-20T11:30:00+00:00", "I read IST as India Standard Time (Asia/Kolkata)."),
        ("yesterday at 5pm CST", "2026-11-20T23:00:00+00:00", "I read CST as US Central Time (America/Chicago)."),
        (
            "ayer a las 5pm CST, estoy en México",
            "2026-11-20T23:00:00+00:00",
            "I read CST as Mexico City time (America/Mexico_City).",
        ),
        ("yesterday 5pm CST China", "2026-11-20T09:00:00+00:00", "I read CST as China Standard Time (Asia/Shanghai)."),
        ("yesterday at 5pm BST", "2026-11-20T17:00:00+00:00", "I read BST as UK time (Europe/London)."),
        ("yesterday at 5pm PST", "2026-11-21T01:00:00+00:00", "I read PST as US Pacific Time (America/Los_Angeles)."),
    ],
)
def test_ambiguous_abbreviations_say_which_reading_was_taken(text, at, reading):
    a = ask(text)
    assert a.ok, a.reask
    assert a.value["last_message_at"] == at
    assert reading in a.finding


def test_a_country_with_one_clock_needs_no_reading_note():
    a = ask("ayer a las 5 pm hora de Colombia")
    assert "I read" not in a.finding


def test_an_iso_time_with_an_offset_is_shown_in_it():
    a = ask("2026-11-20T14:00:00-03:00")
    assert a.value["last_message_at"] == "2026-11-20T17:00:00+00:00"
    assert "Fri 20 Nov, 14:00 UTC-03:00" in a.finding
    assert a.extra["user_timezone"] == "Etc/GMT+3"


def test_utc_named_is_used_but_not_remembered():
    # a UTC time is often copied from a log: it says nothing about where the user is
    a = ask("yesterday at 5pm UTC", timezone="Asia/Kolkata")
    assert a.value["last_message_at"] == "2026-11-20T17:00:00+00:00"
    assert "17:00 UTC" in a.finding
    assert "user_timezone" not in a.extra


def test_a_day_or_part_of_the_day_is_read_in_the_named_zone():
    a = ask("yesterday IST")
    assert a.value["last_message_at"] == "2026-11-19T18:30:00+00:00"  # 20 Nov 00:00 IST
    b = ask("anoche hora de Colombia")
    assert b.value["last_message_at"] == "2026-11-20T23:00:00+00:00"  # 18:00 in Bogotá
    assert "between 18:00 and 24:00 Colombia Time" in b.finding


def test_relative_answers_with_a_zone_keep_their_moment():
    a = ask("hace 2 horas hora de México")
    assert a.value["last_message_at"] == "2026-11-21T13:00:00+00:00"
    assert "Sat 21 Nov, 07:00 CST" in a.finding
    assert a.extra["user_timezone"] == "America/Mexico_City"


def test_a_future_time_in_a_named_zone_is_shown_in_it():
    a = ask("tomorrow at 5pm IST")
    assert not a.ok
    assert "Sun 22 Nov, 17:00 IST" in a.reask and "hasn't happened yet" in a.reask


@pytest.mark.parametrize("text", ["IST", "hora de México", "horário de Brasília", "GMT-3"])
def test_a_zone_alone_asks_for_the_time_with_it(text):
    a = ask(text)
    assert not a.ok and a.value is None
    assert "I also need the time" in a.reask
    assert f'"yesterday at 5pm {text}"' in a.reask


# -- no zone named: the assumption, and how to give a zone --------------------------------


@pytest.mark.parametrize(
    "text, example",
    [
        ("yesterday at 5pm", '"yesterday at 5pm IST"'),
        ("ayer a las 5pm", '"ayer a las 5pm hora de México"'),
        ("ontem às 17h", '"ontem às 17h horário de Brasília"'),
    ],
)
def test_the_utc_assumption_says_how_to_give_a_zone(text, example):
    a = ask(text)
    assert a.value["assumed_timezone"] is True
    assert "I don't know your time zone, so I read that time as UTC" in a.finding
    assert "say it with your time zone, like " + example in a.finding
    assert "tell me your time zone" not in a.finding
    assert "user_timezone" not in a.extra


def test_the_example_follows_the_language_hint():
    a = ask("2026-11-20 14:00", language="pt")
    assert '"ontem às 17h horário de Brasília"' in a.finding


def test_relative_answers_still_need_no_zone():
    a = ask("hace 2 horas")
    assert "time zone" not in a.finding
    assert "user_timezone" not in a.extra


# -- time_since_sent --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, at, shown, remembered",
    [
        ("yesterday at 9am IST", "2026-11-20T03:30:00+00:00", "Fri 20 Nov, 09:00 IST", "Asia/Kolkata"),
        (
            "ayer a las 9am hora de Colombia",
            "2026-11-20T14:00:00+00:00",
            "Fri 20 Nov, 09:00 Colombia Time",
            "America/Bogota",
        ),
        (
            "ontem às 9h horário de Brasília",
            "2026-11-20T12:00:00+00:00",
            "Fri 20 Nov, 09:00 Brasilia Time",
            "America/Sao_Paulo",
        ),
    ],
)
def test_time_since_sent_uses_and_returns_the_named_zone(text, at, shown, remembered):
    a = sent(text)
    assert a.ok, a.reask
    assert a.value["sent_at"] == at
    assert a.value["assumed_timezone"] is False
    assert shown in a.finding
    assert "WhatsApp gives up around" in a.finding and shown.split(", ")[1] in a.finding
    assert a.extra == {"user_timezone": remembered}


def test_time_since_sent_without_a_zone_says_how_to_give_one():
    a = sent("yesterday at 9am")
    assert 'say it with your time zone, like "yesterday at 5pm IST"' in a.finding
    assert a.extra == {}


# -- clock times dateparser used to drop ------------------------------------------------


@pytest.mark.parametrize(
    "text, at",
    [
        ("ontem por volta das 18h", "2026-11-20T18:00:00+00:00"),
        ("ayer como a las 6 de la tarde", "2026-11-20T18:00:00+00:00"),
        ("ontem às 6 da tarde", "2026-11-20T18:00:00+00:00"),
        ("yesterday at 8 in the evening", "2026-11-20T20:00:00+00:00"),
        ("ayer a las 9 de la mañana", "2026-11-20T09:00:00+00:00"),
    ],
)
def test_the_stated_clock_time_is_kept(text, at):
    a = ask(text)
    assert a.ok, a.reask
    assert a.value["last_message_at"] == at


# -- zonefind.find_zone: what is and isn't a zone ----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "yesterday at 5pm",
        "hace una hora",
        "a la hora de comer ayer",
        "the last time was yesterday",
        "yesterday at 5pm their time",
        "between 9:00-10:00",
        "yesterday 5pm art class",
        "hace 2-3 horas",
        "at Christmas time",
        "2 hours ago",
        "há 2 horas",
    ],
)
def test_no_zone_is_found_where_none_is_named(text):
    zone, rest = find_zone(text, NOW)
    assert zone is None and rest == text


def test_find_zone_removes_the_zone_words():
    zone, rest = find_zone("ayer a las 5pm CST (hora de México)", NOW)
    assert zone.name == "America/Mexico_City"
    assert rest == "ayer a las 5pm"


def test_offset_labels_are_zones_too():
    assert tz_for_name("UTC+05:30").utcoffset(None) == dt.timedelta(hours=5, minutes=30)
    assert tz_for_name("Asia/Kolkata") is not None
    assert tz_for_name("Mars/Olympus_Mons") is None and tz_for_name("UTC+99") is None


@pytest.mark.parametrize(
    "zone, lang, shown",
    [
        ("America/Sao_Paulo", "pt", "Horário de Brasília"),
        ("America/Argentina/Buenos_Aires", "es", "hora de Argentina"),
        ("America/Bogota", "en", "Colombia Time"),
    ],
)
def test_a_zone_with_no_abbreviation_is_shown_by_its_name_not_its_id(zone, lang, shown):
    """'às 23:00 America/Sao_Paulo' read as a code, not a time zone."""
    from diagnosis.followup.timesay import format_local

    said = format_local(dt.datetime(2026, 12, 5, 2, 0, tzinfo=dt.timezone.utc), zone, lang)
    assert said.endswith(shown) and "/" not in said
