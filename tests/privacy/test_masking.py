"""Masking for logs (privacy/masking.py)."""

import pytest

from privacy.masking import mask_id, scrub


@pytest.mark.parametrize(
    "value, masked",
    [
        ("919812345610", "9198******10"),
        ("+919812345610", "+9198******10"),
        ("whatsapp:+919812345610", "whatsapp:+9198******10"),
        ("12345678", "12****78"),
        ("1234", "****"),
        ("", ""),
        (None, ""),
        ("whatsapp:", "whatsapp:"),
        ("US.1349876543", "US.1*******43"),
    ],
)
def test_mask_id(value: object, masked: str) -> None:
    assert mask_id(value) == masked


def test_scrub_removes_secrets_and_masks_numbers() -> None:
    text = "token EAAG-secret failed for 919812345610 and +447700900123 (code 131047)"
    assert scrub(text, ["EAAG-secret", None, "abc"]) == (
        "token *** failed for 9198******10 and +4477******23 (code 131047)"
    )
