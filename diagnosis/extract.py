"""Pulling facts out of free text: error codes, provider, phone numbers, sizes, times.

Why: an error code is the strongest evidence there is, but numbers are everywhere
in a pasted log (phone numbers, timestamps, "2 messages"). These patterns only take
a number as a code when it is written like one ("code 100", "(#131047)", "Error
63016:", a known 5-6 digit code), and hand the surrounding words along so that a
code's meaning can depend on its details.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, List, Optional, Sequence, Tuple

from .platform import platform
from .text import unaccent_lower
from .wordlists import BARE_SIZE_NEEDS


@dataclass
class CodeHit:
    code: str
    context: str  # the text around the code (its line, bounded)
    strong: bool  # written explicitly as a code


_KW = r"(?:error[\s_-]*code|errorcode|err[\s_-]*code|code|codigo|c[oó]digo|cod\.?|erro|error|err|status[\s_-]*code)"
# "code 131047", "error code: 100", "código de erro 131026", "'code': 131047", "ErrorCode=63016"
_CODE_KW_RE = re.compile(
    _KW + r"""(?:\s*(?:de\s+)?(?:error|erro)?)?\s*["']?\s*[:=#]?\s*["']?\s*\(?\#?(\d{1,7})(?![\d.,]\d)"""
    r"""(?!\s*(?:%|mb|kb|gb|h\b|hs\b|hrs?\b|hours?|horas?|min|mensajes|messages|mensagens|msgs|seg|sec|dias?|days?|d\b)|-\d)""",
    re.IGNORECASE,
)
# Meta's "(#131047) Re-engagement message" / "#100"
_HASH_RE = re.compile(r"\(\s*#\s*(\d{1,7})\s*\)|(?<![\w&])#(\d{1,7})\b")
# "Gupshup: 1002 Number...", "1013 - User is not valid", "[131047]"
_LEAD_RE = re.compile(
    r"(?:(?:gup\s?shup|twilio|360\s?dialog|meta|whatsapp|wa|api)\s*[:\-–|]?\s*|^\s*)(\d{3,6})(?:\s*[:\-–|]\s*(?=[A-Za-z])|\s+(?=[A-Z][a-z]))"
    r"|\[(\d{5,6})\]",
    re.I | re.M,
)
# "Twilio 21211", "Gupshup: 1004", "360dialog 1013" - right after a provider's name a
# 3-6 digit number is its error code (phone numbers are longer, dates have separators).
_PROVIDER_CODE_RE = re.compile(
    r"\b(?:gup\s?shup|twilio|360\s?dialog)(?:\s+(?:error|erro|errors|code|codigo|c[oó]digo))?\s*[:\-–|#]?\s*(\d{3,6})\b(?![.,/:-]\d)",
    re.I,
)
# "471: spam rate limit hit", "1013 - User is not valid" anywhere in a line
_ANY_LEAD_RE = re.compile(r"(?<![\d:./,+-])(\d{3,6})\s*(?::|\s-|\s–)\s*(?=[A-Za-z(])")
# Three-digit codes accepted in that loose form (On-Premises and a few Graph codes)
_SHORT_OK = {"190", "368", "402", "429", "430", "431", "432", "433", "470", "471", "472", "500", "502"}
# Known long code families seen bare: Meta 13xxxx, 80007, Twilio 63xxx
_BARE_RE = re.compile(r"(?<![\d+.,/:-])(13[0-5]\d{3}|80007|6[34]\d{3})(?![\d.,:/-]\d|\d)")


# "statusCode 201", "HTTP status code: 200": an HTTP success, the request was accepted
_HTTP_BEFORE_RE = re.compile(r"(?:st?at?us|http)[\w\s_:=\"'-]{0,14}$", re.I)


# "failed with http code 500", "HTTP code: 404": an HTTP status named as such, any of them
_HTTP_NAMED_RE = re.compile(r"http[\s_-]*(?:status[\s_-]*)?code[\s:=\"']{0,3}$", re.I)


