"""last_customer_message: the 24-hour customer service window, with a fixed now."""

from __future__ import annotations

import datetime as dt

import pytest

from diagnosis.followup import answer

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 21, 15, 0, tzinfo=UTC)  # Saturday 21 Nov 2026, 15:00 UTC
CTX = {"now": NOW}


def ask(text, **context):
    return answer("last_customer_message", text, dict(CTX, **context))


@pytest.mark.parametrize(
    "text",
    [
        "2 hours ago",
        "hace 2 horas",
        "há 2 horas",
        "hace dos horas",
        "há duas horas",
        "2h ago",
        "they wrote 2 hours ago I think",
    ],
)
def test_two_hours_ago_in_three_languages(text):
    a = ask(text)
    assert a.ok, a.reask
    v = a.value
    assert v["last_message_at"] == "2026-11-21T13:00:00+00:00"
    assert v["window_open"] is True
    assert v["minutes_left"] == 22 * 60
    assert v["assumed_timezone"] is False  # relative: no time zone needed
    assert "still open" in a.finding and "22 h left" in a.finding
    assert "Sun 22 Nov, 13:00 UTC" in a.finding
    assert "time zone" not in a.finding


def test_three_hours_ago_portuguese():
    a = ask("há 3 horas")
    assert a.value["minutes_left"] == 21 * 60
    assert a.value["window_open"] is True


@pytest.mark.parametrize(
    "text", ["yesterday at 5pm", "ayer a las 5pm", "ontem às 17h", "ontem às 17:00", "yesterday 17:00"]
)
def test_yesterday_at_five_without_timezone_is_read_as_utc_and_says_so(text):
    a = ask(text)
    assert a.ok, a.reask
    v = a.value
    assert v["last_message_at"] == "2026-11-20T17:00:00+00:00"
    assert v["window_open"] is True
    assert v["minutes_left"] == 120
    assert v["assumed_timezone"] is True
    assert "2 h left" in a.finding and "Sat 21 Nov, 17:00 UTC" in a.finding
    assert "I don't know your time zone" in a.finding and "UTC" in a.finding


def test_yesterday_at_five_in_the_users_timezone():
    a = ask("yesterday at 5pm", timezone="Asia/Kolkata")
    v = a.value
    assert v["last_message_at"] == "2026-11-20T11:30:00+00:00"  # 17:00 IST
    assert v["window_open"] is False
    assert v["closed_minutes_ago"] == 210
    assert v["assumed_timezone"] is False
    assert "closed 3 h 30 min ago" in a.finding
    assert "17:00 IST" in a.finding
    assert "time zone" not in a.finding
    assert "approved template" in a.finding


def test_an_exact_date_and_time_that_closed_an_hour_ago():
    a = ask("2026-11-20 14:00")
    v = a.value
    assert v["window_open"] is False
    assert v["closed_minutes_ago"] == 60
    assert v["window_closed_at"] == "2026-11-21T14:00:00+00:00"
    assert "closed 1 h ago" in a.finding and "Sat 21 Nov, 14:00 UTC" in a.finding
    assert "approved template" in a.finding and "replies" in a.finding
    assert v["assumed_timezone"] is True


def test_an_iso_time_with_its_own_zone_needs_no_assumption():
    a = ask("2026-11-20T14:00:00Z")
    assert a.value["closed_minutes_ago"] == 60
    assert a.value["assumed_timezone"] is False


def test_a_bare_clock_time_is_today():
    a = ask("14:30")
    assert a.value["last_message_at"] == "2026-11-21T14:30:00+00:00"
    assert a.value["minutes_left"] == 23 * 60 + 30
    assert "23 h 30 min left" in a.finding


def test_a_bare_clock_time_later_than_now_is_yesterday_and_says_so():
    a = ask("16:30")
    assert a.value["last_message_at"] == "2026-11-20T16:30:00+00:00"
    assert a.value["minutes_left"] == 90
    assert "yesterday" in a.finding


