"""Times as people write them, and time answers in the user's language (en / es / pt-BR).

Now is fixed: Saturday 21 Nov 2026, 15:00 UTC. "Monday" is then Mon 16 Nov.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from diagnosis.followup import answer, questions
from diagnosis.followup.timeparse import ParsedTime, TimeError, parse_time
from diagnosis.language import LANGS, say, say_list
from diagnosis.language.catalogue import load_language, placeholders

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 21, 15, 0, tzinfo=UTC)


def at(day, hour=0, minute=0):
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def whole_day(day):
    return at(day), at(day) + dt.timedelta(days=1)


def exact(day, hour, minute=0):
    return at(day, hour, minute), at(day, hour, minute)


def part(day, start, end):
    return at(day, start), at(day) + dt.timedelta(hours=end)


# -- parsing ---------------------------------------------------------------------------

PHRASES = [
    # the phrases of issue 9
    ("they wrote us on monday", whole_day(16)),
    ("on Monday", whole_day(16)),
    ("last friday around 3pm", exact(20, 15)),
    ("monday morning", part(16, 6, 12)),
    ("el lunes pasado por la tarde", part(16, 12, 18)),
    ("el lunes", whole_day(16)),
    ("ayer en la noche", part(20, 18, 24)),
    ("hace como 3 horas", exact(21, 12)),
    ("na segunda de manhã", part(16, 6, 12)),
    ("segunda-feira passada às 15h", exact(16, 15)),
    ("ontem à noite", part(20, 18, 24)),
    ("anteontem", whole_day(19)),
    # chat shorthand and what people say around a time they repeat
    ("mas o cliente mandou msg hj cedo", part(21, 6, 12)),
    ("hj 10:00", exact(21, 10)),
    ("desde esta mañana", part(21, 6, 12)),
    ("hace 30 hs más o menos", exact(20, 9)),
    ("9am UTC i said", exact(21, 9)),
    ("ya te dije, hoy a las 9", exact(21, 9)),
    # more of the same, as users write them
    ("the customer wrote me on tuesday", whole_day(17)),
    ("el cliente me escribió el martes", whole_day(17)),
    ("ele mandou mensagem na terça", whole_day(17)),
    ("like 3 hours ago", exact(21, 12)),
    ("tipo 3 horas atrás", exact(21, 12)),
    ("há umas 3 horas", exact(21, 12)),
    ("me escribió hace como una hora", exact(21, 14)),
    ("a couple hours ago", exact(21, 13)),
    ("they wrote us yesterday around 5pm", exact(20, 17)),
    ("sunday evening", part(15, 18, 24)),
    ("na sexta à tarde", part(20, 12, 18)),
    ("sábado à noite", part(14, 18, 24)),
    ("el viernes como a las 3 de la tarde", exact(20, 15)),
    ("el lunes a las 3 por la tarde", exact(16, 15)),
    ("on monday at 9", exact(16, 9)),
    ("quarta-feira às 10h", exact(18, 10)),
    ("fri 3pm", exact(20, 15)),
    ("anteayer", whole_day(19)),
    ("antier en la noche", part(19, 18, 24)),
    ("the day before yesterday", whole_day(19)),
    ("ayer tarde", part(20, 12, 18)),
    ("la noche", part(20, 18, 24)),  # no day said: the last one that has begun
    ("in the evening", part(20, 18, 24)),
    ("el martes de la semana pasada", whole_day(10)),
    ("tuesday last week", whole_day(10)),
    # an hour beside a day or part of it, minutes in words or after a dot, "N min before"
    ("achei, foi sexta de manha tipo 10h", exact(20, 10)),
    ("sexta de manhã, 10h", exact(20, 10)),
    ("hoje 10.30", exact(21, 10, 30)),
    ("ontem as 10 e meia", exact(20, 10, 30)),
    ("ayer a las 10 y media", exact(20, 10, 30)),
    ("they wrote to us like 10 min before", exact(21, 14, 50)),
    ("unos 10 minutos antes", exact(21, 14, 50)),
    ("she texted us yesterday around 4ish pm", exact(20, 16)),
    ("anteayer a eso de las 6 de la tarde", exact(19, 18)),
    # a clock time inside a sentence is today's (not a month: "at 10am, still one tick" was 7 Oct)
    ("sent at 10am, still one tick", exact(21, 10)),
    ("at 10am, she asked about her order", exact(21, 10)),
    ("yesterday at 10am, she asked about her order", exact(20, 10)),
    # an hour beside a part of the day ("this morning around 9" was 7 Sep)
    ("this morning around 9", exact(21, 9)),
    ("ayer en la tarde, tipo 4", exact(20, 16)),
    ("ontem de tarde umas 4", exact(20, 16)),
    # "just messaged us": now
    ("she literally just messaged us", exact(21, 15)),
    ("me acaba de escribir", exact(21, 15)),
    ("ela acabou de mandar mensagem", exact(21, 15)),
    # a time corrected in the same answer: the corrected one counts; laughs and "like I said" are filler
    ("yesterday 5pm. no wait, it was 9am today actually, sorry", exact(21, 9)),
    ("ontem 16h, quer dizer, anteontem 16h", exact(19, 16)),
    ("ja falei, umas 3h atras kkk", exact(21, 12)),
    # today's weekday alone means a week ago (today would be "today")
    ("on saturday", whole_day(14)),
]


@pytest.mark.parametrize("text, expected", PHRASES)
def test_times_as_people_write_them(text, expected):
    parsed = parse_time(text, {"now": NOW})
    assert isinstance(parsed, ParsedTime), (text, parsed)
    assert (parsed.earliest, parsed.latest) == expected


@pytest.mark.parametrize("text", ["next monday", "el próximo lunes", "segunda que vem", "mañana por la mañana"])
def test_coming_days_are_in_the_future(text):
    parsed = parse_time(text, {"now": NOW})
    assert isinstance(parsed, TimeError) and parsed.reason == "future"


@pytest.mark.parametrize("text", ["it was sent 5", "umas 5"])
def test_a_number_left_alone_by_the_filler_is_still_a_bare_number(text):
    parsed = parse_time(text, {"now": NOW})
    assert isinstance(parsed, TimeError) and parsed.reason == "bare_number"


def test_the_issue_9_answer_is_understood_end_to_end():
    a = answer("last_customer_message", "they wrote us on monday", {"now": NOW})
    assert a.ok, a.reask
    assert a.value["last_message_at"] == "2026-11-16T00:00:00+00:00"
    assert a.value["window_open"] is False
    assert "on Mon 16 Nov" in a.finding


def test_a_part_of_the_day_not_yet_begun_is_yesterdays():
    early = dt.datetime(2026, 11, 21, 8, 0, tzinfo=UTC)
    parsed = parse_time("in the evening", {"now": early})
    assert (parsed.earliest, parsed.latest) == part(20, 18, 24)


# -- the examples the bot gives must parse -----------------------------------------------


def _example_texts():
    for lang in LANGS:
        for which in ("last_message", "sent"):
            for text in say_list(f"time.examples.{which}", lang):
                yield lang, text
        yield lang, say("time.examples.zone", lang)
        yield lang, say("time.examples.with_zone", lang, zone="IST")
        for qid in ("last_customer_message", "time_since_sent"):
            question = questions().get(qid)
            if question is None:
                continue
            in_lang = getattr(question, "examples_in", None)
            for text in in_lang(lang) if in_lang else question.examples:
                yield lang, text


@pytest.mark.parametrize("lang, text", sorted(set(_example_texts())))
def test_every_example_the_bot_offers_parses(lang, text):
    parsed = parse_time(text, {"now": NOW, "language": lang})
    assert isinstance(parsed, ParsedTime) or parsed.reason == "never", (lang, text, parsed)


def test_the_examples_in_a_reask_are_those_of_the_language():
    a = answer("last_customer_message", "banana", {"now": NOW, "language": "pt"})
    assert '"há 2 horas"' in a.reask and '"na segunda"' in a.reask and " ou " in a.reask
    b = answer("time_since_sent", "banana", {"now": NOW, "language": "es"})
    assert '"hace 10 minutos"' in b.reask and " o " in b.reask


# -- findings in the user's language ----------------------------------------------------

# Words of the English wording that must not show up in a Spanish or Portuguese reply.
ENGLISH = re.compile(
    r"\b(?:the|and|was|were|is|it|its|that|your|you|they|their|them|at least|ago|left|until|by|"
    r"window|message|messages|template|approved|yesterday|today|hours?|days?|minutes?|time zone|"
    r"sent|send|when|sorry|couldn't|don't|won't|hasn't|read|like|for example|between|on|at|"
    r"wait|phone|customer|delivered|gives up|around|about|I)\b"
    r"|\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jan|Feb|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b"
)

# (question, text, context beyond now and language); each one reaches another sentence
SCENARIOS = {
    "es": [
        ("last_customer_message", "hace 2 horas", {}),  # open, exact
        ("last_customer_message", "anoche", {}),  # open, range
        ("last_customer_message", "ayer a las 5pm", {"timezone": "Asia/Kolkata"}),  # closed, exact
        ("last_customer_message", "el lunes pasado por la tarde", {}),  # closed, range, UTC assumed
        ("last_customer_message", "ayer", {}),  # depends on the time
        ("last_customer_message", "16:30", {}),  # took it as yesterday
        ("last_customer_message", "nunca", {}),
        ("last_customer_message", "ayer a las 5pm CST, estoy en México", {}),  # abbreviation reading
        ("last_customer_message", "ayer a las 5pm hora de México", {}),  # place reading
        ("last_customer_message", "mañana a las 10", {}),  # future
        ("last_customer_message", "hora de México", {}),  # zone only
        ("last_customer_message", "5", {}),  # bare number
        ("last_customer_message", "plátano", {}),  # unparsed
        ("time_since_sent", "hace 2 minutos", {}),
        ("time_since_sent", "hace 30 minutos", {}),
        ("time_since_sent", "hace 5 horas", {}),
        ("time_since_sent", "ayer a las 9am", {}),
        ("time_since_sent", "hace 40 días", {}),
        ("time_since_sent", "nunca", {}),
        ("time_since_sent", "el próximo lunes", {}),
    ],
    "pt": [
        ("last_customer_message", "há 2 horas", {}),
        ("last_customer_message", "ontem à noite", {}),
        ("last_customer_message", "ontem às 17h", {"timezone": "Asia/Kolkata"}),
        ("last_customer_message", "na segunda de manhã", {}),
        ("last_customer_message", "ontem", {}),
        ("last_customer_message", "16:30", {}),
        ("last_customer_message", "nunca", {}),
        ("last_customer_message", "ontem às 17h CST", {}),
        ("last_customer_message", "ontem às 17h horário do México", {}),
        ("last_customer_message", "amanhã às 9h", {}),
        ("last_customer_message", "horário de Brasília", {}),
        ("last_customer_message", "5", {}),
        ("last_customer_message", "banana", {}),
        ("time_since_sent", "há 2 minutos", {}),
        ("time_since_sent", "há 30 minutos", {}),
        ("time_since_sent", "há 5 horas", {}),
        ("time_since_sent", "ontem às 9h", {}),
        ("time_since_sent", "há 40 dias", {}),
        ("time_since_sent", "nunca", {}),
        ("time_since_sent", "segunda que vem", {}),
    ],
}


def test_the_english_check_catches_english():
    _, reply = _reply("last_customer_message", "el lunes", "en", {})
    assert ENGLISH.findall(reply)


def _reply(question, text, lang, extra):
    a = answer(question, text, dict({"now": NOW, "language": lang}, **extra))
    return a, (a.finding if a.ok else a.reask)


@pytest.mark.parametrize(
    "lang, question, text, extra", [(lang, *case) for lang, cases in SCENARIOS.items() for case in cases]
)
def test_no_english_in_spanish_or_portuguese_replies(lang, question, text, extra):
    a, reply = _reply(question, text, lang, extra)
    assert reply
    # zone names and abbreviations (UTC, CST, America/Mexico_City) are not English prose
    prose = re.sub(r"\b[A-Z][a-z]+/[A-Za-z_/]+\b|\b[A-Z]{2,5}\b", " ", reply)
    leaked = ENGLISH.findall(prose)
    assert not leaked, (leaked, reply)


def test_the_window_in_spanish():
    a, reply = _reply("last_customer_message", "el lunes", "es", {})
    assert "ventana" in reply and "lunes 16 de noviembre" in reply
    assert "se cerró hace al menos 3 días y 15 h" in reply and "plantilla" in reply
    b, reply = _reply("last_customer_message", "hace 2 horas", "es", {})
    assert "ventana" in reply and "te quedan 22 h" in reply
    assert "domingo 22 de noviembre a las 13:00 UTC" in reply


def test_the_window_in_portuguese():
    a, reply = _reply("last_customer_message", "na segunda", "pt", {})
    assert "janela" in reply and "em 16 de novembro (segunda)" in reply
    assert "fechou há pelo menos 3 dias e 15 h" in reply and "modelo" in reply
    b, reply = _reply("last_customer_message", "há 2 horas", "pt", {})
    assert "janela" in reply and "faltam 22 h" in reply and "até 22 de novembro (domingo) às 13:00 UTC" in reply


def test_the_utc_assumption_and_its_example_follow_the_language():
    _, es = _reply("last_customer_message", "ayer a las 5pm", "es", {})
    assert "zona horaria" in es and '"ayer a las 5pm hora de México"' in es
    _, pt = _reply("last_customer_message", "ontem às 17h", "pt", {})
    assert "fuso horário" in pt and '"ontem às 17h horário de Brasília"' in pt
    # the conversation's language wins over the words of the answer
    _, pt_en = _reply("last_customer_message", "yesterday at 5pm", "pt", {})
    assert '"ontem às 17h horário de Brasília"' in pt_en


def test_zone_readings_are_said_in_the_language():
    _, es = _reply("last_customer_message", "ayer a las 5pm CST, estoy en México", "es", {})
    assert "Entendí CST como hora de Ciudad de México (America/Mexico_City)." in es
    _, pt = _reply("last_customer_message", "ontem às 17h IST", "pt", {})
    assert "Entendi IST como horário padrão da Índia (Asia/Kolkata)." in pt


def test_a_stuck_message_in_portuguese():
    a, reply = _reply("time_since_sent", "há 5 horas", "pt", {})
    assert a.value["stage"] == "hours_days"
    assert "há 5 h" in reply and "30 dias" in reply and "21 de dezembro (segunda) às 10:00 UTC" in reply


def test_an_unknown_language_falls_back_to_english():
    a = answer("last_customer_message", "2 hours ago", {"now": NOW, "language": "fr"})
    assert "still open" in a.finding
    b = answer("last_customer_message", "2 hours ago", {"now": NOW, "language": "pt-BR"})
    assert "janela" in b.finding


# -- the wording itself ---------------------------------------------------------------------


def _time_keys(lang):
    return {k: v for k, v in load_language(lang).items() if k.startswith("time.")}


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_every_time_key_exists_in_every_language_with_the_same_placeholders(lang):
    english, other = _time_keys("en"), _time_keys(lang)
    assert english, "en/time.yaml is missing"
    assert set(other) == set(english), (set(english) - set(other), set(other) - set(english))
    for key, entry in english.items():
        assert placeholders(other[key]) == placeholders(entry), key
        assert isinstance(other[key], list) == isinstance(entry, list), key
        if isinstance(entry, list) and key.startswith("time.names."):
            assert len(other[key]) == len(entry), key


def test_the_english_wording_is_what_it_was():
    # the English catalogue reproduces the sentences the tests of the window and of
    # stuck messages check word for word
    # (no Meta code in it: a Twilio user's error for the same thing is 63016)
    assert say("time.window.template_advice", "en").startswith("Free-form messages fail now. Send an approved")
    assert (
        say("time.format.moment", "en", weekday="Fri", day="20", month="Nov", clock="14:00", zone="UTC")
        == "Fri 20 Nov, 14:00 UTC"
    )


def test_since_and_everyone_are_filler_around_a_time():
    from diagnosis.followup import answer

    assert answer("time_since_sent", "everyone, since this morning", {"now": NOW}).ok  # at 15:00


@pytest.mark.parametrize("text", ["só um cliente", "just one customer", "um cliente", "one", "solo uno"])
def test_a_number_word_without_a_day_is_not_a_date(text):
    """'só um cliente' answers another question: it is not the 1st of the month."""
    assert isinstance(parse_time(text, {"now": NOW}), TimeError)


@pytest.mark.parametrize("text", ["meio-dia", "la semana pasada", "anteontem", "el mes pasado", "dec 3"])
def test_day_and_month_words_still_make_a_date(text):
    assert not isinstance(parse_time(text, {"now": NOW}), TimeError)
