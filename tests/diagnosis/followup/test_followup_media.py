"""media_details: type and size against WhatsApp Cloud API's media limits."""

from __future__ import annotations

import pytest

from diagnosis.followup import answer

MB = 1024 * 1024


def ask(text):
    return answer("media_details", text, {})


def test_pdf_of_12_mb_is_fine_as_a_document():
    a = ask("PDF of 12 MB")
    assert a.ok
    v = a.value
    assert (v["media_type"], v["format"], v["size_bytes"]) == ("document", "pdf", 12 * MB)
    assert v["limit_bytes"] == 100 * MB and v["over_limit"] is False and v["missing"] == []
    assert "within" in a.finding and "100 MB" in a.finding
    assert a.extra["points_to"] == "media_error"


def test_video_20mb_is_over_16():
    a = ask("video 20mb")
    v = a.value
    assert v["media_type"] == "video" and v["over_limit"] is True and v["limit_bytes"] == 16 * MB
    assert "16 MB" in a.finding and "compress" in a.finding
    assert a.extra["points_to"] == "media_too_large"


def test_spanish_image_of_6_mb_is_over_5():
    a = ask("imagen de 6 MB")
    assert a.value["media_type"] == "image" and a.value["over_limit"] is True
    assert "5 MB" in a.finding and "document" in a.finding


def test_portuguese_decimal_comma():
    a = ask("vídeo de 15,5 MB")
    assert a.value["size_bytes"] == int(15.5 * MB) and a.value["over_limit"] is False


def test_a_4_5_mb_jpg_is_fine():
    a = ask("a 4.5 MB jpg")
    v = a.value
    assert (v["media_type"], v["format"], v["supported_format"]) == ("image", "jpeg", True)
    assert v["over_limit"] is False
    assert "isn't the problem" in a.finding


def test_150_kb_sticker_is_over_static_limit_but_fits_animated():
    a = ask("150 KB sticker")
    assert a.value["media_type"] == "sticker" and a.value["over_limit"] is True
    assert "100 KB" in a.finding and "500 KB" in a.finding
    assert ask("animated sticker of 300 KB").value["over_limit"] is False
    assert ask("animated sticker of 600 KB").value["over_limit"] is True


def test_audio_and_big_documents():
    assert ask("audio mp3 de 20 MB").value["over_limit"] is True
    a = ask("a 120 MB pdf")
    assert a.value["over_limit"] is True and "link" in a.finding


@pytest.mark.parametrize(
    "text, fmt, advice",
    [
        ("photo.heic", "heic", "JPEG or PNG"),
        ("a HEIC image of 2 MB", "heic", "JPEG or PNG"),
        ("a .mov video of 10 MB", "mov", "MP4"),
        ("gif image", "gif", "MP4"),
        ("a webp image", "webp", "sticker"),
        ("wav audio 3mb", "wav", "MP3"),
        ("a zip file of 3 MB", "zip", "PDF"),
    ],
)
def test_unsupported_formats_say_so(text, fmt, advice):
    a = ask(text)
    assert a.ok
    assert a.value["format"] == fmt and a.value["supported_format"] is False
    assert "doesn't accept" in a.finding or "only as a sticker" in a.finding
    assert advice in a.finding
    assert a.extra["points_to"] == "media_error"


def test_articles_read_right():
    assert "as an image" in ask("photo.heic").finding
    assert ask("an 8 MB image").finding.startswith("An 8 MB image")
    assert ask("a 4.5 MB jpg").finding.startswith("A 4.5 MB JPEG image")


def test_only_a_size_helps_and_says_what_is_missing():
    a = ask("12 MB")
    assert a.ok and a.value["missing"] == ["type"]
    assert "image (5 MB)" in a.finding and "document (100 MB)" in a.finding
    assert "What kind of file" in a.finding
    huge = ask("150 MB")
    assert "link" in huge.finding and huge.extra["points_to"] == "media_too_large"


def test_only_a_type_helps_and_says_what_is_missing():
    a = ask("a video")
    assert a.ok and a.value["missing"] == ["size"]
    assert "16 MB" in a.finding and "How big" in a.finding
    assert "100 KB" in ask("sticker").finding


@pytest.mark.parametrize("text", ["hello", "🙂", "", "it failed"])
def test_nothing_to_go_on_reasks(text):
    a = ask(text)
    assert not a.ok and "PDF of 12 MB" in a.reask


@pytest.mark.parametrize(
    "text, none",
    [
        ("no hay ningun archivo, es puro texto", True),
        ("que no, no mandamos archivos, solo mensajes de texto normales", True),
        ("there's no file?? it's just text", True),
        ("não é arquivo nenhum, é texto!", True),
        ("é um vídeo de 30 MB", False),
        ("text works, only the pdf fails", False),
    ],
)
def test_a_message_with_no_file_is_said_in_words(text, none):
    from diagnosis.followup.media import says_no_file

    assert says_no_file(text) is none