def _http_success(text: str, m: "re.Match[str]") -> bool:
    """A 2xx read after "status" or "HTTP" is the HTTP answer to an accepted request, and any
    status after "HTTP code" is an HTTP status (a media server's 500, a 404): not error codes."""
    before = text[max(0, m.start() - 16) : m.start(1)]
    status = int(m.group(1))
    if 100 <= status < 600 and _HTTP_NAMED_RE.search(before):
        return True
    return 200 <= status < 300 and bool(_HTTP_BEFORE_RE.search(before))


def _line_around(text: str, start: int, end: int, span: int = 300) -> str:
    ls = text.rfind("\n", 0, start)
    le = text.find("\n", end)
    ls = 0 if ls < 0 else ls + 1
    le = len(text) if le < 0 else le
    ls = max(ls, start - span)
    le = min(le, end + span)
    return text[ls:le]


# A six-digit Graph API code written in two halves joined by an underscore.
_SPLIT_CODE_RE = re.compile(r"(?<![\w.])(1[3-9]\d)_(\d{3})(?![\w.])")


# A short number is an error code only when written as one: "(#250)", "error 250", "code: 368".
_WRITTEN_AS_CODE = r"(?:\(#|#|\b(?:error|erro|code|codigo|código|subcode)\W{0,3})"
# codes this long are codes wherever they stand (131047, 63016); shorter ones ("250 creo",
# "521 para mexico") are more often a count or a prefix
UNMISTAKABLE_CODE_DIGITS = 5


def written_as_code(text: str, code: str) -> bool:
    """Is `code`, found in `text`, an error code as the user wrote it, not a count or a prefix?"""
    if len(code) >= UNMISTAKABLE_CODE_DIGITS:
        return True
    return bool(re.search(_WRITTEN_AS_CODE + re.escape(code) + r"(?!\d)", text, re.I))


def find_codes(text: str) -> List[CodeHit]:
    """Error codes written in free text, in order of appearance, deduplicated."""
    hits: List[Tuple[int, CodeHit]] = []
    seen = set()

    def add(pos: int, code: str, end: int, strong: bool) -> None:
        code = str(int(code))
        if code in seen:
            return
        seen.add(code)
        hits.append((pos, CodeHit(code, _line_around(text, pos, end), strong)))

    for m in _CODE_KW_RE.finditer(text):
        if not _http_success(text, m):
            add(m.start(1), m.group(1), m.end(), True)
    for m in _HASH_RE.finditer(text):
        g = m.group(1) or m.group(2)
        add(m.start(), g, m.end(), True)
    for m in _LEAD_RE.finditer(text):
        g = 1 if m.group(1) else 2
        add(m.start(g), m.group(g), m.end(), True)
    for m in _PROVIDER_CODE_RE.finditer(text):
        add(m.start(1), m.group(1), m.end(), True)
    for m in _ANY_LEAD_RE.finditer(text):
        if len(m.group(1)) > 3 or m.group(1) in _SHORT_OK:
            add(m.start(1), m.group(1), m.end(), False)
    for m in _BARE_RE.finditer(text):
        add(m.start(1), m.group(1), m.end(), False)
    for m in _SPLIT_CODE_RE.finditer(text):  # "131_026", as Markdown-minded writers split it
        add(m.start(), m.group(1) + m.group(2), m.end(), True)
    hits.sort(key=lambda h: h[0])
    return [h for _, h in hits]


# ---------------------------------------------------------------- provider

# The platforms of diagnosis/knowledge_base/platform.yaml and how a text shows each, in order.
_PROVIDER_PATTERNS: List[Tuple[str, "re.Pattern[str]"]] = [(p.id, p.shown_by) for p in platform().providers]
# all of them in one search: most texts name no platform, and one search says so
_ANY_PLATFORM = re.compile("|".join(f"(?:{pat.pattern})" for _, pat in _PROVIDER_PATTERNS), re.I)


