"""Evidence from extracted facts rather than words: file sizes, statuses, elapsed time.

Why: some causes are decided by a fact more than by wording. A 20 MB video is over
WhatsApp's limit whatever the text calls it; a webhook whose only status is `sent`
is a message still waiting for delivery; a reply sent two days after the customer's
last message is outside the 24-hour window. The limits, the window and the tiers are
WhatsApp's platform facts, read from diagnosis/knowledge_base/platform.yaml.
"""

from __future__ import annotations

import re
from typing import Callable, Optional

from .platform import platform
from .result import Extracted
from .text import unaccent_lower
from .wordlists import ANIMATED_WORDS

Add = Callable[[str, float], None]


def _folded(text: str, low: Optional[str]) -> str:
    """The folded start of the text (computed once by `word_facts`)."""
    return low if low is not None else unaccent_lower(text[:6000])


# Each media type's largest file (platform.yaml); a sticker's is the static one unless the
# text says it is animated.
MEDIA = platform().media
# A file whose type the text does not say is judged against the limit of video and audio.
UNTYPED_LIMIT = MEDIA["video"].max_bytes
_ANIMATED_RE = re.compile(r"\b(?:" + "|".join(ANIMATED_WORDS) + r")\b")


def size_evidence(ext: Extracted, add: Add, text: str = "") -> None:
    """A file bigger than the limit of its media type points to media_too_large."""
    if not ext.file_sizes:
        return
    biggest = max(ext.file_sizes)
    animated = "sticker" in ext.media_types and bool(_ANIMATED_RE.search(unaccent_lower(text[:6000])))
    limits = [MEDIA[k].limit(animated) for k in ext.media_types if k in MEDIA]
    limit = min(limits) if limits else UNTYPED_LIMIT
    if biggest > limit:
        # above the limit of the media type the text names: Meta's own number, near-certain
        add("media_too_large", 3.0 if limits else 2.2)


_INVALID_CONTACT_RE = re.compile(r"status\W{0,4}invalid\b", re.I)
# "Template status invalid" / "status do modelo" is about a template, not a contact.
_TEMPLATE_BEFORE_RE = re.compile(r"(?:templat|plantill|modelo)\w*\W+(?:\w+\W+)?$", re.I)


def _invalid_contact(text: str) -> bool:
    """A contacts check answered `status: invalid` (the number has no WhatsApp)."""
    for m in _INVALID_CONTACT_RE.finditer(text):
        if not _TEMPLATE_BEFORE_RE.search(text[max(0, m.start() - 40) : m.start()]):
            return True
    return False


# A status written in a log or callback line: "MessageStatus=sent", "status: sent".
_TEXT_STATUS_RE = re.compile(r"\b(?:message|sms)?status\W{0,3}(sent|failed|undelivered|delivered|read|error)\b", re.I)


def status_evidence(ext: Extracted, has_codes: bool, text: str, add: Add) -> None:
    """Webhook/contacts statuses: `sent` alone is pending, contact `invalid` has no WhatsApp."""
    st = set(ext.statuses)
    if not st:
        st = {m.group(1).lower() for m in _TEXT_STATUS_RE.finditer(text[:20000])}
    final = {"failed", "undelivered", "delivered", "read", "error"}
    if "sent" in st and not has_codes and not (st & final):
        add("pending_delivery", 3.0)
    if not has_codes and ("invalid" in st or _invalid_contact(text)):
        add("not_on_whatsapp", 2.5)


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
    r"\b(?:repl(?:y|ied|ies|ying)|respon\w*|answer\w*|contest\w*|get back|got back|follow(?:ed)?[ -]?up|"
    r"contact(?:ed|ing)? (?:the |a |our )?(?:customer|client|user)|contactar|contatar|"
    r"seguimiento|retom\w*|wrote|written|escribi\w*|escrev\w*|falou|hablo|last message|ultimo mensaje|"
    r"ultima mensagem|mensaje normal|mensagem normal|texto normal|normal message|normal text|free[ -]?form)"
)


_WEEKDAY_RE = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|lunes|martes|miercoles|jueves|viernes|"
    r"sabado|domingo|segunda|terca|quarta|quinta|sexta)\b"
)


WINDOW_HOURS = platform().service_window_hours


def elapsed_evidence(text: str, add: Add, low: Optional[str] = None) -> None:
    """A reply a window (24 h) or more after the customer's last message: outside the window."""
    low = _folded(text, low)
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
    elif _YESTERDAY.search(low):
        add("outside_service_window", 0.5)


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
    low = _folded(text, low)
    if _AUDIENCE_RE.search(low) and _CUTOFF_RE.search(low):
        add("messaging_limit", 1.3)


