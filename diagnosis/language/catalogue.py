"""Every sentence Tickfix says, per language: diagnosis/knowledge_base/wording/<lang>/*.yaml.

Why: replies go out in English, Spanish and Portuguese. Keeping all wording in one
catalogue per language (one YAML file per area, the file name being the key's first
part) means a translator edits data, not code, and a test can prove that every key
exists in every language with the same placeholders.

    say("window.open", "es", left="4 h")      # a str, placeholders filled
    say_list("causes.rate_limit.fix", "pt")   # a list of str
"""

from __future__ import annotations

import logging
import re
import threading
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple, Union

import yaml

LANGS: Tuple[str, ...] = ("en", "es", "pt")
DEFAULT_LANG = "en"
WORDING_DIR = Path(__file__).resolve().parent.parent / "knowledge_base" / "wording"

Entry = Union[str, List[str]]
log = logging.getLogger(__name__)


class WordingError(ValueError):
    """A wording file is broken, or a key is asked for that no language has."""


def _flatten(prefix: str, value: Any, out: Dict[str, Entry], file: Path) -> None:
    if isinstance(value, dict):
        for key, sub in value.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), sub, out, file)
    elif isinstance(value, str):
        out[prefix] = value.strip()
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        out[prefix] = [v.strip() for v in value]
    else:
        raise WordingError(f"{file}: {prefix} must be a string or a list of strings")


def load_language(lang: str, directory: Path = WORDING_DIR) -> Dict[str, Entry]:
    """All keys of one language, flattened to dotted names ("area.key.sub")."""
    folder = directory / lang
    if not folder.is_dir():
        raise WordingError(f"no wording folder for language {lang!r} ({folder})")
    out: Dict[str, Entry] = {}
    for path in sorted(folder.glob("*.yaml")):
        with open(path, "r", encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
        if not isinstance(data, dict):
            raise WordingError(f"{path}: must hold one mapping")
        _flatten(path.stem, data, out, path)
    return out


# A placeholder is {a_name}; other braces (a JSON example) are text.
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def placeholders(entry: Entry) -> frozenset:
    """The {names} an entry expects."""
    texts = [entry] if isinstance(entry, str) else entry
    return frozenset(name for text in texts for name in _PLACEHOLDER.findall(text))


class Catalogue:
    """The loaded wording of every language."""

    def __init__(self, directory: Path = WORDING_DIR):
        self.by_lang: Dict[str, Dict[str, Entry]] = {lang: load_language(lang, directory) for lang in LANGS}

    def has(self, key: str) -> bool:
        return key in self.by_lang[DEFAULT_LANG]

    def keys(self, prefix: str = "") -> List[str]:
        return [k for k in self.by_lang[DEFAULT_LANG] if k.startswith(prefix)]

    def entry(self, key: str, lang: Optional[str]) -> Entry:
        lang = lang if lang in self.by_lang else DEFAULT_LANG
        found = self.by_lang[lang].get(key)
        if found is None:
            found = self.by_lang[DEFAULT_LANG].get(key)
            if found is None:
                raise WordingError(f"no wording for {key!r}")
            log.warning("wording %s missing in %s; said in English", key, lang)
        return found


_lock = threading.Lock()
_cached: Optional[Catalogue] = None


def catalogue() -> Catalogue:
    """The packaged catalogue, loaded once per process."""
    global _cached
    if _cached is None:
        with _lock:
            if _cached is None:
                _cached = Catalogue()
    return _cached


def _fill(text: str, params: Dict[str, Any]) -> str:
    """Placeholders given in params are replaced; any other braces stay as they are."""
    if not params:
        return text
    return _PLACEHOLDER.sub(lambda m: str(params[m.group(1)]) if m.group(1) in params else m.group(0), text)


def say(key: str, lang: Optional[str] = DEFAULT_LANG, **params: Any) -> str:
    """One sentence in `lang`, its {placeholders} filled from params."""
    entry = catalogue().entry(key, lang)
    if isinstance(entry, list):
        return " ".join(_fill(t, params) for t in entry)
    return _fill(entry, params)


def say_list(key: str, lang: Optional[str] = DEFAULT_LANG, **params: Any) -> List[str]:
    """A list entry (steps, examples) in `lang`."""
    entry = catalogue().entry(key, lang)
    items = entry if isinstance(entry, list) else [entry]
    return [_fill(t, params) for t in items]


def has(key: str) -> bool:
    return catalogue().has(key)
