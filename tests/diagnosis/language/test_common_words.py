"""A real word is not a typo (diagnosis.language.common_words, TypoIndex)."""

import pytest

import diagnosis
from diagnosis.classifier.index import compiled_for
from diagnosis.language.common_words import is_common_word


@pytest.fixture(scope="module")
def typos():
    return compiled_for(diagnosis.knowledge()).typos


@pytest.mark.parametrize("word", ["reading", "caindo", "salido", "podido", "consta", "checar", "mensagem", "plantilla"])
def test_common_words_of_the_three_languages_are_known(word):
    assert is_common_word(word)


@pytest.mark.parametrize("word", ["plantila", "bloqeuado", "recieve", "mensgem", "templete"])
def test_common_misspellings_are_not_words(word):
    assert not is_common_word(word)


@pytest.mark.parametrize("word", ["caindo", "salido", "reading", "podido", "consta", "checar"])
def test_a_real_word_is_not_corrected_into_another_word(typos, word):
    assert typos.correct(word) is None


def test_misspellings_and_other_forms_of_a_word_are_still_corrected(typos):
    assert typos.correct("bloqeuado") == "bloqueado"
    assert typos.correct("codigos") == "codigo"  # a plural: another form of the same word


def test_a_programming_error_in_portuguese_is_not_an_outage():
    text = (
        "Estou tentando usar templates no envio de mensagens, mas sem sucesso. Já fiz diversas mudanças "
        "no código mas acabo sempre caindo em um erro do meu código"
    )
    assert diagnosis.classify(text).cause != "meta_outage"


@pytest.mark.parametrize(
    "word, lang",
    [("already", "en"), ("obvio", "es"), ("passei", "pt"), ("significa", "es|pt"), ("marketing", None), ("me", None)],
)
def test_a_word_tells_its_language_only_when_it_is_far_more_common_there(word, lang):
    from diagnosis.language.common_words import telling_language

    assert telling_language(word) == lang
