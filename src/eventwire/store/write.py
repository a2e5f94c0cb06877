"""Coding articles into the store, one transaction per batch, so a run can stop anywhere and resume.

An article is known by :func:`rows.article_key` (a hash of its id and text).
Articles already stored are skipped before coding; each batch's articles,
events, actors, attribution relations, links, canonical events and errors are
written in one transaction, so after a crash (Ctrl-C, kill -9, power loss) the store holds
whole batches only, and a rerun codes exactly what is missing. Inputs that
cannot be read or coded go to the ``errors`` table (once per file, line and
reason) and the run goes on.

>>> import tempfile, os
>>> from eventwire.errors import InputError
>>> from eventwire.records import Article
>>> from eventwire.store import open_store
>>> items = [Article(id="a", text="Russian troops attacked Ukrainian positions.", published="2024-05-01"),
...          InputError("not valid JSON", "feed.jsonl:7")]
>>> with open_store(os.path.join(tempfile.mkdtemp(), "e.duckdb")) as store:
...     first, again = store.ingest(items), store.ingest(items)
>>> (first.articles, first.events, first.failed), (again.articles, again.skipped, again.failed)
((1, 1, 1), (0, 1, 1))
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import re
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import duckdb
import pandas as pd

from ..dates import first_day
from ..errors import InputError
from ..records import Article, CodedArticle, check_article
from ..runners import LocalRunner
from . import dedup, merge
from .errors import StoreError, describe
from .rows import actor_rows, article_key, attribution_row, event_row, outlet, sentence_rows

WHERE_LINE = re.compile(r"^(.*):(\d+)$")
KEPT_ERRORS = 1000  # errors a summary lists; every one is in the errors table


@dataclasses.dataclass
class IngestSummary:
    """What a run did: articles stored, skipped (already there), failed; events and sentences coded;
    ``errors``: the first ``KEPT_ERRORS`` errors of the run, ``batch_errors``: those of the last batch."""

    articles: int = 0
    skipped: int = 0
    failed: int = 0
    events: int = 0
    sentences: int = 0
    batches: int = 0
    seconds: float = 0.0
    errors: list[InputError] = dataclasses.field(default_factory=list)
    batch_errors: list[InputError] = dataclasses.field(default_factory=list)

    def as_dict(self) -> dict[str, int | float]:
        """The counts, for a log line (errors counted, not listed)."""
        out = dataclasses.asdict(self)
        out.pop("errors")
        out.pop("batch_errors")
        out["seconds"] = round(self.seconds, 3)
        return out


@dataclasses.dataclass
class _Pending:
    """One batch on its way: the articles to code (with their keys) and the read errors met meanwhile."""

    articles: list[Article] = dataclasses.field(default_factory=list)
    keys: list[str] = dataclasses.field(default_factory=list)
    errors: list[InputError] = dataclasses.field(default_factory=list)
    skipped: int = 0


def ingest(con: duckdb.DuckDBPyConnection, path: str, items: Iterable[Article | InputError], runner=None,
           batch_size: int = 32, store_sentences: bool = False,
           on_batch: Callable[[IngestSummary], None] | None = None) -> IngestSummary:
    """Code the new articles among ``items`` with ``runner`` (in this process when None) and store
    them in the store ``path`` open on ``con``.

    Returns the run's :class:`IngestSummary`; ``on_batch(summary)`` is called after each
    committed batch. A store error (disk full, ...) raises ``StoreError`` after rolling back
    the batch being written: the batches before it stay stored.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    summary = IngestSummary()
    started = time.perf_counter()
    own_runner = runner is None
    runner = LocalRunner() if own_runner else runner
    pending: collections.deque[_Pending] = collections.deque()

    def to_code() -> Iterator[list[Article]]:
        for batch in _batches(con, items, batch_size):
            pending.append(batch)
            yield batch.articles

    try:
        for results in runner.map(to_code()):
            batch = pending.popleft()
            _write(con, path, batch, results, summary, store_sentences)
            summary.batches += 1
            summary.seconds = time.perf_counter() - started
            if on_batch is not None:
                on_batch(summary)
    finally:
        if own_runner:
            runner.close()
    summary.seconds = time.perf_counter() - started
    return summary


