# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The unit tests' transport: the client's exchanges go through a requests.Session, where `responses` answers them.

Modules send through transport.Urllib3Transport; that one is tested on real loopback sockets
(test_client_transport.py, test_client_hardening.py, test_transport.py) and by every integration
test. This double only changes who answers: it turns the requests exceptions a test has `responses`
raise into the TransportError kind the urllib3 transport raises for the same failure.
"""

from __future__ import annotations

import typing as t

import requests
from urllib3.exceptions import MaxRetryError, NewConnectionError

from ansible_collections.streamkap.cloud.plugins.module_utils.transport import HttpAnswer, TransportError


class RequestsTransport:
    """Same constructor and send() as Urllib3Transport; the settings are kept for tests to read."""

    def __init__(self, api_url: str, timeout: float, validate_certs: bool, ca_path: str | None = None,
                 use_proxy: bool = True) -> None:
        self.api_url = api_url
        self.timeout = timeout
        self.validate_certs = validate_certs
        self.ca_path = ca_path
        self.use_proxy = use_proxy
        self.session = requests.Session()
        # Nothing from the test runner's environment (proxies, ~/.netrc) may change what is sent.
        self.session.trust_env = False

    def send(self, method: str, url: str, body: bytes | None, headers: t.Mapping[str, str]) -> HttpAnswer:
        try:
            response = self.session.request(method, url, data=body, headers=dict(headers), timeout=self.timeout,
                                            verify=(self.ca_path or True) if self.validate_certs else False,
                                            allow_redirects=False)
        except requests.exceptions.RequestException as exc:
            raise TransportError(failure_kind(exc), type(exc).__name__) from None
        return HttpAnswer(response.status_code, response.headers, url, response.content)


# requests' exception classes and the kind the urllib3 transport gives the same failure, first match wins
# (SSLError and ProxyError are ConnectionErrors; ConnectTimeout is a ConnectionError and a Timeout).
_FAILURE_KINDS = (
    (requests.exceptions.SSLError, "tls"),
    (requests.exceptions.ProxyError, "proxy"),
    (requests.exceptions.ConnectTimeout, "connect_timeout"),
    (requests.exceptions.Timeout, "read_timeout"),
    (requests.exceptions.ChunkedEncodingError, "lost"),
    (requests.exceptions.ContentDecodingError, "undecodable"),
)


def failure_kind(exc: requests.exceptions.RequestException) -> str:
    """The TransportError kind the urllib3 transport gives the failure this requests exception stands for."""
    kind = next((kind for error_class, kind in _FAILURE_KINDS if isinstance(exc, error_class)), None)
    if kind is None and isinstance(exc, requests.exceptions.ConnectionError):
        kind = "refused" if _never_connected(exc) else "lost"
    return kind or "other"


def _never_connected(exc: Exception) -> bool:
    # requests wraps a refused connection or a failed lookup as MaxRetryError(reason=NewConnectionError).
    for arg in exc.args:
        reason = arg.reason if isinstance(arg, MaxRetryError) else arg
        if isinstance(reason, (NewConnectionError, ConnectionRefusedError)):
            return True
    return False