_PLACEHOLDER_RE = re.compile(r"\{\{\s*\d{1,2}\s*\}\}")


def placeholder_evidence(text: str, add: Add) -> None:
    """A text that talks about {{1}}, {{2}} is about the template's variables."""
    if _PLACEHOLDER_RE.search(text[:6000]):
        add("template_parameter_mismatch", 1.8)


# "hundreds of customers blocked us", "muita gente denunciou", "muchos usuarios nos
# reportaron": many people blocking or reporting is the quality / spam limit, not one
# recipient who blocked the business.
_CROWD_BLOCK_RE = re.compile(
    r"\b(?:many|lots of|a lot of|hundreds of|dozens of|thousands of|tons of|too many|so many|a bunch of|"
    r"muchos|muchas|cientos de|decenas de|miles de|montones de|un monton de|demasiados|demasiadas|"
    r"mucha gente|muitos|muitas|centenas de|dezenas de|milhares de|um monte de|muita gente|varios|varias)"
    r"(?:\W+\w+){0,3}?\W+"
    r"(?:blocked|blocking|reported|flagged|bloquearon|bloquean|bloqueo|reportaron|denunciaron|marcaron|"
    r"bloquearam|bloqueiam|bloqueou|denunciaram|denunciou|marcaram|"
    r"blocks|reports|complaints|bloqueos|denuncias|reportes|quejas|bloqueios|reclamacoes)\b"
)


def crowd_block_evidence(text: str, add: Add, low: Optional[str] = None) -> None:
    """Many people blocking or reporting the business points to the spam rate limit
    (and away from a single recipient who blocked it)."""
    if _CROWD_BLOCK_RE.search(_folded(text, low)):
        add("spam_rate_limit", 2.5)
        add("blocked_by_recipient", -2.0)


# "my number got blocked", "meu número é bloqueado após 5 mensagens", "fui banido": the
# business's own number blocked by WhatsApp is a restricted account, not a customer who
# blocked the business. "a Meta bloqueia" alone says who blocks, not why (payment, the
# window...): it only rules out a customer.
_OWN_NUMBER_BLOCKED_RE = re.compile(
    r"\b(?:(?:my|our) (?:whatsapp )?(?:number|phone|account|chip)|(?:meu|nosso) (?:numero|chip|whats\w*|zap)|"
    r"(?:mi|nuestro) (?:numero|chip|whats\w*)|o numero enviado|el numero enviado)"
    r"(?:\W+\w+){0,3}?\W+(?:blocked|banned|bloqueado|bloqueada|banido|baneado|bloqueia|bloqueando|suspended)\b"
    r"|\b(?:fui|fuimos|fomos|i was|i got|we were|we got) (?:bloque\w*|blocked|bane\w*|bani\w*|banned)"
    r"|\b(?:bloqueando|bloqueia|bloquea|baneando|banindo) (?:os|nossos|meus|mis|nuestros|los) (?:numeros|chips)\b"
)
_BY_A_CUSTOMER_RE = re.compile(
    r"\W+(?:\w+\W+){0,2}?(?:by (?:the |a |one |that )?(?:customer|client|user|recipient|contact|person)"
    r"|(?:pelo|pela|por el|por la|por un|por una|por o) (?:cliente|usuario|contato|contacto|pessoa|persona))"
)
_PLATFORM_BLOCKS_RE = re.compile(
    r"\b(?:meta|whatsapp|facebook)(?: vai| va a| will| ha| has)? (?:bloque\w*|block\w*|ban\w*)"
)


def own_number_blocked_evidence(text: str, add: Add, low: Optional[str] = None) -> None:
    """The business's own number blocked or banned by WhatsApp points to a restricted
    account; WhatsApp or Meta doing the blocking rules out a recipient who blocked it."""
    low = _folded(text, low)
    own = _OWN_NUMBER_BLOCKED_RE.search(low)
    if own and _BY_A_CUSTOMER_RE.match(low, own.end()):
        return  # "my number was blocked by the customer": a customer did block it
    if own:
        add("account_restricted", 2.0)
        add("blocked_by_recipient", -2.0)
        add("business_blocked_user", -1.0)
    elif _PLATFORM_BLOCKS_RE.search(low):
        add("blocked_by_recipient", -2.0)
        add("business_blocked_user", -1.0)


