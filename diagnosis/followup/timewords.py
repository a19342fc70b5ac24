"""The words and patterns a time answer is read with, in en/es/pt: number words, parts
of the day, weekdays, "never", and the filler around a time.

Why: these are data (what people write), kept apart from the code that reads an answer
with them (timeread.py, timeparse.py), so that adding a word touches only this file.
Patterns run on the cleaned text (lower-case, accents stripped) unless said otherwise.
"""

from __future__ import annotations

import re
from typing import Optional, Tuple

NEVER_PATTERNS = [
    r"\bnever\b",
    r"\bnunca\b",
    r"\bjam[aá]s\b",
    r"\bjamais\b",
    r"\b(?:has|have|had|did)\s*n[o']?t\s+(?:ever\s+)?(?:written|wrote|write|messaged|replied|contacted)",
    r"\bnot\s+(?:once|yet)\b",
    r"\bno\s+(?:nos\s+|me\s+)?(?:ha|han)\s+escrito\b",
    r"\bno\s+(?:nos\s+|me\s+)?escribi[oó]\b",
    r"\btodav[ií]a\s+no\b",
    r"\bain?da\s+n[aã]o\b",
    r"\bn[aã]o\s+(?:nos\s+|me\s+)?(?:escreveu|mandou|respondeu)\b",
]
NEVER = re.compile("|".join(NEVER_PATTERNS), re.IGNORECASE)

# Words that make an answer relative to now: no time zone needed.
RELATIVE = re.compile(
    r"\b(ago|hace|h[aá]|atr[aá]s|faz|just now|right now|ahora mismo|agora mesmo|agorinha)\b"
    r"|\b(in the last|hace un rato|h[aá] pouco)\b",
    re.IGNORECASE,
)

# A clock time in the text (the answer is precise to the minute).
CLOCK = re.compile(r"(?<!\d)\d{1,2}:\d{2}\b|\b\d{1,2}\s*(?:am|pm|a\.\s?m\.?|p\.\s?m\.?)(?![a-z])", re.IGNORECASE)
# Relative amounts in minutes/hours (also minute precision).
SMALL_UNITS = re.compile(
    r"\b(?:\d+|an?|one|un|una|um|uma)\s*(?:min(?:ute)?s?|minutos?|h|hs|hrs?|hours?|horas?|seg(?:undos?)?|s(?:ec(?:ond)?s?)?)\b",
    re.IGNORECASE,
)
# "more than 24 hours ago", "over 2 days", ">24h", "hace más de 3 días", "mais de 24h": the
# amount is the most recent the time can be, not the time itself.
MORE_THAN = re.compile(
    r"(?:\bmore than|\bover|>|\bm[aá]s de|\bmais de|\bacima de|\bpassou de)\s*"
    r"(?=(?:\d+(?:[.,]\d+)?|an?|one|un[ao]?|uma?)\s*(?:min|h\b|hs|hrs?|hours?|horas?|d\b|days?|d[ií]as?|weeks?|semanas?))",
    re.IGNORECASE,
)
# "2 hours", "5 min", "3 days" without "ago": an amount of time back from now.
BARE_AMOUNT = re.compile(
    r"(?:\d+(?:[.,]\d+)?|an?|one)\s*(?:min(?:ute)?s?|minutos?|h|hs|hrs?|hours?|horas?|d|days?|dias?|"
    r"weeks?|semanas?)",
    re.IGNORECASE,
)

NUMBER_WORDS = {
    # es
    "un": 1,
    "una": 1,
    "uno": 1,
    "dos": 2,
    "tres": 3,
    "cuatro": 4,
    "cinco": 5,
    "seis": 6,
    "siete": 7,
    "ocho": 8,
    "nueve": 9,
    "diez": 10,
    "once": 11,
    "doce": 12,
    "quince": 15,
    "veinte": 20,
    "treinta": 30,
    "cuarenta": 40,
    # pt
    "um": 1,
    "uma": 1,
    "dois": 2,
    "duas": 2,
    "quatro": 4,
    "sete": 7,
    "oito": 8,
    "nove": 9,
    "dez": 10,
    "onze": 11,
    "doze": 12,
    "quinze": 15,
    "vinte": 20,
    "trinta": 30,
    "quarenta": 40,
    # en
    "a couple of": 2,
    "couple of": 2,
    "a few": 3,
    "few": 3,
}
UNIT_WORDS = (
    r"(?:minutos?|min|horas?|hrs?|dias?|días?|semanas?|meses|mes|mês|"
    r"minutes?|hours?|days?|weeks?)"
)

