"""How much is sent and to how many: a tier's size, a per-second pace, many promotions.

Why: a send that stops at 250 or 2,000 people is the messaging limit, "80 messages a
second" is the throughput limit, and people who already get many promotions meet
the per-user marketing cap: numbers and amounts say which limit.
"""

from __future__ import annotations

import re
from typing import Optional

from ..platform import platform
from .folding import Add, WordFact, folded


def _tier_sizes() -> str:
    """The messaging limit tiers' sizes as a text writes them: 250, 2,000 / 2.000 / 2k, and the
    former 1,000 (also "mil")."""
    words = []
    for tier in platform().tiers:
        for n in tier.limits or ():
            thousands = n // 1000
            words += [str(n)] if n % 1000 else [rf"{thousands}[.,]?000", f"{thousands}k"] + ["mil"] * (n == 1000)
    return "|".join(words)


_AUDIENCE_RE = re.compile(
    r"\b(?:" + _tier_sizes() + r")(?:th|o|a)?\s+"
    r"(?:first\s+|primeros\s+|primeiros\s+)?"
    r"(?:contacts?|customers?|clients?|clientes?|contatos?|contactos?|recipients?|destinatarios?|people|pessoas|personas|"
    r"users?|usuarios?|numbers?|numeros?|conversations?|conversas?|conversaciones?|mensajes|mensagens|messages)\b"
)
_CUTOFF_RE = re.compile(
    r"\b(?:stopp?ed|stops|cut off|got cut|parou|para|se detuvo|se corto|se corta|only|solo|so|apenas|after|depois"
    r"|despues|rest|resto)\b"
)


def audience_evidence(text: str, add: Add, low: Optional[str] = None) -> None:
    """A send that stops at a tier's size (250, 2K, 10K... people): the messaging limit."""
    low = folded(text, low)
    if _AUDIENCE_RE.search(low) and _CUTOFF_RE.search(low):
        add("messaging_limit", 1.3)


# "80 messages per second", "80 mensagens por segundo": a per-second pace is the
# throughput (rate) limit; the messaging limit counts customers a day.
_PER_SECOND_RE = re.compile(
    r"\b\d+\s*(?:messages?|mensajes?|mensagens?|msgs?|requests?|solicitudes|requisicoes|chamadas|llamadas)"
    r"\s*(?:per|por|a|/)\s*(?:second|segundo|sec|seg|s)\b|\b\d+\s*mps\b"
)
per_second_evidence = WordFact(_PER_SECOND_RE, {"rate_limit": 1.5, "messaging_limit": -1.0})


# "users who already get lots of promos", "muchas promociones de otras marcas": the
# per-user cap on marketing messages (ecosystem limit), not the user opting out.
_PROMO_VOLUME_RE = re.compile(
    r"\b(?:many|lots of|a lot of|too many|so many|tons of|enough|muchas|muchos|demasiadas|demasiados|bastantes|"
    r"muitas|muitos|demais|varias)\s+(?:\w+\s+){0,2}?"
    r"(?:promos?|promotions?|promotional|marketing|offers|ads|promociones|publicidad|ofertas|promocoes|propagandas?|anuncios)\b"
)
promo_volume_evidence = WordFact(_PROMO_VOLUME_RE, {"ecosystem_limit": 1.0})


# "Audience size exceeding remaining quota", "cuota de envíos agotada": the size or quota of
# a send's audience is the messaging limit, not a file's size.
_QUOTA_RE = re.compile(
    r"\b(?:audience size|size of (?:the |your )?audience|tamano de (?:la )?audiencia|tamanho (?:do )?publico|"
    r"(?:remaining|daily|messaging|sending|conversation) quota|quota (?:exceeded|reached|used up)|"
    r"cuota (?:de (?:envios?|mensajes|conversaciones)|diaria|agotada|restante)|"
    r"cota (?:de (?:envios?|mensagens)|diaria|esgotada))\b"
)
quota_evidence = WordFact(_QUOTA_RE, {"messaging_limit": 1.5, "media_too_large": -2.0})


# "puede ocurrir que estos experimenten problemas", "experimentou instabilidade": the verb
# (to go through), not Meta's marketing experiment.
experience_verb_evidence = WordFact(
    re.compile(r"\bexperiment(?:ar|en|an|ando|ado|ada|amos|ou|am|aram|aron|ara|aria)\b"),
    {"marketing_experiment": -3.0},
)
