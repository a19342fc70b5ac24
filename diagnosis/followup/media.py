"""Media answers: "PDF of 12 MB", "imagen de 6 MB", "a 4.5 MB jpg", "150 KB sticker".

The limits are WhatsApp Cloud API's supported media (Meta's "Supported media types"):
image JPEG/PNG 5 MB; video MP4/3GPP 16 MB (H.264 video, AAC audio); audio AAC, AMR,
MP3, M4A, OGG (Opus only) 16 MB; document TXT, PDF, Word, Excel, PowerPoint 100 MB;
sticker WebP 100 KB static / 500 KB animated (512x512).
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Tuple

from .result import Answer, not_understood
from .textnorm import MAX_ANSWER_CHARS, as_text, strip_accents

KB = 1024
MB = 1024 * 1024

# type -> limit in bytes, supported formats, how to make a too-big file fit
MEDIA_TYPES: Dict[str, Dict[str, Any]] = {
    "image": {
        "limit": 5 * MB, "formats": ("jpeg", "png"), "label": "image",
        "shrink": ("compress or resize it (a JPEG about 1600 px wide is usually well under 1 MB), "
                   "or put it in a PDF and send it as a document (up to 100 MB)"),
    },
    "video": {
        "limit": 16 * MB, "formats": ("mp4", "3gp"), "label": "video",
        "shrink": ("compress it to under 16 MB (MP4 with H.264 video and AAC audio, 720p or lower) "
                   "or shorten it, or upload it somewhere and send the link in a text message"),
    },
    "audio": {
        "limit": 16 * MB, "formats": ("aac", "amr", "mp3", "m4a", "ogg"), "label": "audio file",
        "shrink": "compress it (MP3 or AAC at a lower bitrate) or shorten it, or send a link to it",
    },
    "document": {
        "limit": 100 * MB, "formats": ("pdf", "txt", "doc", "docx", "xls", "xlsx", "ppt", "pptx"),
        "label": "document",
        "shrink": "compress or split it, or upload it somewhere and send the link in a text message",
    },
    "sticker": {
        "limit": 100 * KB, "limit_animated": 500 * KB, "formats": ("webp",), "label": "sticker",
        "shrink": ("re-export it as WebP, 512x512 px, with stronger compression: at most 100 KB "
                   "static or 500 KB animated"),
    },
}

# extension or format word -> (media type, format, supported?)
FORMATS: Dict[str, Tuple[str, str, bool]] = {
    "jpg": ("image", "jpeg", True), "jpeg": ("image", "jpeg", True), "png": ("image", "png", True),
    "heic": ("image", "heic", False), "heif": ("image", "heif", False), "gif": ("image", "gif", False),
    "bmp": ("image", "bmp", False), "tiff": ("image", "tiff", False), "tif": ("image", "tiff", False),
    "svg": ("image", "svg", False), "avif": ("image", "avif", False),
    "mp4": ("video", "mp4", True), "3gp": ("video", "3gp", True), "3gpp": ("video", "3gp", True),
    "mov": ("video", "mov", False), "avi": ("video", "avi", False), "mkv": ("video", "mkv", False),
    "webm": ("video", "webm", False), "wmv": ("video", "wmv", False), "flv": ("video", "flv", False),
    "m4v": ("video", "m4v", False),
    "mp3": ("audio", "mp3", True), "aac": ("audio", "aac", True), "amr": ("audio", "amr", True),
    "m4a": ("audio", "m4a", True), "ogg": ("audio", "ogg", True), "opus": ("audio", "ogg", True),
    "wav": ("audio", "wav", False), "flac": ("audio", "flac", False), "wma": ("audio", "wma", False),
    "aiff": ("audio", "aiff", False),
    "pdf": ("document", "pdf", True), "txt": ("document", "txt", True), "doc": ("document", "doc", True),
    "docx": ("document", "docx", True), "xls": ("document", "xls", True), "xlsx": ("document", "xlsx", True),
    "ppt": ("document", "ppt", True), "pptx": ("document", "pptx", True),
    "csv": ("document", "csv", False), "zip": ("document", "zip", False), "rar": ("document", "rar", False),
    "odt": ("document", "odt", False), "ods": ("document", "ods", False), "rtf": ("document", "rtf", False),
    "apk": ("document", "apk", False), "exe": ("document", "exe", False),
    "webp": ("sticker", "webp", True),
}

# what to convert an unsupported format to
CONVERT = {
    "image": "convert it to JPEG or PNG",
    "video": "convert it to MP4 (H.264 video, AAC audio)",
    "audio": "convert it to MP3, AAC or OGG (Opus)",
    "document": "turn it into a PDF, Word, Excel, PowerPoint or plain-text file",
    "sticker": "export it as WebP",
}

TYPE_WORDS: Tuple[Tuple[str, str], ...] = (
    ("sticker", r"stickers?|figurinhas?|pegatinas?|estampas?"),
    ("image", r"images?|imagens?|imagen(?:es)?|photos?|pictures?|pics?|fotos?|fotografias?|screenshots?|capturas?"),
    ("video", r"videos?|clips?|reels?"),
    ("audio", r"audios?|voice notes?|voice messages?|notas? de voz|mensagens? de voz|mensajes? de voz|songs?|musica|music"),
    ("document", r"documents?|documentos?|docs?|files?|archivos?|arquivos?|spreadsheets?|planilhas?|hojas? de calculo|"
                 r"presentations?|catalogs?|catalogues?|catalogos?|brochures?|invoices?|facturas?|faturas?"),
)

_SIZE = re.compile(
    r"(\d+(?:[.,]\d+)*)\s*(gb|gigas?|gigabytes?|mb|mib|megas?|megabytes?|kb|kib|k|kilobytes?|kbytes|bytes?)\b")


def _size_bytes(text: str) -> Optional[Tuple[int, str]]:
    m = _SIZE.search(text)
    if not m:
        return None
    num, unit = m.group(1), m.group(2)
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", num):   # 1,200 KB / 1.200 KB
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


def _human(n: int) -> str:
    if n >= MB:
        return f"{n / MB:.3g} MB"
    if n >= KB:
        return f"{n / KB:.3g} KB"
    return f"{n} bytes"


def parse_media(text: str) -> Dict[str, Any]:
    t = strip_accents(text.lower())
    found: Dict[str, Any] = {"media_type": None, "format": None, "supported_format": None,
                             "size_bytes": None, "size_text": None, "animated": None}
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
    if re.search(r"\b(animated|animado|animada|animate)\b", t):
        found["animated"] = True
    return found


def answer_media(text: Any, context: Optional[Dict[str, Any]] = None) -> Answer:
    raw = as_text(text)
    reask = ("Tell me the type of file and its size, for example \"PDF of 12 MB\", \"video 20 MB\" "
             "or \"a 4.5 MB jpg\".")
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

    if mtype is None:
        # only a size: say which types it fits
        fits = [f"{MEDIA_TYPES[t]['label']} ({_human(MEDIA_TYPES[t]['limit'])})"
                for t in ("image", "video", "audio", "document") if size <= MEDIA_TYPES[t]["limit"]]
        too_big = [f"{MEDIA_TYPES[t]['label']} ({_human(MEDIA_TYPES[t]['limit'])})"
                   for t in ("image", "video", "audio", "document") if size > MEDIA_TYPES[t]["limit"]]
        if not fits:  # over 100 MB
            sentences.append(f"{info['size_text']} is over every WhatsApp limit, even documents (100 MB): "
                             "upload the file somewhere and send the link in a text message.")
            extra["points_to"] = "media_too_large"
        elif too_big:
            sentences.append(f"{info['size_text']} is too big to send as {_a(_list(too_big))}, "
                             f"but fits as {_a(_list(fits))}.")
        else:
            sentences.append(f"{info['size_text']} is within WhatsApp's limits for every media type, "
                             "so size is probably not the problem.")
        sentences.append("What kind of file is it (image, video, audio, document or sticker)?")
        return Answer(ok=True, value=value, finding=" ".join(sentences), extra=extra)

    spec = MEDIA_TYPES[mtype]
    fmt = info["format"]
    label = spec["label"]
    formats = ", ".join(f.upper() for f in spec["formats"])
    if info.get("as_document"):
        mtype, spec, label = "document", MEDIA_TYPES["document"], "document"
        value["media_type"] = "document"
        value["supported_format"] = True
        sentences.append(f"Sent as a document, a {fmt.upper()} file is fine.")
    elif info["supported_format"] is False:
        extra["points_to"] = "media_error"
        if fmt == "webp" and mtype == "image":
            sentences.append("WhatsApp takes WebP only as a sticker, not as an image: convert it to JPEG "
                             "or PNG to send it as an image.")
        elif fmt == "gif":
            sentences.append("WhatsApp doesn't accept GIF images: send it as a short MP4 video instead, "
                             "or as a still JPEG or PNG.")
        else:
            sentences.append(f"WhatsApp doesn't accept {fmt.upper()} as {_a(label)}: {CONVERT[mtype]}. "
                             f"Supported {label}s: {formats}.")

    limit = spec["limit"]
    if mtype == "sticker" and info.get("animated"):
        limit = spec["limit_animated"]
    value["limit_bytes"] = limit

    if size is None:
        if info["supported_format"] is False:
            sentences.append(f"Once converted, keep it under {_human(limit)}.")
            return Answer(ok=True, value=value, finding=" ".join(sentences), extra=extra)
        if mtype == "sticker":
            sentences.append("Stickers must be WebP, 512x512 px, at most 100 KB (static) or 500 KB (animated).")
        else:
            sentences.append(f"WhatsApp takes {label}s up to {_human(limit)}"
                             + (f" ({formats})." if mtype != "document" else
                                " (PDF, Word, Excel, PowerPoint or plain text)."))
        sentences.append("How big is the file?")
        return Answer(ok=True, value=value, finding=" ".join(sentences), extra=extra)

    over = size > limit
    value["over_limit"] = over
    what = f"{info['size_text']} {fmt.upper() if fmt else ''} {label}".replace("  ", " ")
    if over:
        extra["points_to"] = "media_too_large"
        if mtype == "sticker" and not info.get("animated") and size <= spec["limit_animated"]:
            sentences.append(f"{_a(what, True)} is over the 100 KB limit for static stickers (animated ones may be "
                             "up to 500 KB): " + spec["shrink"] + ".")
        else:
            by = size - limit
            sentences.append(f"{_a(what, True)} is over WhatsApp's {_human(limit)} limit for {label}s "
                             f"(by {_human(by)}): {spec['shrink']}.")
    else:
        if info["supported_format"] is not False:
            sentences.append(f"{_a(what, True)} is within WhatsApp's {_human(limit)} limit for {label}s, so size isn't "
                             "the problem. Check that the link is public HTTPS straight to the file and that "
                             "the server sends the right Content-Type.")
            extra.setdefault("points_to", "media_error")
    return Answer(ok=True, value=value, finding=" ".join(sentences), extra=extra)


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


def _list(items: List[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]
