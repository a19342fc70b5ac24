"""What an error's details say beyond its cause: template and language, parameter
counts, the file's type, the error's subcode.

Why: "template name (order_update) does not exist in en_US" names the fix itself
(send the language the template exists in); "expected 2, received 1" says which
variable is missing; 190 with subcode 463 is an expired token, not a wrong one. The
diagnosis carries these facts so the reply can use them instead of asking.
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional

# A language code (en, pt_BR, fil); never a word of the sentence around it ("... does not
# exist in the translation" names no language).
_LANG = r"(?!(?:the|an|any|all|and|its|this|our|your|for)\b)([a-z]{2,3}(?:_[A-Z]{2})?)"
_TEMPLATE_IN = re.compile(
    r"template\s+name\s*\(?\s*[\"'“]?([\w.-]{2,64}?)[\"'”]?\s*\)?\s+does\s+not\s+exist\s+in\s+(?:the\s+)?"
    r"(?:language\s+|translation\s+)?" + _LANG + r"\b",
    re.I,
)
_LANGUAGE = [
    re.compile(r"does\s+not\s+exist\s+in\s+(?:the\s+)?(?:language\s+|translation\s+)?" + _LANG + r"\b"),
    re.compile(r"\"language\"\s*:\s*\{\s*(?:\"policy\"\s*:\s*\"\w+\"\s*,\s*)?\"code\"\s*:\s*\"" + _LANG + '"'),
    re.compile(r"\blanguage(?:\s+code)?\s*[:=]\s*[\"']?" + _LANG + r"\b", re.I),
]
_EXPECTED = [
    re.compile(
        r"localizable_params\s*\((\d+)\)\s*does\s+not\s+match\s+the\s+expected\s+number\s+of\s+params\s*\((\d+)\)",
        re.I,
    ),
]
_EXPECTED_FIRST = [
    re.compile(
        r"expected\s+(?:number\s+of\s+params\s*)?\(?(\d+)\)?\s*(?:params|parameters|variables)?,?\s*"
        r"(?:but\s+)?(?:received|got|sent)\s*\(?(\d+)\)?",
        re.I,
    ),
]
_MIME = re.compile(r"\b((?:image|video|audio|application|text)/[a-z0-9.+-]{2,60})\b", re.I)
_SUBCODE = re.compile(r"(?:\"error_subcode\"\s*:\s*|\bsub-?code\s*[:=#]?\s*)(\d{2,7})", re.I)
# Recipients with a US number (+1), or named as such: Meta pauses marketing templates to them.
_US = re.compile(
    r"\+1[\s(-]?\d{3}|\b(?:us|u\.s\.|usa|united states|american|estados unidos|eeuu|eua)\b(?:\s+\w+){0,2}?\s+"
    r"(?:numbers?|numeros|números|customers|clientes|contacts|contactos|contatos|phones?|users|usuarios|usuários)\b",
    re.I,
)
# Graph's permission errors: (#10) and (#200)-(#299), pasted as "(#10)" or "code": 10
_PERMISSION = re.compile(r"\(#(10|2\d\d)\)|\"code\"\s*:\s*(10|2\d\d)\b")


def read_details(text: str) -> Dict[str, str]:
    """The details facts found in `text` (keys: template, language, expected_params,
    received_params, mime_type, subcode, permission_code, us_recipients); only those found."""
    text = text or ""
    found: Dict[str, str] = {}
    m = _TEMPLATE_IN.search(text)
    if m:
        found["template"], found["language"] = m.group(1), m.group(2)
    if "language" not in found:
        for pattern in _LANGUAGE:
            m = pattern.search(text)
            if m:
                found["language"] = m.group(1)
                break
    for pattern in _EXPECTED:
        m = pattern.search(text)
        if m:
            found["received_params"], found["expected_params"] = m.group(1), m.group(2)
    if "expected_params" not in found:
        for pattern in _EXPECTED_FIRST:
            m = pattern.search(text)
            if m:
                found["expected_params"], found["received_params"] = m.group(1), m.group(2)
    m = _MIME.search(text)
    if m:
        found["mime_type"] = m.group(1).lower()
    m = _SUBCODE.search(text)
    if m:
        found["subcode"] = m.group(1)
    if _US.search(text):
        found["us_recipients"] = "yes"
    m = _PERMISSION.search(text)
    if m:
        found["permission_code"] = m.group(1) or m.group(2)
    return found


# A language code said in a short answer ("en_US creo", "la mando en pt_BR", "language: es"):
# the template's language as the business sends it.
_SAID_LANGUAGE = [
    re.compile(r"(?<![\w.])([a-z]{2})_([a-z]{2})(?![\w.])", re.I),
    # "language: es", "idioma = pt" (never "el idioma es inglés": the verb "es")
    re.compile(r"\b(?:language|idioma|lingua|língua)(?:\s+code|\s+codigo|\s+código)?\s*[:=]\s*([a-z]{2})\b(?!_)", re.I),
]


def language_said(text: str) -> str:
    """The template language code a short answer states, normalised (en_US, pt_BR, es),
    or "" when it states none."""
    text = (text or "")[:300]
    m = _SAID_LANGUAGE[0].search(text)
    if m:
        return f"{m.group(1).lower()}_{m.group(2).upper()}"
    m = _SAID_LANGUAGE[1].search(text)
    return m.group(1).lower() if m else ""


def with_said_language(details: Dict[str, str], template_names: List[str], text: str) -> Optional[Dict[str, str]]:
    """The details once a short answer has named the template's language ("en_US creo"),
    with the template's name beside it (for "order_update has no approved version in
    en_US"); None when the answer names no language, or the one already known."""
    code = language_said(text)
    if not code or details.get("language") == code:
        return None
    noted = {**details, "language": code}
    if template_names and "template" not in noted:
        noted["template"] = template_names[0]
    return noted
