"""What dateparser misreads, read by hand: the answer rewritten into what it reads well,
and the pieces it gets wrong (parts of the day, ISO dates, a stated clock time).

Why: dateparser reads "17h" as 17 hours ago, doesn't know "el lunes" or Spanish number
words, and keeps the day but not the hour of some answers; parse_time (timeparse.py)
asks these helpers before and after it, each one small and testable on its own.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Optional, Tuple

from ..text import strip_accents
from .timewords import (
    CLOCK,
    DAY_OR_MONTH,
    FILLER,
    ISO,
    NUMBER_WORDS,
    PARTS_OF_DAY,
    RELATIVE,
    STATED_CLOCK,
    TODAY_ONLY,
    UNIT_WORDS,
    WEEKDAY,
)

# Words that correct a time just said: "no wait", "actually", "perdón, digo", "quer dizer"
_CORRECTED = re.compile(
    r"\b(?:no wait|wait no|actually|i mean|sorry i meant|i meant|correction|mejor dicho|perdon digo|digo|"
    r"me equivoque|na verdade|na vdd|quer dizer|ou melhor|me enganei|me confundi|en realidad|my bad)\b"
)


def corrects_a_time(text: str) -> bool:
    """Does the text correct a time said before ("oh wait no, she last wrote on friday",
    "na vdd foi anteontem, me confundi")? A correction word and a time or a day."""
    low = " " + strip_accents(text.lower()) + " "
    return bool(_CORRECTED.search(low)) and _timed(low)


def _timed(text: str) -> bool:
    """A digit, a day or month word, or a weekday."""
    low = strip_accents(text)
    return bool(re.search(r"\d|" + DAY_OR_MONTH.pattern, low) or WEEKDAY.search(low))


def clean(text: str) -> str:
    """Rewrite what dateparser misreads into what it reads well."""
    t = " " + text.lower().strip() + " "
    t = t.replace("\u00e0s", "as").replace("\u00e1s", "as")  # "às" / "ás" -> "as"
    t = re.sub(r"\bantier\b", "anteayer", t)
    # "yesterday 5pm. no wait, it was 9am today actually": the time after the correction counts
    corrected = [p for p in _CORRECTED.split(t)[1:] if _timed(p)]
    if corrected:
        # of the corrected part, its last sentence with a time: "that was 10 hours ago on her
        # other number. on this one she last wrote on friday" means friday
        timed = [x for x in re.split(r"[.;!?]+\s", corrected[-1]) if _timed(x)]
        t = " " + (timed[-1] if timed else corrected[-1]) + " "
    # "ja falei, umas 3h atras kkk", "like i said, yesterday around 4": what is around the time
    t = re.sub(
        r"\b(?:k{3,}|(?:ja|ha){2,}|(?:rs){2,}|lol|lmao|haha\w*|"
        r"like i said|as i told you|ja falei|como falei|ya te dije)\b",
        " ",
        t,
    )
    # "a few days ago", "hace unos días", "faz uns dias": more than a day ago, the day unknown
    t = re.sub(r"\b(?:a few|a couple of|some|several) days\b", "more than 1 day", t)
    t = re.sub(r"\b(?:unos|algunos|varios) d[ií]as\b", "mas de 1 dia", t)
    t = re.sub(r"\b(?:uns|alguns|v[aá]rios) dias\b", "mais de 1 dia", t)
    t = re.sub(r"\ba eso de\b", "a", t)  # "a eso de las 6": at about 6
    t = re.sub(r"\bfaz\b", "ha", t)  # "faz 3h": 3 hours ago, as "há 3h"
    # "she literally just messaged us", "me acaba de escribir", "acabou de mandar": now
    t = re.sub(r"\b(?:literally |only )?just (?:messaged|wrote|texted|sent|replied|answered)\b", " just now ", t)
    t = re.sub(r"\bacaba(?:n)? de (?:escribir\w*|mandar\w*|enviar\w*|responder\w*|contestar\w*)", " just now ", t)
    t = re.sub(r"\bacab(?:ou|aram) de (?:escrever|mandar|enviar|responder)\b", " just now ", t)
    t = re.sub(r"(\d)\s*-?ish\b", r"\1", t)  # "4ish pm": about 4 pm
    t = re.sub(r"\bantes de ontem\b", "anteontem", t)
    # chat shorthand: "hj cedo" (today early), "hace 30 hs"
    t = re.sub(r"\b(?:hj|hje|hoj)\b", "hoje", t)
    t = re.sub(r"\b(?:cedo|cedinho)\b", "de manha", t)
    t = re.sub(r"\b(?:cedito|tempranito)\b", "temprano", t)
    # noon / midnight
    t = re.sub(r"\b(?:at\s+)?noon\b|\b(?:al\s+|a\s+)?mediod[ií]a\b|\b(?:ao\s+|ao\s+o\s+)?meio[- ]dia\b", " 12:00 ", t)
    t = re.sub(r"\b(?:at\s+)?midnight\b|\b(?:a\s+la\s+)?medianoche\b|\b(?:a\s+)?meia[- ]noite\b", " 00:00 ", t)
    t = _minutes_in_words(t)
    # "they wrote 10 min before (we answered)": the answer went out about now, so: ago
    t = re.sub(
        r"\b(\d+|an?|one)\s*(min(?:ute)?s?|minutos?|h|hs|hrs?|hours?|horas?)\s+(before|earlier|antes)\b",
        lambda m: f"{m.group(1)} {m.group(2)} ago" if m.group(3) != "antes" else f"hace {m.group(1)} {m.group(2)}",
        t,
    )
    relative = bool(RELATIVE.search(t))
    if relative:
        t = re.sub(r"\b(\d+)\s*(?:hs|hrs)\b", r"\1 horas", t)
    # "6 de la tarde", "6 da tarde", "6 in the evening", "9 de la mañana": am/pm in words
    t = re.sub(
        r"\b(\d{1,2})(?:[:h](\d{2}))?\s*h?\s+(?:de la|de|da|in the|at)\s+"
        r"(tarde|noche|noite|afternoon|evening|night|ma[nñ]ana|manh[aã]|morning|madrugada)\b",
        _half_day,
        t,
    )
    # "17h", "17h30", "17 hs", "a las 17 horas": a clock time unless the answer is relative
    if not relative:
        t = re.sub(r"\b([01]?\d|2[0-3])\s*h(?:s|rs)?\s*([0-5]\d)?\b(?!\w)", _clock_h, t)
        t = re.sub(
            r"\b(a las|a la|as|at)\s+([01]?\d|2[0-3])\s+(?:horas|hrs|hours|o'?clock)\b",
            lambda m: f" {m.group(1)} {int(m.group(2)):02d}:00 ",
            t,
        )
        # "a las 9", "as 9", "at 9" -> with minutes, or dateparser ignores the hour
        t = re.sub(
            r"\b(a las|a la|as|at)\s+([01]?\d|2[0-3])(?![\d:]|\s*(?:am|pm|a\.|p\.))",
            lambda m: f" {m.group(1)} {int(m.group(2)):02d}:00",
            t,
        )
    # number words before a unit: "hace dos horas", "há duas horas"
    t = strip_accents(t)
    t = re.sub(r"\b(?:half an hour|a half hour|media hora|meia hora)\b", "30 minutes", t)
    t = re.sub(r"\b(?:a quarter of an hour|quarter of an hour|un cuarto de hora|um quarto de hora)\b", "15 minutes", t)
    t = re.sub(r"\b(?:un par de|um par de|a couple(?: of)?|couple of)\s+", "2 ", t)

    def _num(m: "re.Match[str]") -> str:
        word = m.group(1)
        n = NUMBER_WORDS.get(word)
        return f"{n} {m.group(2)}" if n else m.group(0)

    t = re.sub(
        r"\b(a couple of|couple of|a few|few|un|una|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|"
        r"once|doce|quince|veinte|treinta|cuarenta|um|uma|dois|duas|quatro|sete|oito|nove|dez|onze|"
        r"quinze|vinte|trinta|quarenta)\s+(" + strip_accents(UNIT_WORDS) + r")\b",
        _num,
        t,
    )
    # weekday with an article or "last": "el lunes", "na segunda", "on monday", "last friday"
    t = re.sub(
        r"\b(?:on|last|this past|past|el|la|este|esta|el pasado|na|no|nesta|neste|em|na ultima|no ultimo|"
        r"ultimo|ultima)\s+(?=(?:mon|tue|wed|thu|fri|sat|sun|lunes|martes|miercoles|jueves|viernes|sabado|"
        r"domingo|segunda|terca|quarta|quinta|sexta)\w*)",
        " ",
        t,
    )
    t = re.sub(
        r"\b((?:segunda|terca|quarta|quinta|sexta)(?:-feira)?|sabado|domingo|lunes|martes|miercoles|jueves|"
        r"viernes)\s+(?:pasado|passado|passada|pasada)\b",
        r"\1",
        t,
    )
    # filler around the time
    t = re.sub(
        r"\b(?:about|around|approx(?:imately)?|roughly|maybe|like|i think|it was|they wrote|"
        r"more or less|unos|unas|alrededor de|cerca de|como|mas o menos|uns|umas|mais ou menos|"
        r"por volta de|creo que|acho que|la ultima vez|a ultima vez|last time|ish|or so|tipo|"
        # what people say around a time they repeat: "9am EST i said", "ya te dije, hoy 9am"
        r"as i said|i said|i told you|btw|ya te dije|te dije|como te dije|ja disse|eu disse|como eu disse|"
        r"desde|msg|mensagem|mensaje)\b",
        " ",
        t,
    )
    t = FILLER.sub(" ", t)
    return re.sub(r"\s+", " ", t).strip(" ,.;!?")


def _half_day(m: "re.Match[str]") -> str:
    hour, minutes, part = int(m.group(1)), m.group(2) or "00", m.group(3)
    if hour > 12 or int(minutes) > 59:
        return m.group(0)
    morning = part.startswith(("ma", "morning"))
    if hour == 12 and part in ("noche", "noite", "night"):
        return " 00:00 "
    return f" {hour}:{minutes}{'am' if morning else 'pm'} "


def _clock_h(m: "re.Match[str]") -> str:
    """'17h' / '17h30' / 'às 9h' / 'sábado de manhã, 10h' are clock times; a bare '2h' is an
    amount of hours."""
    hour, minutes = int(m.group(1)), m.group(2)
    before = m.string[max(0, m.start() - 12) : m.start()]
    if minutes or hour >= 13 or re.search(r"\b(at|as|la|ayer|hoy|ontem|hoje|today|yesterday)\s*$", before):
        return f" {hour:02d}:{minutes or '00'} "
    if _A_DAY_SAID.search(m.string):  # a day or part of one said beside it: the hour of that day
        return f" {hour:02d}:00 "
    return m.group(0)


_A_DAY_SAID = re.compile(
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day|\b(?:lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo|"
    r"segunda|ter[cç]a|quarta|quinta|sexta|ayer|hoy|ontem|hoje|today|yesterday|morning|afternoon|evening|"
    r"ma[nñ]ana|manh[aã]|tarde|noche|noite|madrugada)\b"
)
# "10 y media", "10 e meia", "half past 10", "10 y cuarto": the minutes in words
_HALF_PAST = (
    (re.compile(r"\b([01]?\d|2[0-3])\s+(?:y|e)\s+media\b|\b([01]?\d|2[0-3])\s+e\s+meia\b"), "30"),
    (re.compile(r"\bhalf past ([01]?\d|2[0-3])\b"), "30"),
    (re.compile(r"\b([01]?\d|2[0-3])\s+(?:y|e)\s+(?:cuarto|quinze|quince)\b|\bquarter past ([01]?\d|2[0-3])\b"), "15"),
)
# "10.30" with a dot: a clock time beside a day, "at", "a las" or am/pm (not "10.12", a date)
_DOT_CLOCK = re.compile(
    r"(?:(?<=\bat )|(?<=\bas )|(?<=\bla )|(?<=\bhoy )|(?<=\bhoje )|(?<=\bayer )|(?<=\bontem )|(?<=\btoday )|"
    r"(?<=\byesterday ))([01]?\d|2[0-3])\.([0-5]\d)\b|\b([01]?\d|2[0-3])\.([0-5]\d)(?=\s*(?:am|pm|h|hs)\b)"
)


def _minutes_in_words(t: str) -> str:
    for pattern, minutes in _HALF_PAST:
        t = pattern.sub(lambda m, mm=minutes: f" {int(next(g for g in m.groups() if g)):02d}:{mm} ", t)
    return _DOT_CLOCK.sub(lambda m: f"{m.group(1) or m.group(3)}:{m.group(2) or m.group(4)}", t)


def part_of_day(cleaned: str) -> Tuple[str, Optional[Tuple[int, int]], bool]:
    """(the text without its part of the day, (start hour, end hour) or None, whether the
    day was left unsaid). "monday morning" -> ("monday", (6, 12), False);
    "la noche" -> ("today", (18, 24), True); "anoche" -> ("yesterday", (18, 24), False)."""
    for pattern, day_word, start_h, end_h in PARTS_OF_DAY:
        m = re.search(pattern, cleaned)
        if not m:
            continue
        rest = re.sub(r"\s+", " ", f"{cleaned[: m.start()]} {day_word or ''} {cleaned[m.end() :]}").strip(" ,.;")
        implicit = False
        if TODAY_ONLY.match(rest):
            implicit = not rest and day_word is None and not re.search(r"\b(?:this|esta|nesta)\b", m.group(0))
            rest = "today"
        return rest, (start_h, end_h), implicit
    return cleaned, None, False


def with_stated_clock(parsed: dt.datetime, cleaned: str) -> dt.datetime:
    """dateparser sometimes keeps the day of "ayer a las 5pm <words it can't read>" but
    not the hour (it gave now minus 24 h). When the answer states one clock time, the
    result shows it."""
    stated = [m for m in STATED_CLOCK.finditer(cleaned) if m.group(2) or m.group(3)]
    if len(stated) != 1:
        return parsed
    m = stated[0]
    hour, minute, half = int(m.group(1)), int(m.group(2) or 0), (m.group(3) or "").lower()
    if hour > 23 or minute > 59 or (half and not 1 <= hour <= 12):
        return parsed
    if half:
        hour = hour % 12 + (12 if half.startswith("p") else 0)
        hours = {hour}
    else:
        hours = {hour, hour + 12} if hour < 12 else {hour}
    if parsed.hour in hours and parsed.minute == minute:
        return parsed
    return parsed.replace(hour=hour, minute=minute, second=0, microsecond=0)


def iso(raw: str) -> Optional[dt.datetime]:
    """'2026-11-20', '2026-11-20 14:00', '2026-11-20T14:00:00Z' read exactly (naive = local)."""
    m = ISO.fullmatch(raw)
    if not m:
        return None
    text = m.group(1) + ("T" + m.group(2) if m.group(2) else "")
    zone = m.group(3)
    if zone:
        zone = "+00:00" if zone.upper() == "Z" else (zone if ":" in zone else zone[:3] + ":" + zone[3:])
        text += zone
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


def iso_has_time(raw: str) -> bool:
    m = ISO.fullmatch(raw)
    return bool(m and m.group(2))


def says_a_day(raw: str) -> bool:
    """A digit, or a word for a day or a month: the least a date answer has."""
    if re.search(r"\d", raw):
        return True
    return bool(DAY_OR_MONTH.search(strip_accents(raw.lower())))


def mentions_days(text: str) -> bool:
    return bool(re.search(r"\b(days?|dias?|weeks?|semanas?|months?|mes(?:es)?|mes)\b", text))


def is_time_only(text: str) -> bool:
    rest = CLOCK.sub(" ", text)
    rest = re.sub(r"\b(at|a las|a la|as|today|hoy|hoje)\b", " ", rest)
    return not re.search(r"[a-z0-9]", rest)


# A day said in words beside a clock time; and what says a date ("20/11", "2026-11-20", a month).
_DAY_WORDS = re.compile(
    r"\b(?:today|yesterday|tonight|tomorrow|hoy|ayer|anteayer|anoche|manana|mañana|hoje|ontem|anteontem|amanha|amanhã)\b"
    r"|\b(?:the )?day before yesterday\b"
)
_DATE_SAID = re.compile(
    r"\d{1,4}[/.-]\d{1,2}|\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|enero|febrero|marzo|abril|mayo|junio|julio|"
    r"agosto|septiembre|setiembre|octubre|noviembre|diciembre|janeiro|fevereiro|marco|maio|junho|julho|setembro|"
    r"outubro|novembro|dezembro|weeks?|months?|semanas?|mes|meses)\b"
)


def clock_core(cleaned: str) -> str:
    """A clock time inside a sentence, with the day words beside it and nothing else:
    "at 10am, still one tick" -> "10am" (dateparser read "one" or the hour as a month);
    unchanged when the text says a date, a time ago, or has no clock time."""
    clock = CLOCK.search(cleaned)
    if clock is None or _DATE_SAID.search(cleaned) or RELATIVE.search(cleaned):
        return cleaned
    return " ".join([m.group(0) for m in _DAY_WORDS.finditer(cleaned)] + [clock.group(0)])


def hour_in_part_of_day(cleaned: str, day_range: Optional[Tuple[int, int]]) -> str:
    """ "this morning around 9" (cleaned to "9" beside the morning): 9:00; "la tarde, 4": 16:00.
    Unchanged unless a part of the day was said and only an hour (and day words) is left."""
    plain = re.sub(r"\s+", " ", re.sub(r"[,;.]", " ", cleaned)).strip()
    m = re.fullmatch(r"((?:(?:today|yesterday|hoy|ayer|anteayer|hoje|ontem|anteontem) )?)(\d{1,2})", plain)
    if day_range is None or m is None or int(m.group(2)) > 23:
        return cleaned
    hour = int(m.group(2))
    if day_range[0] >= 12 and hour < 12:
        hour += 12
    return f"{m.group(1)}{hour}:00"