def add_articles(con: duckdb.DuckDBPyConnection, path: str, items: list[Article | InputError],
                 runner: LocalRunner | None = None) -> list[dict[str, Any]]:
    """Code and store ``items`` (an InputError stands for an item that could not be read), one
    result per item, in order: ``index``, ``doc_id``, ``id`` (the article key), ``status``
    (``stored``, ``already stored`` or ``error``) and ``events`` or ``error`` (the reason).
    A second copy of an article in ``items`` is ``already stored``."""
    results: list[dict[str, Any]] = []
    articles = []
    for index, item in enumerate(items):
        if not isinstance(item, InputError):
            item = _refusal(item) or item
        if isinstance(item, InputError):
            results.append({"index": index, "doc_id": None, "id": None, "status": "error", "error": str(item)})
        else:
            articles.append(item)
            results.append({"index": index, "doc_id": item.id, "id": article_key(item), "status": None})
    keys = [r["id"] for r in results if r["id"]]
    known = set(stored_events(con, keys))
    summary = ingest(con, path, articles, runner=runner) if articles else None
    stored = stored_events(con, keys)
    reasons = {err.where: err.reason for err in summary.errors} if summary else {}
    for result in results:
        if result["status"] == "error":
            continue
        if result["id"] in known:
            result.update(status="already stored", events=stored[result["id"]])
        elif result["id"] in stored:
            result.update(status="stored", events=stored[result["id"]])
            known.add(result["id"])  # a second copy among the items is then "already stored"
        else:
            result.update(status="error", id=None, error=reasons.get(result["doc_id"], "could not be coded"))
    return results


def stored_events(con: duckdb.DuckDBPyConnection, keys: list[str]) -> dict[str, int]:
    """Article key -> its events, for those of ``keys`` in the store."""
    if not keys:
        return {}
    rows = con.execute("SELECT article_key, events FROM articles WHERE list_contains(?, article_key)",
                       [keys]).fetchall()
    return {key: int(events) for key, events in rows}


def _refusal(article: Article) -> InputError | None:
    """The InputError of an Article that cannot be coded (:func:`records.check_article`), checked
    before it is hashed into its key; None when it can be."""
    try:
        check_article(article)
    except InputError as err:
        return err
    return None


def _batches(con: duckdb.DuckDBPyConnection, items: Iterable[Article | InputError],
             batch_size: int) -> Iterator[_Pending]:
    """Batches of up to ``batch_size`` articles not yet stored, with the errors read beside them."""
    batch = _Pending()
    chunk: list[tuple[str, Article]] = []

    def flush_chunk() -> None:
        known = known_keys(con, [key for key, _ in chunk])
        for key, article in chunk:
            if key in known or key in batch.keys:
                batch.skipped += 1
            else:
                batch.keys.append(key)
                batch.articles.append(article)
        chunk.clear()

    for item in items:
        if not isinstance(item, InputError):
            item = _refusal(item) or item
        if isinstance(item, InputError):
            batch.errors.append(item)
            continue
        chunk.append((article_key(item), item))
        if len(chunk) >= batch_size:
            flush_chunk()
            if len(batch.articles) >= batch_size:
                yield batch
                batch = _Pending()
    flush_chunk()
    if batch.articles or batch.errors or batch.skipped:
        yield batch


def known_keys(con: duckdb.DuckDBPyConnection, keys: list[str]) -> set[str]:
    """Those of the article ``keys`` already stored."""
    if not keys:
        return set()
    rows = con.execute("SELECT article_key FROM articles WHERE article_key IN (SELECT unnest(?))",
                             [keys]).fetchall()
    return {key for (key,) in rows}


