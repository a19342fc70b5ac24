"""The 24-hour customer service window in the words: a reply long after the customer's
last message, or the window named.

Why: "we answered on Monday what she wrote on Friday" is outside the window with no
code at all; the window's length is a platform fact.
"""

from __future__ import annotations

import re
from typing import Optional

from ..platform import platform
from .folding import Add, WordFact, folded

_HOURS_RE = re.compile(r"\b(\d{1,3})\s*(?:h|hs|hrs?|hours?|horas?)\b")
_DAYS_RE = re.compile(
    r"\b(\d{1,3}|a|one|two|three|un|una|dos|tres|um|uma|dois|duas|tres)\s*(?:days?|dias?|semanas?|weeks?|mes(?:es)?|months?)\b"
)
_LONG_AGO = re.compile(
    r"\b(?:anteontem|anteayer|antier|day before yesterday|last week|semana pasada|semana passada|"
    r"last month|mes pasado|mes passado|a week ago|days ago|dias atras|hace dias|ha dias|"
    r"(?:lunes|martes|miercoles|jueves|viernes|sabado|domingo|monday|tuesday|wednesday|thursday|friday|"
    r"segunda|terca|quarta|quinta|sexta)\b.{0,40}\b(?:hoy|today|hoje)|"
    # yesterday morning ... today afternoon/evening: more than 24 hours
    r"(?:yesterday|ayer|ontem)\W+(?:\w+\W+){0,2}?(?:morning|manana|manha)\b.{0,60}\b(?:today|hoy|hoje)"
    r"\W+(?:\w+\W+){0,2}?(?:afternoon|evening|night|tarde|noche|noite))\b"
)
_YESTERDAY = re.compile(r"\b(?:yesterday|ayer|ontem)\b")
_REPLY_RE = re.compile(
    r"\b(?:repl(?:y|ied|ies|ying)|respon\w*|respost\w*|answer\w*|contest\w*|get back|got back|follow(?:ed)?[ -]?up|"
    r"contact(?:ed|ing)? (?:the |a |our )?(?:customer|client|user)|contactar|contatar|"
    r"seguimiento|retom\w*|wrote|written|escribi\w*|escrev\w*|falou|hablo|"
    r"(?:me|nos) mand(?:o|ou)|messaged us|texted us|last message|ultimo mensaje|"
    r"ultima mensagem|mensaje normal|mensagem normal|texto normal|normal message|normal text|free[ -]?form)"
)


_WEEKDAY_RE = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|lunes|martes|miercoles|jueves|viernes|"
    r"sabado|domingo|segunda|terca|quarta|quinta|sexta)\b"
)


WINDOW_HOURS = platform().service_window_hours


def elapsed_evidence(text: str, add: Add, low: Optional[str] = None) -> None:
    """A reply a window (24 h) or more after the customer's last message: outside the window."""
    low = folded(text, low)
    if not _REPLY_RE.search(low):
        return
    # two different weekdays ("wrote on Friday, we answered on Monday"): a day or more
    long_ago = bool(_LONG_AGO.search(low)) or len(set(_WEEKDAY_RE.findall(low))) >= 2
    if not long_ago:
        for m in _HOURS_RE.finditer(low):
            if int(m.group(1)) >= WINDOW_HOURS:
                long_ago = True
                break
    if not long_ago and _DAYS_RE.search(low):
        long_ago = True
    if long_ago:
        add("outside_service_window", 1.4)
    elif _WROTE_ON_WEEKDAY_RE.search(low):
        add("outside_service_window", 0.9)
    elif _YESTERDAY.search(low):
        add("outside_service_window", 0.5)


# "me escribió el viernes", "she wrote on Friday", "mandou mensagem na sexta": the customer's
# last message on a named day, most often days before the reply (or today: hence less weight).
_WROTE_ON_WEEKDAY_RE = re.compile(
    r"\b(?:wrote|messaged|texted|escribio|escribieron|nos escribio|escreveu|escreveram|(?:me|nos) mand(?:o|ou)|"
    r"mandou mensagem|chamou)\W+(?:\w+\W+){0,3}?(?:on |el |la |na |no |last )?" + _WEEKDAY_RE.pattern[2:]
)


# "24-hour restriction", "regra das 24 horas", "la ventana de 24h": the customer service
# window by name, whatever word comes with it ("restriction" is not an account restriction).
_WINDOW_NAMED_RE = re.compile(
    r"\b24\W?(?:h|hs|hrs?|hours?|horas?)\W+(?:\w+\W+)?(?:window|restriction|rule|session|janela|ventana|regra|regla|"
    r"restricao|restriccion|sesion|sessao)\b|\b(?:window|janela|ventana|regra|regla|rule|restriction|restricao|"
    r"restriccion|sesion|sessao)\W+(?:de |das |of |del |da )?(?:\w+\W+)?24\W?(?:h|hs|hrs?|hours?|horas?)\b"
)


def window_named_evidence(text: str, add: Add, low: Optional[str] = None) -> None:
    """The 24-hour window named in any words points to it."""
    found = _WINDOW_NAMED_RE.search(folded(text, low))
    if found:
        add("outside_service_window", 1.2)
        if "restri" in found.group(0):
            add("account_restricted", -3.0)  # outweighs the "restriction" keyword


# "template sends normally, the text doesn't", "só os modelos chegam", "once the user
# writes first, every message arrives": free-form messages wait for the customer, the
# 24-hour window's mark.
_TEMPLATES_ONLY_RE = re.compile(
    r"\b(?:only|solo|so|apenas|somente|solamente) (?:the |os |las |los |as )?(?:templates?|plantillas?|modelos?)\b"
    r"|\b(?:templates?|plantillas?|modelos?|hsm) (?:\w+ )?(?:sends?|sent|works?|go(?:es)? through|arrives?|funciona\w*|"
    r"sale\w*|vai|chega\w*|llega\w*|envia\w*) (?:normally|normal|normalmente|fine|bien|bem|ok)\b"
    r"|\b(?:if|when|once|after|quando|cuando|depois que|despues de que|si) (?:the |o |a |el |la )?"
    r"(?:user|customer|client|cliente|usuario|contato|contacto|person|pessoa|persona) "
    r"(?:first |nos |me |te |us )?"
    r"(?:sends?|writes?|messages?|replies|manda\w*|escreve\w*|envia\w*|escrib\w*|respond\w*)"
    r"(?:\W+\w+){0,8}?\W+(?:arriv\w*|works?|deliver\w*|chega\w*|llega\w*|funciona\w*|entreg\w*|go(?:es)? through)"
    # "o contato primeiro tem que mandar um oi", "the customer has to write first"
    r"|\b(?:user|customer|client|cliente|usuario|contato|contacto|contact|person|pessoa|persona) "
    r"(?:primeiro |primero |first )?"
    r"(?:tem que|tiene que|has to|must|needs to|precisa|necesita|debe) (?:primeiro |primero |first )?"
    r"(?:mandar|enviar|escrever|escribir|send|write|message|reply|responder)"
    # "replying first to the number solved it": a reply opens the window
    r"|\b(?:replying|reply|answering|responding|respondendo|respondiendo) first\b"
    r"(?:\W+\w+){0,5}?\W+(?:solv\w*|fix\w*|work\w*)"
)
templates_only_evidence = WordFact(_TEMPLATES_ONLY_RE, {"outside_service_window": 2.0})