@pytest.mark.parametrize(
    "text", ["on Monday", "Monday", "el lunes", "el lunes pasado", "na segunda", "segunda-feira", "last monday"]
)
def test_on_monday_is_a_whole_day_and_closed(text):
    a = ask(text)
    assert a.ok, a.reask
    v = a.value
    assert v["last_message_at"] == "2026-11-16T00:00:00+00:00"
    assert v["last_message_latest"] == "2026-11-17T00:00:00+00:00"
    assert v["window_open"] is False
    assert v["closed_minutes_ago"] == 3 * 1440 + 15 * 60  # since Wed 18 Nov 00:00 at the latest
    assert "on Mon 16 Nov" in a.finding and "at least 3 days 15 h ago" in a.finding


def test_three_days_ago_is_closed():
    a = ask("3 days ago")
    assert a.value["window_open"] is False
    assert "on Wed 18 Nov" in a.finding
    assert "approved template" in a.finding


def test_yesterday_without_a_time_depends_on_the_time():
    a = ask("yesterday")
    assert a.ok
    assert a.value["window_open"] is None
    assert a.value["open_if_after"] == "2026-11-20T15:00:00+00:00"
    assert a.extra["needs_time"] is True
    assert "depends" in a.finding and "Fri 20 Nov, 15:00 UTC" in a.finding


def test_this_morning_is_open_for_sure():
    a = ask("this morning")
    assert a.value["window_open"] is True
    assert "at least" in a.finding


@pytest.mark.parametrize(
    "text", ["never", "they never wrote", "nunca", "Nunca nos escribió", "jamais", "they haven't written yet"]
)
def test_never_means_only_a_template(text):
    a = ask(text)
    assert a.ok
    assert a.value["never"] is True and a.value["window_open"] is False
    assert a.value["last_message_at"] is None
    assert "template" in a.finding


@pytest.mark.parametrize(
    "text", ["tomorrow at 5pm", "in 2 hours", "mañana a las 10", "amanhã às 9h", "2026-12-01 10:00"]
)
def test_future_times_are_rejected_politely(text):
    a = ask(text)
    assert not a.ok and a.value is None
    assert "hasn't happened yet" in a.reask
    assert "2 hours ago" in a.reask  # with examples


@pytest.mark.parametrize("text", ["banana", "🙂", "", "5", "x" * 10000])
def test_unreadable_times_reask_with_examples(text):
    a = ask(text)
    assert not a.ok
    assert "yesterday at 5pm" in a.reask


def test_a_naive_or_text_now_is_taken_as_utc():
    a = answer("last_customer_message", "2 hours ago", {"now": "2026-11-21T15:00:00"})
    assert a.value["last_message_at"] == "2026-11-21T13:00:00+00:00"
    b = answer("last_customer_message", "2 hours ago", {"now": dt.datetime(2026, 11, 21, 15, 0)})
    assert b.value["last_message_at"] == "2026-11-21T13:00:00+00:00"


def test_an_unknown_timezone_name_is_treated_as_unknown():
    a = ask("yesterday at 5pm", timezone="Mars/Olympus_Mons")
    assert a.value["assumed_timezone"] is True
    assert a.value["last_message_at"] == "2026-11-20T17:00:00+00:00"


@pytest.mark.parametrize(
    "text, at",
    [
        ("half an hour ago", "2026-11-21T14:30:00+00:00"),
        ("hace media hora", "2026-11-21T14:30:00+00:00"),
        ("há meia hora", "2026-11-21T14:30:00+00:00"),
        ("hace tres horas", "2026-11-21T12:00:00+00:00"),
        ("há três horas", "2026-11-21T12:00:00+00:00"),
        ("hace un par de horas", "2026-11-21T13:00:00+00:00"),
        ("ayer al mediodía", "2026-11-20T12:00:00+00:00"),
        ("hoy a las 9", "2026-11-21T09:00:00+00:00"),
        ("hoje às 9h", "2026-11-21T09:00:00+00:00"),
    ],
)
def test_more_spanish_and_portuguese_phrasings(text, at):
    a = ask(text)
    assert a.ok, a.reask
    assert a.value["last_message_at"] == at


