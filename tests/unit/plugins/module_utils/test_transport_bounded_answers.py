# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""An answer is read whole within request_timeout and up to MAX_ANSWER_BYTES decompressed, however the
server sends it: a body trickled a byte at a time (each byte within the socket timeout), a compressed
body that unpacks to far more than it weighs, an endless chunked body. Each is a clear failure of its
kind, in seconds and in little memory; a write's answer of that kind may have been applied.
"""

from __future__ import annotations

import gzip
import io
import time
import zlib
import typing as t

import pytest

from ansible_collections.streamkap.cloud.plugins.module_utils import transport
from ansible_collections.streamkap.cloud.plugins.module_utils.client import (
    StreamkapAmbiguousWriteError,
    StreamkapApiError,
    StreamkapClient,
)
from tests.unit.loopback import LoopbackServer, read_head

TOKEN = "Tk4Bounded9Answers"
LIMIT = 256 * 1024


def head(extra: str) -> bytes:
    return f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{extra}\r\n".encode()


def trickling(answer_head: bytes, count: int, interval: float,
              piece: t.Callable[[int], bytes] = lambda _number: b" ") -> t.Callable[[LoopbackServer, t.Any], None]:
    """A handler sending the head, then `count` pieces (a space each, unless told), `interval` seconds apart."""
    def handle(listener: LoopbackServer, connection: t.Any) -> None:
        read_head(connection)
        connection.sendall(answer_head)
        for number in range(count):
            connection.sendall(piece(number))
            time.sleep(interval)

    return handle


trickle = trickling(head("Content-Length: 100000\r\n"), 100000, 0.05)


def bomb(listener: LoopbackServer, connection: t.Any) -> None:
    read_head(connection)
    packed = io.BytesIO()
    with gzip.GzipFile(fileobj=packed, mode="wb") as writer:
        for _block in range(LIMIT // 4096 * 4):  # four times the limit, unpacked
            writer.write(b" " * 4096)
    body = packed.getvalue()
    connection.sendall(head(f"Content-Encoding: gzip\r\nContent-Length: {len(body)}\r\n") + body)


def endless(listener: LoopbackServer, connection: t.Any) -> None:
    read_head(connection)
    connection.sendall(head("Transfer-Encoding: chunked\r\n") + b"1\r\n[\r\n")
    chunk = b"1," * 4096
    for _chunk in range(LIMIT // len(chunk) * 4):
        connection.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))


@pytest.fixture()
def serve() -> t.Iterator[t.Callable[..., LoopbackServer]]:
    servers: list[LoopbackServer] = []

    def start(handle: t.Callable[[LoopbackServer, t.Any], None]) -> LoopbackServer:
        servers.append(LoopbackServer(handle))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def client(server: LoopbackServer, **options: t.Any) -> StreamkapClient:
    return StreamkapClient(api_url=server.origin, access_token=TOKEN, sleep=lambda _s: None, **options)


def test_a_trickled_answer_fails_once_request_timeout_has_passed(serve):
    server = serve(trickle)
    started = time.monotonic()

    with pytest.raises(StreamkapApiError) as caught:
        client(server, request_timeout=1, retries=1).get("/sources")

    assert time.monotonic() - started < 5, "two attempts of about one second each"
    assert "within 1" in str(caught.value) and caught.value.attempts == 2


def test_a_trickled_answer_to_a_write_may_have_been_applied(serve):
    server = serve(trickle)

    with pytest.raises(StreamkapAmbiguousWriteError):
        client(server, request_timeout=1, retries=3).post("/sources", {"name": "orders"})

    assert server.connections == 1, "a write whose answer did not come whole is never sent again"


@pytest.mark.parametrize("handle", [bomb, endless], ids=["compressed bomb", "endless chunked body"])
def test_an_answer_larger_than_the_limit_is_refused_unread(serve, monkeypatch, handle):
    monkeypatch.setattr(transport, "MAX_ANSWER_BYTES", LIMIT)
    server = serve(handle)

    with pytest.raises(StreamkapApiError) as caught:
        client(server, retries=3).get("/sources")

    assert "is larger than" in str(caught.value)
    assert caught.value.attempts == 1 and server.connections == 1, "a larger answer is not asked for again"


def test_an_answer_within_the_limit_is_read_whole(serve, monkeypatch):
    monkeypatch.setattr(transport, "MAX_ANSWER_BYTES", LIMIT)
    body = b'{"result": [' + b",".join(b'{"name": "s%d"}' % number for number in range(5000)) + b"]}"
    assert len(body) < LIMIT

    def answer(listener: LoopbackServer, connection: t.Any) -> None:
        read_head(connection)
        connection.sendall(head(f"Content-Length: {len(body)}\r\n") + body)

    assert len(client(serve(answer)).get("/sources")["result"]) == 5000


# --- what the bound must not break, and what it must also cover ---

ORDERS = b'{"result": [{"name": "orders"}]}'


def compressed(encoding: str) -> bytes:
    return gzip.compress(ORDERS) if encoding == "gzip" else zlib.compress(ORDERS)


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_a_compressed_answer_whose_first_bytes_decode_to_nothing_is_read_whole(serve, encoding):
    body = compressed(encoding)

    def answer_in_two_pieces(listener: LoopbackServer, connection: t.Any) -> None:
        while read_head(connection):  # every request of the kept-alive connection
            connection.sendall(head(f"Content-Encoding: {encoding}\r\nContent-Length: {len(body)}\r\n") + body[:3])
            time.sleep(0.05)  # the header of the compressed stream alone: nothing to decode yet
            connection.sendall(body[3:])

    server = serve(answer_in_two_pieces)
    api = client(server)

    assert [api.get("/sources")["result"] for _call in range(3)] == [[{"name": "orders"}]] * 3
    assert server.connections == 1, "the connection is read to its end and used again"


def answering(answer: bytes) -> t.Callable[[LoopbackServer, t.Any], None]:
    def handle(listener: LoopbackServer, connection: t.Any) -> None:
        read_head(connection)
        connection.sendall(answer)

    return handle


PACKED = gzip.compress(b" " * (LIMIT * 4))
# (the whole answer, what the failure says)
FAILED_ANSWERS = {
    "a redirect whose body is larger than the limit": (
        b"HTTP/1.1 302 Found\r\nLocation: http://elsewhere.test/\r\nContent-Encoding: gzip\r\n"
        + f"Content-Length: {len(PACKED)}\r\n\r\n".encode() + PACKED, "is larger than"),
    "a body short of its length": (head(f"Content-Length: {len(ORDERS) + 100}\r\n") + ORDERS,
                                   "was lost before an answer arrived"),
}


@pytest.mark.parametrize("answer, message", FAILED_ANSWERS.values(), ids=FAILED_ANSWERS)
def test_a_bad_answer_fails_naming_why(serve, monkeypatch, answer, message):
    monkeypatch.setattr(transport, "MAX_ANSWER_BYTES", LIMIT)

    with pytest.raises(StreamkapApiError) as caught:
        client(serve(answering(answer)), retries=0).get("/sources")

    assert message in str(caught.value)


def test_a_same_origin_redirect_is_followed_on_the_same_connection(serve):
    def redirect_then_answer(listener: LoopbackServer, connection: t.Any) -> None:
        read_head(connection)
        connection.sendall(b"HTTP/1.1 307 Temporary Redirect\r\nLocation: /v2/sources\r\nContent-Length: 9\r\n\r\nmoved: v2")
        read_head(connection)
        connection.sendall(head(f"Content-Length: {len(ORDERS)}\r\n") + ORDERS)

    server = serve(redirect_then_answer)

    assert client(server, retries=0).get("/sources")["result"] == [{"name": "orders"}]
    assert server.connections == 1, "the redirect's answer is read to its end and its connection used again"


# Trailer lines after the last chunk, each within the socket timeout, never the blank line that ends them.
endless_trailer = trickling(head("Transfer-Encoding: chunked\r\n") + b"2\r\n[]\r\n0\r\n", 1000, 0.2,
                            lambda number: b"X-Line-%d: 1\r\n" % number)
# A gzip header announcing a comment (FCOMMENT), whose end never comes.
endless_gzip_comment = trickling(head("Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n")
                                 + b"a\r\n\x1f\x8b\x08\x10\x00\x00\x00\x00\x00\xff\r\n", 1000, 0.2,
                                 lambda _number: b"1\r\nc\r\n")


# (handler, request_timeout, the most an attempt may take). A byte every 1.8 s comes within each read's socket
# timeout of 2 s: only the time left, not a whole timeout per read, ends that wait.
SLOW_ANSWERS = {
    "redirect body trickled": (trickling(b"HTTP/1.1 307 Temporary Redirect\r\nLocation: /v2/sources\r\n"
                                         b"Content-Length: 100000\r\n\r\n", 100000, 0.05), 1, 4),
    "a byte every 1.8 s": (trickling(head("Content-Length: 10\r\n"), 10, 1.8), 2, 3.2),
    "chunked trailer": (endless_trailer, 1, 4),
    "gzip comment": (endless_gzip_comment, 1, 4),
}


@pytest.mark.parametrize("handle, timeout, longest", SLOW_ANSWERS.values(), ids=SLOW_ANSWERS)
def test_a_slow_answer_ends_at_request_timeout(serve, handle, timeout, longest):
    started = time.monotonic()
    with pytest.raises(StreamkapApiError) as caught:
        client(serve(handle), request_timeout=timeout, retries=0).get("/sources")

    assert f"within {timeout}" in str(caught.value)
    assert time.monotonic() - started < longest, "about request_timeout"
