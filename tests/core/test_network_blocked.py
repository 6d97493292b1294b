"""Tests never reach the network: a connection beyond this machine is refused by the guard in
tests/conftest.py, naming the host; local services (database, Redis, the live server) work."""

from __future__ import annotations

import socket
import threading

import pytest

from tests.conftest import NetworkBlocked


def test_a_connection_to_an_outside_address_is_refused_naming_the_host():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        with pytest.raises(NetworkBlocked, match=r"203\.0\.113\.1:80"):
            sock.connect(("203.0.113.1", 80))


def test_connect_ex_and_create_connection_are_refused_too():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        with pytest.raises(NetworkBlocked, match=r"203\.0\.113\.7:443"):
            sock.connect_ex(("203.0.113.7", 443))
    with pytest.raises(NetworkBlocked, match=r"203\.0\.113\.1:80"):
        socket.create_connection(("203.0.113.1", 80), timeout=0.5)


def test_an_outside_ipv6_address_is_refused():
    if not socket.has_ipv6:
        pytest.skip("本机不支持 IPv6")
    with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as sock:
        with pytest.raises(NetworkBlocked, match=r"\[2001:db8::1\]:80"):
            sock.connect(("2001:db8::1", 80))


def _echo_server(family: int, host: str) -> tuple[socket.socket, int]:
    server = socket.socket(family, socket.SOCK_STREAM)
    server.bind((host, 0))
    server.listen(1)

    def answer() -> None:
        conn, _ = server.accept()
        with conn:
            conn.sendall(conn.recv(16))

    threading.Thread(target=answer, daemon=True).start()
    return server, server.getsockname()[1]


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_a_connection_to_this_machine_is_allowed(host):
    server, port = _echo_server(socket.AF_INET, "127.0.0.1")
    with server, socket.create_connection((host, port), timeout=2) as client:
        client.sendall(b"ping")
        assert client.recv(16) == b"ping"


def test_a_connection_to_ipv6_loopback_is_allowed():
    try:
        server, port = _echo_server(socket.AF_INET6, "::1")
    except OSError:
        pytest.skip("本机没有 IPv6 回环地址")
    with server, socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as client:
        client.settimeout(2)
        client.connect(("::1", port))
        client.sendall(b"ping")
        assert client.recv(16) == b"ping"


def test_unix_sockets_are_allowed(tmp_path):
    path = str(tmp_path / "s.sock")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(path)
        server.listen(1)
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.connect(path)
            conn, _ = server.accept()
            conn.close()
