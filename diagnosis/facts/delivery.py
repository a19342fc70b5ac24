"""What the sending side saw: accepted, sent but not delivered, nothing in or out.

Why: an accepted request (HTTP 200, a message id) rules out what the API refuses at
once; "sent" and never "delivered" with no error is a message on its way; neither
sending nor receiving is an outage.
"""

from __future__ import annotations

import re
from typing import Optional

from ..extract import MEDIA_WORDS
from .folding import Add, WordFact, folded

# "couldn't send or receive messages", "no se podían enviar ni recibir mensajes", "não era
# possível enviar ou checar o recebimento": both directions down at once is the platform
# (an outage), not one message or one customer.
_SEND_AND_RECEIVE_RE = re.compile(
    r"\b(?:send|sending|enviar|envio|mandar)\w*\W+(?:or|and|nor|ou|o|y|e|ni|nem)\W+"
    r"(?:\w+\W+){0,2}?(?:receiv\w*|recib\w*|receb\w*|recebimento)"
)
send_and_receive_evidence = WordFact(_SEND_AND_RECEIVE_RE, {"meta_outage": 1.5})


# "figura como 'Enviado' pero nunca como 'Entregado'", "ficou só enviada, sem entregue":
# sent and not (yet) delivered, with no error, is a message still on its way.
_SENT_NOT_DELIVERED_RE = re.compile(
    r"\b(?:sent|enviad[oa]s?)\b.{0,50}?\b(?:never|not|nunca|sin|sem|no|nao|but not|pero no|mas nao)\W+"
    r"(?:\w+\W+){0,2}?(?:delivered|entregad[oa]s?|entregues?)\b"
)
sent_not_delivered_evidence = WordFact(_SENT_NOT_DELIVERED_RE, {"pending_delivery": 1.2})


# "o cliente não recebe, fica dando erro", "it gives an error", "me sale un error": an error
# is shown, so the message did not just stay on its way (no error: one tick)
_AN_ERROR_SHOWN_RE = re.compile(
    r"\b(?:da|dando|deu|dá|dar|gives?|giving|gave|shows?|showing|throws?|sale|salio|me sale|aparece|tira)\W+"
    r"(?:(?:an?|um|uma|un|una|el|o|the|de|un)\W+)?(?:errors?|erro|error|erros)\b"
)
an_error_shown_evidence = WordFact(_AN_ERROR_SHOWN_RE, {"pending_delivery": -1.5}, needs=("err",))


# "responde statusCode 201", "the server responds with HTTP 200 and a message ID", "enviado
# com sucesso": the API accepted the request, so it was not refused for its token, its
# form or its pace (those are answered at once, with an error).
_ACCEPTED_RE = re.compile(
    r"\b(?:status\s*code|statuscode|satuscode|http)\W{0,3}20[0-2]\b|\b20[0-2] ok\b|"
    r"\b(?:sent|enviad[oa]s?|enviou|envia) (?:com sucesso|successfully|correctamente|con exito)\b|"
    r"\bsuccessfully sent\b|\bvalid message id\b|\bmessage id\b.{0,40}\bnot (?:receive|deliver)"
)
accepted_evidence = WordFact(
    _ACCEPTED_RE, {"auth_failed": -2.0, "invalid_request": -1.5, "rate_limit": -1.0, "meta_outage": -1.0}
)


_ATTACHMENT_WORDS = {"attachment", "adjunto", "anexo", "midia", "media", "multimedia"}


# "los PDFs no llegan, los textos sí", "o áudio não chega", "images fail but text goes
# through": only the media failing points to the media (its type, its link or its size).
# the media kinds' words (extract.MEDIA_WORDS), in the plural too, and the words for any attachment
_MEDIA_WORDS = "(?:{})s?".format(
    "|".join(re.escape(w) for w in sorted(set(MEDIA_WORDS) | _ATTACHMENT_WORDS, key=len, reverse=True))
)
_FAILS = r"(?:fail\w*|falla\w*|falha\w*|rejected|rechaza\w*|recusa\w*)"
_NOT_ARRIVING = (
    r"(?:no|nao|not|don.t|doesn.t|isn.t|aren.t|won.t|can.t|cannot|never|nunca)\W+(?:\w+\W+)?"
    r"(?:llega\w*|chega\w*|arriv\w*|deliver\w*|send\w*|sent|envia\w*|funciona\w*|work\w*|go(?:es)? through|"
    r"sale\w*|sai\w*|vai|vao|van|go(?:ing)?|load\w*|carga\w*|carrega\w*|received?|recib\w*|receb\w*|reach\w*)\b"
)
_MEDIA_FAILS_RE = re.compile(
    rf"\b{_MEDIA_WORDS}\b(?:\W+\w+){{0,4}}?\W+(?:{_FAILS}|{_NOT_ARRIVING})"
    rf"|(?:{_FAILS}|{_NOT_ARRIVING})(?:\W+\w+){{0,3}}?\W+{_MEDIA_WORDS}\b"
)
# the media words alone: a quick test before the longer pattern (most texts name no media)
_ANY_MEDIA_RE = re.compile(rf"\b{_MEDIA_WORDS}\b")
_TEXT_WORKS_RE = re.compile(
    r"\b(?:los |os |the |plain )?(?:textos?|texts?|text messages|mensajes de texto|mensagens de texto)\b"
    r"(?:\W+\w+){0,2}?"
    r"\W+(?:si|sim|yes|work\w*|funciona\w*|llega\w*|chega\w*|arriv\w*|go(?:es)? through|are fine|fine|ok|normal\w*)\b"
)


def media_only_evidence(text: str, add: Add, low: Optional[str] = None) -> None:
    """Media said to fail (more so when plain text goes through) points to the media."""
    low = folded(text, low)
    if not _ANY_MEDIA_RE.search(low) or not _MEDIA_FAILS_RE.search(low):
        return
    add("media_error", 1.0)
    if _TEXT_WORKS_RE.search(low):
        add("media_error", 1.0)
        add("outside_service_window", -1.5)  # text goes through to them: the window is open


# "our invoices (PDF) aren't reaching customers", "a fatura em PDF não chega ao cliente": an
# invoice sent as a file is the message that fails, not a bill the business has not paid.
_INVOICE_AS_FILE_RE = re.compile(
    r"\b(?:invoices?|facturas?|faturas?|boletos?|recibos?|receipts?|comprobantes?|comprovantes?)\b"
    r"(?:\W+\w+){0,8}?\W+(?:pdfs?|documents?|documentos?|files?|archivos?|arquivos?|attachments?|anexos?|adjuntos?)\b"
    r"|\b(?:pdfs?|documents?|documentos?|files?|archivos?|arquivos?)\W+(?:\w+\W+){0,2}?"
    r"(?:invoices?|facturas?|faturas?|boletos?|recibos?|receipts?)\b"
)
invoice_as_file_evidence = WordFact(_INVOICE_AS_FILE_RE, {"payment_issue": -1.5, "media_error": 0.5})
