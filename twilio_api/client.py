"""Twilio's own HTTP client with its fixed hosts re-based (see the package's docstring).

Why a module of its own: it imports the ``twilio`` package, which the hosts and
``rebased`` (read by settings modules) do not need.
"""

from __future__ import annotations

from typing import Callable, Mapping, Optional

import requests
from twilio.http.http_client import TwilioHttpClient

from twilio_api import rebased


class RebasedHttpClient(TwilioHttpClient):
    """Twilio's own HTTP client, with ``hosts`` (Twilio's fixed host -> base) re-based.

    ``timeout_left``, when given, bounds each request by the time a caller has left
    (a request with no time left is not made: ``requests.Timeout``)."""

    def __init__(
        self,
        hosts: Mapping[str, str],
        timeout_left: Optional[Callable[[], float]] = None,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.hosts = dict(hosts)
        self.timeout_left = timeout_left

    def request(
        self, method, url, params=None, data=None, headers=None, auth=None, timeout=None, allow_redirects=False
    ):
        if self.timeout_left is not None:
            timeout = self.timeout_left()
            if timeout <= 0.05:
                raise requests.Timeout("no time left")
        return super().request(
            method,
            rebased(url, self.hosts),
            params=params,
            data=data,
            headers=headers,
            auth=auth,
            timeout=timeout,
            allow_redirects=allow_redirects,
        )
