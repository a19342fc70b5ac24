"""Files users send (channels/common/attachments.py): a campaign export sent as a CSV is read
as if pasted, on WhatsApp (Graph API media) and Twilio (MediaUrl); anything else, or a
download that fails, keeps the "I can't read this" notice and nothing reaches the
dialogue half-read."""

from typing import Any

import pytest

from channels.common.attachments import MAX_BYTES, decode, readable
from tests.channels import twilio_webhook
from tests.channels.meta_webhook import msg, say, sent_texts

EXPORT = (
    "phone,status,error_code,error_title\n"
    "5511987654321,failed,131047,Re-engagement message\n"
    "5511912345678,failed,131026,Message undeliverable\n"
    "5511900001111,delivered,,\n"
)


@pytest.mark.parametrize(
    "mime, name, expected",
    [
        ("text/csv", None, True),
        ("text/plain; charset=utf-8", "notes.txt", True),
        ("text/tab-separated-values", None, True),
        ("application/vnd.ms-excel", "campaign.csv", True),
        ("application/vnd.ms-excel", "campaign.xls", False),
        ("application/octet-stream", None, False),
        ("application/pdf", "report.pdf", False),
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "export.xlsx", False),
        ("", "x.csv", False),
    ],
)
def test_which_files_are_read(mime: str, name: Any, expected: bool) -> None:
    assert readable(mime, name) is expected


def test_decoding_spreadsheet_encodings() -> None:
    assert decode("\ufeffphone;status\r\n55119;falhou\r\n".encode("utf-8")) == "phone;status\n55119;falhou"
    assert decode("número,estado\n".encode("cp1252")) == "número,estado"
    assert decode("teléfono\tfalló".encode("utf-16")) == "teléfono\tfalló"
    assert decode(b"%PDF-1.7\x00\x00\x01binary") is None
    assert decode(b"   \n ") is None and decode(b"") is None


def test_a_whatsapp_csv_document_is_read_as_a_paste(whatsapp: Any, api: Any) -> None:
    api.files["1479537139650973"] = ("text/csv", EXPORT.encode("utf-8"))
    say(
        whatsapp,
        msg(
            "document",
            {"id": "1479537139650973", "mime_type": "text/csv", "filename": "campaign_black_friday.csv", "sha256": "x"},
        ),
    )
    message = whatsapp.only_message()
    assert message.text == EXPORT.strip()
    assert message.metadata["attachment"] == {
        "mime_type": "text/csv",
        "filename": "campaign_black_friday.csv",
        "bytes": len(EXPORT),
    }
    assert sent_texts(api) == ["echo: " + EXPORT.strip()]  # no "can't read documents" notice
    # both GETs carried the business's token (the stand-in refuses others)
    assert [r["status"] for r in api.requests if r["kind"] == "get"] == [200, 200]


def test_the_caption_comes_first(whatsapp: Any, api: Any) -> None:
    api.files["77"] = ("text/csv", EXPORT.encode("utf-8"))
    say(
        whatsapp,
        msg("document", {"id": "77", "mime_type": "text/csv", "filename": "c.csv", "caption": "ontem metade falhou"}),
    )
    assert whatsapp.only_message().text == "ontem metade falhou\n" + EXPORT.strip()


@pytest.mark.parametrize(
    "files, document",
    [
        ({}, {"id": "404404", "mime_type": "text/csv", "filename": "gone.csv"}),  # the media is gone
        ({"55": ("application/pdf", b"%PDF-1.4")}, {"id": "55", "mime_type": "application/pdf", "filename": "r.pdf"}),
        ({"66": ("text/csv", b"\x00\x01\x02" * 10)}, {"id": "66", "mime_type": "text/csv", "filename": "b.csv"}),
        (
            {"88": ("text/csv", b"a,b\n" * (MAX_BYTES // 4 + 1))},
            {"id": "88", "mime_type": "text/csv", "filename": "big.csv"},
        ),
    ],
)
def test_an_unreadable_document_keeps_the_notice(whatsapp: Any, api: Any, files: Any, document: Any) -> None:
    api.files.update(files)
    say(whatsapp, msg("document", document))
    assert whatsapp.dialogue() == []
    [notice] = sent_texts(api)
    assert "document" in notice.lower() or "file" in notice.lower()


def test_a_twilio_csv_is_read_with_the_accounts_credentials(twilio: Any, api: Any) -> None:
    media = f"/2010-04-01/Accounts/{twilio_webhook.SID}/Messages/MM0001/Media/ME0001"
    api.files["ME0001"] = ("text/csv", EXPORT.encode("utf-8"))
    fields = twilio_webhook.form(
        "", NumMedia="1", MessageType="document", MediaContentType0="text/csv", MediaUrl0=api.url + media
    )
    assert twilio_webhook.post(twilio, fields).status_code == 200
    twilio.drain()
    assert twilio.only_message().text == EXPORT.strip()


def test_a_twilio_image_is_not_fetched(twilio: Any, api: Any) -> None:
    fields = twilio_webhook.form(
        "",
        NumMedia="1",
        MessageType="image",
        MediaContentType0="image/jpeg",
        MediaUrl0=api.url + "/2010-04-01/Accounts/x/Messages/y/Media/z",
    )
    assert twilio_webhook.post(twilio, fields).status_code == 200
    twilio.drain()
    assert twilio.dialogue() == [] and not [r for r in api.requests if r["kind"] == "get"]


def test_a_long_export_reaches_the_diagnosis_whole(whatsapp: Any, api: Any) -> None:
    rows = "".join(f"55119{n:08d},failed,131047,Re-engagement message\n" for n in range(400))
    big = "phone,status,error_code,error_title\n" + rows
    api.files["99"] = ("text/csv", big.encode("utf-8"))
    say(whatsapp, msg("document", {"id": "99", "mime_type": "text/csv", "filename": "big.csv"}))
    message = whatsapp.only_message()
    assert len(message.text) == 4096  # what NLU reads
    assert message.metadata["full_text"] == big.strip()  # what the diagnosis reads
