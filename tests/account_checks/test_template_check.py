from account_checks import check_template
from account_checks.outcome import NOT_CONFIGURED, REFUSED
from account_checks.settings import AccountSettings
from account_checks.templates import parameter_counts
from tests.support.graph_account_standin import EXPIRED, WABA_ID, template


def test_names_the_languages_it_exists_in_and_their_status(standin, settings):
    result = check_template(settings, "order_update", "en_US")
    assert result.ok, result
    report = result.report
    assert {(v.language, v.status) for v in report.versions} == {("en_GB", "APPROVED"), ("pt_BR", "PAUSED")}
    assert report.approved_languages == ["en_GB"]
    assert report.language_missing and report.sent_version is None
    assert report.status_answer() == "approved"  # approved, in another language
    request = standin.requests[-1]
    assert request["path"] == f"/v26.0/{WABA_ID}/message_templates"
    assert request["query"]["name"] == "order_update"
    assert set(request["query"]["fields"].split(",")) >= {
        "name",
        "status",
        "language",
        "category",
        "quality_score",
        "rejected_reason",
        "components",
    }
    assert request["authorization"] == f"Bearer {standin.token}"


def test_each_status_answers_the_template_question(standin, settings):
    for status, answer in [
        ("APPROVED", "approved"),
        ("PENDING", "pending"),
        ("REJECTED", "rejected"),
        ("PAUSED", "paused"),
        ("DISABLED", "disabled"),
        ("IN_APPEAL", "pending"),
    ]:
        standin.templates = [template("promo", "es_MX", status=status)]
        report = check_template(settings, "promo", "es_MX").report
        assert report.status_answer() == answer, status
        assert report.sent_version.status == status


def test_a_name_that_does_not_exist(standin, settings):
    report = check_template(settings, "no_such_template", "en").report
    assert not report.exists and report.status_answer() == "not_found"


def test_only_the_exact_name_counts(standin, settings):
    standin.templates = [template("order_update_v2", "en_US")]
    assert not check_template(settings, "order_update", "en_US").report.exists


def test_rejected_reason_quality_and_category(standin, settings):
    v = check_template(settings, "spring_sale", "en_US").report.sent_version
    assert (v.status, v.rejected_reason, v.category, v.quality) == ("REJECTED", "PROMOTIONAL", "MARKETING", "GREEN")
    paused = check_template(settings, "order_update", "pt_BR").report.sent_version
    assert paused.status == "PAUSED" and paused.quality == "RED"


def test_parameter_counts_per_component(standin, settings):
    standin.templates = [
        template("receipt", "en_US", body="Hi {{1}}, {{2}} paid {{3}}; {{1}} again", header="Order {{1}}")
    ]
    report = check_template(settings, "receipt", "en_US").report
    assert report.sent_version.params == {"HEADER": 1, "BODY": 3}
    assert report.param_mismatch(2) == 3
    assert report.param_mismatch(3) is None
    assert parameter_counts(
        [
            {"type": "BUTTONS", "buttons": [{"type": "URL", "url": "https://x.test/{{1}}"}]},
            {"type": "BODY", "text": "Hello {{first_name}}"},
        ]
    ) == {"BUTTONS": 1, "BODY": 1}


def test_an_expired_token_is_a_refusal_with_its_subcode(standin, settings):
    standin.fail["templates"] = EXPIRED
    result = check_template(settings, "order_update", "en_US")
    assert not result.ok and result.reason == REFUSED
    assert "190/463" in result.detail


def test_off_without_the_waba():
    assert check_template(AccountSettings(access_token="x"), "a", "en").reason == NOT_CONFIGURED
