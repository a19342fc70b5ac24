"""Who blocked whom: many customers, one customer, WhatsApp itself.

Why: "blocked" names four causes (a customer blocked the business, the business
blocked a customer, many people reported it, WhatsApp banned the number); the
subject of the blocking decides.
"""

from __future__ import annotations

import re
from typing import Optional

from .folding import Add, WordFact, folded

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
    # "muchas personas reportaron que...", "users reported that...": saying, not spam reports
    r"(?!\W+(?:que|that|como|problem\w*|fallas?|falhas?|issues?|errores|erros)\b)"
)
crowd_block_evidence = WordFact(
    _CROWD_BLOCK_RE,
    {"spam_rate_limit": 2.5, "blocked_by_recipient": -2.0},
    needs=("block", "bloq", "report", "flag", "denunc", "marc", "complaint", "queja", "reclama"),
)


# "muchos usuarios reportan fallas", "según reportan algunos usuarios, es imposible enviar",
# "users are reporting problems": many people saying the service fails is an outage.
_CROWD_SAYS_IT_FAILS_RE = re.compile(
    r"\b(?:users?|usuarios|people|personas|pessoas|gente|internautas)\W+(?:\w+\W+){0,5}?"
    r"(?:report\w*|relat\w*|se quej\w*|reclam\w*|complain\w*|denunci\w*)\W+(?:\w+\W+){0,2}?"
    r"(?:que|that|fallas?|falhas?|problem\w*|issues?|errores|erros|outages?|caidas?|quedas?|imposible|impossivel)\b"
    r"|\b(?:segun|as) (?:reportan|relatam|report) (?:algunos |alguns |some |many |muchos |muitos )?"
    r"(?:users|usuarios|people|personas|pessoas)\b"
)
crowd_says_it_fails_evidence = WordFact(
    _CROWD_SAYS_IT_FAILS_RE,
    {"meta_outage": 1.5, "spam_rate_limit": -1.0},
    needs=("report", "relat", "quej", "reclam", "complain", "denunci"),
)


# "my number got blocked", "meu número é bloqueado após 5 mensagens", "fui banido": the
# business's own number blocked by WhatsApp is a restricted account, not a customer who
# blocked the business. "a Meta bloqueia" alone says who blocks, not why (payment, the
# window...): it only rules out a customer.
_OWN_NUMBER_BLOCKED_RE = re.compile(
    r"\b(?:(?:my|our) (?:whatsapp )?(?:number|num|phone|account|chip)|(?:meu|nosso) (?:numero|chip|whats\w*|zap)|"
    r"(?:mi|nuestro) (?:numero|chip|whats\w*)|o numero enviado|el numero enviado)"
    r"(?:\W+\w+){0,3}?\W+(?:blocked|banned|bloqueado|bloqueada|banido|baneado|bloqueia|bloqueando|suspended)\b"
    r"|\b(?:fui|fuimos|fomos|i was|i got|we were|we got) (?:bloque\w*|blocked|bane\w*|bani\w*|banned)"
    # "whatsapp block my num", "o whatsapp derrubou meu número", "já derrubou uma instância"
    r"|\b(?:whatsapp|meta|facebook) (?:has |have )?(?:block\w*|ban\w*|bloque\w*|bani\w*) "
    r"(?:my|our|meu|nosso|mi|nuestro) (?:num\w*|phone|account|chip|conta|cuenta|linea|linha)\b"
    r"|\bderrub\w* (?:o |a |um |uma |meu |minha |nosso |nossa |\d+ )?"
    r"(?:numero|numeros|chip|chips|instancia\w*|conta|zap)\b"
    r"|\b(?:bloqueando|bloqueia|bloquea|bloqueo|bloqueou|baneando|banindo|baneo|baniu) (?:os |nossos |meus |mis |"
    r"nuestros |los )?(?:\d+ |dos |tres |varios |vários |varias )?(?:numeros|chips|lineas|linhas)\b"
    # "I have got blocked of whatsapp", "we've been banned"
    r"|\b(?:i|we) (?:have |had |ve )?(?:got|get|was|were|been|am|are) (?:\w+ )?(?:blocked|banned|suspended)\b"
    # "two numbers ... were blocked today", "lost +50 numbers": numbers of one's own, many at once
    r"|\b(?:\d+|two|three|several|multiple|dois|tres|varios|varias) (?:\w+ ){0,2}?"
    r"(?:numbers|numeros|chips|lineas|linhas)"
    r"(?:\W+\w+){0,4}?\W+(?:blocked|banned|suspended|bloqueados|bloqueadas|banidos|baneados|suspensos|suspendidos)\b"
    r"|\b(?:lost|perdi|perdemos) \W?\d+ (?:numbers|numeros|chips)\b"
    # "blocked after 7 hours working", "banido em menos de 24h": sending got the number banned
    r"|\b(?:blocked|banned|bloqueado|banido|baneado|suspenso) (?:\w+ ){0,2}?"
    r"(?:after|depois de|despues de|apos|en menos de|em menos de|in less than) \d+ "
    r"(?:hours?|horas?|messages?|mensagens|mensajes|minutes?|minutos|dias?|days?)\b"
)
_BY_A_CUSTOMER_RE = re.compile(
    r"\W+(?:\w+\W+){0,2}?(?:by (?:the |a |one |that )?(?:customer|client|user|recipient|contact|person)"
    r"|(?:pelo|pela|por el|por la|por un|por una|por o) (?:cliente|usuario|contato|contacto|pessoa|persona))"
)
_PLATFORM_BLOCKS_RE = re.compile(
    r"\b(?:meta|whatsapp|facebook)(?: vai| va a| will| ha| has)? (?:bloque\w*|block\w*|ban\w*)"
)


