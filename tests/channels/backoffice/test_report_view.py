"""The failure report at /report over HTTP: the token, the page, the CSV."""

import csv
import io
import time

import pytest
import requests

from channels.backoffice.report_view import ReportViewInput
from failure_watch.diagnose import diagnose
from failure_watch.events import AccountEvent, Failure
from failure_watch.store import Store

TOKEN = "report-token-for-tests"


def stored_failures(store: Store) -> None:
    now = int(time.time())
    rows = []
    for n, (code, title) in enumerate(
        [("131047", "Re-engagement message")] * 3
        + [("131050", "User opted out of marketing messages")] * 2
        + [("130429", "Rate limit hit")]
    ):
        rows.append(
            diagnose(
                Failure(
                    at=now - 3600 * n,
                    recipient=f"551198765{n:04d}",
                    message_id=f"wamid.R{n}",
                    provider="meta",
                    code=code,
                    title=title,
                )
            )
        )
    rows.append(
        AccountEvent(
            at=now - 60,
            kind="template_status",
            subject="black_friday_offer (pt_BR)",
            event="PAUSED",
            detail="low quality",
        )
    )
    store.write(rows)


@pytest.fixture
def report(tmp_path, serve):
    store = Store("sqlite:///" + str(tmp_path / "failures.db"))
    stored_failures(store)
    server = serve(ReportViewInput(token=TOKEN, store=store))
    return server


def get(server, path, token=TOKEN, **kw):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.get(server.url(path), headers=headers, timeout=10, allow_redirects=False, **kw)


def test_no_token_no_data(report):
    for path in ("/report", "/report/retry.csv?advice=later&numbers=show", "/report/api/summary"):
        r = get(report, path, token=None)
        assert r.status_code == 401
        assert "551198765" not in r.text and "Re-engagement" not in r.text
        assert get(report, path, token="wrong").status_code == 401


def test_closed_without_a_server_token(tmp_path, serve, monkeypatch):
    monkeypatch.delenv("RASA_AUTH_TOKEN", raising=False)
    server = serve(ReportViewInput(store=Store("sqlite:///" + str(tmp_path / "f.db"))))
    assert get(server, "/report", token="anything").status_code == 503


def test_the_page_shows_causes_chart_events_and_masked_numbers(report):
    r = get(report, "/report")
    assert r.status_code == 200
    page = r.text
    assert '<svg id="failures-chart"' in page and 'data-cause="outside_service_window"' in page
    assert "Free-form message sent outside the 24-hour customer service window" in page
    assert "black_friday_offer (pt_BR)" in page and "PAUSED" in page
    assert "5511987650000" not in page and "5511*******00" in page
    assert "5511987650000" in get(report, "/report?numbers=show").text
    assert "default-src 'none'" in r.headers["Content-Security-Policy"]


def test_csv_by_advice(report):
    r = get(report, "/report/retry.csv?advice=later&numbers=show")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert sorted(row["recipient"] for row in rows) == [
        "5511987650000",
        "5511987650001",
        "5511987650002",
        "5511987650005",
    ]
    assert {row["cause"] for row in rows} == {"outside_service_window", "rate_limit"}
    never = list(csv.DictReader(io.StringIO(get(report, "/report/retry.csv?advice=never").text)))
    assert [row["recipient"] for row in never] == ["5511*******03", "5511*******04"]
    assert get(report, "/report/retry.csv?advice=maybe").status_code == 400


def test_sign_in_sets_a_report_cookie(report):
    s = requests.Session()
    r = s.post(report.url("/report/login"), data={"token": "nope"}, allow_redirects=False, timeout=10)
    assert r.status_code == 401
    r = s.post(report.url("/report/login"), data={"token": TOKEN}, allow_redirects=False, timeout=10)
    assert r.status_code == 303 and "Path=/report" in r.headers["Set-Cookie"]
    assert s.get(report.url("/report"), timeout=10).status_code == 200


def test_summary_json(report):
    data = get(report, "/report/api/summary?days=1").json()
    assert data["total"] == 6
    assert data["causes"][0] == {**data["causes"][0], "cause": "outside_service_window", "failures": 3}
    assert data["retry"]["never"] == {"failures": 2}