def test_parts_of_the_day_are_ranges():
    a = ask("ontem à noite")
    assert a.value["last_message_at"] == "2026-11-20T18:00:00+00:00"
    assert a.value["last_message_latest"] == "2026-11-21T00:00:00+00:00"
    assert a.value["window_open"] is True  # even 18:00 yesterday + 24 h is after now
    assert "between 18:00 and 24:00" in a.finding


@pytest.mark.parametrize(
    "text, day",
    [
        ("le respondí a un cliente que me escribió anteayer y no le llegó", 19),
        ("the customer messaged us 3 days ago and now my reply fails", 18),
        ("o cliente me mandou mensagem há 2 dias e minha resposta não chega", 19),
        ("cliente escreveu há 3 dias, respondi hoje e deu erro", 18),
        ("último mensaje del cliente fue el jueves", 19),
    ],
)
def test_the_report_says_when_the_customer_last_wrote(text, day):
    from diagnosis.followup.service_window import said_last_message

    read = said_last_message(text, CTX)
    assert read is not None and read.ok
    assert read.value["last_message_at"].startswith(f"2026-11-{day}")
    assert read.value["window_open"] is False


@pytest.mark.parametrize(
    "text",
    [
        "I wrote to the customer yesterday and it failed",  # the business wrote
        "le escribí ayer a un cliente y no le llega",
        "el cliente me escribió para preguntar el precio",  # no time
        "my client sent the template yesterday",  # the business's client, sending
    ],
)
def test_no_time_of_the_customers_last_message_in_the_report(text):
    from diagnosis.followup.service_window import said_last_message

    assert said_last_message(text, CTX) is None


@pytest.mark.parametrize(
    "text, lang, said",
    [
        ("more than 24 hours ago", "en", "more than 1 day ago"),
        ("the api says >24h", "en", "more than 1 day ago"),
        ("over 2 days ago", "en", "more than 2 days ago"),
        ("hace más de 24 horas", "es", "hace más de 1 día"),
        ("mais de 2 dias", "pt", "há mais de 2 dias"),
    ],
)
def test_more_than_an_amount_ago_is_a_bound_not_the_moment(text, lang, said):
    """'more than 24 hours ago' was read as exactly 24 h ago: 'still open, 0 min left'."""
    a = answer("last_customer_message", text, dict(CTX, language=lang))
    assert a.ok and a.value["window_open"] is False
    assert said in a.finding and "0 min" not in a.finding


def test_more_than_a_few_hours_ago_leaves_the_window_to_the_exact_time():
    a = ask("more than 3 hours ago")
    assert a.ok and a.value["window_open"] is None
    assert "more than 3 h ago" in a.finding


@pytest.mark.parametrize(
    "text, lang, day",
    [
        ("oh wait no, that was 10 hours ago on her other number. on this one she last wrote on friday", "en", 20),
        ("no wait, she wrote on friday", "en", 20),
        ("é horario de brasilia. e na vdd foi anteontem, me confundi", "pt", 19),
    ],
)
def test_a_corrected_time_is_the_last_one_said(text, lang, day):
    from diagnosis.followup.timeread import corrects_a_time

    assert corrects_a_time(text)
    a = answer("last_customer_message", text, dict(CTX, language=lang))
    assert a.ok and a.value["last_message_at"].startswith(f"2026-11-{day}")


@pytest.mark.parametrize("text, lang", [("hoy a la mañana", "es"), ("this morning", "en"), ("hoje de manhã", "pt")])
def test_this_morning_said_before_utcs_morning_is_the_users_morning_not_the_future(text, lang):
    """At 00:50 UTC, with the zone unknown, 'hoy a la mañana' was 'today 06:00 UTC, not yet'."""
    early = dt.datetime(2026, 12, 8, 0, 50, tzinfo=UTC)
    a = answer("last_customer_message", text, {"now": early, "language": lang})
    assert a.ok and a.value["last_message_at"].startswith("2026-12-07T06:00")
    assert a.value["window_open"] is True
