"""What a message written after a fix says of it: it works, still failing, or something else.

Why: after "did that solve it?" people answer in sentences ("ya lo agregué a la lista y
sigue dando el mismo error", "he IS in the list tho"); a sentence the classifier places
nowhere is about the cause being worked on, not a new vague problem to narrow from zero.
"""

from __future__ import annotations

import re

from ..text import fold

# "still failing", "same error", "sigue fallando", "mismo error", "continua dando erro"...
_STILL_FAILING = re.compile(
    r"\b(?:still (?:fail\w*|not|doesnt|dont|cant|wont|the same|same|getting|get|error\w*|broken|stuck|one tick|1 tick"
    r"|red|grey|gray|the red\w*|the same red|one grey|a grey)"
    r"|siguen? (?:saliendo|en rojo|con (?:un|1) (?:check|tilde|palomita))"
    r"|(?:continua|segue|seguem|continuam) (?:com (?:um|1) (?:tique|check|risquinho)|vermelh\w*|em vermelho)"
    r"|same (?:error|thing|problem|issue|result)|didnt (?:work|help|fix)|doesnt work|not working|no luck|nope still"
    r"|sigue (?:fallando|dando|igual|sin|con|el mismo|la misma|rebotando|sin llegar)|todavia (?:falla|no|sigue|da)"
    r"|mismo error|mismo problema|no funciono|no sirvio|no se soluciono|sigue sin"
    r"|continua (?:falhando|dando|o mesmo|a mesma|igual|sem|com)|ainda (?:falha|nao|da|continua|esta)"
    r"|mesmo erro|mesmo problema|nao funcionou|nao resolveu|nao adiantou)\b"
)


def says_still_failing(text: str) -> bool:
    """Does `text` say the fix did not help ("I added him and it's still the same error")?"""
    return bool(_STILL_FAILING.search(fold(text)[:2000]))


# "new token works, msgs going out now", "ya salen los mensajes 👍", "agora chegou", "its FIXED"
_WORKS = re.compile(
    r"\b(?:(?:it |that |now it |new \w+ )?works(?: now)?|(?:it |that )?worked|fixed|solved"
    r"|(?:going|goes|went) (?:out|through)(?: now)?|(?:going|sending|working|flowing) again|back to normal"
    r"|(?:got|gets) (?:delivered|through)|arrived|delivered now"
    r"|(?:volvio|volvieron|voltou|voltaram) a (?:funcionar|salir|sair|llegar|chegar)|(?:saindo|saliendo) de nuevo"
    r"|(?:ya|ahora si|ahora) (?:salen|salio|llego|llegan|llegaron|funciona|anda|jala|jalo|sirve)|funciono|se soluciono"
    r"|solucionado|(?:ja|agora) (?:chegou|chegam|chegaram|saiu|saem|funciona|foi|vai)|funcionou|resolveu|resolvido"
    r"|deu certo|era (?:isso|eso)(?: mesmo| nomas)?"
    r"|(?:le|les) (?:llego|llegaron)|(?:lo|la|los) recibio|(?:ele|ela) recebeu|received it|got it now"
    r"|(?:went|goes|going) thru|(?:she|he|they|customer|client) (?:got it|received it|got them)"
    r"|(?:ya|agora|ahora) (?:(?:le|lo|la|les|te|me) )?(?:pude|pudimos|consegui|conseguimos)"
    r" (?:responder\w*|enviar|mandar)"
    r"|(?:ya|agora) se (?:mando|envio|fue|foi|mandou|enviou)|(?:now )?i could (?:answer|reply|send)\w*|all good"
    r"|(?:voltou|volvio) a (?:enviar|mandar)|(?:went|sent|goes|arrived) (?:out )?without (?:an |any )?error"
    r"|(?:ya no|nao) (?:sale|aparece|da|dá) (?:el |o )?(?:error|erro)|error (?:is )?gone|no more errors"
    r"|(?:ta|esta|tá) indo|coloquei e foi|e foi|anda joya|ahora si se fueron|(?:lo|la) comprimi\w*.{0,30}\bsalio)\b"
)
# what turns "works" around: "doesn't work", "no llegó", "still not going out"
_NOT = re.compile(r"\b(?:not|no|nao|dont|doesnt|didnt|isnt|never|nunca|still|sigue|ainda|todavia|nada)\b")


# Failure words anywhere in a short message that is taken for "it's fixed" by itself.
_FAILURE_WORDS = re.compile(
    r"\b(?:fail\w*|error\w*|erro|errors?|falla\w*|falha\w*|not|nao|didnt|doesnt|isnt|wont|never|nunca|sin|sem|"
    r"but|pero|porem|no (?:\w+ )?(?:llega\w*|sale\w*|funciona\w*|anda|envia\w*|manda\w*|carga\w*)|"
    r"still|sigue|ainda|todavia|rechaz\w*|recus\w*|rejected|stuck|pending|pendiente|pendente|late|delay\w*|atrasad\w*|"
    r"demor\w*|retras\w*|slow\w*|some|algunos|alguns|only|solo)\b"
)
_NO_ERROR = re.compile(r"\b(?:sin|sem|without|no|nenhum|ningun) (?:an |any |el |o )?(?:errors?|erro|error)\b")
# How long a message taken for "it's fixed" by itself can be, in words.
WORKS_ALONE_MAX_WORDS = 25


def says_only_it_works(text: str) -> bool:
    """ "unblocked her and it went thru", "done, works. ty", "ya pude responderle, gracias!":
    a message that says the fix worked and nothing that failed, so read as "it's fixed" at any
    point of the conversation (a first report that something arrived late is no success)."""
    folded = fold(text)[:500]
    match = _WORKS.search(folded)
    if match is None or len(folded.split()) > WORKS_ALONE_MAX_WORDS or not says_it_works(text):
        return False
    rest = folded[: match.start()] + " " + folded[match.end() :]
    rest = _NO_ERROR.sub(" ", rest)  # "ya se fue sin error": no error is no failure
    return not _FAILURE_WORDS.search(rest) and not re.search(r"\d{3,}", folded)


def says_it_works(text: str) -> bool:
    """Does `text` say the fix worked ("ya le mandé la de marketing y le llegó, gracias")?"""
    folded = fold(text)[:500]
    match = _WORKS.search(folded)
    if match is None or says_still_failing(text):
        return False
    before = " ".join(folded[: match.start()].split()[-2:])  # "doesn't work", "still not going out"
    return not _NOT.search(before)
