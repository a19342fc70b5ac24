"""Country and time zone from a phone number (channels/common/phone_metadata.py)."""

from channels.common.phone_metadata import drop_empty, phone_metadata, user_metadata


def test_country_and_time_zones_from_the_prefix() -> None:
    india = phone_metadata("919812345610")
    assert india["calling_code"] == 91 and india["country_code"] == "IN"
    assert india["time_zone"] == "Asia/Calcutta" and india["time_zones"] == ["Asia/Calcutta"]
    assert phone_metadata("whatsapp:+447700900123")["country_code"] == "GB"
    us = phone_metadata("+1 415 523 8886")
    assert us["country_code"] == "US" and us["time_zone"] in us["time_zones"]


def test_unusable_numbers_give_nothing() -> None:
    assert phone_metadata(None) == {} and phone_metadata("12345") == {} and phone_metadata("US.1349") == {}


def test_user_metadata_adds_the_guesses_and_drops_empty_fields() -> None:
    assert drop_empty({"a": None, "b": "", "c": [], "d": {}, "e": 0, "f": "x"}) == {"e": 0, "f": "x"}
    meta = user_metadata({"channel": "whatsapp", "profile_name": None}, "447700900123")
    assert meta["channel"] == "whatsapp" and "profile_name" not in meta and meta["country_code"] == "GB"
    assert user_metadata({"channel": "whatsapp"}, None) == {"channel": "whatsapp"}
