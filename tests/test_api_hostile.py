"""Issue 17 against a real server (uvicorn on a loopback port, as ``eventwire serve`` runs it)
and the real app: crafted cursors, unbounded numbers and series, public coding that must never
hold a write up, keep-alive after errors, HEAD, redirects, the token before anything else,
repeated parameters, strict dates, half-sent requests, lone surrogates in what we echo."""

import base64
import contextlib
import json
import shutil
import socket
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from fastapi.testclient import TestClient

from eventwire.api import CodeLimits, create_app
from eventwire.store import EventQuery

TOKEN = "h0stile-s3cret"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def varied_text(sentences: int) -> str:
    """A text of distinct sentences (repeated paragraphs would be collapsed before coding)."""
    actors = ["Russia", "Ukraine", "China", "Japan", "Iran", "Israel", "France", "Germany", "Brazil", "Egypt"]
    verbs = ["accused", "attacked", "praised", "threatened", "met", "criticised", "welcomed", "condemned"]
    return " ".join(f"{actors[i % 10]} {verbs[i % 8]} {actors[(i * 7 + 3) % 10]} over incident number {i} "
                    f"in district {i * 13 % 97}." for i in range(sentences))


@pytest.fixture
def db(corpus_store, tmp_path):
    path = tmp_path / "events.duckdb"
    shutil.copy(corpus_store, path)
    return path


