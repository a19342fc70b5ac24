"""Media answers: "PDF of 12 MB", "imagen de 6 MB", "a 4.5 MB jpg", "150 KB sticker".

Why: whether a file fits is arithmetic the user should not have to do: the answer names
the type's limit, by how much the file is over it, and a format WhatsApp does not take.
Each type's limit and supported formats are WhatsApp's platform facts (Meta's "Supported
media types"), read from `media` in diagnosis/knowledge_base/platform.yaml; a sticker has a
static and an animated limit.

What the reply says about each type (its name, how to shrink or convert it) is wording:
media.types.<type>.* in diagnosis/knowledge_base/wording/<lang>/media.yaml.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Mapping, Optional, Tuple

from ..language import language_of, say
from ..platform import MediaType, platform
from ..text import MAX_ANSWER_CHARS, as_text, strip_accents
from ..wordlists import ANIMATED_WORDS, BARE_SIZE_NEEDS
from .countries import show_number
from .result import Answer, not_understood

KB = 1024
MB = 1024 * 1024

# type -> its limit in bytes (and a sticker's animated one) and its supported formats
MEDIA_TYPES: Mapping[str, MediaType] = platform().media
# the types any file can be sent as (a sticker is a sticker), for an answer that gives only a size
_FILE_TYPES = tuple(t for t in MEDIA_TYPES if t != "sticker")


def _type_words(mtype: str, lang: str) -> Dict[str, str]:
    """label, plural, a_label, shrink, convert of a media type in `lang`."""
    return {w: say(f"media.types.{mtype}.{w}", lang) for w in ("label", "plural", "a_label", "shrink", "convert")}


# extension or format word -> (media type, format); whether WhatsApp takes the format is the
# platform's `formats` of that type
_FORMAT_WORDS: Dict[str, Tuple[str, str]] = {
    "jpg": ("image", "jpeg"),
    "jpeg": ("image", "jpeg"),
    "png": ("image", "png"),
    "heic": ("image", "heic"),
    "heif": ("image", "heif"),
    "gif": ("image", "gif"),
    "bmp": ("image", "bmp"),
    "tiff": ("image", "tiff"),
    "tif": ("image", "tiff"),
    "svg": ("image", "svg"),
    "avif": ("image", "avif"),
    "mp4": ("video", "mp4"),
    "3gp": ("video", "3gp"),
    "3gpp": ("video", "3gp"),
    "mov": ("video", "mov"),
    "avi": ("video", "avi"),
    "mkv": ("video", "mkv"),
    "webm": ("video", "webm"),
    "wmv": ("video", "wmv"),
    "flv": ("video", "flv"),
    "m4v": ("video", "m4v"),
    "mp3": ("audio", "mp3"),
    "aac": ("audio", "aac"),
    "amr": ("audio", "amr"),
    "m4a": ("audio", "m4a"),
    "ogg": ("audio", "ogg"),
    "opus": ("audio", "ogg"),
    "wav": ("audio", "wav"),
    "flac": ("audio", "flac"),
    "wma": ("audio", "wma"),
    "aiff": ("audio", "aiff"),
    "pdf": ("document", "pdf"),
    "txt": ("document", "txt"),
    "doc": ("document", "doc"),
    "docx": ("document", "docx"),
    "xls": ("document", "xls"),
    "xlsx": ("document", "xlsx"),
    "ppt": ("document", "ppt"),
    "pptx": ("document", "pptx"),
    "csv": ("document", "csv"),
    "zip": ("document", "zip"),
    "rar": ("document", "rar"),
    "odt": ("document", "odt"),
    "ods": ("document", "ods"),
    "rtf": ("document", "rtf"),
    "apk": ("document", "apk"),
    "exe": ("document", "exe"),
    "webp": ("sticker", "webp"),
}
# extension or format word -> (media type, format, supported?)
FORMATS: Dict[str, Tuple[str, str, bool]] = {
    word: (mtype, fmt, fmt in MEDIA_TYPES[mtype].formats) for word, (mtype, fmt) in _FORMAT_WORDS.items()
}
_ANIMATED_RE = re.compile(r"\b(?:" + "|".join(ANIMATED_WORDS) + r")\b")

TYPE_WORDS: Tuple[Tuple[str, str], ...] = (
    ("sticker", r"stickers?|figurinhas?|pegatinas?|estampas?"),
    ("image", r"images?|imagens?|imagen(?:es)?|photos?|pictures?|pics?|fotos?|fotografias?|screenshots?|capturas?"),
    ("video", r"videos?|clips?|reels?"),
    (
        "audio",
        r"audios?|voice notes?|voice messages?|notas? de voz|mensagens? de voz|mensajes? de voz|"
        r"songs?|musica|music",
    ),
    (
        "document",
        r"documents?|documentos?|docs?|files?|archivos?|arquivos?|spreadsheets?|planilhas?|hojas? de calculo|"
        r"presentations?|catalogs?|catalogues?|catalogos?|brochures?|invoices?|facturas?|faturas?",
    ),
)

_SIZE = re.compile(
    r"(\d+(?:[.,]\d+)*)\s*(gb|gigas?|gigabytes?|mb|mib|megas?|megabytes?|kb|kib|k\b"
    + BARE_SIZE_NEEDS
    + r"|kilobytes?|kbytes|bytes?)\b"
)


def _size_bytes(text: str) -> Optional[Tuple[int, str]]:
    m = _SIZE.search(text)
    if not m:
        return None
    num, unit = m.group(1), m.group(2)
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", num):  # 1,200 KB / 1.200 KB
        value = float(re.sub(r"[.,]", "", num))
    else:
        try:
            value = float(num.replace(",", "."))
        except ValueError:
            return None
    if unit.startswith("g"):
        factor, label = 1024 * MB, "GB"
    elif unit.startswith("m"):
        factor, label = MB, "MB"
    elif unit.startswith("k"):
        factor, label = KB, "KB"
    else:
        factor, label = 1, "bytes"
    shown = f"{value:g} {label}"
    return int(round(value * factor)), shown


def _localize_size(text: str, lang: str) -> str:
    """'4.5 MB' as `lang` writes it ('4,5 MB')."""
    number, _, unit = text.partition(" ")
    return f"{show_number(number, lang)} {unit}".strip()


def _human(n: int, lang: str = "en") -> str:
    if n >= MB:
        shown = f"{n / MB:.3g} MB"
    elif n >= KB:
        shown = f"{n / KB:.3g} KB"
    else:
        shown = f"{n} bytes"
    return _localize_size(shown, lang)


def parse_media(text: str) -> Dict[str, Any]:
    t = strip_accents(text.lower())
    found: Dict[str, Any] = {
        "media_type": None,
        "format": None,
        "supported_format": None,
        "size_bytes": None,
        "size_text": None,
        "animated": None,
    }
    size = _size_bytes(t)
    if size:
        found["size_bytes"], found["size_text"] = size
    # formats: ".heic", "jpg", "mp4 video"
    for word in re.findall(r"\.?\b([a-z0-9]{2,5})\b", t):
        if word in FORMATS:
            mtype, fmt, ok = FORMATS[word]
            found.update(media_type=mtype, format=fmt, supported_format=ok)
            break
    for mtype, pattern in TYPE_WORDS:
        if re.search(r"\b(?:" + pattern + r")\b", t):
            if found["media_type"] is None:
                found["media_type"] = mtype
            elif found["format"] == "webp" and mtype == "image":
                # a WebP image: WhatsApp takes WebP only as a sticker
                found.update(media_type="image", supported_format=False)
            elif found["format"] and found["media_type"] != mtype and mtype != "document":
                # "gif video", "mov image": the format decides; note it
                pass
            elif found["format"] and mtype == "document" and found["media_type"] in ("image", "video", "audio"):
                # "send the jpg as a document"
                found["as_document"] = True
            break
    if _ANIMATED_RE.search(t):
        found["animated"] = True
    return found


def answer_media(text: Any, context: Optional[Dict[str, Any]] = None) -> Answer:
    lang = language_of(context)
    raw = as_text(text)
    reask = say("media.reask", lang)
    if not raw or len(raw) > MAX_ANSWER_CHARS:
        return not_understood(reask)
    info = parse_media(raw)
    mtype, size = info["media_type"], info["size_bytes"]
    if mtype is None and size is None:
        return not_understood(reask)

    missing = [name for name, v in (("type", mtype), ("size", size)) if v is None]
    value: Dict[str, Any] = {k: info[k] for k in ("media_type", "format", "supported_format", "size_bytes")}
    value.update(limit_bytes=None, over_limit=None, missing=missing)
    extra: Dict[str, Any] = {}
    sentences: List[str] = []
    size_text = _localize_size(info["size_text"], lang) if info["size_text"] else ""

    if mtype is None:
        # only a size: say which types it fits
        def with_limit(t: str) -> str:
            return say(
                "media.type_with_limit",
                lang,
                label=say(f"media.types.{t}.label", lang),
                limit=_human(MEDIA_TYPES[t].max_bytes, lang),
            )

        fits = [with_limit(t) for t in _FILE_TYPES if size <= MEDIA_TYPES[t].max_bytes]
        too_big = [with_limit(t) for t in _FILE_TYPES if size > MEDIA_TYPES[t].max_bytes]
        if not fits:  # over even the document limit
            sentences.append(say("media.over_every_limit", lang, size=size_text))
            extra["points_to"] = "media_too_large"
        elif too_big:
            sentences.append(
                say(
                    "media.too_big_but_fits",
                    lang,
                    size=size_text,
                    too_big=_article(_list(too_big, lang), lang),
                    fits=_list(fits, lang),
                )
            )
        else:
            sentences.append(say("media.fits_everything", lang, size=size_text))
        sentences.append(say("media.ask_type", lang))
        return Answer(ok=True, value=value, finding=" ".join(sentences), extra=extra)

    spec = MEDIA_TYPES[mtype]
    fmt = info["format"]
    words = _type_words(mtype, lang)
    formats = ", ".join(f.upper() for f in spec.formats)
    if info.get("as_document"):
        mtype, spec = "document", MEDIA_TYPES["document"]
        words = _type_words("document", lang)
        value["media_type"] = "document"
        value["supported_format"] = True
        sentences.append(say("media.as_document", lang, format=fmt.upper()))
    elif info["supported_format"] is False:
        extra["points_to"] = "media_error"
        if fmt == "webp" and mtype == "image":
            sentences.append(say("media.webp_image", lang))
        elif fmt == "gif":
            sentences.append(say("media.gif", lang))
        else:
            sentences.append(say("media.unsupported", lang, format=fmt.upper(), formats=formats, **words))

    limit = spec.limit(animated=bool(info.get("animated")))
    value["limit_bytes"] = limit

    if size is None:
        if info["supported_format"] is False:
            sentences.append(say("media.keep_under", lang, limit=_human(limit, lang)))
            return Answer(ok=True, value=value, finding=" ".join(sentences), extra=extra)
        if mtype == "sticker":
            sentences.append(say("media.sticker_rules", lang))
        else:
            shown_formats = formats if mtype != "document" else say("media.document_formats", lang)
            sentences.append(
                say("media.takes_up_to", lang, plural=words["plural"], limit=_human(limit, lang), formats=shown_formats)
            )
        sentences.append(say("media.ask_size", lang))
        return Answer(ok=True, value=value, finding=" ".join(sentences), extra=extra)

    over = size > limit
    value["over_limit"] = over
    what = " ".join(say("media.what", lang, size=size_text, format=fmt.upper() if fmt else "", **words).split())
    what = _article(what, lang, capital=True)
    if over:
        extra["points_to"] = "media_too_large"
        if spec.max_bytes_animated and not info.get("animated") and size <= spec.max_bytes_animated:
            sentences.append(say("media.static_sticker_over", lang, what=what, shrink=words["shrink"]))
        else:
            sentences.append(
                say(
                    "media.over_limit",
                    lang,
                    what=what,
                    limit=_human(limit, lang),
                    plural=words["plural"],
                    by=_human(size - limit, lang),
                    shrink=words["shrink"],
                )
            )
    else:
        if info["supported_format"] is not False:
            sentences.append(
                say("media.within_limit", lang, what=what, limit=_human(limit, lang), plural=words["plural"])
            )
            extra.setdefault("points_to", "media_error")
    return Answer(ok=True, value=value, finding=" ".join(sentences), extra=extra)


def _article(phrase: str, lang: str, capital: bool = False) -> str:
    """English puts 'a' or 'an' in front ('an 8 MB video'); the es/pt wording has its own."""
    return _a(phrase, capital) if lang == "en" else phrase


def _a(phrase: str, capital: bool = False) -> str:
    """'a' or 'an' before a phrase: 'an image', 'an 8 MB video', 'a 4.5 MB JPEG image'."""
    first = phrase.strip().split(" ")[0].lower() if phrase.strip() else ""
    vowel_sound = first[:1] in "aeiou" or first in ("mp4", "mp3", "m4a", "mov", "mkv", "svg")
    if first[:1].isdigit():
        whole = re.split(r"[.,]", first)[0]
        vowel_sound = whole.startswith("8") or whole in ("11", "18", "11000", "18000")
    article = "an" if vowel_sound else "a"
    if capital:
        article = article.capitalize()
    return f"{article} {phrase}"


def _list(items: List[str], lang: str = "en") -> str:
    if len(items) <= 1:
        return "".join(items)
    return say("media.or_last", lang, rest=", ".join(items[:-1]), last=items[-1])


# "no hay ningún archivo, es puro texto", "there's no file, it's just text", "não tem anexo":
# the failed message carried no file, so no media cause fits it.
_NO_FILE_RE = re.compile(
    r"\b(?:no (?:hay|mandamos|enviamos|mando|envio|tiene|lleva) (?:ningun |ninguna |un |una )?"
    r"(?:archivo|adjunto|imagen|foto|video|documento)s?|ningun (?:archivo|adjunto)|sin (?:archivo|adjunto)s?|"
    r"(?:there'?s|there is|its|it'?s) no (?:file|attachment|media|image|video|document)|no (?:file|attachment)s?|"
    r"not a file|(?:nao|não) (?:tem|ha|há|mandamos|enviamos|mando|envio) (?:nenhum |nenhuma |um |uma )?"
    r"(?:arquivo|anexo|imagem|foto|video|vídeo|documento)s?|nenhum (?:arquivo|anexo)|sem (?:arquivo|anexo)s?|"
    r"(?:just|only) (?:plain )?text|(?:solo|puro|pura|solamente) (?:mensajes? de )?texto|"
    r"(?:so|só|apenas|somente) (?:mensagens? de )?texto|(?:es|e|é) (?:solo |so |só |apenas )?texto)\b",
    re.IGNORECASE,
)


def says_no_file(text: str) -> bool:
    """Does the text say the failed message had no file at all (text only)?"""
    return bool(_NO_FILE_RE.search((text or "")[:600]))


def limits_words(lang: str = "en") -> Dict[str, str]:
    """Each media type's largest file as said in `lang` ({"image": "5 MB", ...}), from the
    platform facts: what "how big can a video be?" is answered with."""
    from ..platform import platform

    return {name: _human(media.limit(), lang) for name, media in platform().media.items()}