# "couldn't send or receive messages", "no se podían enviar ni recibir mensajes", "não era
# possível enviar ou checar o recebimento": both directions down at once is the platform
# (an outage), not one message or one customer.
_SEND_AND_RECEIVE_RE = re.compile(
    r"\b(?:send|sending|enviar|envio|mandar)\w*\W+(?:or|and|nor|ou|o|y|e|ni|nem)\W+"
    r"(?:\w+\W+){0,2}?(?:receiv\w*|recib\w*|receb\w*|recebimento)"
)


def send_and_receive_evidence(text: str, add: Add, low: Optional[str] = None) -> None:
    """Neither sending nor receiving works: points to an outage."""
    if _SEND_AND_RECEIVE_RE.search(_folded(text, low)):
        add("meta_outage", 1.5)


# "80 messages per second", "80 mensagens por segundo": a per-second pace is the
# throughput (rate) limit; the messaging limit counts customers a day.
_PER_SECOND_RE = re.compile(
    r"\b\d+\s*(?:messages?|mensajes?|mensagens?|msgs?|requests?|solicitudes|requisicoes|chamadas|llamadas)"
    r"\s*(?:per|por|a|/)\s*(?:second|segundo|sec|seg|s)\b|\b\d+\s*mps\b"
)


def per_second_evidence(text: str, add: Add, low: Optional[str] = None) -> None:
    """A pace stated per second points to the throughput limit, not the daily messaging limit."""
    if _PER_SECOND_RE.search(_folded(text, low)):
        add("rate_limit", 1.5)
        add("messaging_limit", -1.0)


# "figura como 'Enviado' pero nunca como 'Entregado'", "ficou só enviada, sem entregue":
# sent and not (yet) delivered, with no error, is a message still on its way.
_SENT_NOT_DELIVERED_RE = re.compile(
    r"\b(?:sent|enviad[oa]s?)\b.{0,50}?\b(?:never|not|nunca|sin|sem|no|nao|but not|pero no|mas nao)\W+"
    r"(?:\w+\W+){0,2}?(?:delivered|entregad[oa]s?|entregues?)\b"
)


def sent_not_delivered_evidence(text: str, add: Add, low: Optional[str] = None) -> None:
    """Sent but not delivered, said in words with no error code: still pending."""
    if _SENT_NOT_DELIVERED_RE.search(_folded(text, low)):
        add("pending_delivery", 1.2)


# "sin el 57 de Colombia", "sem o 55", "without the +44": the country code is missing
_NO_COUNTRY_CODE_RE = re.compile(
    r"\b(?:sin(?: el)?|sem(?: o)?|without(?: the)?|falta(?: el| o)?|missing(?: the)?)\s+"
    r"(?:(?:codigo|code|prefijo|prefixo|ddi)\s+(?:de |do |del )?(?:pais\s+)?)?\+?\d{1,3}\b"
    r"(?!\s*(?:%|mb|kb|gb|h\b|hs|horas?|hours?|dias?|days?|min|seg|sec))"
)


def country_code_evidence(text: str, add: Add, low: Optional[str] = None) -> None:
    """A number said to lack its country prefix ("sin el 57", "sem o 55") is a format problem."""
    if _NO_COUNTRY_CODE_RE.search(_folded(text, low)):
        add("invalid_phone_format", 1.5)


# "users who already get lots of promos", "muchas promociones de otras marcas": the
# per-user cap on marketing messages (ecosystem limit), not the user opting out.
_PROMO_VOLUME_RE = re.compile(
    r"\b(?:many|lots of|a lot of|too many|so many|tons of|enough|muchas|muchos|demasiadas|demasiados|bastantes|"
    r"muitas|muitos|demais|varias)\s+(?:\w+\s+){0,2}?"
    r"(?:promos?|promotions?|promotional|marketing|offers|ads|promociones|publicidad|ofertas|promocoes|propagandas?|anuncios)\b"
)


def promo_volume_evidence(text: str, add: Add, low: Optional[str] = None) -> None:
    """Talk of people already receiving many promotions points to the ecosystem limit."""
    if _PROMO_VOLUME_RE.search(_folded(text, low)):
        add("ecosystem_limit", 1.0)


def word_facts(text: str, add: Add) -> None:
    """All the signals read from the words when the text has no error code
    (folds the text once for all of them)."""
    low = unaccent_lower(text[:6000])
    elapsed_evidence(text, add, low)
    audience_evidence(text, add, low)
    placeholder_evidence(text, add)
    crowd_block_evidence(text, add, low)
    own_number_blocked_evidence(text, add, low)
    send_and_receive_evidence(text, add, low)
    per_second_evidence(text, add, low)
    sent_not_delivered_evidence(text, add, low)
    country_code_evidence(text, add, low)
    promo_volume_evidence(text, add, low)
