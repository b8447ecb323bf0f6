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
  request_timeout:
    description:
      - Seconds to wait for each answer of the Streamkap API before giving up.
    type: float
    default: 30
    version_added: 1.0.0
requirements:
  - requests >= 2.25
notes:
  - Credentials are never part of results or error messages.
"""
