"""diagnosis.followup.phone_national: Mexico's old 044/045 and Argentina's mobile 9."""

from __future__ import annotations

import pytest

from diagnosis.followup import answer


@pytest.mark.parametrize(
    "text, context, digits",
    [
        ("044 55 1234 5678", {"language": "es", "country": "MX"}, "525512345678"),
        ("+52 045 55 1234 5678", {"language": "es"}, "525512345678"),
        ("+541155551234", {"language": "es"}, "5491155551234"),
        ("whatsapp:+541155551234", {"language": "en"}, "5491155551234"),
    ],
)
def test_a_national_habit_is_corrected_to_the_whatsapp_form(text, context, digits):
    read = answer("recipient_number", text, context)
    assert read.ok and read.value["digits"] == digits
    assert read.extra["points_to"] == "invalid_phone_format"


def test_the_argentine_9_is_said_and_a_number_that_has_it_is_left_alone():
    said = answer("recipient_number", "+541155551234", {"language": "es"}).finding
    assert "9 después del 54" in said
    right = answer("recipient_number", "+5491155551234", {"language": "es"})
    assert "argentina_9" not in right.value["problems"] and "points_to" not in right.extra
