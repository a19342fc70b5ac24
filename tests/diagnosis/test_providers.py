"""Provider tables: a provider's numbers are read in its table only when the text names it."""

from __future__ import annotations

import pytest

import diagnosis
from diagnosis.kb import CAUSE_IDS
from diagnosis.providers import BUILT_IN, ProviderError, load_providers, parse_table


def test_every_table_loads_with_its_source_and_known_causes():
    kb = diagnosis.knowledge()
    for pid, table in kb.providers.items():
        assert pid not in BUILT_IN
        assert table.source.startswith("http")
        assert all(code.cause in CAUSE_IDS for code in table.codes)


@pytest.mark.parametrize(
    "text, cause",
    [
        ("Gupshup error 1002", "not_on_whatsapp"),
        ("code 1011 from gupshup", "media_too_large"),
    ],
)
def test_a_named_provider_reads_its_own_table(text, cause):
    assert diagnosis.classify(text).cause == cause


@pytest.mark.parametrize("text", ["error 1002", "1002"])
def test_a_bare_provider_number_is_nobodys(text):
    assert diagnosis.classify(text).cause == "unknown"


def test_each_provider_code_is_read_only_with_its_provider_named():
    kb = diagnosis.knowledge()
    for pid, table in kb.providers.items():
        name = table.names[0]
        for code in table.codes:
            if code.details_any or code.low != code.high:
                continue
            named = diagnosis.classify(f"{name} error {code.low}: {code.title or code.message}")
            assert named.cause == code.cause, (pid, code.low, named.cause)


def test_a_broken_table_names_the_file_and_field(tmp_path):
    (tmp_path / "x.yaml").write_text(
        "provider: acme\nnames: [acme]\nsource: https://acme.example/errors\ncodes:\n- code: 12\n  cause: not_a_cause\n"
    )
    with pytest.raises(ProviderError, match=r"x.yaml: codes\[0\]"):
        load_providers(tmp_path, CAUSE_IDS)
    with pytest.raises(ProviderError, match="source"):
        parse_table(
            {"provider": "acme", "names": ["acme"], "codes": [{"code": 1, "cause": "rate_limit"}]}, "y.yaml", CAUSE_IDS
        )