# every blocking or banning word of the patterns above holds one of these (a quick test first)
_BLOCK_WORDS = ("block", "bloq", "ban", "suspen", "lost", "perd", "derrub")


def own_number_blocked_evidence(text: str, add: Add, low: Optional[str] = None) -> None:
    """The business's own number blocked or banned by WhatsApp points to a restricted
    account; WhatsApp or Meta doing the blocking rules out a recipient who blocked it."""
    low = folded(text, low)
    if not any(w in low for w in _BLOCK_WORDS):
        return
    own = _OWN_NUMBER_BLOCKED_RE.search(low)
    if own and _BY_A_CUSTOMER_RE.match(low, own.end()):
        return  # "my number was blocked by the customer": a customer did block it
    if own:
        # who blocked is read precisely here; the many "block" keywords of the
        # recipient causes ("bloqueo", "me los bloquea") must not outvote it
        add("account_restricted", 2.5)
        add("blocked_by_recipient", -4.0)
        add("business_blocked_user", -3.0)
    elif _PLATFORM_BLOCKS_RE.search(low):
        add("blocked_by_recipient", -2.0)
        add("business_blocked_user", -1.0)


# "há um problema de pagamento, por conta disso a Meta bloqueia a comunicação": a block
# that a payment problem explains is the payment, not a banned account.
_PAYMENT_BLOCK_RE = re.compile(
    r"\b(?:(?:problema|problemas) (?:de|con el|com o|com) (?:pagamento|pago|cobranca|cobro|faturamento|facturacion)|"
    r"payment (?:issue|problem|failed|failure|declined|method)|falta de pago|falta de pagamento|"
    r"(?:pagamento|pago) (?:recusado|rechazado|falhou|fallido|pendente|pendiente)|"
    r"(?:card|cartao|tarjeta) (?:declined|recusado|rechazada)|unpaid|outstanding balance|"
    r"saldo (?:pendente|pendiente|devedor))\b"
    r"(?:\W+\w+){0,15}?\W+(?:bloque\w*|block\w*|suspen\w*|restri\w*|disabled|desativad\w*|desactivad\w*)"
)
payment_block_evidence = WordFact(
    _PAYMENT_BLOCK_RE,
    {"payment_issue": 1.5, "account_restricted": -2.0},
    needs=("pag", "pay", "cobr", "fatur", "factur", "card", "cartao", "tarjeta", "saldo", "balance"),
)


# "she says she unblocked us yesterday", "ya nos desbloqueó", "ele desbloqueou a gente": the
# block is over (not "she hasn't unblocked us", "todavía no nos desbloquea")
_UNBLOCKED_RE = re.compile(r"\b(?:unblock(?:ed)?|desbloque\w*)\b")
_NOT_YET_RE = re.compile(
    r"\b(?:not|hasnt|hasn t|didnt|didn t|havent|no|nao|todavia no|aun no|ainda nao|never|nunca)\W+(?:\w+\W+)?$"
)


def says_unblocked(text: str) -> bool:
    """Does the text say the customer has unblocked the business?"""
    low = folded(text, None).replace("'", "")
    for match in _UNBLOCKED_RE.finditer(low):
        if not _NOT_YET_RE.search(low[: match.start()]):
            return True
    return False
