# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # Auth and transport options shared by every streamkap.cloud module.
    # The argument spec lives in plugins/module_utils/common.py (auth_argument_spec).
    DOCUMENTATION = r"""
options:
  api_url:
    description:
      - Base URL of the Streamkap API, without a path prefix.
        A path naming an API collection (for example C(/sources) or C(/auth)) is refused, and so is an
        empty value (leave the option out for the default).
      - Must use C(https://), except for a loopback host (C(localhost), C(127.0.0.0/8), C(::1)).
      - Refused before any request, naming the problem - white space anywhere (a trailing newline too),
        control characters, a user name or password, a query or fragment, and a port outside 1 to 65535.
      - If not set, the value of the E(STREAMKAP_API_URL) environment variable is used,
        then E(STREAMKAP_HOST) (the variable the Streamkap Terraform provider reads).
        An environment variable wins over the default.
    type: str
    default: https://api.streamkap.com
    version_added: 1.0.0
  access_token:
    description:
      - "A Streamkap API access token, sent as C(Authorization: Bearer <token>)."
      - If not set, the value of the E(STREAMKAP_ACCESS_TOKEN) environment variable is used.
      - Give either O(access_token), or O(client_id) and O(client_secret).
        When both are available, O(access_token) is used.
    type: str
    version_added: 1.0.0
  client_id:
    description:
      - Client ID of Streamkap API credentials (created in the Streamkap web app).
      - Exchanged together with O(client_secret) for an access token at C(POST /auth/access-token),
        once per task.
      - If not set, the value of the E(STREAMKAP_CLIENT_ID) environment variable is used.
      - Required together with O(client_secret) when O(access_token) is not given.
    type: str
    version_added: 1.0.0
  client_secret:
    description:
      - Secret of the Streamkap API credentials named by O(client_id).
      - If not set, the value of the E(STREAMKAP_CLIENT_SECRET) environment variable is used,
        then E(STREAMKAP_SECRET) (the variable the Streamkap Terraform provider reads).
      - Required together with O(client_id) when O(access_token) is not given.
    type: str
    version_added: 1.0.0
  validate_certs:
    description:
      - Whether to verify the TLS certificate of O(api_url).
      - Set to V(false) only for test endpoints with self-signed certificates.
    type: bool
    default: true
    version_added: 1.0.0
  ca_path:
    description:
      - Path of a PEM file (or a directory prepared with C(c_rehash)) of certificate authorities
        to trust for O(api_url), for a private CA or a TLS-inspecting proxy.
      - Used only when O(validate_certs=true). Without it, the bundle named by E(REQUESTS_CA_BUNDLE)
        or E(CURL_CA_BUNDLE) is used when set, else the CA bundle of C(requests) (C(certifi)).
      - If not set, the value of the E(STREAMKAP_CA_PATH) environment variable is used.
    type: path
    version_added: 1.0.0
  request_timeout:
    description:
      - Seconds to wait for each answer of the Streamkap API, read whole, before giving up.
    type: float
    default: 30
    version_added: 1.0.0
  retries:
    description:
      - How many times a failed API call is repeated before giving up, from V(0) to V(100).
      - Repeated are HTTP 429, 502, 503 and 504 answers, 5xx answers saying
        C(Kafka Connect API call failed), timeouts and connection failures.
        Other 4xx answers are never repeated.
      - A create (C(POST)) is repeated only when the service cannot have acted on it
        (HTTP 429, or a connection that was never established); after any other failure the
        module looks the object up again instead, so nothing is created twice.
      - Waits grow exponentially with random jitter, and follow the C(Retry-After) header when the
        API sends one. Each retry is logged as a module debug message, never as a warning.
      - If not set, the value of the E(STREAMKAP_RETRIES) environment variable is used.
    type: int
    default: 5
    version_added: 1.0.0
  retry_max_delay:
    description:
      - Longest wait in seconds between two attempts of an API call, from V(0) to V(3600).
      - Also caps a C(Retry-After) header.
    type: float
    default: 60
    version_added: 1.0.0
requirements:
  - requests >= 2.25
notes:
  - Credentials are never part of results or error messages.
  - With O(client_id) and O(client_secret), an access token the API rejects (HTTP 401) is renewed
    once and the call repeated; error messages name where the credentials came from (option or
    environment variable), never their values.
  - Proxies are taken from the E(HTTPS_PROXY) (or E(ALL_PROXY)) and E(NO_PROXY) environment variables, as
    C(requests) reads them; a loopback O(api_url) never goes through a proxy.
"""
