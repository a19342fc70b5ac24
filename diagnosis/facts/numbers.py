"""The recipient's number in the words: a missing country code, a country's prefix rule.

Why: "sem o 55", Brazil's ninth digit, Mexico's 521: the number's format, even when
the API answered that the number has no WhatsApp.
"""

from __future__ import annotations

import re
from typing import Sequence

from .folding import Add, WordFact

# "sin el 57 de Colombia", "sem o 55", "without the +44": the country code is missing
_NO_COUNTRY_CODE_RE = re.compile(
    r"\b(?:sin(?: el)?|sem(?: o)?|without(?: the)?|falta(?: el| o)?|missing(?: the)?)\s+"
    r"(?:(?:codigo|code|prefijo|prefixo|ddi)\s+(?:de |do |del )?(?:pais\s+)?)?\+?\d{1,3}\b"
    r"(?!\s*(?:%|mb|kb|gb|h\b|hs|horas?|hours?|dias?|days?|min|seg|sec))"
)
country_code_evidence = WordFact(_NO_COUNTRY_CODE_RE, {"invalid_phone_format": 1.5})


# "sem o 9", "o 9 extra", "nono dígito", "the new digit", "521" for Mexico: the country's
# own prefix rule, the classic reason a number that has WhatsApp is refused. (Argentina's
# 549 is how its mobiles are written: naming it says nothing wrong.)
_PREFIX_RULE_RE = re.compile(
    r"\b(?:nono digito|9o digito|digito 9|ninth digit|extra 9|9 extra|o 9 a mais|sem o 9|com o 9|"
    r"(?:o|el|the|um|un) \W?9\W? (?:extra|a mais|faltando|de mais|adicional)|"
    r"(?:extra|new|novo|nuevo) digit\w*|digito (?:extra|a mais|novo|nuevo|adicional)|"
    r"\+?52\W?1\b|\b521\d{10}\b)"
)
# "says it has no WhatsApp, but the number does have it": the format, not the person
_HAS_IT_ANYWAY_RE = re.compile(
    r"(?:(?:nao existe|nao tem|no existe|no tiene|not exist|not on|doesn.t have|does not have|sem|sin)\W+"
    r"(?:\w+\W+){0,3}?whats\w*|whats\w* (?:nao|no|not|does not|doesn.t) exist\w*)"
    r".{0,80}?\b(?:but|mas|pero|sendo que|aunque|while|porem)\b.{0,60}?"
    r"\b(?:tem|has|tiene|usa|uses|existe|exists)\b(?:\W+\w+){0,3}?\W+whats\w*"
)

# A country's prefix rule, or a number said to have WhatsApp although the API says it
# doesn't: the number's format, not a person without WhatsApp.
prefix_rule_evidence = WordFact(
    re.compile(f"{_PREFIX_RULE_RE.pattern}|{_HAS_IT_ANYWAY_RE.pattern}"),
    {"invalid_phone_format": 1.5, "not_on_whatsapp": -1.0},
    needs=("9", "digit", "52", "whats"),
)


# words that make a long digit string a phone number rather than an id, an IP or a size
_NUMBER_WORDS_RE = re.compile(
    r"\b(?:numero|numeros|number|numbers|phone|telefone|telefono|celular|movil|mobile|whats\w*|zap|wa_id|"
    r"recipient|destinatario|to|para|al|pro|send|sending|sent|mando|envio|enviar|envie|envia|mandar)\b"
)


def number_format_evidence(phones: Sequence[str], add: Add, low: str = "") -> None:
    """A recipient number written so that it cannot be an international number ("o número
    é 11987654321", "0412 345 678": no country code, a trunk 0) points to the number's
    format. Numbers that are valid with their country code say nothing; neither does a
    digit string in a text that says nothing of a number or a send (an id, an IP)."""
    if not phones or not _NUMBER_WORDS_RE.search(low):
        return
    import phonenumbers  # the classifier imports it only when a text holds a number

    for raw in phones[:5]:
        digits = re.sub(r"\D", "", raw)
        if not 10 <= len(digits) <= 15 or "." in raw or raw.strip().startswith(("+", "00")):
            continue
        try:
            number = phonenumbers.parse("+" + digits, None)
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            add("invalid_phone_format", 1.5)
            add("not_on_whatsapp", -0.5)
            return
