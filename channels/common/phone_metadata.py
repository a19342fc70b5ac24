"""What a user's phone number tells about them: country and time zone(s).

Why: actions answer "how long is the 24-hour window still open?" in the
user's own time; the number's prefix is the only hint a WhatsApp message
carries. These are guesses (a +1 number spans several zones), so every
candidate zone is kept too.
"""

import re
from typing import Any, Dict, Optional, Text

from contracts.metadata import CALLING_CODE, COUNTRY_CODE, TIME_ZONE, TIME_ZONES


def phone_metadata(number: Optional[Text]) -> Dict[Text, Any]:
    """Best guess of country and time zone(s) from an international number.

    Needs ``phonenumbers``; returns {} without it or for unparsable input.
    """
    digits = re.sub(r"\D", "", str(number or ""))
    if len(digits) < 6:
        return {}
    try:
        import phonenumbers
        from phonenumbers import timezone as pn_timezone
    except ImportError:  # optional dependency
        return {}
    try:
        parsed = phonenumbers.parse("+" + digits, None)
    except phonenumbers.NumberParseException:
        return {}
    region = phonenumbers.region_code_for_number(parsed) or phonenumbers.region_code_for_country_code(
        parsed.country_code
    )
    zones = [z for z in pn_timezone.time_zones_for_number(parsed) if z and z != "Etc/Unknown"]
    meta: Dict[Text, Any] = {CALLING_CODE: parsed.country_code}
    if region and region not in ("ZZ", "001"):
        meta[COUNTRY_CODE] = region
    if zones:
        meta[TIME_ZONE] = zones[0]
        meta[TIME_ZONES] = zones
    return meta


def drop_empty(data: Dict[Text, Any]) -> Dict[Text, Any]:
    """The entries that hold a value: actions need not tell "" from missing."""
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


def user_metadata(fields: Dict[Text, Any], number: Optional[Text]) -> Dict[Text, Any]:
    """A message's metadata: its fields plus the number's guesses, empties dropped."""
    metadata = dict(fields)
    metadata.update(phone_metadata(number))
    return drop_empty(metadata)