def find_provider(
    text: str, codes: Iterable[str] = (), tables: Sequence[Tuple[str, "re.Pattern[str]"]] = ()
) -> Optional[str]:
    """The provider or platform the text comes from, if it says so (or its codes do).

    tables: the provider tables' own patterns (diagnosis.providers), tried first: a
    text from Infobip or Wati often says "WhatsApp" too.
    """
    for name, pat in tables:
        if pat.search(text):
            return name
    if _ANY_PLATFORM.search(text):
        for name, pat in _PROVIDER_PATTERNS:
            if pat.search(text):
                return name
    for c in codes:
        if len(c) == 5 and c.startswith(("63", "64")):
            return "twilio"
        if len(c) == 6 and c.startswith("13"):
            return "meta"
    return None


# ---------------------------------------------------------------- phones

_PHONE_RE = re.compile(r"(?<![\w.])(?:whatsapp:)?(\+|00)?\(?\d{1,4}\)?(?:[\s.-]?\(?\d{1,5}\)?){2,6}(?!\w|\.\w)")


def find_phones(text: str) -> List[str]:
    """Things that look like phone numbers (8-15 digits), as written but trimmed."""
    out: List[str] = []
    for m in _PHONE_RE.finditer(text):
        raw = m.group(0)
        if raw.startswith("whatsapp:"):
            raw = raw[len("whatsapp:") :]
        digits = re.sub(r"\D", "", raw)
        if not 8 <= len(digits) <= 15:
            continue
        if re.fullmatch(r"1[5-8]\d{8}", digits) and not raw.startswith(("+", "00")):
            continue  # a unix timestamp, most likely
        if re.fullmatch(r"(19|20)\d{2}[-./]\d{1,2}[-./]\d{1,2}.*", raw.strip()):
            continue  # a date
        if re.fullmatch(r"\d{1,2}[-./]\d{1,2}[-./](19|20)?\d{2}", raw.strip()):
            continue
        val = raw.strip()
        if val not in out:
            out.append(val)
        if len(out) >= 20:
            break
    return out


# ---------------------------------------------------------------- sizes

_SIZE_RE = re.compile(
    r"(?<![\d.,])(\d{1,9}(?:[.,]\d{1,3})?)\s*(gb|gib|gigas?|mb|mib|megas?|megs?|megabytes?|m\b"
    + BARE_SIZE_NEEDS
    + r"|kb|kib|kilobytes?|k\b"
    + BARE_SIZE_NEEDS
    + r"|bytes?)(?![a-z])",
    re.I,
)
_UNITS = {"g": 1024**3, "m": 1024**2, "k": 1024, "b": 1}


def find_sizes(text: str) -> List[int]:
    """File sizes mentioned ("20 MB", "15,5mb", "800 KB"), in bytes."""
    out: List[int] = []
    for m in _SIZE_RE.finditer(text):
        num = float(m.group(1).replace(",", "."))
        unit = m.group(2).lower()
        if unit in ("m", "k") and num > 10000:
            continue
        mult = _UNITS.get(unit[0], 1)
        val = int(num * mult)
        if val not in out:
            out.append(val)
    return out[:20]


# ---------------------------------------------------------------- times

