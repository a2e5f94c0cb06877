"""What stands between a request and the store: the bearer token, the body size limit, and
errors that are always JSON, never a stack trace.

>>> token_matches("Bearer s3cret", "s3cret"), token_matches("Bearer nope", "s3cret"), token_matches(None, "s3cret")
(True, False, False)
"""

from __future__ import annotations

import hmac
import json
import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from ..store.query import BadCursor, QueryError

log = logging.getLogger("eventwire.api")

WRITES_OFF = "write endpoints are off: start the server with --token or EVENTWIRE_TOKEN"


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


class BodyLimit:
    """ASGI middleware refusing a request body over ``max_bytes`` with 413, by its declared
    length before anything is read, or as soon as a streamed body passes the limit."""

    def __init__(self, app, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            status = 413 if declared.isdigit() else 400
            return await _send_json(send, status, self._too_large() if status == 413 else "bad Content-Length")
        received = 0

        async def counted():
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise HTTPException(413, self._too_large())
            return message

        return await self.app(scope, counted, send)

    def _too_large(self) -> str:
        return f"request body too large: the limit is {self.max_bytes:,} bytes (--max-body)"


async def _send_json(send, status: int, message: str) -> None:
    body = json.dumps({"error": message, "status": status}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def install_error_handlers(app: FastAPI) -> None:
    """Every error as ``{"error": message, "status": code}``; validation errors add ``details``;
    a filter the store refuses (QueryError) is a 422, a cursor it did not hand out a 400."""

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, err: HTTPException) -> JSONResponse:
        message = str(err.detail)
        if err.status_code == 404 and message == "Not Found":
            message = f"no such path: {request.url.path} (the API is under /v1; see /docs)"
        return JSONResponse({"error": message, "status": err.status_code}, err.status_code,
                            headers=getattr(err, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, err: RequestValidationError) -> JSONResponse:
        details = [_detail(e) for e in err.errors()]
        summary = "; ".join(f"{d['where']}: {d['message']}" for d in details)
        return JSONResponse({"error": summary, "status": 422, "details": details}, 422)

    @app.exception_handler(QueryError)
    async def bad_query(request: Request, err: QueryError) -> JSONResponse:
        return JSONResponse({"error": str(err), "status": 422}, 422)

    @app.exception_handler(BadCursor)
    async def bad_cursor(request: Request, err: BadCursor) -> JSONResponse:
        return JSONResponse({"error": str(err), "status": 400}, 400)

    @app.exception_handler(Exception)
    async def crashed(request: Request, err: Exception) -> JSONResponse:
        log.exception("%s %s failed", request.method, request.url.path)
        return JSONResponse({"error": "internal error: the server log has the details", "status": 500}, 500)


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
