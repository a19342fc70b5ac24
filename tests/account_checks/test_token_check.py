from datetime import datetime, timezone

from account_checks import AccountSettings, check_token
from tests.support.graph_account_standin import APP_ID, APP_SECRET, WABA_ID


def test_a_valid_system_user_token(standin, settings):
    result = check_token(settings)
    assert result.ok, result
    t = result.report
    assert t.valid and not t.expired and t.expires_at is None and t.kind == "SYSTEM_USER"
    assert t.missing_scopes == [] and t.uncovered_scopes == [] and t.token_type_answer == "system_user"
    request = standin.requests[-1]
    assert request["path"] == "/v26.0/debug_token"
    assert request["query"] == {"input_token": standin.token, "access_token": f"{APP_ID}|{APP_SECRET}"}
    assert request["authorization"] == ""  # the business token is only the input, never the credential


def test_an_expired_token(standin, settings):
    standin.token_state = "expired"
    t = check_token(settings).report
    assert not t.valid and t.expired and t.error_subcode == 463
    assert t.expires_at == datetime.fromtimestamp(1764525600, tz=timezone.utc)
    assert t.token_type_answer == "temporary"


def test_missing_and_uncovered_scopes(standin, settings):
    standin.debug.update(
        scopes=["whatsapp_business_management"],
        granular_scopes=[{"scope": "whatsapp_business_management", "target_ids": ["999"]}],
    )
    t = check_token(settings).report
    assert t.missing_scopes == ["whatsapp_business_messaging"]
    assert t.uncovered_scopes == ["whatsapp_business_management"]
    assert t.waba_id == WABA_ID


def test_without_the_app_the_token_is_probed(standin):
    settings = AccountSettings.from_env(standin.env(app=False))
    assert check_token(settings).report.valid
    standin.token_state = "expired"
    t = check_token(settings).report
    assert not t.valid and t.expired and t.error_code == 190 and not t.debugged
    assert t.missing_scopes == []
