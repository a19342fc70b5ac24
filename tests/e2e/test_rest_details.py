"""What the pasted error's details say reaches the fix (over REST, real servers)."""

from __future__ import annotations

import json


def test_the_template_and_language_of_the_paste_shape_the_fix(user):
    user.say(
        "(#132001) Template name does not exist in the translation: "
        "template name (order_update) does not exist in en_US"
    )
    reply = user.say_text("approved")
    assert "*order_update* has no approved version in en_US" in reply


def test_the_parameter_counts_of_the_paste_shape_the_fix_in_spanish(user):
    paste = json.dumps(
        {
            "error": {
                "message": "(#132000) Number of parameters does not match the expected number of params",
                "code": 132000,
                "error_data": {
                    "details": "body: number of localizable_params (1) does not match the expected number of params (2)"
                },
            }
        }
    )
    # the counts in the details answer which problem it is: the fix comes at once, not a question
    reply = user.say_text("hola, mi plantilla falla: " + paste)
    assert "La plantilla espera 2 variables y la solicitud envió 1" in reply


def test_a_pasted_campaign_export_reports_every_group(user):
    export = (
        "phone_number\tstatus\terror_code\terror_message\n"
        "5511987654321\tfailed\t131049\tThis message was not delivered to maintain healthy ecosystem engagement.\n"
        "5511987654322\tfailed\t131049\tThis message was not delivered to maintain healthy ecosystem engagement.\n"
        "5511987654323\tsent\t\t\n"
        "5511987654324\tfailed\t131050\tUser has stopped marketing messages\n"
    )
    reply = user.say_text(export)
    assert "*A campaign export:* 3 failed recipients out of 4, across 2 causes" in reply
    assert "Marketing limit: 2" in reply and "Marketing opt-out: 1" in reply
    assert "5,511,987" not in reply
    assert user.tracker()["slots"]["campaign"] == "yes"
