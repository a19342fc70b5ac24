import logging
import time

from account_checks import Deadline, check_phone_number, check_template, check_token, run_within
from account_checks.graph import redact
from account_checks.outcome import TIMEOUT, UNREACHABLE
from account_checks.settings import AccountSettings
from tests.support.graph_account_standin import APP_SECRET


def test_a_slow_answer_times_out_within_the_deadline(standin, settings):
    standin.delay["templates"] = 3.0
    start = time.monotonic()
    result = check_template(settings, "order_update", "en_US", Deadline(0.6))
    assert result.reason == TIMEOUT
    assert time.monotonic() - start < 1.5


def test_checks_together_never_take_more_than_their_total(standin, settings):
    standin.delay["number"] = 8.0
    start = time.monotonic()
    results = run_within(
        {
            "number": lambda d: check_phone_number(settings, d),
            "token": lambda d: check_token(settings, d),
        },
        seconds=1.0,
    )
    assert time.monotonic() - start < 1.6
    assert results["number"].reason == TIMEOUT
    assert results["token"].ok  # the quick one still answered


def test_a_check_that_raises_is_a_result():
    def broken(deadline):
        raise RuntimeError("boom")

    assert run_within({"x": broken}, seconds=1)["x"].reason == "bad_answer"


def test_nothing_listening():
    settings = AccountSettings.from_env(
        {
            "WHATSAPP_ACCESS_TOKEN": "tok-123456",
            "WHATSAPP_PHONE_NUMBER_ID": "1",
            "WHATSAPP_API_BASE": "http://127.0.0.1:9/v26.0",
        }
    )
    assert check_phone_number(settings, Deadline(2)).reason == UNREACHABLE


def test_tokens_never_reach_logs_or_results(standin, settings, caplog):
    standin.token_state = "expired"
    with caplog.at_level(logging.DEBUG):
        results = [
            check_template(settings, "order_update", "en_US"),
            check_phone_number(settings),
            check_token(settings),
        ]
        standin.delay["number"] = 2.0
        results.append(check_phone_number(settings, Deadline(0.3)))
    text = caplog.text + " ".join(repr(r) for r in results)
    assert standin.token not in text
    assert APP_SECRET not in text
    assert "input_token=***" in caplog.text  # urllib3 logs request lines at DEBUG: redacted


def test_redact():
    assert (
        redact("GET /debug_token?input_token=EAAB&access_token=1|s HTTP/1.1")
        == "GET /debug_token?input_token=***&access_token=*** HTTP/1.1"
    )
    assert redact("token EAAGabc here", ["EAAGabc"]) == "token *** here"
