"""unique_customers + messaging_tier, and send_rate."""

from __future__ import annotations

import pytest

from diagnosis.followup import answer
from diagnosis.followup.limits import parse_amount


@pytest.mark.parametrize(
    "text, amount",
    [
        ("about 1,200", 1200),
        ("1.200 clientes", 1200),
        ("300", 300),
        ("15k", 15000),
        ("1.5k", 1500),
        ("2 mil", 2000),
        ("dos mil", 2000),
        ("dois mil", 2000),
        ("a thousand", 1000),
        ("12,5", 12.5),
        ("between 800 and 1000", 1000),
    ],
)
def test_parse_amount(text, amount):
    assert parse_amount(text) == amount


def test_count_at_the_250_limit_explains_the_window_and_how_to_move_up():
    a = answer("unique_customers", "260", {"messaging_tier": "250"})
    assert a.ok
    assert a.value == {"count": 260, "tier": "250", "limit": 250, "at_limit": True}
    assert "moving 24 hours" in a.finding
    assert "2,000" in a.finding and "verify your business" in a.finding


def test_count_under_the_limit():
    a = answer("unique_customers", "about 3,000", {"messaging_tier": "10k"})
    assert a.value["at_limit"] is False
    assert "under your limit of 10,000" in a.finding and "portfolio" in a.finding


def test_close_to_the_limit():
    a = answer("unique_customers", "9500", {"messaging_tier": "10k"})
    assert a.value["at_limit"] is False and "close to your limit" in a.finding


def test_between_1k_and_2k_depends_on_old_or_new_step():
    a = answer("unique_customers", "1500", {"messaging_tier": "1k"})
    assert a.value["at_limit"] is None
    assert "1K" in a.finding and "2,000" in a.finding


def test_over_100k_mentions_automatic_scaling():
    a = answer("unique_customers", "120k", {"messaging_tier": "100k"})
    assert a.value["at_limit"] is True and "automatically" in a.finding


def test_unknown_tier_says_which_tier_is_needed():
    a = answer("unique_customers", "5,000")
    assert a.value["tier"] is None and a.value["at_limit"] is None
    assert "at least 10K" in a.finding


def test_unlimited_tier_is_never_the_cause():
    a = answer("unique_customers", "500000", {"messaging_tier": "unlimited"})
    assert a.value["at_limit"] is False and "unlimited" in a.finding


def test_messaging_tier_answer_uses_a_known_count():
    a = answer("messaging_tier", "250", {"unique_customers": {"count": 300}})
    assert a.value == "250"
    assert "at or over your limit of 250" in a.finding
    b = answer("messaging_tier", "250")
    assert "verify your business" in b.finding
    c = answer("messaging_tier", "10k")
    assert "automatically" in c.finding


@pytest.mark.parametrize("text", ["lots", "🙂", "", "-"])
def test_unreadable_counts_reask(text):
    assert not answer("unique_customers", text).ok


@pytest.mark.parametrize(
    "text, mps, over",
    [
        ("100 per second", 100, True),
        ("50/s", 50, False),
        ("6000 per minute", 100, True),
        ("60 mensajes por segundo", 60, False),
        ("3600 por hora", 1, False),
        ("2000 mps", 2000, True),
    ],
)
def test_send_rate_against_80_per_second(text, mps, over):
    a = answer("send_rate", text)
    assert a.ok
    assert a.value["messages_per_second"] == mps
    assert a.value["over_default"] is over


def test_over_80_explains_130429_and_the_1000_upgrade():
    a = answer("send_rate", "100 per second")
    assert "80" in a.finding and "1,000" in a.finding and "130429" in a.finding


def test_within_throughput_points_to_pair_rate():
    a = answer("send_rate", "10 per second")
    assert "131056" in a.finding and "6 seconds" in a.finding


def test_above_1000_is_over_even_the_upgrade():
    a = answer("send_rate", "2000 per second")
    assert a.value["over_upgraded"] is True and "highest" in a.finding


def test_one_every_few_seconds_and_assumed_unit():
    assert answer("send_rate", "1 message every 2 seconds").value["messages_per_second"] == 0.5
    a = answer("send_rate", "30")
    assert a.value["assumed_per_second"] is True and "I read that as 30 messages per second" in a.finding


@pytest.mark.parametrize(
    "text", ["mandamos con un for sin pausa, unos 5000 mensajes", "5000 en total, no por segundo", "sent 3000 messages"]
)
def test_a_total_of_messages_is_not_read_as_a_rate(text):
    read = answer("send_rate", text, {"language": "es"})
    assert not read.ok
    assert "5.000" in read.reask or "3.000" in read.reask  # the total, said back as a count


@pytest.mark.parametrize(
    "text",
    ["no se la verdad, sin sleep. son como 3000 contactos", "se cargó todo junto a las 10 y media", "50 workers"],
)
def test_a_count_of_contacts_a_time_or_workers_is_not_a_rate(text):
    read = answer("send_rate", text, {"language": "es"})
    assert not read.ok