def raw_exchange(sock: socket.socket, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send ``request`` and read one whole response (Content-Length framed)."""
    sock.sendall(request)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError(f"closed before a response: {data!r}")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    while len(body) < int(headers.get("content-length", 0)):
        body += sock.recv(65536)
    return int(lines[0].split()[1]), headers, body


def cursor_of(*items) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(items)).encode()).decode().rstrip("=")


# --- cursors and numbers (gap 2, 4) -------------------------------------------------------------

def test_crafted_cursors_are_400s_naming_the_problem_on_a_real_server(db, live_server):
    digest = EventQuery().digest()
    crafted = [
        ({}, cursor_of("-date", digest, "abc", "k", "e"), "its date 'abc' is not a date"),
        ({}, cursor_of("-date", "abc", "k", "e"), "not a cursor handed out"),  # the old, four-item form
        ({"sort": "-goldstein"}, cursor_of("-goldstein", digest, "x", "k", "e"), "goldstein value 'x' is not a number"),
        ({"sort": "-goldstein"}, cursor_of("-goldstein", digest, 1e400, "k", "e"), "is not a number"),
        ({"sort": "mentions"}, cursor_of("mentions", digest, True, "k", "e"), "is not a number"),
        ({}, cursor_of("-date", digest, "2025-12-01", 7, "e"), "article key"),
        ({}, cursor_of("-date", digest, "2025-12-01", "k\ud800", "e"), "article key"),
        ({}, cursor_of("-date", digest, "2025-12-01", "k", ["e"]), "record id"),
        ({}, cursor_of("nosort", digest, "2025-12-01", "k", "e"), "sort=another sort"),
        ({}, base64.urlsafe_b64encode(b"[" * 60).decode(), "not a cursor"),
    ]
    with live_server(create_app(str(db))) as base, httpx.Client(base_url=base) as client:
        for params, cursor, problem in crafted:
            reply = client.get("/v1/events", params={**params, "cursor": cursor})
            assert reply.status_code == 400, (cursor, reply.text)
            assert problem in reply.json()["error"]
        assert client.get("/healthz").status_code == 200  # the same keep-alive connection still serves


def test_a_cursor_of_another_query_is_refused(db):
    with TestClient(create_app(str(db))) as client:
        usa = client.get("/v1/events", params={"actor": "USA", "limit": 2}).json()
        assert usa["next_cursor"]
        foreign = client.get("/v1/events", params={"actor": "CHN", "limit": 2, "cursor": usa["next_cursor"]})
        assert foreign.status_code == 400 and "other filters" in foreign.json()["error"]
        same = client.get("/v1/events", params={"actor": "usa", "limit": 5, "cursor": usa["next_cursor"]})
        assert same.status_code == 200, "the same filters, written otherwise, with another page size"


@pytest.mark.parametrize("path,params,name", [
    ("/v1/articles", {"offset": "9223372036854775808"}, "offset"),
    ("/v1/articles", {"offset": "1000000001"}, "offset"),
    ("/v1/articles", {"limit": "99999999999999999999"}, "limit"),
    ("/v1/events", {"limit": "9223372036854775808"}, "limit"),
    ("/v1/events", {"quad_class": "9223372036854775808"}, "quad_class"),
    ("/v1/actors", {"limit": "-9223372036854775809"}, "limit"),
])
def test_every_integer_is_bounded(db, path, params, name):
    with TestClient(create_app(str(db))) as client:
        reply = client.get(path, params=params)
    assert reply.status_code == 422 and name in reply.json()["error"]


def test_actors_with_hypotheticals_and_no_dates(db):
    with TestClient(create_app(str(db))) as client:
        happened = client.get("/v1/actors").json()
        every = client.get("/v1/actors", params={"include_hypothetical": "true"})
        assert every.status_code == 200
        assert every.json()["actors"][0]["events"] >= happened["actors"][0]["events"] > 0


# --- bounded series (gap 5) ------------------------------------------------------------------------

def test_a_series_longer_than_the_cap_is_refused_naming_cap_and_span(db):
    with TestClient(create_app(str(db))) as client:
        huge = client.get("/v1/dyads/USA/VEN/series", params={"by": "day", "since": "0001-01-01",
                                                                "until": "9999-12-31"})
        assert huge.status_code == 422
        assert huge.json()["error"] == ("by=day: 3,652,059 periods from 0001-01-01 to 9999-12-31; a series has at "
                                        "most 3,660 (narrow since/until, or count by a longer period)")
        open_ended = client.get("/v1/dyads/USA/VEN/series", params={"by": "day", "since": "1900-01-01"})
        assert open_ended.status_code == 422 and "from 1900-01-01 to 2025-12-" in open_ended.json()["error"]
        at_cap = client.get("/v1/dyads/USA/VEN/series", params={"by": "day", "since": "2015-12-25",
                                                                  "until": "2025-12-31"})
        assert at_cap.status_code == 200 and len(at_cap.json()["periods"]) == 3660
        one_more = client.get("/v1/dyads/USA/VEN/series", params={"by": "day", "since": "2015-12-24",
                                                                    "until": "2025-12-31"})
        assert one_more.status_code == 422 and "3,661 periods" in one_more.json()["error"]
        assert client.get("/v1/dyads/USA/VEN/series", params={"by": "month", "since": "1800-01-01",
                                                               "until": "2100-12-31"}).status_code == 200


def test_the_reports_of_one_event_are_bounded(db):
    from eventwire import open_store

    with open_store(db, read_only=True) as store:
        busiest = store.sql("SELECT article_key || '-' || id AS id, count(*) OVER (PARTITION BY canonical_id) AS n "
                            "FROM events ORDER BY n DESC, id LIMIT 1")
        some, reports = busiest.id[0], int(busiest.n[0])
        assert reports >= 2
        one = store.event(some, max_reports=1)
        assert len(one["reports"]) == 1 and one["reports_total"] == reports
    with TestClient(create_app(str(db))) as client:
        found = client.get(f"/v1/events/{some}").json()
    assert len(found["reports"]) == found["reports_total"] == reports


# --- coding on the API (gap 6) ------------------------------------------------------------------

def test_code_text_limit_is_a_413_naming_it(db):
    with TestClient(create_app(str(db), code=CodeLimits(max_chars=100))) as client:
        reply = client.post("/v1/code", json={"text": "Iran accused Israel of sabotage. " * 4})
        assert reply.status_code == 413
        assert reply.json()["error"] == ("body: text is 132 characters; POST /v1/code takes at most 100 "
                                         "(the server's --code-max-chars)")
    assert CodeLimits().max_chars == 20_000


def test_a_write_never_waits_behind_public_coding(db, live_server):
    """While the public coder works on a long text, an authenticated one-article POST is stored
    (and answered) first: it codes in the server's process, the public text in a worker."""
    app = create_app(str(db), token=TOKEN, code=CodeLimits(max_chars=1_000_000, timeout=600))
    long_text = varied_text(3000)
    with live_server(app) as base, ThreadPoolExecutor(2) as pool:
        assert httpx.post(base + "/v1/code", json={"text": "Iran met Iraq."}, timeout=120).status_code == 200
        finished = []
        hostile = pool.submit(lambda: (httpx.post(base + "/v1/code", json={"text": long_text}, timeout=600),
                                       finished.append("code")))
        time.sleep(1)  # the long text is in the worker
        write = httpx.post(base + "/v1/articles", json={"id": "w", "text": "Iran accused Israel of sabotage."},
                           headers=AUTH, timeout=600)
        finished.append("write")
        assert write.status_code == 201
        reply, _ = hostile.result()
        assert reply.status_code == 200 and len(reply.json()["events"]) > 100
        assert finished == ["write", "code"]


def test_coding_beyond_the_queue_is_a_503_and_past_the_time_a_504(db, live_server):
    app = create_app(str(db), code=CodeLimits(max_chars=1_000_000, workers=1, queue=0, timeout=3))
    with live_server(app) as base:
        assert httpx.post(base + "/v1/code", json={"text": "Iran met Iraq."}, timeout=120).status_code == 200
        with ThreadPoolExecutor(3) as pool:
            replies = list(pool.map(lambda _: httpx.post(base + "/v1/code", json={"text": varied_text(3000)},
                                                         timeout=120), range(3)))
        statuses = sorted(r.status_code for r in replies)
        assert 503 in statuses and set(statuses) <= {503, 504}, statuses
        busy = next(r for r in replies if r.status_code == 503)
        assert busy.headers["retry-after"] == "10" and "busy" in busy.json()["error"]
        slow = next(r for r in replies if r.status_code == 504)
        assert "longer than 3 s" in slow.json()["error"]
        again = httpx.post(base + "/v1/code", json={"text": "Iran accused Israel of sabotage."}, timeout=120)
        assert again.status_code == 200 and again.json()["events"], "a fresh worker replaces the stopped one"


def test_code_can_need_the_token(db):
    with TestClient(create_app(str(db), token=TOKEN, code=CodeLimits(needs_token=True))) as client:
        assert client.post("/v1/code", json={"text": "Iran met Iraq."}).status_code == 401
        assert client.get("/v1/events").status_code == 200
    with pytest.raises(ValueError, match="--code-needs-token needs a token"):
        create_app(str(db), code=CodeLimits(needs_token=True))


# --- the connection (gap 7, 8) ------------------------------------------------------------------

def test_after_a_500_the_same_connection_serves_the_next_request(db, monkeypatch, live_server):
    from eventwire.store import Store

    monkeypatch.setattr(Store, "actors", lambda *a, **k: 1 / 0)
    with live_server(create_app(str(db))) as base, socket.create_connection(("127.0.0.1", int(base.split(":")[-1]))) \
            as sock:
        status, headers, body = raw_exchange(sock, b"GET /v1/actors HTTP/1.1\r\nHost: x\r\n\r\n")
        assert status == 500 and json.loads(body)["error"].startswith("internal error")
        assert headers.get("connection") != "close"
        status, _, _ = raw_exchange(sock, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        assert status == 200


def test_an_error_sent_before_the_body_is_read_says_connection_close(db, live_server):
    app = create_app(str(db), token=TOKEN, max_body=1000)
    with live_server(app) as base, socket.create_connection(("127.0.0.1", int(base.split(":")[-1]))) as sock:
        sock.settimeout(30)
        status, headers, _ = raw_exchange(sock, b"POST /v1/articles HTTP/1.1\r\nHost: x\r\n"
                                                b"Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n{")
        assert status == 401 and headers["connection"] == "close"
        assert sock.recv(100) == b"", "the server closes as it said"
    with live_server(app) as base, socket.create_connection(("127.0.0.1", int(base.split(":")[-1]))) as sock:
        sock.settimeout(30)
        status, headers, _ = raw_exchange(sock, b"POST /v1/articles HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                                                + TOKEN.encode() + b"\r\nContent-Length: 5000\r\n\r\n{")
        assert status == 413 and headers["connection"] == "close"


def test_head_works_where_get_does(db, live_server):
    with live_server(create_app(str(db))) as base:
        for path in ("/", "/healthz", "/v1/events", "/v1/vocabulary", "/openapi.json"):
            got, head = httpx.get(base + path), httpx.head(base + path)
            assert head.status_code == got.status_code == 200, path
            assert head.content == b"" and head.headers["content-type"] == got.headers["content-type"]


def test_redirects_are_relative(db):
    with TestClient(create_app(str(db))) as client:
        reply = client.get("/v1/events/", headers={"host": "evil.example"}, follow_redirects=False)
    assert reply.status_code == 307 and reply.headers["location"] == "/v1/events"


def test_a_private_server_checks_the_token_before_anything_else(db):
    with TestClient(create_app(str(db), token=TOKEN, private=True)) as client:
        anonymous = [client.get("/v1/events", params={"limit": "ten", "sinse": "x"}), client.get("/v1/nothing"),
                     client.post("/v1/code", content=b"{oops", headers={"content-type": "application/json"}),
                     client.post("/v1/articles", content=b"{oops", headers={"content-type": "application/json"}),
                     client.get("/openapi.json"), client.get("/docs")]
        for reply in anonymous:
            assert reply.status_code == 401 and "missing bearer token" in reply.json()["error"], reply.request.url
        assert client.get("/v1/events", params={"limit": "ten"}, headers=AUTH).status_code == 422
        assert client.get("/openapi.json", headers=AUTH).status_code == 200
        assert client.get("/").status_code == client.get("/healthz").status_code == 200


@pytest.mark.parametrize("token", ["s3cret ", " s3cret", "s3cret\n", "s3 cret", "sécret"])
def test_a_token_a_header_cannot_carry_is_refused_at_start(db, token):
    from click.testing import CliRunner

    from eventwire.cli import main

    result = CliRunner().invoke(main, ["serve", "--db", str(db), "--token", token])
    assert result.exit_code == 2
    assert "whitespace around it" in result.output or "visible ASCII" in result.output


@pytest.mark.parametrize("query,name", [("limit=1&limit=500", "limit"), ("actor=USA&actor=CHN", "actor"),
                                        ("since=2025-01-01&until=2025-02-01&since=2024-01-01", "since")])
def test_a_repeated_parameter_is_a_422(db, query, name):
    with TestClient(create_app(str(db))) as client:
        reply = client.get("/v1/events?" + query)
    assert reply.status_code == 422 and f"parameter {name} given more than once" in reply.json()["error"]


@pytest.mark.parametrize("value", ["20251201", "2025-W48-1", " 2025-12-01", "2025-12-01 ", "2025-12-01T00:00",
                                   "２０２５-１２-０１", "2025-12-1"])
@pytest.mark.parametrize("path", ["/v1/events", "/v1/actors", "/v1/dyads/USA/VEN/series"])
def test_dates_are_yyyy_mm_dd_exactly(db, path, value):
    with TestClient(create_app(str(db))) as client:
        reply = client.get(path, params={"since": value})
        assert reply.status_code == 422 and "since" in reply.json()["error"]
        assert client.get(path, params={"since": "2025-12-01"}).status_code == 200


def test_half_sent_requests_time_out(db, live_server):
    """A request line with headers trickling in, and a body that never comes, are both cut off."""
    app = create_app(str(db), token=TOKEN, body_timeout=1)
    with live_server(app, head_timeout=1) as base:
        port = int(base.split(":")[-1])
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.settimeout(30)
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
            answer = b""
            for byte in b"X-Slow: 1234567890":  # one header byte at a time: uvicorn's keep-alive timer alone
                with contextlib.suppress(OSError):  # would be disarmed by each
                    sock.sendall(bytes([byte]))
                time.sleep(0.2)
                if answer := answer or _ready(sock):
                    break
            answer += _rest(sock)
            assert answer.startswith(b"HTTP/1.1 408") and b"connection: close" in answer
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.settimeout(30)
            request = (b"POST /v1/articles HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN.encode()
                       + b"\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n[{\"id\"")
            status, headers, body = raw_exchange(sock, request)
            assert status == 408 and headers["connection"] == "close" and b"within 1 s" in body
            assert _rest(sock) == b""
        with socket.create_connection(("127.0.0.1", port)) as sock:  # an idle connection is closed too
            sock.settimeout(30)
            assert _rest(sock).startswith(b"HTTP/1.1 408")


def _ready(sock: socket.socket) -> bytes:
    sock.setblocking(False)
    try:
        return sock.recv(65536)
    except BlockingIOError:
        return b""
    finally:
        sock.setblocking(True)
        sock.settimeout(30)


def _rest(sock: socket.socket) -> bytes:
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return data


# --- what we echo (gap 1, the API's half) ---------------------------------------------------------

def test_lone_surrogates_echoed_back_are_valid_utf8(db):
    with TestClient(create_app(str(db), token=TOKEN)) as client:
        batch = b'[{"id": "a\\ud800", "text": 5}, {"id": "b", "text": "Iran accused Israel of sabotage."}]'
        reply = client.post("/v1/articles", content=batch, headers={**AUTH, "content-type": "application/json"})
        assert reply.status_code == 201
        body = json.loads(reply.content.decode("utf-8"))
        assert body["results"][0]["doc_id"] == "a\ufffd" and body["results"][1]["status"] == "stored"
        coded = client.post("/v1/code", content=b'{"id": "\\udc00", "text": 5}',
                            headers={"content-type": "application/json"})
        assert coded.status_code == 422 and coded.content.decode("utf-8")
