"""Evidence from extracted facts rather than words: file sizes, statuses, elapsed time.

Why: some causes are decided by a fact more than by wording. A 20 MB video is over
WhatsApp's limit whatever the text calls it; a webhook whose only status is `sent`
is a message still waiting for delivery; a reply sent two days after the customer's
last message is outside the 24-hour window.
"""
from __future__ import annotations

import re
from typing import Callable, List, Sequence

from .normalize import fold
from .result import Extracted

Add = Callable[[str, float], None]

MEDIA_LIMITS = {
    "image": 5 * 1024 ** 2,
    "video": 16 * 1024 ** 2,
    "audio": 16 * 1024 ** 2,
    "document": 100 * 1024 ** 2,
    "sticker": 500 * 1024,
}


def size_evidence(ext: Extracted, add: Add) -> None:
    """A file bigger than the limit of its media type points to media_too_large."""
    if not ext.file_sizes:
        return
    biggest = max(ext.file_sizes)
    limits = [MEDIA_LIMITS[k] for k in ext.media_types if k in MEDIA_LIMITS]
    limit = min(limits) if limits else 16 * 1024 ** 2
    if biggest > limit:
        add("media_too_large", 2.2)


_INVALID_CONTACT_RE = re.compile(r"status\W{0,4}invalid\b", re.I)


def status_evidence(ext: Extracted, has_codes: bool, text: str, add: Add) -> None:
    """Webhook/contacts statuses: `sent` alone is pending, contact `invalid` has no WhatsApp."""
    st = set(ext.statuses)
    final = {"failed", "undelivered", "delivered", "read", "error"}
    if "sent" in st and not has_codes and not (st & final):
        add("pending_delivery", 3.0)
    if not has_codes and ("invalid" in st or _INVALID_CONTACT_RE.search(text)):
        add("not_on_whatsapp", 2.5)


_HOURS_RE = re.compile(r"\b(\d{1,3})\s*(?:h|hs|hrs?|hours?|horas?)\b")
_DAYS_RE = re.compile(r"\b(\d{1,3}|a|one|two|three|un|una|dos|tres|um|uma|dois|duas|tres)\s*(?:days?|dias?|semanas?|weeks?|mes(?:es)?|months?)\b")
_LONG_AGO = re.compile(
    r"\b(?:anteontem|anteayer|antier|day before yesterday|last week|semana pasada|semana passada|"
    r"last month|mes pasado|mes passado|a week ago|days ago|dias atras|hace dias|ha dias|"
    r"(?:lunes|martes|miercoles|jueves|viernes|sabado|domingo|monday|tuesday|wednesday|thursday|friday|"
    r"segunda|terca|quarta|quinta|sexta)\b.{0,40}\b(?:hoy|today|hoje))\b"
)
_YESTERDAY = re.compile(r"\b(?:yesterday|ayer|ontem)\b")
_REPLY_RE = re.compile(
    r"\b(?:repl(?:y|ied|ies|ying)|respon\w*|answer\w*|contest\w*|get back|got back|follow(?:ed)?[ -]?up|"
    r"seguimiento|retom\w*|wrote|written|escribi\w*|escrev\w*|falou|hablo|last message|ultimo mensaje|"
    r"ultima mensagem|mensaje normal|mensagem normal|texto normal|normal message|normal text|free[ -]?form)"
)


def elapsed_evidence(text: str, add: Add) -> None:
    """A reply more than 24 h after the customer's last message: outside the window."""
    low = fold(text[:6000])
    if not _REPLY_RE.search(low):
        return
    long_ago = bool(_LONG_AGO.search(low))
    if not long_ago:
        for m in _HOURS_RE.finditer(low):
            if int(m.group(1)) >= 24:
                long_ago = True
                break
    if not long_ago and _DAYS_RE.search(low):
        long_ago = True
    if long_ago:
        add("outside_service_window", 1.4)
    elif _YESTERDAY.search(low):
        add("outside_service_window", 0.5)


_AUDIENCE_RE = re.compile(
    r"\b(?:250|1[.,]?000|1k|mil|2[.,]?000|2k|10[.,]?000|10k|100[.,]?000|100k)(?:th|o|a)?\s+"
    r"(?:first\s+|primeros\s+|primeiros\s+)?"
    r"(?:contacts?|customers?|clients?|clientes?|contatos?|contactos?|recipients?|destinatarios?|people|pessoas|personas|"
    r"users?|usuarios?|numbers?|numeros?|conversations?|conversas?|conversaciones?|mensajes|mensagens|messages)\b"
)
_CUTOFF_RE = re.compile(
    r"\b(?:stopp?ed|stops|cut off|got cut|parou|para|se detuvo|se corto|se corta|only|solo|so|apenas|after|depois|despues|rest|resto)\b"
)


def audience_evidence(text: str, add: Add) -> None:
    """A send that stops at a tier size (250, 1K, 10K, 100K people): the messaging limit."""
    low = fold(text[:6000])
    if _AUDIENCE_RE.search(low) and _CUTOFF_RE.search(low):
        add("messaging_limit", 1.3)
