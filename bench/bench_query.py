"""Query latency of the store: ``store.events(...)`` and ``store.dyad(...)`` on a million events.

Builds a synthetic store in a temporary directory with DuckDB SQL (no coding):
``--articles`` articles of ``--per-article`` events each, actors drawn from 40
countries with a news-like skew (the first few countries in most events), six
sectors, twelve event types over 2015-2025, one in ten events hypothetical;
canonical events merged by the store's own rule (same day, actors, CAMEO code and
happened). Then times typical queries ``--repeat`` times each (after one warm-up)
and prints p50/p99 latency in milliseconds and the rows returned.

    python bench/bench_query.py                      # 1,000,000 events
    python bench/bench_query.py --articles 20000     # a quick run (100,000 events)
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time

from eventwire import open_store
from eventwire.store import merge

COUNTRIES = ("USA RUS UKR CHN ISR IRN VEN GBR FRA DEU TUR IND PAK AFG IRQ SYR PRK KOR JPN SAU "
             "EGY NGA ETH SDN COL MEX BRA ARG CUB YEM LBN PSE QAT ARE POL BLR GEO ARM AZE KEN").split()
SECTORS = ("GOV", "MIL", "REB", "OPP", "BUS", "")
TYPES = (  # PLOVER type, CAMEO code, Goldstein, quad class
    ("CONSULT", "040", 1.0, 1), ("AGREE", "057", 8.0, 1), ("SUPPORT", "051", 3.4, 1),
    ("REQUEST", "020", 3.0, 1), ("COOPERATE", "061", 6.4, 2), ("AID", "070", 7.0, 2),
    ("ACCUSE", "112", -2.0, 3), ("THREATEN", "138", -7.0, 3), ("REJECT", "120", -4.0, 3),
    ("PROTEST", "141", -6.5, 4), ("SANCTION", "163", -8.0, 4), ("ASSAULT", "190", -10.0, 4),
)


def values(rows) -> str:
    return ", ".join("(" + ", ".join(repr(v) for v in row) + ")" for row in rows)


def build(store, n_articles: int, per_article: int) -> None:
    """Fill ``store`` with synthetic articles, events and their canonical events."""
    con = store.con
    con.execute("SELECT setseed(0.42)").fetchall()
    con.execute(f"CREATE TEMP TABLE countries AS SELECT * FROM (VALUES {values(enumerate(COUNTRIES))}) t(i, code)")
    con.execute(f"CREATE TEMP TABLE sectors AS SELECT * FROM (VALUES {values(enumerate(SECTORS))}) t(i, code)")
    con.execute(f"CREATE TEMP TABLE types AS SELECT * FROM (VALUES {values((i, *t) for i, t in enumerate(TYPES))}) "
                "t(i, event_type, cameo, goldstein, quad)")
    con.execute(f"""
        INSERT INTO articles BY NAME
        SELECT md5(i::VARCHAR)[:20] AS article_key, i AS seq, 'syn-' || i AS id, 'outlet' || (i % 50) AS source,
               d::VARCHAR AS published, d AS date, 'outlet' || (i % 50) AS outlet, 'synthetic' AS text,
               10 AS sentences, {per_article} AS events, md5(i::VARCHAR)[:20] AS cluster, ''::BLOB AS minhash,
               now()::TIMESTAMP AS ingested_at
        FROM (SELECT i, DATE '2015-01-01' + (random() * 4017)::INT AS d FROM range({n_articles}) r(i))""")
    con.execute(f"""
        CREATE TEMP TABLE draws AS
        SELECT a.article_key, a.id AS doc_id, a.date, j,
               floor(40 * random() ^ 3)::INT AS sc, floor(6 * random())::INT AS ss,
               floor(40 * random() ^ 3)::INT AS tc, floor(6 * random())::INT AS ts,
               floor(12 * random())::INT AS ty, random() < 0.9 AS happened
        FROM articles a, range({per_article}) r(j)""")
    con.execute("""
        INSERT INTO events BY NAME
        SELECT d.article_key, md5(d.article_key || d.j)[:16] AS id, d.doc_id, d.j AS sentence, 1 AS mentions,
               d.date, d.date::VARCHAR AS date_text, 'document' AS date_precision,
               sc.code || ss.code AS source_code, sc.code AS source_country, ss.code AS source_sector,
               tc.code || ts.code AS target_code, tc.code AS target_country, ts.code AS target_sector,
               ty.event_type, ty.cameo, ty.cameo[:2] AS cameo_root, ty.goldstein, ty.quad AS quad_class,
               CASE WHEN d.happened THEN 'asserted' ELSE 'hypothetical' END AS modality, d.happened,
               md5(concat_ws('|', d.date, sc.code || ss.code, tc.code || ts.code, ty.cameo, d.happened))[:16]
                   AS canonical_id,
               '{}' AS record
        FROM draws d JOIN countries sc ON sc.i = d.sc JOIN sectors ss ON ss.i = d.ss
        JOIN countries tc ON tc.i = d.tc JOIN sectors ts ON ts.i = d.ts JOIN types ty ON ty.i = d.ty""")
    every = merge.REFRESH.replace("WHERE e.canonical_id IN (SELECT unnest(?))", "")
    assert every != merge.REFRESH, "merge.REFRESH changed: update the benchmark"
    con.execute(every)
    con.execute("CHECKPOINT")


QUERIES = (
    ("events(actor='VEN')", lambda s: s.events(actor="VEN")),
    ("events(actor='VENGOV', since='2024-01-01')", lambda s: s.events(actor="VENGOV", since="2024-01-01")),
    ("events(dyad='USA:VEN', type='THREATEN')", lambda s: s.events(dyad="USA:VEN", type="THREATEN")),
    ("events(type='ASSAULT', since/until one month)",
     lambda s: s.events(type="ASSAULT", since="2025-06-01", until="2025-06-30")),
    ("events(actor='USA', limit=100)", lambda s: s.events(actor="USA", limit=100)),
    ("events(dyad='RUS:UKR', canonical=True)", lambda s: s.events(dyad="RUS:UKR", canonical=True)),
    ("dyad('USA', 'VEN', by='week')", lambda s: s.dyad("USA", "VEN", by="week")),
    ("dyad('RUS', 'UKR', by='month')", lambda s: s.dyad("RUS", "UKR", by="month")),
    ("dyad('USA', 'CHN', by='day', since='2025-01-01')", lambda s: s.dyad("USA", "CHN", by="day", since="2025-01-01")),
)


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200_000)
    parser.add_argument("--per-article", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bench.duckdb")
        started = time.perf_counter()
        with open_store(path) as store:
            build(store, args.articles, args.per_article)
            counts = store.counts()
        built = time.perf_counter() - started
        print(f"store: {counts['articles']:,} articles, {counts['events']:,} events, "
              f"{counts['canonical_events']:,} canonical events, {os.path.getsize(path) / 1e6:,.0f} MB, "
              f"built in {built:.1f} s")
        with open_store(path, read_only=True) as store:
            print(f"\n{'query':<52} {'rows':>9} {'p50 ms':>8} {'p99 ms':>8}")
            for name, query in QUERIES:
                rows = len(query(store))  # warm-up
                samples = []
                for _ in range(args.repeat):
                    t = time.perf_counter()
                    query(store)
                    samples.append((time.perf_counter() - t) * 1000)
                print(f"{name:<52} {rows:>9,} {statistics.median(samples):>8.1f} {percentile(samples, 0.99):>8.1f}")


if __name__ == "__main__":
    main()
