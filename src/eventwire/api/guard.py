"""What stands between a request and the store: the bearer token (checked before anything
else), the body size limit and the time to send a body, HEAD, relative redirects, and errors
that are always JSON, never a stack trace, with ``Connection: close`` when the connection closes.

>>> token_matches("Bearer s3cret", "s3cret"), token_matches("Bearer nope", "s3cret"), token_matches(None, "s3cret")
(True, False, False)
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
import time
from urllib.parse import urlsplit, urlunsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from ..store.query import BadCursor, QueryError

log = logging.getLogger("eventwire.api")

WRITES_OFF = "write endpoints are off: start the server with --token or EVENTWIRE_TOKEN"
INTERNAL = "internal error: the server log has the details"
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
DOCS = ("/openapi.json", "/docs", "/redoc")


class SafeJSONResponse(JSONResponse):
    """JSON whose text is always valid UTF-8: a lone surrogate (from a JSON body's ``\\ud800``,
    echoed in an error or a result) is written as U+FFFD instead of failing the response.

    >>> SafeJSONResponse({"id": "a\\ud800b"}).body.decode()
    '{"id":"a\ufffdb"}'
    """

    def render(self, content) -> bytes:
        text = json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        return LONE_SURROGATE.sub("\ufffd", text).encode("utf-8")


def check_token_value(token: str | None) -> str | None:
    """``token`` if a client can send it: visible ASCII without surrounding whitespace
    (``Bearer s3cret `` is read as ``s3cret``, so such a token could never match); else ValueError.

    >>> check_token_value("s3cret ")
    Traceback (most recent call last):
    ...
    ValueError: the token has whitespace around it, which a bearer header cannot carry: use 's3cret'
    """
    if not token:
        return None
    if token != token.strip():
        raise ValueError(f"the token has whitespace around it, which a bearer header cannot carry: "
                         f"use {token.strip()!r}")
    if not re.fullmatch(r"[!-~]+", token):
        raise ValueError("the token must be visible ASCII characters only (letters, digits, punctuation)")
    return token


def token_matches(header: str | None, token: str) -> bool:
    """True when an ``Authorization`` header carries ``token`` as a bearer token (compared in constant time)."""
    scheme, _, given = (header or "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


def check_token(request: Request, token: str | None, write: bool) -> None:
    """Raise 401/403 unless ``request`` may go on. ``write``: a write endpoint, off without a token."""
    if token is None:
        if write:
            raise HTTPException(403, WRITES_OFF)
        return
    if not token_matches(request.headers.get("authorization"), token):
        reason = "wrong bearer token" if request.headers.get("authorization") else "missing bearer token"
        raise HTTPException(401, f"{reason}: send 'Authorization: Bearer TOKEN'",
                            headers={"WWW-Authenticate": "Bearer"})


def token_needed(method: str, path: str, token: str | None, private: bool, code_needs_token: bool) -> int | None:
    """The status to refuse a request with unless it carries the token (401), or always (403:
    writes off); None when it may go on without one. ``private``: every ``/v1`` path and the
    API's documents need the token; ``code_needs_token``: ``POST /v1/code`` does.

    >>> token_needed("POST", "/v1/articles", None, False, False), token_needed("GET", "/v1/events", "t", True, False)
    (403, 401)
    >>> token_needed("GET", "/healthz", "t", True, True), token_needed("POST", "/v1/code", "t", False, True)
    (None, 401)
    """
    if method == "POST" and path.rstrip("/") == "/v1/articles":
        return 401 if token else 403
    if private and (path.startswith("/v1/") or path == "/v1" or path.startswith(DOCS)):
        return 401
    if code_needs_token and path.rstrip("/") == "/v1/code":
        return 401
    return None


class TokenGate:
    """ASGI middleware checking the token before anything else (parameters, body, path): an
    anonymous caller of a private server learns nothing from its answers but 401."""

    def __init__(self, app, token: str | None, private: bool, code_needs_token: bool):
        self.app, self.token, self.private, self.code_needs_token = app, token, private, code_needs_token

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            status = token_needed(scope["method"], scope["path"], self.token, self.private, self.code_needs_token)
            header = dict(scope["headers"]).get(b"authorization")
            if status == 403:
                return await _send_json(send, 403, WRITES_OFF)
            if status == 401 and not token_matches(header.decode("latin-1") if header else None, self.token or ""):
                reason = "wrong bearer token" if header else "missing bearer token"
                return await _send_json(send, 401, f"{reason}: send 'Authorization: Bearer TOKEN'",
                                        [(b"www-authenticate", b"Bearer")])
        return await self.app(scope, receive, send)


class Hardening:
    """The outermost ASGI middleware: ``HEAD`` answered as ``GET`` without the body; a
    ``Location`` made relative (never the request's Host header echoed); ``Connection: close``
    on an error sent before the request's body was read (the server then closes the
    connection); and an exception as a JSON 500 that keeps the connection usable."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        head = scope["method"] == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}
        headers = dict(scope["headers"])
        body_read = headers.get(b"content-length", b"0") == b"0" and b"transfer-encoding" not in headers
        started = False

        async def tracked():
            nonlocal body_read
            message = await receive()
            if message["type"] != "http.request" or not message.get("more_body", False):
                body_read = True
            return message

        async def hardened(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                out = [(name, relative(value) if name.lower() == b"location" else value)
                       for name, value in message.get("headers", [])]
                if message["status"] >= 400 and not body_read and b"connection" not in {n.lower() for n, _ in out}:
                    out.append((b"connection", b"close"))
                message = {**message, "headers": out}
            elif message["type"] == "http.response.body" and head:
                message = {**message, "body": b""}
            await send(message)

        try:
            await self.app(scope, tracked, hardened)
        except Exception:
            log.exception("%s %s failed", scope["method"], scope["path"])
            if started:
                raise
            await _send_json(hardened, 500, INTERNAL)


def relative(location: bytes) -> bytes:
    """A redirect's target without scheme and host, so that it never sends a client elsewhere.

    >>> relative(b"http://evil.example/v1/events?x=1"), relative(b"//evil.example/x"), relative(b"/v1/events")
    (b'/v1/events?x=1', b'/x', b'/v1/events')
    """
    parts = urlsplit(location.decode("latin-1"))
    path = "/" + parts.path.lstrip("/")
    return urlunsplit(("", "", path, parts.query, parts.fragment)).encode("latin-1")


class BodyLimit:
    """ASGI middleware refusing a request body over ``max_bytes`` with 413, by its declared
    length before anything is read, or as soon as a streamed body passes the limit; and with
    408 a body not wholly received within ``timeout`` seconds of the request."""

    def __init__(self, app, max_bytes: int, timeout: float = 30.0):
        self.app = app
        self.max_bytes = max_bytes
        self.timeout = timeout

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            status = 413 if declared.isdigit() else 400
            return await _send_json(send, status, self._too_large() if status == 413 else "bad Content-Length")
        received = 0
        done = False
        deadline = time.monotonic() + self.timeout

        async def counted():
            nonlocal received, done
            if done:  # the body is in: what comes now is the client leaving, however late
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), max(deadline - time.monotonic(), 0))
            except asyncio.TimeoutError:
                raise HTTPException(408, f"request body not received within {self.timeout:g} s") from None
            done = message["type"] != "http.request" or not message.get("more_body", False)
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise HTTPException(413, self._too_large())
            return message

        return await self.app(scope, counted, send)

    def _too_large(self) -> str:
        return f"request body too large: the limit is {self.max_bytes:,} bytes (--max-body)"


