"""How ``eventwire serve`` runs the app: uvicorn with its limits set on purpose (docs/api.md, Limits).

uvicorn's own keep-alive timer starts only after a first response and is disarmed by every
byte received, so a client sending a request line and then nothing (or one header byte now
and then) would hold a connection for ever. :class:`TimedH11Protocol` closes a connection
whose request line and headers have not all arrived within ``HEAD_TIMEOUT`` seconds of its
opening or of the previous response; the body then has ``BODY_TIMEOUT`` seconds
(``guard.BodyLimit``).

>>> config = server_config(object(), "127.0.0.1", 8000)
>>> config.timeout_keep_alive, config.h11_max_incomplete_event_size, config.limit_concurrency
(5, 16384, 500)
"""

from __future__ import annotations

import asyncio

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

HEAD_TIMEOUT = 10.0  # seconds for a request line and its headers to arrive
BODY_TIMEOUT = 30.0  # seconds for a request body to arrive (guard.BodyLimit)
KEEP_ALIVE = 5  # seconds an idle keep-alive connection stays open
MAX_HEAD = 16 * 1024  # bytes of request line and headers
MAX_CONNECTIONS = 500  # open connections (or requests) beyond which a request gets 503
TIMED_OUT_BODY = b'{"error": "request line and headers not received in time", "status": 408}'
TIMED_OUT = (b"HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\nconnection: close\r\n"
             b"content-length: %d\r\n\r\n%s" % (len(TIMED_OUT_BODY), TIMED_OUT_BODY))


class TimedH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with a deadline for each request's line and headers."""

    head_timeout = HEAD_TIMEOUT
    _head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def handle_events(self) -> None:
        cycle = self.cycle
        super().handle_events()
        if self.cycle is not cycle:  # a request's head arrived
            self._disarm()

    def on_response_complete(self) -> None:
        self._arm()  # before a pipelined request already received disarms it again
        super().on_response_complete()
        if self.transport.is_closing():
            self._disarm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._head_timer = self.loop.call_later(self.head_timeout, self._timed_out)

    def _disarm(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _timed_out(self) -> None:
        self._head_timer = None
        if not self.transport.is_closing():
            self.transport.write(TIMED_OUT)
            self.transport.close()


def server_config(app, host: str, port: int, log_level: str = "info") -> uvicorn.Config:
    """The uvicorn configuration ``eventwire serve`` runs ``app`` with."""
    return uvicorn.Config(app, host=host, port=port, log_level=log_level, http=TimedH11Protocol,
                          timeout_keep_alive=KEEP_ALIVE, h11_max_incomplete_event_size=MAX_HEAD,
                          limit_concurrency=MAX_CONNECTIONS, server_header=False)
