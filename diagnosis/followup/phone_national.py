"""Numbers written the way a country dials them, not the way WhatsApp writes them.

Why: national habits make a number that the country's own dialling accepts fail on
WhatsApp. Mexico's "1" after 52 and its old mobile prefixes 044 and 045 (dropped in 2019) are still in
contact lists: "044 55 1234 5678" is 52 55 1234 5678. Argentina's mobiles carry a 9
after the country code on WhatsApp (54 9 11 ...), which contact lists and forms often
leave out: "+54 11 5555 1234" is read as a Buenos Aires landline, and WhatsApp has no
account there. Both are corrections of the format, so they point to the format cause.
"""

from __future__ import annotations

from typing import Optional, Tuple

import phonenumbers

# Mexico's dropped mobile prefixes: 044 (local), 045 (long distance), then 10 digits.
_MEXICO_OLD_PREFIXES = ("044", "045")
MEXICO_1, MEXICO_PREFIX, ARGENTINA_9 = "mexico_1", "mexico_044", "argentina_9"


def without_mexico_prefix(digits: str, country: Optional[str]) -> Tuple[str, Optional[str]]:
    """(digits, problem): "0445512345678" said of Mexico -> "5512345678"; "52044..." -> "52...".
    Digits that hold no such prefix come back as they are, with None."""
    if country == "MX" and digits[:3] in _MEXICO_OLD_PREFIXES and len(digits) == 13:
        return digits[3:], MEXICO_PREFIX
    if digits.startswith("52") and digits[2:5] in _MEXICO_OLD_PREFIXES and len(digits) == 15:
        return "52" + digits[5:], MEXICO_PREFIX
    return digits, None


def with_argentina_9(number: phonenumbers.PhoneNumber) -> Optional[phonenumbers.PhoneNumber]:
    """The WhatsApp form of an Argentine number written without the mobile 9 (54 11 5555
    1234 -> 54 9 11 5555 1234), or None when it has it or the result is no mobile."""
    national = str(number.national_number)
    if number.country_code != 54 or national.startswith("9") or len(national) != 10:
        return None
    try:
        mobile = phonenumbers.parse("+549" + national, None)
    except phonenumbers.NumberParseException:
        return None
    kind = phonenumbers.number_type(mobile)
    usable = phonenumbers.is_valid_number(mobile) and kind in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )
    return mobile if usable else None


def is_mexico_521(number: phonenumbers.PhoneNumber) -> bool:
    """52 1 + 10 digits: Mexico's mobile "1", dropped in 2019 (and no valid number with it)."""
    nn = str(number.national_number)
    return (
        number.country_code == 52 and len(nn) == 11 and nn.startswith("1") and not phonenumbers.is_valid_number(number)
    )


def in_whatsapp_form(number: phonenumbers.PhoneNumber) -> Tuple[phonenumbers.PhoneNumber, Optional[str]]:
    """(the number as WhatsApp writes it, the habit corrected or None): Mexico's old "1"
    after 52 dropped, Argentina's mobile 9 after 54 added."""
    if is_mexico_521(number):
        try:
            fixed = phonenumbers.parse("+52" + str(number.national_number)[1:], None)
        except phonenumbers.NumberParseException:
            fixed = None
        if fixed is not None and phonenumbers.is_valid_number(fixed):
            return fixed, MEXICO_1
    mobile = with_argentina_9(number)  # "+54 11 5555 1234": WhatsApp writes 54 9 11 ...
    if mobile is not None:
        return mobile, ARGENTINA_9
    return number, None
