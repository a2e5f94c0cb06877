"""Load test of ``eventwire serve``: N concurrent clients on ``GET /v1/events`` and the dyad
series over a one-million-event store, on the loopback interface only.

Builds the synthetic store of ``bench_query.py`` (records filled in with realistic
JSON, about 1 KB each), starts the real server in a subprocess on 127.0.0.1, and
for each client count sends a fixed number of requests per phase (events, then
series) from that many concurrent clients. Every run is bounded: ``--requests``
per phase and ``--max-seconds`` per phase, whichever comes first. Prints
requests/s, p50/p99 latency and errors (non-200 answers and failed requests).

``--hostile``: instead, readers (the events and series requests) and writers (one-article
``POST /v1/articles`` with the token) run together for ``--seconds``, first alone, then
beside hostile clients hammering the public endpoints with a maximal ``POST /v1/code`` text
and huge series requests; prints the readers' and writers' p50/p99 and errors in both runs,
and what the hostile clients got (issue 17's target: a writer's p99 under 2 s).

    python bench/bench_api.py                            # 1,000,000 events, 1, 8 and 32 clients
    python bench/bench_api.py --articles 20000 --clients 4 --requests 100   # a quick run
    python bench/bench_api.py --articles 20000 --hostile --seconds 60       # readers and writers under attack
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import socket
import subprocess
import sys
import tempfile
import time

import httpx

sys.path.insert(0, os.path.dirname(__file__))
from bench_query import build, percentile  # noqa: E402

from eventwire import open_store  # noqa: E402

HOST = "127.0.0.1"  # loopback only: this benchmark never sends traffic anywhere else
RECORDS = """
UPDATE events SET record = json_object(
    'id', id, 'doc_id', doc_id, 'sentence', sentence, 'mentions', mentions, 'date', date_text,
    'date_precision', date_precision,
    'source', json_object('text', source_country || ' officials', 'code', source_code, 'country', source_country,
                          'sector', source_sector, 'start', 0, 'end', 13, 'reason', 'synthetic actor'),
    'target', json_object('text', target_country || ' forces', 'code', target_code, 'country', target_country,
                          'sector', target_sector, 'start', 40, 'end', 50, 'reason', 'synthetic actor'),
    'event_type', event_type, 'mode', NULL, 'contexts', [], 'cameo', cameo, 'cameo_root', cameo_root,
    'goldstein', goldstein, 'quad_class', quad_class,
    'trigger', json_object('text', 'acted', 'start', 20, 'end', 25),
    'text', 'A synthetic evidence sentence of about the length of a wire report sentence, naming both sides '
            || source_country || ' and ' || target_country || ', with the words that triggered the event.',
    'evidence', json_object('start', 0, 'end', 180),
    'attribution', json_object('status', 'asserted', 'sources', [], 'cue', NULL),
    'modality', modality, 'quote', NULL, 'location', NULL, 'confidence', 0.9, 'rule', 'synthetic')
