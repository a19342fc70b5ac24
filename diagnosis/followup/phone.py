"""Recipient numbers: what's wrong with the one the user sends, and the corrected form.

The WhatsApp Cloud API wants the recipient as country code + number, digits only:
919876543210, 14155551234 (no +, no 00, no spaces, dashes or brackets, no leading 0
of national dialling). phonenumbers (Google's libphonenumber data) decides whether a
number is valid for its country and whether it is a mobile or a landline.

Mexico: since August 2019 Mexican numbers are dialled without the "1" that used to
follow +52 for mobiles, and libphonenumber treats 52 1 XXXXXXXXXX as too long; we drop
that 1 and say so.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

import phonenumbers
from phonenumbers import CountryCodeSource, PhoneNumberType, ValidationResult

from .countries import country_name, parse_country
from .result import Answer, not_understood
from .textnorm import MAX_ANSWER_CHARS, as_text

_CANDIDATE = re.compile(r"(?:\+|\b00|\()?[\d(][\d\s().\-/\u00a0]{4,}\d")

_TYPE_NAMES = {
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE: "landline",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "mobile or landline",
    PhoneNumberType.TOLL_FREE: "toll-free",
    PhoneNumberType.PREMIUM_RATE: "premium-rate",
    PhoneNumberType.SHARED_COST: "shared-cost",
    PhoneNumberType.VOIP: "VoIP",
    PhoneNumberType.PERSONAL_NUMBER: "personal",
    PhoneNumberType.PAGER: "pager",
    PhoneNumberType.UAN: "company (UAN)",
    PhoneNumberType.VOICEMAIL: "voicemail",
}
# Number types that can't be (or are very unlikely to be) a customer's WhatsApp.
_NOT_MOBILE = {PhoneNumberType.FIXED_LINE, PhoneNumberType.TOLL_FREE, PhoneNumberType.PREMIUM_RATE,
               PhoneNumberType.SHARED_COST, PhoneNumberType.PAGER, PhoneNumberType.UAN,
               PhoneNumberType.VOICEMAIL}

# What to remove (or add) for each problem, as "remove ..." phrases.
PROBLEM_TEXT = {
    "leading_plus": "the +",
    "leading_00": "the 00 in front (it's for dialling abroad)",
    "leading_011": "the 011 in front (it's for dialling abroad from the US)",
    "trunk_zero": "the 0 after the country code (it's only for calls inside the country)",
    "leading_zero": "the leading 0 (it's only for calls inside the country)",
    "mexico_1": "the 1 after 52 (Mexican numbers haven't used it since 2019: 52 + 10 digits)",
}
_SEPARATORS = (("spaces", r"[\s\u00a0]"), ("dashes", r"-"), ("brackets", r"[()]"), ("dots", r"\."),
               ("slashes", r"/"))


def _candidate(raw: str) -> str:
    found = _CANDIDATE.findall(raw)
    if not found:
        return ""
    return max(found, key=lambda s: len(re.sub(r"\D", "", s))).strip()


def _country_of(context: Dict[str, Any]) -> Optional[str]:
    value = context.get("country") if isinstance(context, dict) else None
    if not value:
        return None
    return parse_country(value)


_THE = ("United", "Dominican", "Czech", "Central African", "Netherlands", "Philippines", "Bahamas",
        "Gambia", "Maldives", "Democratic", "The ")


def _describe(region: Optional[str]) -> str:
    if not region:
        return "its country"
    name = country_name(region)
    if name.startswith("The "):
        return "the " + name[4:]
    return ("the " + name) if name.startswith(_THE) else name


def _separators(cand: str) -> List[str]:
    body = cand.strip().lstrip("+")
    return [name for name, pattern in _SEPARATORS if re.search(pattern, body)]


def analyze_number(text: Any, context: Optional[Dict[str, Any]] = None) -> Answer:
    context = context if isinstance(context, dict) else {}
    raw = as_text(text)
    reask = ("I couldn't find a phone number in that. Please paste the recipient's number as you "
             "send it, for example 919876543210 or +91 98765 43210.")
    if not raw or len(raw) > MAX_ANSWER_CHARS:
        return not_understood(reask)
    cand = _candidate(raw)
    digits = re.sub(r"\D", "", cand)
    if len(digits) < 5:
        return not_understood(reask)
    if len(digits) > 17:
        return Answer(ok=True, value={"input": cand, "digits": None, "valid": False,
                                      "problems": ["too_long"], "needs_country": False},
                      finding=(f"{cand} has {len(digits)} digits, too many for a phone number "
                               "(at most 15 with the country code). Check for two numbers "
                               "stuck together or extra digits."))
    country = _country_of(context)

    problems: List[str] = []
    stripped = cand.lstrip("(").strip()
    international = False
    if stripped.startswith("+"):
        problems.append("leading_plus")
        international = True
        digits_intl = digits
        if digits_intl.startswith("00"):  # "+0091..."
            digits_intl = digits_intl[2:]
    elif digits.startswith("00") and not digits.startswith("000"):
        problems.append("leading_00")
        international = True
        digits_intl = digits[2:]
    elif digits.startswith("011") and country in (None, "US", "CA") and len(digits) > 11:
        problems.append("leading_011")
        international = True
        digits_intl = digits[3:]
    else:
        digits_intl = digits
    separators = _separators(cand)
    if separators:
        problems.append("separators")

    number: Optional[phonenumbers.PhoneNumber] = None
    region_guess = country
    if international:
        number = _parse("+" + digits_intl, None)
        # "+44 (0)7911..." / "+44 07911...": the national 0 after the country code
        if number is not None and digits_intl.startswith(f"{number.country_code}0") \
                and not number.italian_leading_zero:
            problems.append("trunk_zero")
    else:
        if country:
            number = _parse(digits, country)
            if number is not None and not phonenumbers.is_valid_number(number):
                # maybe it already has another country's code: "14155551234" said of India
                alt = _parse("+" + digits, None)
                if alt is not None and phonenumbers.is_valid_number(alt):
                    number = alt
            if number is not None and number.country_code_source == CountryCodeSource.FROM_DEFAULT_COUNTRY:
                problems.append("missing_country_code")
            if number is not None and digits.startswith("0") and not number.italian_leading_zero:
                problems.append("leading_zero")
        else:
            alt = _parse("+" + digits, None)
            if alt is not None and phonenumbers.is_valid_number(alt) and len(digits) >= 11 \
                    and not digits.startswith("0"):
                number = alt  # already country code + number
            elif (alt is not None and _is_mexico_521(alt)) and len(digits) == 13:
                number = alt
            else:
                problems.append("missing_country_code")
                return _needs_country(cand, digits, problems)

    if number is None:
        return Answer(ok=True, value={"input": cand, "digits": None, "valid": False,
                                      "problems": problems + ["unparseable"], "needs_country": False},
                      finding=(f"I can't read {cand} as a phone number: check the country code. "
                               "WhatsApp wants country code + number, digits only, e.g. 919876543210."))

    if _is_mexico_521(number):
        fixed = _parse("+52" + str(number.national_number)[1:], None)
        if fixed is not None and phonenumbers.is_valid_number(fixed):
            number = fixed
            problems.append("mexico_1")

    region = phonenumbers.region_code_for_number(number) or region_guess
    if country and number.country_code == phonenumbers.country_code_for_region(country):
        region = country  # "+44 7911..." said of GB stays GB, not Guernsey
    return _verdict(cand, digits, number, region, problems, separators, context)


def _parse(text: str, region: Optional[str]) -> Optional[phonenumbers.PhoneNumber]:
    try:
        return phonenumbers.parse(text, region, keep_raw_input=True)
    except phonenumbers.NumberParseException:
        return None


def _is_mexico_521(number: phonenumbers.PhoneNumber) -> bool:
    nn = str(number.national_number)
    return number.country_code == 52 and len(nn) == 11 and nn.startswith("1") \
        and not phonenumbers.is_valid_number(number)


def _needs_country(cand: str, digits: str, problems: List[str]) -> Answer:
    extra_note = ""
    if digits.startswith("0"):
        extra_note = " The leading 0 is only for calls inside the country; it goes once the country code is added."
    elif "separators" in problems:
        extra_note = " The spaces, dashes or brackets will have to go too."
    finding = (f"{cand} has no country code, and WhatsApp needs one: the API wants country code + "
               f"number, digits only (for example 919876543210 for an Indian mobile).{extra_note} "
               "Which country is this number from?")
    value = {"input": cand, "digits": None, "e164": None, "country": None, "valid": None,
             "problems": problems, "needs_country": True}
    return Answer(ok=True, value=value, finding=finding, extra={"needs_country": True})


def _verdict(cand: str, digits_in: str, number: phonenumbers.PhoneNumber, region: Optional[str],
             problems: List[str], separators: List[str], context: Dict[str, Any]) -> Answer:
    cc = number.country_code
    national = phonenumbers.national_significant_number(number)
    corrected = f"{cc}{national}"
    e164 = "+" + corrected
    where = _describe(region)
    reason = phonenumbers.is_possible_number_with_reason(number)
    valid = phonenumbers.is_valid_number(number)
    ntype = phonenumbers.number_type(number) if valid else None
    type_name = _TYPE_NAMES.get(ntype, "") if ntype is not None else ""
    value: Dict[str, Any] = {"input": cand, "digits": corrected if valid else None,
                             "e164": e164 if valid else None, "country": region, "valid": valid,
                             "type": type_name or None, "problems": list(problems),
                             "needs_country": False}
    extra: Dict[str, Any] = {}
    if region:
        extra["recipient_country"] = region

    sentences: List[str] = []
    if not valid:
        if reason == ValidationResult.TOO_SHORT:
            value["problems"].append("too_short")
            sentences.append(f"{cand} is too short for a number in {where} (+{cc}): a digit is probably missing.")
        elif reason == ValidationResult.TOO_LONG:
            value["problems"].append("too_long")
            sentences.append(f"{cand} is too long for a number in {where} (+{cc}): there's probably an extra digit.")
        elif reason == ValidationResult.INVALID_COUNTRY_CODE:
            value["problems"].append("invalid_country_code")
            sentences.append(f"{cand} doesn't start with a valid country code.")
        else:
            mobile_len = _mobile_length(region)
            have = len(national)
            if mobile_len and have < mobile_len:
                value["problems"].append("too_short")
                sentences.append(f"{cand} is too short: mobile numbers in {where} have {mobile_len} digits "
                                 f"after the country code {cc}, this one has {have}.")
            elif mobile_len and have > mobile_len:
                value["problems"].append("too_long")
                sentences.append(f"{cand} is too long: mobile numbers in {where} have {mobile_len} digits "
                                 f"after the country code {cc}, this one has {have}.")
            else:
                value["problems"].append("invalid_for_country")
                sentences.append(f"{cand} isn't a valid number in {where} (+{cc}): check the digits, "
                                 "especially the first ones after the country code.")
        sentences.append("Ask the customer for their WhatsApp number again; the API wants it as country "
                         "code + number, digits only.")
        return Answer(ok=True, value=value, finding=" ".join(sentences), extra=extra)

    removals = [PROBLEM_TEXT[p] for p in problems if p in PROBLEM_TEXT]
    removals.extend(f"the {name}" for name in separators)
    kind = f"a valid {type_name} number" if type_name else "a valid number"
    fixes = removals
    if removals or digits_in != corrected:
        steps = []
        if "missing_country_code" in problems:
            steps.append(f"put the country code {cc} in front")
        if removals:
            steps.append(f"remove {_join(removals)}")
        how = ", and ".join(steps) if steps else "that's the format the API wants"
        sentences.append(f"Send it as {corrected}: {how}. That's {kind} in {where}.")
    else:
        sentences.append(f"{corrected} is already in the right format (country code + number, digits only), "
                         f"and it's {kind} in {where}.")
    if ntype in _NOT_MOBILE:
        value["problems"].append("not_mobile")
        sentences.append(f"But it's a {type_name} number, and those normally don't have WhatsApp: "
                         "ask the customer for their mobile (WhatsApp) number.")
    elif not fixes and not problems:
        sentences.append("If sending to it still fails, the number is probably not on WhatsApp.")
    if "mexico_1" in problems:
        sentences.append("(Incoming webhooks may still show Mexican customers as 521...; that's their "
                         "WhatsApp ID, replying to it works too.)")
    provider = str(context.get("provider") or "").lower()
    if provider == "twilio":
        sentences.append(f"Twilio wants it with the prefix and the +: whatsapp:{e164}.")
    return Answer(ok=True, value=value, finding=" ".join(sentences), extra=extra)


def international_input(problems: List[str]) -> bool:
    return any(p in problems for p in ("leading_plus", "leading_00", "leading_011"))


def _mobile_length(region: Optional[str]) -> Optional[int]:
    if not region:
        return None
    example = phonenumbers.example_number_for_type(region, PhoneNumberType.MOBILE)
    if example is None:
        return None
    return len(phonenumbers.national_significant_number(example))


def _join(items: List[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def answer_recipient_number(text: Any, context: Optional[Dict[str, Any]] = None) -> Answer:
    return analyze_number(text, context)


def answer_recipient_country(text: Any, context: Optional[Dict[str, Any]] = None) -> Answer:
    """The country of a number that had no country code; recomputes the number if known."""
    context = context if isinstance(context, dict) else {}
    region = parse_country(text)
    if region is None:
        return not_understood("Which country is the number from? A name or code is fine, "
                              "like India, Mexico, Brasil, España or US.")
    cc = phonenumbers.country_code_for_region(region)
    extra: Dict[str, Any] = {"recipient_country": region}
    previous = context.get("recipient_number")
    if isinstance(previous, dict):
        previous = previous.get("input")
    if isinstance(previous, str) and previous.strip():
        redo = analyze_number(previous, dict(context, country=region))
        extra["recipient_number"] = redo.value
        extra["needs_country"] = bool(isinstance(redo.value, dict) and redo.value.get("needs_country"))
        return Answer(ok=True, value=region, finding=redo.finding, extra=extra)
    return Answer(ok=True, value=region,
                  finding=f"{country_name(region)}: its country code is {cc}, so its numbers go as {cc} + the number.",
                  extra=extra)