async def _send_json(send, status: int, message: str, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    body = json.dumps({"error": message, "status": status}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *(headers or [])]})
    await send({"type": "http.response.body", "body": body})


def install_error_handlers(app: FastAPI) -> None:
    """Every error as ``{"error": message, "status": code}``; validation errors add ``details``;
    a filter the store refuses (QueryError) is a 422, a cursor it did not hand out a 400.
    Any other exception is :class:`Hardening`'s 500."""

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, err: HTTPException) -> JSONResponse:
        message = str(err.detail)
        if err.status_code == 404 and message == "Not Found":
            message = f"no such path: {request.url.path} (the API is under /v1; see /docs)"
        return SafeJSONResponse({"error": message, "status": err.status_code}, err.status_code,
                                headers=getattr(err, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, err: RequestValidationError) -> JSONResponse:
        details = [_detail(e) for e in err.errors()]
        summary = "; ".join(f"{d['where']}: {d['message']}" for d in details)
        return SafeJSONResponse({"error": summary, "status": 422, "details": details}, 422)

    @app.exception_handler(QueryError)
    async def bad_query(request: Request, err: QueryError) -> JSONResponse:
        return SafeJSONResponse({"error": str(err), "status": 422}, 422)

    @app.exception_handler(BadCursor)
    async def bad_cursor(request: Request, err: BadCursor) -> JSONResponse:
        return SafeJSONResponse({"error": str(err), "status": 400}, 400)


def _detail(error: dict) -> dict[str, str]:
    """One validation problem as ``{"where": "query.limit", "message": ...}``.

    >>> _detail({"type": "json_invalid", "loc": ("body", 9), "msg": "JSON decode error",
    ...          "ctx": {"error": "Expecting value"}})
    {'where': 'body', 'message': 'not valid JSON (Expecting value at character 9)'}
    """
    loc = error.get("loc", ())
    if error.get("type") == "json_invalid":
        reason = error.get("ctx", {}).get("error", "")
        return {"where": "body", "message": f"not valid JSON ({reason} at character {loc[-1]})"}
    return {"where": ".".join(str(part) for part in loc), "message": error.get("msg", "")}
