from typing import Iterator

import pytest

from account_checks import AccountSettings
from tests.support.graph_account_standin import GraphAccountStandIn


@pytest.fixture
def standin() -> Iterator[GraphAccountStandIn]:
    server = GraphAccountStandIn()
    yield server
    server.close()


@pytest.fixture
def settings(standin: GraphAccountStandIn) -> AccountSettings:
    return AccountSettings.from_env(standin.env())
