from account_checks import AccountSettings, EnvironmentAccount, resolver, use_resolver
from account_checks.settings import DEFAULT_GRAPH_BASE, DEFAULT_TWILIO_BASE


def test_the_graph_base_is_the_channels_pinned_version():
    from channels.meta.settings import DEFAULT_API_BASE as channel
    from channels.twilio.settings import DEFAULT_API_BASE as twilio_channel

    assert DEFAULT_GRAPH_BASE == channel
    assert DEFAULT_TWILIO_BASE == twilio_channel


def test_nothing_set_means_every_check_is_off():
    s = AccountSettings.from_env({})
    assert not s.any_configured and not s.can_check_token and not s.can_check_twilio
    assert EnvironmentAccount({}).resolve("anyone") is None


def test_each_check_needs_only_its_own_settings():
    s = AccountSettings.from_env({"WHATSAPP_ACCESS_TOKEN": "t0k3n", "WHATSAPP_PHONE_NUMBER_ID": "1"})
    assert s.can_check_number and s.can_check_token and not s.can_debug_token
    assert not s.can_check_templates
    s = AccountSettings.from_env(
        {
            "WHATSAPP_ACCESS_TOKEN": "t0k3n",
            "WHATSAPP_BUSINESS_ACCOUNT_ID": "2",
            "WHATSAPP_APP_ID": "3",
            "WHATSAPP_APP_SECRET": "s3cr3t",
        }
    )
    assert s.can_check_templates and s.can_debug_token and not s.can_check_number
    s = AccountSettings.from_env({"TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "x" * 8})
    assert s.can_check_twilio and not s.meta_configured
    assert s.graph_base == DEFAULT_GRAPH_BASE and s.twilio_base == DEFAULT_TWILIO_BASE


def test_the_switch_turns_them_off():
    env = {"WHATSAPP_ACCESS_TOKEN": "t0k3n", "WHATSAPP_PHONE_NUMBER_ID": "1", "TICKFIX_ACCOUNT_CHECKS": "off"}
    assert not AccountSettings.from_env(env).any_configured


def test_secrets_stay_out_of_repr():
    s = AccountSettings.from_env(
        {
            "WHATSAPP_ACCESS_TOKEN": "EAAG-secret-token",
            "WHATSAPP_APP_SECRET": "appsecret",
            "WHATSAPP_APP_ID": "9",
            "TWILIO_AUTH_TOKEN": "twiliosecret",
        }
    )
    text = repr(s)
    assert "EAAG-secret-token" not in text and "appsecret" not in text and "twiliosecret" not in text
    assert "9|appsecret" in s.secrets()


def test_a_platform_can_install_its_own_resolver():
    class PerBusiness:
        def resolve(self, conversation_id=None, metadata=None):
            return AccountSettings(access_token="t", phone_number_id=str(conversation_id))

    previous = use_resolver(PerBusiness())
    try:
        assert resolver().resolve("42").phone_number_id == "42"
    finally:
        use_resolver(previous)
    assert isinstance(resolver(), EnvironmentAccount)