# Parts of the day, on the cleaned (lower-case, accent-free) text: (regex, the day it
# implies or None for "the day the rest of the answer names", start hour, end hour).
# "mañana" alone is tomorrow in Spanish: only "la mañana"/"esta mañana" is a morning.
AFTER_DAY = r"(?:(?<=ayer )|(?<=hoy )|(?<=ontem )|(?<=hoje )|(?<=yesterday ))"
PARTS_OF_DAY: Tuple[Tuple[str, Optional[str], int, int], ...] = (
    (r"\b(?:last night|anoche|antenoche)\b", "yesterday", 18, 24),
    (r"\b(?:tonight)\b", "today", 18, 24),
    (r"\b(?:early (?:in the )?morning|(?:de|en la|por la|a la|na|pela|esta|nesta) madrugada)\b", None, 0, 6),
    (
        r"\b(?:(?:in|during) the morning|this morning|morning|(?:(?:por|en|de|a) )?la manana|esta manana"
        r"|(?:de|pela|na|nesta|esta|a) manha|" + AFTER_DAY + r"manha)\b",
        None,
        6,
        12,
    ),
    (
        r"\b(?:(?:in|during) the afternoon|this afternoon|afternoon|(?:(?:por|en|de|a) )?la tarde|esta tarde"
        r"|(?:de|pela|na|nesta|a) tarde|" + AFTER_DAY + r"tarde)\b",
        None,
        12,
        18,
    ),
    (
        r"\b(?:(?:in|during) the (?:evening|night)|this evening|at night|evening|night|(?:(?:por|en|de|a) )?la noche"
        r"|esta noche|de noche|(?:de|pela|na|nesta|esta|a) noite|" + AFTER_DAY + r"(?:noche|noite))\b",
        None,
        18,
        24,
    ),
)
# What may stay next to a part of the day and still mean today: "this morning", "hoy por la tarde".
TODAY_ONLY = re.compile(r"^(?:today|this|hoy|hoje|esta|este|nesta)?$")

# A weekday: the most recent past one ("on Monday", "el lunes pasado", "na segunda").
WEEKDAY_NUMBERS = {
    "monday": 0,
    "mon": 0,
    "lunes": 0,
    "segunda": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "martes": 1,
    "terca": 1,
    "wednesday": 2,
    "wed": 2,
    "miercoles": 2,
    "quarta": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "jueves": 3,
    "quinta": 3,
    "friday": 4,
    "fri": 4,
    "viernes": 4,
    "sexta": 4,
    "saturday": 5,
    "sabado": 5,
    "sunday": 6,
    "domingo": 6,
}
WEEKDAY = re.compile(
    r"\b(?:(?P<next>next|coming|proximo|proxima)\s+)?(?P<day>"
    + "|".join(sorted(WEEKDAY_NUMBERS, key=len, reverse=True))
    + r")(?:[- ]?feira)?\b(?:\s+(?P<after>que vem|que viene|proximo|proxima))?"
)
LAST_WEEK = re.compile(r"\b(?:(?:of\s+)?last week|(?:de\s+)?la semana pasada|(?:da\s+)?semana passada)\b")

# Words around an answer that say nothing about the time: "they wrote us on Monday",
# "el cliente me escribió ayer", "ele mandou tipo 3 horas atrás".
FILLER = re.compile(
    r"\b(?:(?:the|our|my|el|la|mi|nuestro|o|a|meu|nosso) (?:customer|client|cliente|user|usuario)"
    r"|last message|the message|el mensaje|a mensagem|ultimo mensaje|ultima mensagem"
    r"|customer|client|cliente|they|he|she|we|us|me|them|him|her|it|to us|to me"
    r"|wrote|written|write|writes|messaged|texted|sent|replied|answered|contacted|was|were|did|so"
    r"|nos|les|escribio|escribieron|mando|mandaron|envio|enviaron|envie|respondio|respondieron"
    r"|since|everyone|everybody|contesto|contestaron|fue|pues|tipo|ahi"
    r"|ele|ela|eles|elas|escreveu|escreveram|mandou|mandaram|enviou|enviaram|enviei|respondeu"
    r"|responderam|foi|ai|ne)\b"
)

# A clock time as people write it: "17:00", "5pm", "5:30 p.m.", "9 am".
STATED_CLOCK = re.compile(r"(?<![\d:])(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.\s?m\.?|p\.\s?m\.?)?(?![\d:])", re.IGNORECASE)

ISO = re.compile(
    r"\s*(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?\s*(Z|[+-]\d{2}:?\d{2})?\s*", re.IGNORECASE
)

# Words that name a day or a month (en, es, pt), folded: with a digit, what a date needs.
DAY_OR_MONTH = re.compile(
    r"\b(?:today|yesterday|tonight|now|noon|midnight|hoy|ayer|anteayer|ahora|mediodia|medianoche|"
    r"hoje|ontem|anteontem|agora|meio.dia|meia.noite|weeks?|months?|semanas?|mes|meses|"
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|"
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|"
    r"janeiro|fevereiro|marco|maio|junho|julho|setembro|outubro|novembro|dezembro)\b"
)