_TIME_RE = re.compile(
    r"""(
      \b\d{4}-\d{2}-\d{2}(?:[t\s]\d{1,2}:\d{2}(?::\d{2})?(?:z|[+-]\d{2}:?\d{2})?)?
    | \b\d{1,2}[:h]\d{2}\s*(?:am|pm|hs|h)?\b
    | \b\d{1,2}\s*(?:am|pm)\b
    | \b(?:about\s+|around\s+|over\s+|more\s+than\s+|mas\s+de\s+|hace\s+mas\s+de\s+|ha\s+mais\s+de\s+|mais\s+de\s+)?
        (?:hace\s+|ha\s+|há\s+)?(?<![\d.,])\d{1,4}(?:[.,]\d{1,2})?\s*(?:hours?|hrs?|h|horas?|minutes?|mins?|minutos?|days?|dias?|días|weeks?|semanas?|months?|mes(?:es)?|meses)\b(?:\s+(?:ago|atras|atrás))?
    | \b(?:yesterday|today|tonight|last\s+night|last\s+week|this\s+morning|ayer|hoy|anoche|la\s+semana\s+pasada
         |esta\s+manana|esta\s+mañana|ontem|hoje|semana\s+passada|hoje\s+cedo|esta\s+manha|esta\s+manhã|ante-?ontem
         |anteayer|antier)\b
    | \b(?:a\s+week\s+ago|a\s+day\s+ago|two\s+days\s+ago
         |hace\s+(?:un|una|dos|tres)\s+(?:dia|día|dias|días|semana|semanas|hora|horas)
         |(?:ha|há)\s+(?:um|uma|dois|duas|tres|três)\s+(?:dia|dias|semana|semanas|hora|horas))\b
    )""",
    re.I | re.X,
)


def find_times(text: str) -> List[str]:
    out: List[str] = []
    for m in _TIME_RE.finditer(text):
        val = m.group(0).strip()
        if val and val not in out:
            out.append(val)
        if len(out) >= 20:
            break
    return out


# ---------------------------------------------------------------- templates

_TEMPLATE_RE = re.compile(
    r"""(?:template|plantilla|modelo|templete|plantila)s?(?:\s+(?:name|nombre|nome|called|llamad[ao]|chamad[ao]))?
        \s*[:=]?\s*(?:de\s+)?
        (?:["'“‘`]([^"'”’`\n]{2,64})["'”’`]|([a-z0-9]+(?:_[a-z0-9]+)+|[a-z]+[0-9]+[a-z0-9]*))""",
    re.I | re.X,
)
_TEMPLATE_BARE_RE = re.compile(r"""["'`]([a-z][a-z0-9]*(?:_[a-z0-9]+){1,6})["'`]""")


def find_template_names(text: str) -> List[str]:
    out: List[str] = []
    for m in _TEMPLATE_RE.finditer(text):
        name = (m.group(1) or m.group(2) or "").strip()
        if name and name.lower() not in ("name", "not", "the", "is") and name not in out:
            out.append(name)
    return out[:10]


_MEDIA_WORDS = {
    "image": (
        "image",
        "imagen",
        "imagem",
        "foto",
        "photo",
        "picture",
        "pictures",
        "pic",
        "pics",
        "png",
        "jpg",
        "jpeg",
        "imagenes",
        "imagens",
        "fotos",
        "images",
    ),
    "video": ("video", "videos", "mp4", "3gp", "clip", "mov"),
    "audio": ("audio", "audios", "voice note", "nota de voz", "mp3", "ogg", "aac", "amr"),
    "document": (
        "document",
        "documento",
        "pdf",
        "pdfs",
        "docx",
        "xlsx",
        "archivo",
        "arquivo",
        "file",
        "brochure",
        "catalog",
        "catalogo",
    ),
    "sticker": ("sticker", "stickers", "figurinha", "webp"),
}


_MEDIA_RES = [
    (kind, re.compile(r"\b(?:" + "|".join(re.escape(w) for w in ws) + r")\b")) for kind, ws in _MEDIA_WORDS.items()
]
# Every word that names a kind of media (any kind), for the readers that only need to know a
# file is meant (diagnosis.facts.delivery).
MEDIA_WORDS = tuple(w for ws in _MEDIA_WORDS.values() for w in ws)


def find_media_types(text: str) -> List[str]:
    low = unaccent_lower(text[:20000])
    return [kind for kind, pat in _MEDIA_RES if pat.search(low)]
