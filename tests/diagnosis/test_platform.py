"""WhatsApp's platform facts: platform.yaml loaded and validated, the documented values, and
the wording that states a tier or a size in prose agreeing with the file."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path
from typing import Dict, Iterator, List, Tuple

import pytest
import yaml

from diagnosis.followup.catalogue import DESIGN, QUESTIONS_FILE
from diagnosis.language.catalogue import LANGS, load_language
from diagnosis.platform import PLATFORM_FILE, PlatformError, load_platform, platform
from diagnosis.providers import BUILT_IN, PROVIDERS_DIR, load_providers

ROOT = Path(__file__).resolve().parents[2]
KB, MB = 1024, 1024**2
P = platform()


# ---------------------------------------------------------------- the loader


def test_loaded_once_and_shared():
    assert platform() is platform()


def test_the_documented_values():
    """Meta's values, as the comments in platform.yaml cite them."""
    assert P.service_window == dt.timedelta(hours=24) and P.service_window_hours == 24
    sizes = {name: (m.max_bytes, m.max_bytes_animated) for name, m in P.media.items()}
    assert sizes == {
        "image": (5 * MB, None),
        "video": (16 * MB, None),
        "audio": (16 * MB, None),
        "document": (100 * MB, None),
        "sticker": (100 * KB, 500 * KB),
    }
    assert P.media["sticker"].limit() == 100 * KB and P.media["sticker"].limit(animated=True) == 500 * KB
    assert P.media["image"].limit(animated=True) == 5 * MB
    assert P.media["image"].formats == ("jpeg", "png") and P.media["sticker"].formats == ("webp",)
    assert (P.messages.text_body, P.messages.interactive_body) == (4096, 1024)
    assert (P.messages.reply_buttons, P.messages.reply_button_title, P.messages.list_rows) == (3, 20, 10)
    assert [(t.choice, t.limit, t.former_limit) for t in P.tiers] == [
        ("250", 250, None),
        ("1k", 2000, 1000),
        ("10k", 10000, None),
        ("100k", 100000, None),
        ("unlimited", None, None),
    ]
    assert (P.throughput.default_mps, P.throughput.upgraded_mps, P.throughput.coexistence_mps) == (80, 1000, 20)


def test_tiers():
    assert P.tier("1k").limits == (1000, 2000) and P.tier("250").limits == (250,)
    assert P.tier("unlimited").limits is None
    with pytest.raises(KeyError):
        P.tier("dont_know")
    assert [P.tier_of(n).choice for n in (50, 250, 251, 1000, 2000, 10000, 100000, 100001, None)] == [
        "250",
        "250",
        "1k",
        "1k",
        "1k",
        "10k",
        "100k",
        "unlimited",
        "unlimited",
    ]


def test_every_api_value_is_answered_by_a_tier():
    from account_checks.phone_number import TIER_ANSWER, TIER_LIMIT

    assert TIER_LIMIT["TIER_2K"] == "2,000" and TIER_LIMIT["TIER_UNLIMITED"] == "unlimited"
    assert TIER_ANSWER == {
        "TIER_50": "250",
        "TIER_250": "250",
        "TIER_1K": "1k",
        "TIER_2K": "1k",
        "TIER_10K": "10k",
        "TIER_100K": "100k",
        "TIER_UNLIMITED": "unlimited",
    }


def test_providers():
    assert set(BUILT_IN) == {"meta", "on_premises", "twilio", "gupshup", "360dialog"}
    assert P.provider_ids(own_table=False) == ("aisoule", "jelou")
    shown = {p.id: p.shown_by for p in P.providers}
    assert shown["twilio"].search("whatsapp:+15551234567") and shown["meta"].search("FBTRACE_ID")
    assert [p.id for p in P.providers if p.read_unnamed] == ["on_premises", "meta"]


def test_no_provider_table_reuses_a_platform_id():
    tables = load_providers(PROVIDERS_DIR, ("unknown", "not_on_whatsapp", *_cause_ids()))
    assert tables and not set(tables) & {p.id for p in P.providers}


def _cause_ids() -> Tuple[str, ...]:
    from diagnosis.causes import CAUSE_IDS

    return CAUSE_IDS


