"""Campaign exports read as tables: failures grouped by cause, numbers kept as digits."""

from __future__ import annotations

from diagnosis.campaign.export import read_export

TWILIO_CSV = """MessageSid,To,Status,ErrorCode,ErrorMessage
SM1,whatsapp:+5511987654321,undelivered,63016,Failed to send freeform message because you are outside the allowed window.
SM2,whatsapp:+5511987654322,failed,63016,Failed to send freeform message because you are outside the allowed window.
SM3,whatsapp:+5511987654323,delivered,,
SM4,whatsapp:+5521987654321,failed,63003,Channel could not find To address
"""  # noqa: E501  (the rows as Twilio exports them)

META_TSV = (
    "phone_number\tstatus\terror_code\terror_message\n"
    "5511987654321\tfailed\t131049\tThis message was not delivered to maintain healthy ecosystem engagement.\n"
    "5511987654322\tfailed\t131049\tThis message was not delivered to maintain healthy ecosystem engagement.\n"
    "5511987654323\tsent\t\t\n"
    "5511987654324\tfailed\t131050\tUser has stopped marketing messages\n"
    "5511987654325\tfailed\t\tsomething odd\n"
)


def test_a_twilio_export_is_grouped_by_cause():
    export = read_export(TWILIO_CSV)
    assert export.rows == 4 and export.failed == 3
    assert export.counts() == {"outside_service_window": 2, "not_on_whatsapp": 1}


def test_a_meta_tsv_keeps_numbers_as_digits_and_counts_what_it_cannot_place():
    export = read_export(META_TSV)
    assert export.groups["ecosystem_limit"] == ["5511987654321", "5511987654322"]
    assert export.counts()["marketing_opt_out"] == 1
    assert export.unplaced == 1 and export.failed == 4


def test_prose_and_single_errors_are_not_exports():
    assert read_export("(#131047) Re-engagement message") is None
    assert read_export("my campaign failed\nwith 131049 for many people") is None
    assert read_export("a,b\n1,2") is None


def test_a_spreadsheet_saved_in_portuguese_with_semicolons_is_read():
    export = read_export(
        "Número;Situação;Código de erro;Descrição do erro\n"
        "5511987654321;Falhou;131047;Re-engagement message\n"
        "5511912345678;Falhou;131026;Message undeliverable\n"
        "5511900001111;Entregue;;\n"
    )
    assert export is not None and export.rows == 3 and export.failed == 2
    assert export.groups == {"outside_service_window": ["5511987654321"], "undeliverable": ["5511912345678"]}


def test_spanish_headers_are_read():
    export = read_export("telefono,estado,codigo_error,mensaje_de_error\n5215512345678,fallido,131049,x\n")
    assert export is not None and export.groups == {"ecosystem_limit": ["5215512345678"]}


def test_a_line_of_prose_before_the_table_is_skipped():
    text = (
        "we sent our black friday promo to 3,200 contacts, export below\n"
        "phone,status,error\n5511987654321,failed,131049\n5511987654322,failed,131050\n5511987654323,delivered,"
    )
    export = read_export(text)
    assert export is not None and export.rows == 3 and export.failed == 2
    assert export.groups == {"ecosystem_limit": ["5511987654321"], "marketing_opt_out": ["5511987654322"]}