def _write(con: duckdb.DuckDBPyConnection, path: str, batch: _Pending, results: list[CodedArticle],
           summary: IngestSummary, store_sentences: bool) -> None:
    """Store one coded batch in one transaction (or nothing of it, raising StoreError)."""
    errors = list(batch.errors)
    coded = []
    for key, result in zip(batch.keys, results):
        if result.error is not None:
            errors.append(result.error)
        else:
            coded.append((key, result))
    signatures = {key: dedup.signature(result.article.text) for key, result in coded}
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    try:
        con.execute("BEGIN TRANSACTION")
        known = known_keys(con, [key for key, _ in coded])  # stored by an earlier batch of this run
        fresh = [(key, result) for key, result in coded if key not in known]
        tables = _rows(con, fresh, signatures, now, store_sentences)
        for table, rows in tables.items():
            _insert(con, table, rows)
        _insert(con, "errors", [_error_row(err, now) for err in errors], unique=("file", "line", "reason"))
        merge.refresh(con, {row["canonical_id"] for row in tables["events"]})
        con.execute("COMMIT")
    except (duckdb.Error, OSError) as err:
        try:
            con.execute("ROLLBACK")
        except duckdb.Error:
            pass
        raise StoreError(describe(path, err)) from None
    summary.articles += len(fresh)
    summary.skipped += batch.skipped + len(coded) - len(fresh)
    summary.failed += len(errors)
    summary.errors.extend(errors[:max(KEPT_ERRORS - len(summary.errors), 0)])
    summary.batch_errors = errors
    summary.events += len(tables["events"])
    summary.sentences += sum(result.sentences for _, result in fresh)


def _rows(con: duckdb.DuckDBPyConnection, fresh, signatures, now: dt.datetime,
          store_sentences: bool) -> dict[str, list[dict]]:
    """The rows of every table for the batch's new articles, in storing order."""
    [(next_seq,)] = con.execute("SELECT coalesce(max(seq) + 1, 0) FROM articles").fetchall()
    seqs = {key: next_seq + i for i, (key, _) in enumerate(fresh)}
    linked = dedup.link_batch(con, [(key, seqs[key], signatures[key]) for key, _ in fresh])
    tables: dict[str, list[dict]] = {t: [] for t in
                                     ("articles", "article_bands", "near_duplicates", "events", "actors", "sentences",
                                      "attributions")}
    to_merge = []
    for (key, result), link in zip(fresh, linked):
        article = result.article
        events = [event_row(event, key) for event in result.events]
        to_merge.append((key, link.cluster, events))
        tables["articles"].append({
            "article_key": key, "seq": seqs[key], "id": article.id, "title": article.title, "url": article.url,
            "source": article.source, "published": article.published, "date": first_day(article.published),
            "outlet": outlet(article), "text": article.text, "sentences": result.sentences,
            "events": len(events), "cluster": link.cluster, "minhash": signatures[key].tobytes(),
            "ingested_at": now})
        tables["article_bands"] += [{"band": band, "hash": h, "article_key": key}
                                    for band, h in dedup.bands(signatures[key])]
        tables["near_duplicates"] += [{"article_key": key, "duplicate_of": other, "similarity": sim}
                                      for other, sim in link.links]
        tables["events"] += events
        for event in result.events:
            tables["actors"] += actor_rows(event, key)
        tables["attributions"] += [attribution_row(relation, key) for relation in result.attributions]
        if store_sentences:
            tables["sentences"] += sentence_rows(result.events, key)
    merge.assign(con, to_merge)
    return tables


def _error_row(err: InputError, now: dt.datetime) -> dict:
    """``errors`` row of an InputError: ``where`` split into file and line when it ends in ``:LINE``."""
    where = err.where or ""
    match = WHERE_LINE.match(where)
    file, line = (match.group(1), int(match.group(2))) if match else (where, None)
    return {"file": file, "line": line, "reason": err.reason, "time": now}


_COLUMNS: dict[str, list[str]] = {}


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict], unique: tuple[str, ...] = ()) -> None:
    """Bulk-insert ``rows`` (dicts; keys not in the table are ignored); with ``unique``, rows
    whose values of those columns are already in the table are left out."""
    if not rows:
        return
    if table not in _COLUMNS:
        _COLUMNS[table] = [name for (name, *_rest) in con.execute(f"DESCRIBE {table}").fetchall()]
    frame = pd.DataFrame.from_records(rows, columns=_COLUMNS[table])
    con.register("_batch_rows", frame)
    try:
        query = f"INSERT INTO {table} BY NAME SELECT * FROM _batch_rows"
        if unique:
            same = " AND ".join(f"t.{c} IS NOT DISTINCT FROM r.{c}" for c in unique)
            query = (f"INSERT INTO {table} BY NAME SELECT DISTINCT ON ({', '.join(unique)}) * FROM _batch_rows r "
                     f"WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE {same})")
        con.execute(query)
    finally:
        con.unregister("_batch_rows")