def test_the_loader_imports_neither_rasa_nor_the_channels():
    code = (
        "import sys; from diagnosis.platform import platform; platform(); "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('rasa', 'rasa_sdk', 'sanic', 'channels')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def _broken(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(PLATFORM_FILE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "platform.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def _set(path: str, value):
    def change(data):
        *parents, last = path.split(".")
        node = data
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        node[int(last) if isinstance(node, list) else last] = value

    return change


@pytest.mark.parametrize(
    "change, field",
    [
        (_set("service_window.hours", 0), "service_window.hours"),
        (_set("service_window.minutes", 5), "service_window"),
        (_set("media.image.max_size", "5 megabytes"), "media.image.max_size"),
        (_set("media.image.formats", []), "media.image.formats"),
        (_set("messages.text_body", "4096"), "messages.text_body"),
        (lambda d: d["messages"].pop("interactive_body"), "messages"),
        (_set("messaging_limit.tiers.2.limit", 1500), "messaging_limit.tiers[2].limit"),
        (_set("messaging_limit.tiers.1.former_limit", 3000), "messaging_limit.tiers[1].former_limit"),
        (_set("messaging_limit.tiers.0.limit", None), "messaging_limit.tiers[0].limit"),
        (_set("messaging_limit.tiers.3.choice", "1k"), "messaging_limit.tiers[3].choice"),
        (_set("messaging_limit.api_values.tier2k", 2000), "messaging_limit.api_values"),
        (_set("throughput.default_mps", -80), "throughput.default_mps"),
        (_set("providers.0.shown_by", "twilio("), "providers[0].shown_by"),
        (_set("providers.0.tables", ["twilio", "infobip"]), "providers[0].tables"),
        (_set("providers.3.read_unnamed", True), "providers[3].read_unnamed"),
        (_set("providers.1.id", "twilio"), "providers[1].id"),
    ],
)
def test_a_broken_file_names_the_field(tmp_path, change, field):
    with pytest.raises(PlatformError) as err:
        load_platform(_broken(tmp_path, change))
    assert f": {field}:" in str(err.value) and "platform.yaml" in str(err.value)


def test_an_unreadable_file(tmp_path):
    with pytest.raises(PlatformError):
        load_platform(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("media: [", encoding="utf-8")
    with pytest.raises(PlatformError):
        load_platform(bad)


def test_every_fact_cites_its_meta_source():
    """Each top-level section is preceded by a comment naming a Meta page (providers excepted:
    they are the engine's own list)."""
    text = PLATFORM_FILE.read_text(encoding="utf-8")
    for section in ("service_window", "media", "messaging_limit", "throughput"):
        before = text.split(f"\n{section}:", 1)[0].rsplit("\n\n", 1)[-1]
        assert "https://developers.facebook.com/" in before, section
    messages = text.split("\nmessages:", 1)[1].split("\n\n", 1)[0]
    assert messages.count("https://developers.facebook.com/") == 3


# ---------------------------------------------------------------- the question and the wording


def test_the_tier_question_offers_every_tier():
    questions = yaml.safe_load(QUESTIONS_FILE.read_text(encoding="utf-8"))["questions"]
    question = next(q for q in questions if q["id"] == "messaging_tier")
    choices = [str(c["id"]) for c in question["choices"]]
    tiers = [t.choice for t in P.tiers]
    assert choices == tiers + ["dont_know"] == list(DESIGN["messaging_tier"][1])


_NUMBER = r"\d{1,3}(?:[.,]\d{3})+|\d+(?:\s?(?:K|mil)\b)?"
_UNLIMITED = r"unlimited|ilimitado"
_JOIN = r"\s*(?:,|\bor\b|\bo\b|\bou\b|,?\s*\bthen\b|,?\s*\bluego\b|,?\s*\bdepois\b)\s*"
_TIER_LIST = re.compile(rf"((?:{_NUMBER})(?:{_JOIN}(?:{_NUMBER}))+){_JOIN}(?:{_UNLIMITED})", re.I)


def _amount(text: str) -> int:
    """'2,000', '2.000', '2K', '2 mil', '250' as a number."""
    m = re.fullmatch(r"(\d+(?:[.,]\d{3})*)\s?(K|mil)?", text.strip(), re.I)
    assert m, text
    value = int(re.sub(r"[.,]", "", m.group(1)))
    return value * 1000 if m.group(2) else value


def _amounts(text: str) -> List[int]:
    return [_amount(n) for n in re.findall(_NUMBER, text, re.I)]


def _texts(lang: str) -> Iterator[Tuple[str, str]]:
    for key, entry in load_language(lang).items():
        for text in [entry] if isinstance(entry, str) else entry:
            yield key, " ".join(text.split())


def test_every_tier_list_in_the_wording_matches_the_file():
    """'250, 2,000, 10K, 100K or unlimited', '(10K, then 100K, then unlimited)': the limited tiers,
    lowest first, ending with the highest; a tier changed in platform.yaml fails here until the
    wording says it too."""
    limits = [t.limit for t in P.tiers if t.limit is not None]
    found = 0
    for lang in LANGS:
        for key, text in _texts(lang):
            for match in _TIER_LIST.finditer(text):
                stated = _amounts(match.group(1))
                assert stated == limits[-len(stated) :], (lang, key, match.group(0))
                found += 1
    assert found >= 12  # causes, info, questions and limits, in each language


def test_each_tier_answer_states_its_own_numbers():
    """A tier's label and its choice's title and advice name only that tier's limits
    (the former 1,000 with the 2,000 step); numbers below the lowest tier (24 hours) are
    not limits."""
    lowest = P.tiers[0].limit
    for lang in LANGS:
        wording: Dict[str, object] = load_language(lang)
        for tier in P.tiers:
            keys = [
                f"limits.tier_label.{tier.choice}",
                f"questions.messaging_tier.choices.{tier.choice}.title",
                f"questions.messaging_tier.choices.{tier.choice}.advice",
            ]
            if tier.former_limit:
                keys.append("limits.over_old_1k")
            for key in keys:
                stated = [n for n in _amounts(str(wording[key])) if n >= lowest]
                assert set(stated) <= set(tier.limits or ()), (lang, key, stated)
                if tier.limit is not None and key != "limits.over_old_1k":
                    assert tier.limit in stated or tier.former_limit in stated, (lang, key)


def test_moving_up_from_the_lowest_tier_names_the_next():
    first, second = P.tiers[0].limit, P.tiers[1].limit
    for lang in LANGS:
        stated = [n for n in _amounts(str(load_language(lang)["limits.move_up_250"])) if n >= first]
        assert stated[:2] == [first, second] and set(stated) <= {first, second}, (lang, stated)


def _sizes(text: str) -> List[int]:
    return [int(n) * (MB if unit == "MB" else KB) for n, unit in re.findall(r"(\d+)\s?(MB|KB)\b", text)]


# "a JPEG about 1600 px wide is usually well under 1 MB": advice, not a limit
_ADVICE_SIZES = {1 * MB}


def test_the_sizes_the_media_wording_states_are_the_limits():
    limits = {m.max_bytes for m in P.media.values()} | {m.max_bytes_animated for m in P.media.values()}
    sticker = P.media["sticker"]
    for lang in LANGS:
        checked = 0
        for key, text in _texts(lang):
            if not (key.startswith("media.") and key != "media.reask" or key.startswith("causes.media_too_large.")):
                continue
            stated = _sizes(text)
            assert set(stated) <= limits | _ADVICE_SIZES, (lang, key, stated)
            checked += len(stated)
            if "sticker" in key and stated:
                assert stated == [sticker.max_bytes, sticker.max_bytes_animated], (lang, key)
        assert checked >= 15, lang


@pytest.mark.parametrize(
    "text, size, over",
    [
        ("a 150 KB sticker", 150 * KB, True),  # static: 100 KB
        ("an animated sticker of 300 KB", 300 * KB, False),  # animated: 500 KB
        ("an animated sticker of 600 KB", 600 * KB, True),
        ("a 4 MB image", 4 * MB, False),
        ("a 6 MB image", 6 * MB, True),
    ],
)
def test_the_classifier_and_the_follow_up_answer_agree_on_a_size(text, size, over):
    """They disagreed on stickers (500 KB against 100 KB static); both read platform.yaml now."""
    from diagnosis import facts
    from diagnosis.extract import find_media_types
    from diagnosis.followup import answer
    from diagnosis.result import Extracted

    added: List[str] = []
    facts.size_evidence(
        Extracted(file_sizes=[size], media_types=find_media_types(text)), lambda cause, _: added.append(cause), text
    )
    assert (added == ["media_too_large"]) is over
    assert answer("media_details", text).value["over_limit"] is over
