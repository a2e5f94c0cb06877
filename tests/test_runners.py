"""A real Dask LocalCluster (two worker processes) codes and stores exactly what the in-process run does."""

from __future__ import annotations

import json
import logging

import pytest

from eventwire import runners
from eventwire.runners import DaskRunner, LocalRunner
from eventwire.readers import read_articles
from eventwire.records import Article
from eventwire.store import open_store

STORIES = [
    ("venezuela", "2025-12-01", "US President Donald Trump issued an ultimatum to Venezuelan leader Nicolás Maduro. "
     "Maduro rejected the demand, according to sources quoted by the Miami Herald."),
    ("kharkiv", "2024-05-06", "Russian troops attacked Ukrainian positions near Kharkiv on Monday. "
     "Ukraine accused Russia of shelling civilians."),
    ("oman", "2025-04-12", "Iran and the United States held talks in Oman on Saturday. "
     "The Iranian foreign minister said the talks were constructive."),
    ("empty", "2025-01-01", "   "),
    ("kenya", "2024-06-25", "Kenyan police fired tear gas at protesters in Nairobi. "
     "The opposition leader condemned the government."),
    ("un", "2023-03-01", "The UN Secretary-General urged both sides to return to negotiations. "
     "China offered to mediate between Russia and Ukraine."),
    ("israel", "2024-04-14", "Iran launched drones and missiles at Israel overnight. "
     "Israel vowed to retaliate, the prime minister's office said."),
]


def articles() -> list[Article]:
    return [Article(id=i, text=t, published=d) for i, d, t in STORIES]


def batches(items, size=2):
    return [items[i:i + size] for i in range(0, len(items), size)]


def as_records(results):
    return [(r.article.id, r.article.text, r.sentences, [e.to_dict() for e in r.events],
             str(r.error) if r.error else None) for batch in results for r in batch]


@pytest.fixture(autouse=True)
def in_process_coder(coder, monkeypatch):
    """The in-process runs use the session's Coder instead of building a second one."""
    monkeypatch.setattr(runners, "_coder", coder)


@pytest.fixture(scope="module")
def dask_runner():
    runner = DaskRunner(n_workers=2, threads_per_worker=1, processes=True, silence_logs=logging.ERROR)
    yield runner
    runner.close()


def test_cluster_has_two_single_threaded_worker_processes(dask_runner):
    assert sorted(dask_runner.client.nthreads().values()) == [1, 1]


def test_local_workers_run_without_the_sampling_profiler(dask_runner):
    import dask

    enabled = dask_runner.client.run(lambda: dask.config.get("distributed.worker.profile.enabled"))
    assert list(enabled.values()) == [False, False]
    assert dask.config.get("distributed.worker.profile.enabled")  # the caller's own config is left alone


def test_dask_codes_the_same_events_as_in_process(dask_runner):
    with LocalRunner() as local:
        expected = as_records(local.map(batches(articles())))
    got = as_records(dask_runner.map(batches(articles())))
    assert [r[0] for r in got] == [i for i, _, _ in STORIES]  # input order kept
    assert sum(len(r[3]) for r in expected) >= 5  # the comparison is over real events
    assert [r[4] for r in expected if r[4]] == ["empty: empty text: nothing to code"]
    assert got == expected


def test_store_rows_are_the_same_with_dask(dask_runner, tmp_path):
    source = tmp_path / "wire.jsonl"
    lines = [json.dumps({"id": i, "text": t, "date": d}) for i, d, t in STORIES]
    lines.insert(3, '{"id": "broken", "text": ')  # a read error among them
    source.write_text("\n".join(lines) + "\n" + lines[1] + "\n", encoding="utf-8")  # and a repeat

    def stored(path, runner):
        with open_store(path) as store:
            summary = store.ingest(read_articles([str(source)]), runner=runner, batch_size=2)
            tables = {}
            for table in ("articles", "events", "actors", "canonical_events", "near_duplicates", "errors"):
                frame = store.sql(f"SELECT * FROM {table}")
                frame = frame.drop(columns=[c for c in ("ingested_at", "first_ingested_at", "time", "minhash")
                                            if c in frame.columns])
                tables[table] = frame.sort_values(list(frame.columns[:2])).reset_index(drop=True)
        return summary, tables

    local_summary, local = stored(tmp_path / "local.duckdb", None)
    dask_summary, dist = stored(tmp_path / "dask.duckdb", dask_runner)
    assert (local_summary.articles, local_summary.skipped, local_summary.failed) == (6, 1, 2)
    assert (dask_summary.articles, dask_summary.events) == (local_summary.articles, local_summary.events)
    assert len(local["events"]) == local_summary.events > 0
    for table in local:
        assert dist[table].equals(local[table]), table
