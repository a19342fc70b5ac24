"""What a sentence after a fix says of it (diagnosis.conversation.after_fix)."""

from __future__ import annotations

import pytest

from diagnosis.conversation.after_fix import says_it_works, says_still_failing


@pytest.mark.parametrize(
    "text",
    [
        "I added him to the list and it's still the same error",
        "ya lo agregué a la lista y sigue dando el mismo error",
        "troquei o token e continua dando erro",
        "didn't work, nope",
        "ainda não chega",
    ],
)
def test_still_failing_in_a_sentence(text):
    assert says_still_failing(text)


@pytest.mark.parametrize(
    "text",
    ["he IS in the list tho", "can I send it as utility instead?", "ok lo pruebo mañana", "funcionou, valeu"],
)
def test_other_sentences_say_nothing_of_the_fix_failing(text):
    assert not says_still_failing(text)


@pytest.mark.parametrize(
    "text, works",
    [
        ("new token works, msgs going out now. thx", True),
        ("listo, ya salen los mensajes 👍", True),
        ("agora chegou, valeu", True),
        ("era eso, no le había asignado la WABA al system user. ya jala", True),
        ("mandei pro celular da minha esposa e foi, era isso mesmo", True),
        ("no era eso, sigue igual", False),
        ("no le llegó", False),
        ("me sale un error raro", False),
        ("a mensagem foi marcada como falha", False),
        ("sigue dando el mismo error", False),
        # a question about resending the ones that failed before is still success
        (
            "liguei pra agencia, eles reconectaram e voltou! mas e as msgs q falharam ontem a tarde, mando de novo?",
            True,
        ),
        ("it works now! but what about the ones that failed yesterday, resend?", True),
        ("ele recebeu o codigo, mas onde eu digito?", False),
        ("voltou a falhar", False),
    ],
)
def test_it_works_said_in_a_sentence(text, works):
    assert says_it_works(text) is works


@pytest.mark.parametrize(
    "text, works, failing",
    [
        ("nah still 1 tick. she says her phone is on", False, True),
        ("made a system user token and msgs are going again. do i need to resend?", True, False),
        ("siguen saliendo en rojo", False, True),
        ("voltou a funcionar, valeu", True, False),
    ],
)
def test_how_people_say_it_came_back_or_did_not(text, works, failing):
    assert says_it_works(text) is works and says_still_failing(text) is failing


@pytest.mark.parametrize(
    "text, alone",
    [
        ("found it, one of the agents blocked her from the wati inbox lol. unblocked and it went thru", True),
        ("forgot to assign the waba to the system user 🤦 done, works. ty", True),
        ("mi supervisora le mandó una plantilla, el cliente contestó y ya pude responderle normal. gracias!", True),
        ("agora tá indo, valeu!", True),
        ("ya le mandé la plantilla y ya me contestó, gracias!", True),  # the customer answered
        ("sent the template and the customer replied, thanks", True),
        ("mandei o template e ela já respondeu", True),
        ("the customer replied but i cant answer him", False),  # a window report, not a success
        ("moved it to our s3 bucket with a public link and the customer got the video!", True),
        ("everything since this morning, nothing goes out", False),  # a report
        ("a varios, ya te dije jaja. a otros sí les llegó con los dos tildes", False),  # partly
        ("ele recebeu o codigo mas onde eu digito?", False),  # a question about what comes next
        ("the customer got the error again", False),
        ("lo mande como 525512345678 y ya llego", True),  # a phone number is no error code
        ("131026 arrived again", False),
        ("no you're not listening, the link works when i open it. is the 15 min expiry the problem", False),
        ("she replied to us on whatsapp last week so she does have it", False),  # an answer, not a success
        ("oh nvm just went to 2 ticks lol, she must have turned her phone on", True),
        ("ok called her, she updated the app and the invoice came through now!", True),
        ("listo, lo comprimí a 12 megas y ya les está llegando a todos. mil gracias", True),
        ("era saldo pré pago zerado na gupshup, recarregamos e voltou tudo 👍", True),
        ("opa agora apareceu os 2 risquinhos azuis, ele viu", True),
        ("messages arrived late yesterday", False),  # a report, not a success
        ("the template went through but the video didnt arrive", False),
        ("it works for some customers but not others", False),
    ],
)
def test_a_message_that_only_says_it_works_is_its_fixed_anywhere(text, alone):
    from diagnosis.conversation.after_fix import says_only_it_works

    assert says_only_it_works(text) is alone


@pytest.mark.parametrize(
    "text, failing",
    [
        ("ya, pero es que son como 20 pacientes y varios me llamaron, tienen el cel prendido", True),
        ("no, still one tick. their phones are on, one of them called us", True),
        ("o celular ta ligado e nada", True),
        ("ya tiene el cel prendido y le llegó", False),
        ("the phone is on now and it arrived", False),
    ],
)
def test_the_phone_said_to_be_on_after_a_one_tick_fix_is_still_failing(text, failing):
    """'tienen el cel prendido' to 'ask them to turn the phone on' got 'I'm still on Pending'."""
    assert says_still_failing(text) is failing
