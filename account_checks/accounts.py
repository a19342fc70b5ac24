"""Which business account a conversation's checks read.

Why: today one Tickfix serves one business, whose account is in the environment. A
platform that serves many businesses (a BSP, a CRM) must later map each conversation
to its own business's account (by the channel's metadata: the business phone number
ID, the Chatwoot account, the sender's tenant). The actions only ever ask a resolver,
so that change stays here.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional

try:  # Python 3.8+
    from typing import Protocol
except ImportError:  # pragma: no cover
    Protocol = object  # type: ignore

from account_checks.settings import AccountSettings


class AccountResolver(Protocol):
    """Maps a conversation to the account its checks read (None: no access, checks off)."""

    def resolve(
        self, conversation_id: Optional[str] = None, metadata: Optional[Mapping[str, Any]] = None
    ) -> Optional[AccountSettings]: ...


class EnvironmentAccount:
    """The one account of the environment, for every conversation."""

    def __init__(self, env: Optional[Mapping[str, str]] = None) -> None:
        self._env = env

    def resolve(
        self, conversation_id: Optional[str] = None, metadata: Optional[Mapping[str, Any]] = None
    ) -> Optional[AccountSettings]:
        settings = AccountSettings.from_env(self._env)
        return settings if settings.any_configured else None


_resolver: AccountResolver = EnvironmentAccount()


def resolver() -> AccountResolver:
    """The resolver in use (the environment's one account unless another was installed)."""
    return _resolver


def use_resolver(new: AccountResolver) -> AccountResolver:
    """Install another resolver (a platform's, a test's); returns the previous one."""
    global _resolver
    previous, _resolver = _resolver, new
    return previous
