"""A pasted campaign report is grouped by cause, with its counts."""

import pytest

from diagnosis.campaign.report import failures_by_cause, mentions_campaign


def test_lines_with_codes_and_counts_are_grouped_by_cause():
    report = (
        "Campaign 'Black Friday' - 40% failed\n"
        "131049 This message was not delivered to maintain healthy ecosystem engagement: 120\n"
        "131050 user stopped marketing messages - 30 recipients\n"
        "(#131026) Message undeliverable (15)\n"
        "131049 healthy ecosystem engagement: 5\n"
    )
    groups = failures_by_cause(report)
    assert groups["ecosystem_limit"] == 125
    assert groups["marketing_opt_out"] == 30
    assert groups["undeliverable"] == 15
    assert "unknown" not in groups


def test_a_line_without_a_count_is_kept_as_some():
    groups = failures_by_cause("(#130472) User's number is part of an experiment")
    assert groups == {"marketing_experiment": None}


def test_thousands_separators_and_shares_are_read_right():
    groups = failures_by_cause("131049 healthy ecosystem engagement 1,250 (12%)")
    assert groups == {"ecosystem_limit": 1250}


def test_campaign_words_in_three_languages():
    assert mentions_campaign("our campaign shows 40% failed")
    assert mentions_campaign("la campaña tiene fallos")
    assert mentions_campaign("o disparo em massa falhou")
    assert not mentions_campaign("(#131047) Re-engagement message")


def test_nothing_placed_in_noise():
    assert failures_by_cause("hello\n\n12345\n🙂") == {}


def test_a_phone_number_on_a_line_is_not_its_count():
    groups = failures_by_cause(
        "5511955554444;failed;131026;Message undeliverable\n+5511987654321 131047 Re-engagement message\n"
    )
    assert groups == {"undeliverable": None, "outside_service_window": None}


@pytest.mark.parametrize(
    "text, campaign",
    [
        ("promo to like 8k ppl, half failed", True),
        ("sent the template to 400 customers", True),
        ("mandamos promos todos los dias", True),
        ("disparei pra 3.200 contatos", True),
        ("it fails for 2 customers", False),
        ("my reply to one customer failed", False),
    ],
)
def test_a_send_to_an_audience_is_a_campaign(text, campaign):
    assert mentions_campaign(text) is campaign