"""
EVENTS = (
    "/v1/events?dyad=USA:RUS&limit=50",
    "/v1/events?actor=VEN&since=2024-01-01&limit=50",
    "/v1/events?type=ASSAULT&source=RUS&limit=100",
    "/v1/events?dyad=USA:CHN&directed=false&sort=-goldstein&limit=50",
    "/v1/events?actor=USAGOV&since=2025-01-01&limit=50",
)
SERIES = (
    "/v1/dyads/USA/RUS/series?by=week",
    "/v1/dyads/USA/VEN/series?by=month",
    "/v1/dyads/CHN/USA/series?by=day&since=2024-01-01",
)
TOKEN = "bench-s3cret"
CODE_MAX_CHARS = 20_000  # the server's default --code-max-chars
HOSTILE_SERIES = (
    "/v1/dyads/USA/VEN/series?by=day&since=0001-01-01&until=9999-12-31",  # refused: over the cap
    "/v1/dyads/USA/RUS/series?by=day&since=2015-12-25&until=2025-12-31",  # the most a series may hold
)


def maximal_text() -> str:
    """A text of distinct sentences (repeats would be collapsed) of exactly CODE_MAX_CHARS characters."""
    actors = ["Russia", "Ukraine", "China", "Japan", "Iran", "Israel", "France", "Germany", "Brazil", "Egypt"]
    verbs = ["accused", "attacked", "praised", "threatened", "met", "criticised", "welcomed", "condemned"]
    text = " ".join(f"{actors[i % 10]} {verbs[i % 8]} {actors[(i * 7 + 3) % 10]} over incident {i}."
                    for i in range(CODE_MAX_CHARS // 20))
    return text[:CODE_MAX_CHARS]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_server(db: str, port: int, token: str = "") -> subprocess.Popen:
    """``eventwire serve`` on the loopback interface, once it answers /healthz."""
    server = subprocess.Popen([sys.executable, "-m", "eventwire", "serve", "--db", db, "--host", HOST,
                               "--port", str(port), "--log-level", "warning"],
                              env={**os.environ, "EVENTWIRE_TOKEN": token})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://{HOST}:{port}/healthz", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not answer /healthz within 60 s")


async def phase(base: str, paths: list[str], clients: int, requests: int, max_seconds: float) -> dict:
    """Send ``requests`` requests (cycling through ``paths``) from ``clients`` concurrent clients."""
    latencies: list[float] = []
    errors = 0
    sent = 0
    deadline = time.monotonic() + max_seconds

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal sent, errors
        while sent < requests and time.monotonic() < deadline:
            path = paths[sent % len(paths)]
            sent += 1
            started = time.perf_counter()
            try:
                reply = await http.get(base + path)
                errors += reply.status_code != 200
            except httpx.HTTPError:
                errors += 1
            latencies.append((time.perf_counter() - started) * 1000)

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=60, limits=limits) as http:
        started = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(clients)))
        elapsed = time.perf_counter() - started
    return {"requests": len(latencies), "rps": len(latencies) / elapsed, "p50": percentile(latencies, 0.5),
            "p99": percentile(latencies, 0.99), "errors": errors}


async def mixed(base: str, read_paths: list[str], readers: int, writers: int, hostile: int,
                seconds: float, run: str) -> dict[str, dict]:
    """``readers`` and ``writers`` (and ``hostile`` attackers) for ``seconds``: latencies and
    errors per role; for the attackers, how many answers of each status. A writer's articles
    are new (ids named after ``run``), so a writer's error is anything but 201."""
    latencies: dict[str, list[float]] = collections.defaultdict(list)
    errors: collections.Counter = collections.Counter()
    statuses: collections.Counter = collections.Counter()
    deadline = time.monotonic() + seconds
    written = 0
    text = maximal_text()

    async def timed(role: str, request, ok: tuple[int, ...]) -> None:
        started = time.perf_counter()  # the request (a coroutine) starts when awaited
        try:
            reply = await request
            errors[role] += reply.status_code not in ok
            outcome: int | str = reply.status_code
        except httpx.HTTPError as err:
            errors[role] += 1
            outcome = type(err).__name__
        if role == "hostile":
            statuses[outcome] += 1
        latencies[role].append((time.perf_counter() - started) * 1000)

    async def reader(http: httpx.AsyncClient, n: int) -> None:
        while time.monotonic() < deadline:
            n += 1
            await timed("reader", http.get(base + read_paths[n % len(read_paths)]), (200,))

    async def writer(http: httpx.AsyncClient, n: int) -> None:
        nonlocal written
        while time.monotonic() < deadline:
            written += 1
            body = {"id": f"bench-{run}-{n}-{written}", "date": "2025-06-01",
                    "text": f"Iran accused Israel of sabotage at a plant in Natanz, report {written} of writer {n}."}
            await timed("writer", http.post(base + "/v1/articles", json=body,
                                                    headers={"Authorization": f"Bearer {TOKEN}"}), (201,))
            await asyncio.sleep(0.2)

    async def attacker(http: httpx.AsyncClient, n: int) -> None:
        while time.monotonic() < deadline:
            n += 1
            if n % 2:
                await timed("hostile", http.post(base + "/v1/code", json={"text": text}), (200,))
            else:
                await timed("hostile", http.get(base + HOSTILE_SERIES[n // 2 % 2]), (200,))

    async with httpx.AsyncClient(timeout=120, limits=httpx.Limits(max_connections=readers + writers + hostile)) \
            as http:
        await asyncio.gather(*(reader(http, i) for i in range(readers)), *(writer(http, i) for i in range(writers)),
                             *(attacker(http, i) for i in range(hostile)))
    out = {role: {"requests": len(values), "p50": percentile(values, 0.5), "p99": percentile(values, 0.99),
                  "errors": errors[role]} for role, values in latencies.items()}
    out["statuses"] = dict(statuses)
    return out


def hostile_runs(db: str, args: argparse.Namespace) -> None:
    """Readers and writers alone, then beside hostile clients; one line per role and run."""
    port = free_port()
    server = start_server(db, port, token=TOKEN)
    base = f"http://{HOST}:{port}"
    try:
        warm = httpx.post(base + "/v1/articles", json={"id": "warm", "text": "Iran met Iraq."},
                          headers={"Authorization": f"Bearer {TOKEN}"}, timeout=120)
        assert warm.status_code == 201, warm.text
        assert httpx.post(base + "/v1/code", json={"text": "Iran met Iraq."}, timeout=120).status_code == 200
        print(f"\n{'run':<13} {'role':<8} {'requests':>8} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6}")
        for name, hostile in (("alone", 0), ("under attack", args.hostile_clients)):
            r = asyncio.run(mixed(base, [*EVENTS, *SERIES], args.readers, args.writers, hostile, args.seconds,
                                  run=name))
            for role in ("reader", "writer", "hostile"):
                if role in r:
                    print(f"{name:<13} {role:<8} {r[role]['requests']:>8} {r[role]['p50']:>7.0f} "
                          f"{r[role]['p99']:>7.0f} {r[role]['errors']:>6}")
            if hostile:
                print(f"hostile answers: {r['statuses']}")
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200_000)
    parser.add_argument("--per-article", type=int, default=5)
    parser.add_argument("--clients", default="1,8,32", help="Comma-separated concurrent client counts.")
    parser.add_argument("--requests", type=int, default=200, help="Requests per phase and client count.")
    parser.add_argument("--max-seconds", type=float, default=120, help="Longest a phase may run.")
    parser.add_argument("--hostile", action="store_true",
                        help="Readers and writers alone, then beside hostile clients (instead of the phases).")
    parser.add_argument("--readers", type=int, default=4, help="With --hostile: concurrent readers.")
    parser.add_argument("--writers", type=int, default=1, help="With --hostile: concurrent writers.")
    parser.add_argument("--hostile-clients", type=int, default=8, help="With --hostile: concurrent attackers.")
    parser.add_argument("--seconds", type=float, default=60, help="With --hostile: seconds per run.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "bench.duckdb")
        started = time.perf_counter()
        with open_store(db) as store:
            build(store, args.articles, args.per_article)
            store.con.execute(RECORDS)
            store.con.execute("CHECKPOINT")
            events = store.counts()["events"]
        print(f"store: {events:,} events, {os.path.getsize(db) / 1e6:,.0f} MB, built in "
              f"{time.perf_counter() - started:.0f} s")
        if args.hostile:
            return hostile_runs(db, args)
        port = free_port()
        server = start_server(db, port)
        base = f"http://{HOST}:{port}"
        try:
            first = httpx.get(base + EVENTS[0], timeout=60).json()
            paths = [*EVENTS, EVENTS[0] + "&cursor=" + first["next_cursor"]]  # a second page too
            print(f"\n{'phase':<8} {'clients':>7} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} "
                  f"{'errors':>6}")
            for clients in (int(c) for c in args.clients.split(",")):
                for name, phase_paths in (("events", paths), ("series", list(SERIES))):
                    r = asyncio.run(phase(base, phase_paths, clients, args.requests, args.max_seconds))
                    print(f"{name:<8} {clients:>7} {r['requests']:>8} {r['rps']:>7.1f} {r['p50']:>7.0f} "
                          f"{r['p99']:>7.0f} {r['errors']:>6}")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
