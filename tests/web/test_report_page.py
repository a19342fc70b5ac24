"""The failure report in headless Chromium: no token shows no data; signed in, the chart
draws the stored failures by cause and the CSV link gives the right rows.

The report channel is mounted on a real Sanic server the way Rasa mounts it
(tests/channels/harness.py), with a store filled as the webhooks fill it."""

from __future__ import annotations

import csv
import io
import time

import pytest
import requests

from channels.backoffice.report_view import ReportViewInput
from failure_watch.diagnose import diagnose
from failure_watch.events import Failure
from failure_watch.store import Store
from tests.channels.harness import ChannelServer

TOKEN = "browser-report-token"
CODES = (
    [("131047", "Re-engagement message")] * 4
    + [("131050", "User opted out of marketing messages")] * 2
    + [("130429", "Rate limit hit")]
)


@pytest.fixture(scope="module")
def report_server(tmp_path_factory):
    store = Store("sqlite:///" + str(tmp_path_factory.mktemp("report") / "failures.db"))
    now = int(time.time())
    store.write(
        [
            diagnose(
                Failure(
                    at=now - 7200 * n,
                    recipient=f"919812345{n:03d}",
                    message_id=f"wamid.B{n}",
                    provider="meta",
                    code=code,
                    title=title,
                )
            )
            for n, (code, title) in enumerate(CODES)
        ]
    )
    server = ChannelServer(ReportViewInput(token=TOKEN, store=store))
    yield server
    server.close()


def test_no_token_no_data(browser, report_server):
    page = browser.new_page()
    try:
        response = page.goto(report_server.url("/report"))
        assert response.status == 401
        assert page.locator("#failures-chart").count() == 0
        assert "919812345" not in page.content()
    finally:
        page.close()


def test_chart_renders_the_stored_failures_and_csv_rows_are_right(browser, report_server):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(report_server.url("/report/login"))
        page.fill("input[name=token]", TOKEN)
        page.click("button[type=submit]")
        page.wait_for_selector("#failures-chart", timeout=15000)
        # the bars drawn, by cause, add up to what is stored
        counts = page.evaluate("""() => {
            const out = {};
            for (const r of document.querySelectorAll('#failures-chart rect.bar')) {
                out[r.dataset.cause] = (out[r.dataset.cause] || 0) + Number(r.dataset.count);
                if (!(r.getBBox().height > 0)) throw new Error('a bar with no height');
            }
            return out;
        }""")
        assert counts == {"outside_service_window": 4, "marketing_opt_out": 2, "rate_limit": 1}
        assert page.locator("#total").inner_text() == "7"
        assert page.locator("#causes tr[data-cause]").count() == 3
        assert "919812345000" not in page.content()  # masked by default
        # the CSV link of "don't retry", with the session cookie
        href = page.locator("a.csv").nth(2).get_attribute("href")
        assert "advice=never" in href
        cookies = {c["name"]: c["value"] for c in context.cookies()}
        r = requests.get(report_server.url(href.replace("&amp;", "&") + "&numbers=show"), cookies=cookies, timeout=10)
        rows = list(csv.DictReader(io.StringIO(r.text)))
        assert sorted(row["recipient"] for row in rows) == ["919812345004", "919812345005"]
        assert {row["cause"] for row in rows} == {"marketing_opt_out"}
    finally:
        context.close()
