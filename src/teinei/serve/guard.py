"""Requests the server refuses before any route sees them: a ``Host`` it does not serve (a web page on
another site that rebinds its DNS name to 127.0.0.1 would otherwise reach the API), an ``Origin`` of
another site, and bodies over the size limit. Every answer also forbids framing and sniffing."""

from __future__ import annotations

import contextlib
import json
import socket
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_BODY = 1024 * 1024  # a business mail is a few kilobytes; one of a megabyte is not a draft
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
WILDCARD = frozenset({"0.0.0.0", "::", ""})
_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
    (b"content-security-policy", b"default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"),
]


def served_names(host: str) -> set[str]:
    """The host names a browser may use to reach a server bound to ``host``: every loopback name for a
    loopback address; for a wildcard address, also this machine's names and addresses."""
    names = {host.lower()}
    if host in LOOPBACK or host in WILDCARD or host.startswith("127."):
        names |= LOOPBACK
    if host in WILDCARD:
        machine = socket.gethostname()
        names |= {machine.lower(), socket.getfqdn().lower()}
        with contextlib.suppress(OSError):
            names |= set(socket.gethostbyname_ex(machine)[2])
    return names - WILDCARD


def split_host(value: str) -> tuple[str, int | None]:
    """``example:8765`` -> (example, 8765); ``[::1]:8765`` -> (::1, 8765); no port -> None."""
    value = value.strip().lower()
    if value.startswith("["):
        name, _, rest = value[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
    else:
        name, _, port = value.rpartition(":") if value.count(":") == 1 else (value, "", "")
    try:
        return name, int(port) if port else None
    except ValueError:
        return "", None


class Guard:
    """ASGI middleware in front of the app (see the module docstring)."""

    def __init__(self, app: ASGIApp, names: Iterable[str], port: int, max_body: int = MAX_BODY) -> None:
        self.app = app
        self.names = set(names)
        self.port = port
        self.max_body = max_body

    def _served(self, value: str) -> bool:
        name, port = split_host(value)
        return name in self.names and (port or 80) == self.port

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "")
        if not self._served(host):
            refused = f"ホスト名「{host}」宛ての接続は受け付けていません。{self._address()} を開いてください。"
            await _refuse(send, 400, refused)
            return
        origin = headers.get("origin")
        if origin is not None and not (origin.startswith("http://") and self._served(origin[7:])):
            await _refuse(send, 403, "ほかのサイトのページからの呼び出しは受け付けていません。")
            return
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await _refuse(send, 413, self._too_large())
            return
        if scope["method"] in ("POST", "PUT", "PATCH"):
            body = await self._body(receive)
            if body is None:
                await _refuse(send, 413, self._too_large())
                return
            receive = _replay(body, receive)
        await self.app(scope, receive, _with_headers(send))

    async def _body(self, receive: Receive) -> bytes | None:
        """The whole request body, or None once it passes the limit (a chunked body has no length)."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)

    def _address(self) -> str:
        return f"http://127.0.0.1:{self.port}/" if "127.0.0.1" in self.names else f"http://{sorted(self.names)[0]}:{self.port}/"

    def _too_large(self) -> str:
        limit = f"{self.max_body // 1024:,} KB"
        return f"送られたデータが大きすぎます（上限 {limit}）。メール 1 通分の本文を送ってください。"


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: the disconnect

    return replay


def _with_headers(send: Send) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = [*message.get("headers", []), *_HEADERS]
        await send(message)

    return wrapped


async def _refuse(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": message}, ensure_ascii=False).encode("utf-8")
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *_HEADERS]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
