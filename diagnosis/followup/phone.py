"""Recipient numbers: what's wrong with the one the user sends, and the corrected form.

The WhatsApp Cloud API wants the recipient as country code + number, digits only:
919876543210, 14155551234 (no +, no 00, no spaces, dashes or brackets, no leading 0
of national dialling). phonenumbers (Google's libphonenumber data) decides whether a
number is valid for its country and whether it is a mobile or a landline.

Mexico: since August 2019 Mexican numbers are dialled without the "1" that used to
follow +52 for mobiles, and libphonenumber treats 52 1 XXXXXXXXXX as too long; we drop
that 1 and say so.

Every sentence is wording (phone.* in diagnosis/knowledge_base/wording/<lang>/phone.yaml), said
in the language of the answer context.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

import phonenumbers
from phonenumbers import CountryCodeSource, PhoneNumberType, ValidationResult

from ..language import language_of, say
from ..text import MAX_ANSWER_CHARS, as_text
from .context import COUNTRY, PROVIDER, get
from .countries import country_name, parse_country
from .error_codes import is_error_code
from .phone_national import ARGENTINA_9, MEXICO_1, MEXICO_PREFIX, in_whatsapp_form, is_mexico_521, without_mexico_prefix
from .result import Answer, not_understood

_CANDIDATE = re.compile(r"(?:\+|\b00|\()?[\d(][\d\s().\-/\u00a0]{4,}\d")

# Number type -> its key in the wording (phone.types.<key>); value["type"] is the English name.
_TYPE_KEYS = {
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE: "landline",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "mobile_or_landline",
    PhoneNumberType.TOLL_FREE: "toll_free",
    PhoneNumberType.PREMIUM_RATE: "premium_rate",
    PhoneNumberType.SHARED_COST: "shared_cost",
    PhoneNumberType.VOIP: "voip",
    PhoneNumberType.PERSONAL_NUMBER: "personal",
    PhoneNumberType.PAGER: "pager",
    PhoneNumberType.UAN: "uan",
    PhoneNumberType.VOICEMAIL: "voicemail",
}
# Number types that can't be (or are very unlikely to be) a customer's WhatsApp.
_NOT_MOBILE = {
    PhoneNumberType.FIXED_LINE,
    PhoneNumberType.TOLL_FREE,
    PhoneNumberType.PREMIUM_RATE,
    PhoneNumberType.SHARED_COST,
    PhoneNumberType.PAGER,
    PhoneNumberType.UAN,
    PhoneNumberType.VOICEMAIL,
}

# Problems whose fix is removing something (phone.remove.<problem> says what).
REMOVABLE = ("leading_plus", "leading_00", "leading_011", "trunk_zero", "leading_zero", MEXICO_1, MEXICO_PREFIX)
_SEPARATORS = (("spaces", r"[\s\u00a0]"), ("dashes", r"-"), ("brackets", r"[()]"), ("dots", r"\."), ("slashes", r"/"))


# What makes a number wrong as sent, not only written differently (a "+" or spaces the
# API takes either way): the country code missing or doubled, a trunk 0, Mexico's old 1.
FORMAT_CAUSE = "invalid_phone_format"
FORMAT_PROBLEMS = frozenset({"missing_country_code", "trunk_zero", "leading_zero", "leading_00", "leading_011"}) | {
    MEXICO_1,
    MEXICO_PREFIX,
    ARGENTINA_9,
}


def _candidate(raw: str) -> str:
    found = [c for c in _CANDIDATE.findall(raw) if not is_error_code(c)]
    if not found:
        return ""
    return max(found, key=lambda s: len(re.sub(r"\D", "", s))).strip()


def _country_of(context: Dict[str, Any]) -> Optional[str]:
    value = get(context, COUNTRY)
    if not value:
        return None
    return parse_country(value)


_THE = (
    "United",
    "Dominican",
    "Czech",
    "Central African",
    "Netherlands",
    "Philippines",
    "Bahamas",
    "Gambia",
    "Maldives",
    "Democratic",
    "The ",
)


def _describe(region: Optional[str], lang: str = "en") -> str:
    if not region:
        return say("phone.where_unknown", lang)
    if lang != "en":
        return country_name(region, lang)
    name = country_name(region)
    if name.startswith("The "):
        return "the " + name[4:]
    return ("the " + name) if name.startswith(_THE) else name


def _separators(cand: str) -> List[str]:
    body = cand.strip().lstrip("+")
    return [name for name, pattern in _SEPARATORS if re.search(pattern, body)]


def analyze_number(text: Any, context: Optional[Dict[str, Any]] = None) -> Answer:
    context = context if isinstance(context, dict) else {}
    lang = language_of(context)
    raw = as_text(text)
    reask = say("phone.reask", lang)
    if not raw or len(raw) > MAX_ANSWER_CHARS:
        return not_understood(reask)
    cand = _candidate(raw)
    digits = re.sub(r"\D", "", cand)
    if len(digits) < 5:
        return not_understood(reask)
    if len(digits) > 17:
        return Answer(
            ok=True,
            value={"input": cand, "digits": None, "valid": False, "problems": ["too_long"], "needs_country": False},
            finding=say("phone.too_many_digits", lang, number=cand, count=len(digits)),
        )
    country = _country_of(context)
    digits, habit = without_mexico_prefix(digits, country)  # "044 55 1234 5678"
    problems: List[str] = [habit] if habit else []
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
        if number is not None and digits_intl.startswith(f"{number.country_code}0") and not number.italian_leading_zero:
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
            if (
                alt is not None
                and phonenumbers.is_valid_number(alt)
                and len(digits) >= 11
                and not digits.startswith("0")
            ):
                number = alt  # already country code + number
            elif (alt is not None and is_mexico_521(alt)) and len(digits) == 13:
                number = alt
            else:
                problems.append("missing_country_code")
                return _needs_country(cand, digits, problems, lang)

    if number is None:
        return Answer(
            ok=True,
            value={
                "input": cand,
                "digits": None,
                "valid": False,
                "problems": problems + ["unparseable"],
                "needs_country": False,
            },
            finding=say("phone.unreadable", lang, number=cand),
        )

    number, habit = in_whatsapp_form(number)  # Mexico's old 1 after 52, Argentina's mobile 9
    problems += [habit] if habit else []

    region = phonenumbers.region_code_for_number(number) or region_guess
    if country and number.country_code == phonenumbers.country_code_for_region(country):
        region = country  # "+44 7911..." said of GB stays GB, not Guernsey
    elif region in ("GG", "JE", "IM"):  # +44 ranges the UK shares with the Crown dependencies
        region = "GB"
    return _verdict(cand, digits, number, region, problems, separators, context)


def _parse(text: str, region: Optional[str]) -> Optional[phonenumbers.PhoneNumber]:
    try:
        return phonenumbers.parse(text, region, keep_raw_input=True)
    except phonenumbers.NumberParseException:
        return None


def _needs_country(cand: str, digits: str, problems: List[str], lang: str = "en") -> Answer:
    sentences = [say("phone.needs_country", lang, number=cand)]
    if digits.startswith("0"):
        sentences.append(say("phone.note_leading_zero", lang))
    elif "separators" in problems:
        sentences.append(say("phone.note_separators", lang))
    # no "which country?" here: the form asks recipient_country next (said twice otherwise)
    finding = " ".join(sentences)
    value = {
        "input": cand,
        "digits": None,
        "e164": None,
        "country": None,
        "valid": None,
        "problems": problems,
        "needs_country": True,
    }
    return Answer(ok=True, value=value, finding=finding, extra={"needs_country": True, "points_to": FORMAT_CAUSE})


def _verdict(
    cand: str,
    digits_in: str,
    number: phonenumbers.PhoneNumber,
    region: Optional[str],
    problems: List[str],
    separators: List[str],
    context: Dict[str, Any],
) -> Answer:
    lang = language_of(context)
    cc = number.country_code
    national = phonenumbers.national_significant_number(number)
    corrected = f"{cc}{national}"
    e164 = "+" + corrected
    where = _describe(region, lang)
    reason = phonenumbers.is_possible_number_with_reason(number)
    valid = phonenumbers.is_valid_number(number)
    ntype = phonenumbers.number_type(number) if valid else None
    type_key = _TYPE_KEYS.get(ntype, "") if ntype is not None else ""
    type_name = say(f"phone.types.{type_key}", "en") if type_key else ""
    value: Dict[str, Any] = {
        "input": cand,
        "digits": corrected if valid else None,
        "e164": e164 if valid else None,
        "country": region,
        "valid": valid,
        "type": type_name or None,
        "problems": list(problems),
        "needs_country": False,
    }
    extra: Dict[str, Any] = {}
    if region:
        extra["recipient_country"] = region

    sentences: List[str] = []
    at = {"number": cand, "where": where, "cc": cc}
    if not valid:
        if reason == ValidationResult.TOO_SHORT:
            value["problems"].append("too_short")
            sentences.append(say("phone.too_short", lang, **at))
        elif reason == ValidationResult.TOO_LONG:
            value["problems"].append("too_long")
            sentences.append(say("phone.too_long", lang, **at))
        elif reason == ValidationResult.INVALID_COUNTRY_CODE:
            value["problems"].append("invalid_country_code")
            sentences.append(say("phone.invalid_country_code", lang, **at))
        else:
            mobile_len = _mobile_length(region)
            have = len(national)
            if mobile_len and have < mobile_len:
                value["problems"].append("too_short")
                sentences.append(say("phone.too_short_mobile", lang, expected=mobile_len, have=have, **at))
            elif mobile_len and have > mobile_len:
                value["problems"].append("too_long")
                sentences.append(say("phone.too_long_mobile", lang, expected=mobile_len, have=have, **at))
            else:
                value["problems"].append("invalid_for_country")
                sentences.append(say("phone.invalid_for_country", lang, **at))
        sentences.append(say("phone.ask_again", lang))
        return Answer(ok=True, value=value, finding=" ".join(sentences), extra=extra)

    removals = [say(f"phone.remove.{p}", lang) for p in problems if p in REMOVABLE]
    removals.extend(say(f"phone.separators.{name}", lang) for name in separators)
    type_here = say(f"phone.types.{type_key}", lang) if type_key else ""
    kind = say("phone.kind_typed", lang, type=type_here) if type_key else say("phone.kind_plain", lang)
    fixes = removals
    if removals or digits_in != corrected:
        steps = []
        if "missing_country_code" in problems:
            steps.append(say("phone.step_country_code", lang, cc=cc))
        if ARGENTINA_9 in problems:
            steps.append(say("phone.step_argentina_9", lang))
        if removals:
            steps.append(say("phone.step_remove", lang, items=_join(removals, lang)))
        if len(steps) == 2:
            how = say("phone.two_steps", lang, first=steps[0], second=steps[1])
        else:
            how = steps[0] if steps else say("phone.how_already", lang)
        sentences.append(say("phone.send_as", lang, corrected=corrected, how=how, kind=kind, where=where))
    else:
        sentences.append(say("phone.already_right", lang, corrected=corrected, kind=kind, where=where))
    if ntype in _NOT_MOBILE:
        value["problems"].append("not_mobile")
        sentences.append(say("phone.not_mobile", lang, type=type_here))
    elif not fixes and not problems:
        sentences.append(say("phone.maybe_not_on_whatsapp", lang))
    if MEXICO_1 in problems:
        sentences.append(say("phone.mexico_webhooks", lang))
    provider = str(get(context, PROVIDER) or "").lower()
    if provider == "twilio":
        sentences.append(say("phone.twilio", lang, e164=e164))
    if set(problems) & FORMAT_PROBLEMS:
        # the number has to change ("send it as 919876543210"): that is the cause, not a
        # number without WhatsApp nor an undeliverable message
        extra["points_to"] = FORMAT_CAUSE
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


def _join(items: List[str], lang: str = "en") -> str:
    if len(items) <= 1:
        return "".join(items)
    return say("phone.and_last", lang, rest=", ".join(items[:-1]), last=items[-1])


def answer_recipient_number(text: Any, context: Optional[Dict[str, Any]] = None) -> Answer:
    return analyze_number(text, context)


def answer_recipient_country(text: Any, context: Optional[Dict[str, Any]] = None) -> Answer:
    """The country of a number that had no country code; recomputes the number if known."""
    context = context if isinstance(context, dict) else {}
    lang = language_of(context)
    region = parse_country(text)
    if region is None:
        return not_understood(say("phone.country_reask", lang))
    cc = phonenumbers.country_code_for_region(region)
    extra: Dict[str, Any] = {"recipient_country": region}
    previous = get(context, "recipient_number")
    if isinstance(previous, dict):
        previous = previous.get("input")
    if isinstance(previous, str) and previous.strip():
        redo = analyze_number(previous, dict(context, country=region))
        extra["recipient_number"] = redo.value
        extra["needs_country"] = bool(isinstance(redo.value, dict) and redo.value.get("needs_country"))
        return Answer(ok=True, value=region, finding=redo.finding, extra=extra)
    return Answer(
        ok=True,
        value=region,
        finding=say("phone.country_code", lang, country=country_name(region, lang), cc=cc),
        extra=extra,
    )
