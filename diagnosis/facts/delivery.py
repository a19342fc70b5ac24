"""What the sending side saw: accepted, sent but not delivered, nothing in or out.

Why: an accepted request (HTTP 200, a message id) rules out what the API refuses at
once; "sent" and never "delivered" with no error is a message on its way; neither
sending nor receiving is an outage.
"""

from __future__ import annotations

import re

from .folding import WordFact

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
