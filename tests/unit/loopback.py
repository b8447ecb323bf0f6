# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A TCP server on 127.0.0.1 for the tests that need real sockets (the transport's failures, proxies, redirects, TLS)."""

from __future__ import annotations

import datetime
import socket
import threading
import typing as t
from pathlib import Path


class LoopbackServer:
    """Runs `handle(server, connection)` for every connection, each in a thread of its own.

    `connections` counts what was accepted; handlers keep what they received in `requests`.
    The connection is closed once its handler returns.
    """

    def __init__(self, handle: t.Callable[[LoopbackServer, socket.socket], None]) -> None:
        self.handle = handle
        self.requests: list[bytes] = []
        self.connections = 0
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(20)
        self.port = self.sock.getsockname()[1]
        self.origin = f"http://127.0.0.1:{self.port}"
        self._workers: list[threading.Thread] = []
        self._acceptor = threading.Thread(target=self._accept, daemon=True)
        self._acceptor.start()

    @property
    def received(self) -> bytes:
        return b"".join(self.requests)

    def _accept(self) -> None:
        while True:
            try:
                connection, _address = self.sock.accept()
            except OSError:  # closed
                return
            self.connections += 1
            worker = threading.Thread(target=self._serve, args=(connection,), daemon=True)
            self._workers.append(worker)
            worker.start()

    def _serve(self, connection: socket.socket) -> None:
        with connection:
            connection.settimeout(5)
            try:
                self.handle(self, connection)
            except OSError:
                pass  # the client gave up first

    def close(self) -> None:
        try:
            # Wakes the blocked accept() (close() alone would leave it waiting on a number the next socket may reuse).
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
        for thread in [self._acceptor, *self._workers]:
            thread.join(timeout=5)


def read_head(connection: t.Any) -> bytes:
    """The request line and headers (up to the blank line), or what came before the client closed."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


def free_port() -> int:
    """A loopback port nothing listens on (once the probe is closed)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def self_signed(directory: Path, host: str) -> str:
    """Path of a PEM file holding a certificate for `host`, its own CA, and its key (for a server and a client alike)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(hours=1))
            .not_valid_after(now + datetime.timedelta(hours=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    path = directory / f"{host}.pem"
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM) + key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return str(path)
