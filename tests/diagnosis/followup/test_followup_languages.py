"""Follow-up answers in the user's language (issue 9): findings and re-asks in en, es, pt.

The language comes from the answer context ({"language": "es"}); every sentence is in the
wording catalogue (diagnosis/knowledge_base/wording/<lang>/<area>.yaml), and every English key
exists in Spanish and Portuguese with the same placeholders.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from diagnosis.campaign import retry_advice
from diagnosis.followup import answer, match_choice, questions
from diagnosis.followup.countries import show_number
from diagnosis.language import language_of
from diagnosis.language.catalogue import load_language, placeholders

AREAS = ("phone", "media", "limits", "choices", "campaign", "followup")

# Words an English sentence can hardly do without, and that Spanish and Portuguese don't use.
ENGLISH = {
    "the",
    "is",
    "your",
    "you",
    "please",
    "sorry",
    "it",
    "and",
    "with",
    "this",
    "that",
    "its",
    "of",
    "to",
    "an",
    "or",
    "for",
    "in",
    "number",
    "send",
}


def words(text: str) -> set:
    return set(re.findall(r"[a-záéíóúâêôãõçñü]+", text.lower()))


def said(result) -> str:
    return result.finding if result.ok else result.reask


# question, answer, extra context, a word the Spanish reply has, a word the Portuguese one has
CASES = [
    ("recipient_number", "+91 98765 43210", {}, "envíalo", "envie"),
    ("recipient_number", "098765 43210", {}, "país", "país"),
    ("recipient_number", "+44 20 7946 0958", {}, "pídele", "peça"),
    ("recipient_number", "no sé", {}, "encontré", "encontrei"),
    ("recipient_country", "Brasil", {"recipient_number": "11 91234-5678"}, "agrega", "coloque"),
    ("recipient_country", "India", {}, "código", "código"),
    ("recipient_country", "??", {}, "qué", "que"),
    ("media_details", "a 4.5 MB jpg", {}, "imagen", "imagem"),
    ("media_details", "video 20 MB", {}, "supera", "passa"),
    ("media_details", "20 MB", {}, "demasiado", "demais"),
    ("media_details", "foto heic", {}, "conviértela", "converta"),
    ("media_details", "hmm", {}, "tamaño", "tamanho"),
    ("unique_customers", "2500", {"messaging_tier": "1k"}, "clientes", "clientes"),
    ("unique_customers", "no idea", {}, "cuántos", "quantos"),
    ("send_rate", "100 per second", {}, "supera", "passa"),
    ("send_rate", "50", {}, "entiendo", "entendi"),
    ("send_rate", "??", {}, "cuántos", "quantas"),
    ("messaging_tier", "250", {}, "verifica", "verifique"),
    ("template_status", "ok thanks", {}, "elige", "escolha"),
    ("template_status", "it exists in English (UK) only", {}, "plantilla", "modelo"),
    ("campaign", "no idea", {}, "elige", "escolha"),
    ("no_such_question", "hi", {}, "pregunta", "pergunta"),
]


@pytest.mark.parametrize("qid,text,ctx,es_word,pt_word", CASES)
@pytest.mark.parametrize("lang", ["es", "pt"])
def test_findings_and_reasks_are_in_the_users_language(qid, text, ctx, es_word, pt_word, lang):
    reply = said(answer(qid, text, dict(ctx, language=lang)))
    assert reply, (qid, text, lang)
    found = words(reply)
    assert (es_word if lang == "es" else pt_word) in found, reply
    assert not found & ENGLISH, f"English in the {lang} reply: {sorted(found & ENGLISH)}: {reply}"


@pytest.mark.parametrize("qid,text,ctx,es_word,pt_word", CASES)
def test_english_stays_english(qid, text, ctx, es_word, pt_word):
    reply = said(answer(qid, text, dict(ctx, language="en")))
    assert words(reply) & ENGLISH, reply
    assert said(answer(qid, text, ctx)) == reply  # no language given: English


def test_numbers_follow_the_language():
    en = answer("unique_customers", "about 1,200", {"messaging_tier": "1k"}).finding
    es = answer("unique_customers", "unos 1.200", {"messaging_tier": "1k", "language": "es"}).finding
    pt = answer("unique_customers", "uns 1.200", {"messaging_tier": "1k", "language": "pt"}).finding
    assert en.startswith("1,200 is over 1,000")
    assert es.startswith("1.200 es más de 1.000")
    assert pt.startswith("1.200 passa de 1.000")
    assert "1.500 mensajes por segundo" in answer("send_rate", "1500 por segundo", {"language": "es"}).finding
    assert "10 mensajes por minuto" in answer("send_rate", "10 per minute", {"language": "es"}).finding
    assert "4,5 MB" in answer("media_details", "a 4.5 MB jpg", {"language": "pt"}).finding
    assert show_number("1,200.5", "es") == "1.200,5" and show_number("1,200.5", "en") == "1,200.5"


def test_the_language_is_read_from_the_context():
    assert language_of({"language": "es"}) == "es"
    assert language_of({"language": "pt-BR"}) == "pt"
    assert language_of({"language": "es_MX"}) == "es"
    assert language_of({"language": "fr"}) == "en"
    assert language_of({}) == "en" and language_of(None) == "en"


NOW = dt.datetime(2026, 11, 21, 15, 0, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize(
    "lang,first,later,date",
    [
        ("es", "Reintentar más tarde (1.500)", "No reintentar (25)", "no antes del dom 22 nov, 15:00 UTC"),
        ("pt", "Reenviar depois (1.500)", "Não reenviar (25)", "não antes de dom. 22 nov., 15:00 UTC"),
    ],
)
def test_campaign_retry_advice_in_the_users_language(lang, first, later, date):
    advice = retry_advice({"rate_limit": 1200, "marketing_opt_out": 25, "messaging_limit": 300}, now=NOW, lang=lang)
    text = advice.summary
    assert text.splitlines()[0].startswith(first)
    assert later in text and date in text
    assert not words(text) & ENGLISH, text
    assert advice.to_dict()["summary"] == text
    by = {i.cause: i for i in advice.items}
    assert not words(by["marketing_opt_out"].when + " " + by["marketing_opt_out"].why) & ENGLISH
    empty = retry_advice({}, lang=lang).summary
    assert empty and not words(empty) & ENGLISH
    # without a count, the label opens the line
    assert retry_advice({"meta_outage": None}, lang=lang).summary.split(": ", 1)[1][:1].isupper()


def test_campaign_advice_defaults_to_english():
    advice = retry_advice({"rate_limit": 120}, now=NOW)
    assert advice.summary.startswith("Retry later (120): 120 sent too fast — after a pause of a few minutes")


# --- choices: an answer the reader can't place is never a choice -----------------------------


@pytest.mark.parametrize(
    "text",
    [
        "ok thanks",
        "ok",
        "thanks",
        "no idea",
        "Thanks!",
        "ok gracias",
        "gracias",
        "valeu",
        "obrigado",
        "not sure",
        "no sé",
        "não sei",
    ],
)
def test_closing_words_and_dont_know_are_not_a_template_status(text):
    assert match_choice(questions()["template_status"], text) is None
    result = answer("template_status", text, {})
    assert not result.ok and "pick one" in result.reask


@pytest.mark.parametrize("text", ["no idea", "not sure", "no sé", "ni idea", "não sei", "ok thanks"])
def test_dont_know_is_not_yes_or_no(text):
    # "no" inside "no idea", "sure" inside "not sure" are not answers to "Was this a campaign?"
    assert match_choice(questions()["campaign"], text) is None


@pytest.mark.parametrize(
    "text",
    [
        "it exists in English (UK) only",
        "it only exists in en_GB",
        "only in english",
        "solo existe en inglés",
        "está solo en inglés",
        "só existe em inglês",
        "só em inglês",
        "it's approved but in another language",
        "ok, approved",
    ],
)
def test_template_there_in_another_language_is_the_approved_path(text):
    result = answer("template_status", text, {})
    assert result.ok and result.value == "approved", text
    assert "language code" in result.finding


@pytest.mark.parametrize(
    "text", ["it's somewhere in there I think", "the usual one", "hmm", "English (UK)", "no existe en español"]
)
def test_free_text_without_a_clear_synonym_is_not_understood(text):
    assert match_choice(questions()["template_status"], text) is None, text


@pytest.mark.parametrize("lang,word", [("es", "aprobada"), ("pt", "aprovado")])
def test_a_choice_gives_its_advice_in_the_users_language(lang, word):
    result = answer("template_status", "approved", {"language": lang})
    assert result.ok and result.value == "approved"
    assert result.finding == questions()["template_status"].choice("approved").advice_in(lang)
    assert word in result.finding.lower() and not words(result.finding) & ENGLISH


# --- the catalogue: every English key in every language, same placeholders -------------------


@pytest.mark.parametrize("area", AREAS)
@pytest.mark.parametrize("lang", ["es", "pt"])
def test_every_key_exists_in_every_language_with_the_same_placeholders(area, lang):
    en = {k: v for k, v in load_language("en").items() if k.split(".")[0] == area}
    other = {k: v for k, v in load_language(lang).items() if k.split(".")[0] == area}
    assert en, f"no en/{area}.yaml"
    assert sorted(set(en) - set(other)) == [], f"missing in {lang}/{area}.yaml"
    assert sorted(set(other) - set(en)) == [], f"only in {lang}/{area}.yaml"
    for key, entry in en.items():
        assert placeholders(other[key]) == placeholders(entry), key
        assert type(other[key]) is type(entry), key
