"""End-to-end ingest throughput and memory, next to bare spaCy on the same text with as many processes.

For each corpus it measures, in one run:

* ``read``: :func:`eventwire.readers.read_articles` alone (articles/s of reading);
* ``spaCy``: bare ``nlp.pipe`` over the same texts, in a pool of ``--workers`` processes
  fed the same batches (the floor: what parsing alone costs on these cores);
* ``ingest xK``: ``read_articles`` -> runner (``--workers`` Dask worker processes, or a
  local process pool with ``--runner local``) -> ``Store.ingest`` into a fresh DuckDB file,
  over the corpus repeated K times with new ids (so every copy is coded and stored).

Pools are started and warmed up (models loaded) before timing; the start-up is shown
apart. Peak memory is the largest sum of the resident sizes of this process and all its
children, sampled every 0.1 s during the step. ``ratio`` is ingest sentences/s over bare
spaCy sentences/s (sentences counted by spaCy on the full text in both rows); ``CPU ratio``
compares the CPU seconds all processes spend per sentence, which a busy machine disturbs
less than the wall clock.

    python bench/bench_ingest.py                        # voa x1 and x10, ngec x1, 2 workers
    python bench/bench_ingest.py voa:1 --limit 20       # quick look
    python bench/bench_ingest.py ngec:1 --runner local --workers 2 --profile
"""

from __future__ import annotations

import argparse
import concurrent.futures
import cProfile
import dataclasses
import functools
import multiprocessing
import os
import pstats
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil

from eventwire import runners
from eventwire.errors import InputError
from eventwire.readers import CsvColumns, read_articles
from eventwire.records import Article
from eventwire.store import open_store

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("EVENTWIRE_SHARED_DATA") or REPO / ".." / "shared" / "data")
CORPORA = {
    "voa": (SHARED / "voa" / "voa_stories.jsonl", None),
    "ngec": (SHARED / "train" / "ngec_synthetic_plover_stories.csv",
             CsvColumns(text="text", title="title", source="source")),
}


class Tree:
    """Watches this process and all its children while the ``with`` block runs: the peak of their
    summed resident sizes, and (after :meth:`mark`) the CPU seconds they spend, sampled every 0.1 s."""

    def __init__(self, interval: float = 0.1):
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._cpu: dict[int, float] = {}
        self._base: dict[int, float] | None = None
        self._lock = threading.Lock()

    def _sample(self) -> None:
        me = psutil.Process()
        total = 0
        for proc in [me, *me.children(recursive=True)]:
            try:
                with proc.oneshot():
                    total += proc.memory_info().rss
                    times = proc.cpu_times()
            except psutil.Error:
                continue
            with self._lock:
                self._cpu[proc.pid] = times.user + times.system
        self.peak = max(self.peak, total)

    def _watch(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def mark(self) -> None:
        """Start counting CPU seconds from now."""
        self._sample()
        with self._lock:
            self._base = dict(self._cpu)

    def cpu(self) -> float:
        """CPU seconds of the whole tree since :meth:`mark` (processes started later count in full)."""
        self._sample()
        with self._lock:
            return sum(now - (self._base or {}).get(pid, 0.0) for pid, now in self._cpu.items())

    def __enter__(self) -> Tree:
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()


@dataclasses.dataclass
class Row:
    step: str
    articles: int = 0
    sentences: int = 0
    events: int = 0
    startup: float = 0.0
    seconds: float = 0.0
    peak_mb: float = 0.0
    errors: int = 0
    main_cpu: float = 0.0  # CPU seconds of this (the main) process during the timed part
    tree_cpu: float = 0.0  # CPU seconds of this process and its children during the timed part

    def rate(self, n: int) -> str:
        return f"{n / self.seconds:,.1f}" if self.seconds and n else ""


def articles(path: Path, columns: CsvColumns | None, limit: int | None, copies: int = 1,
             errors: list | None = None) -> Iterator[Article | InputError]:
    """The corpus, ``copies`` times (ids suffixed ``~2``, ``~3``... after the first), at most ``limit`` per copy."""
    for copy in range(1, copies + 1):
        count = 0
        for item in read_articles([str(path)], csv_columns=columns):
            if isinstance(item, InputError):
                if errors is not None and copy == 1:
                    errors.append(item)
                yield item
                continue
            if limit is not None and count >= limit:
                break
            count += 1
            if copy > 1:
                item = dataclasses.replace(item, id=f"{item.id}~{copy}")
            yield item


def batches(items, size: int):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


# -- bare spaCy in a pool of processes ------------------------------------------------------

def _load_nlp() -> None:
    from eventwire.nlp import load

    load()


def _count_sentences(texts: list[str]) -> int:
    from eventwire.nlp import load

    return sum(sum(1 for _ in doc.sents) for doc in load().pipe(texts, batch_size=len(texts)))


def bare_spacy(texts: list[str], workers: int, batch_size: int) -> Row:
    """Sentences/s of ``nlp.pipe`` over ``texts`` in ``workers`` processes fed batches as the runner is."""
    row = Row(f"spaCy nlp.pipe, {workers} proc", articles=len(texts))
    with Tree() as tree:
        start = time.perf_counter()
        pool = concurrent.futures.ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                                      initializer=_load_nlp)
        list(pool.map(_count_sentences, [["Warm up."]] * (2 * workers)))
        row.startup = time.perf_counter() - start
        tree.mark()
        start = time.perf_counter()
        counts = runners._ordered(lambda b: pool.submit(_count_sentences, b),  # the runners' scheme
                                      lambda future: [future.result()], batches(texts, batch_size),
                                      runners.IN_FLIGHT_PER_WORKER * workers, runners.PIECE)
        row.sentences = sum(sum(batch) for batch in counts)
        row.seconds = time.perf_counter() - start
        row.tree_cpu = tree.cpu()
        pool.shutdown()
    row.peak_mb = tree.peak / 2**20
    return row


# -- eventwire -------------------------------------------------------------------------------

# Coding one event with a place also builds what the Coder loads lazily (the gazetteer).
WARM_TEXT = "Iran and the United States held talks in Oman on Saturday."


def _warm_coder() -> None:
    runners.code_batch([Article(id="warm", text=WARM_TEXT, published="2025-04-12")])


def make_runner(kind: str, workers: int):
    """A started and warmed-up runner (each process has built its Coder)."""
    if kind == "dask":
        import logging

        runner = runners.DaskRunner(n_workers=workers, threads_per_worker=1, silence_logs=logging.ERROR)
        runner.client.run(_warm_coder)
        return runner
    runner = runners.LocalRunner(n_process=workers)
    warm = [Article(id=f"warm{i}", text=WARM_TEXT, published="2025-04-12") for i in range(2 * workers)]
    list(runner.map([[a] for a in warm]))  # a warm-up batch per slot: every process builds its Coder
    return runner


def ingest(items: Callable[[], Iterator], runner_kind: str, workers: int, batch_size: int, step: str,
           profile: bool) -> Row:
    row = Row(step)
    with tempfile.TemporaryDirectory() as tmp, Tree() as tree:
        start = time.perf_counter()
        runner = make_runner(runner_kind, workers)
        row.startup = time.perf_counter() - start
        try:
            with open_store(Path(tmp) / "bench.duckdb") as store:
                profiler = cProfile.Profile() if profile else None
                tree.mark()
                start, cpu = time.perf_counter(), time.process_time()
                if profiler:
                    profiler.enable()
                summary = store.ingest(items(), runner=runner, batch_size=batch_size)
                if profiler:
                    profiler.disable()
                row.seconds = time.perf_counter() - start
                row.main_cpu = time.process_time() - cpu
                row.tree_cpu = tree.cpu()
        finally:
            runner.close()
    row.articles, row.events, row.errors = summary.articles, summary.events, summary.failed
    row.sentences = summary.sentences
    row.peak_mb = tree.peak / 2**20
    if profiler:
        print(f"\n--- where the main process spends its time ({step}) ---", file=sys.stderr)
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
    return row


def read_only(path: Path, columns: CsvColumns | None, limit: int | None) -> tuple[Row, list[str]]:
    row = Row("read (read_articles)")
    errors: list[InputError] = []
    with Tree() as tree:
        start = time.perf_counter()
        texts = [a.text for a in articles(path, columns, limit, errors=errors) if isinstance(a, Article)]
        row.seconds = time.perf_counter() - start
    row.articles, row.errors, row.peak_mb = len(texts), len(errors), tree.peak / 2**20
    return row, texts


COLUMNS = (("step", 28), ("articles", 8), ("sentences", 9), ("events", 6), ("start-up s", 10), ("seconds", 8),
           ("articles/s", 10), ("sentences/s", 11), ("events/s", 8), ("ratio", 5), ("CPU s", 7),
           ("CPU ratio", 9), ("main CPU s", 10), ("peak RSS MB", 11), ("errors", 6))


def print_row(row: Row | None, floor: Row | None) -> None:
    """One line of the table (the header for None), printed at once so a long run shows progress.
    ``ratio``: sentences/s over bare spaCy's; ``CPU ratio``: bare spaCy's CPU seconds per sentence
    over the step's (all processes), which a busy machine disturbs less than the wall clock."""
    if row is None:
        cells = [name for name, _ in COLUMNS]
    else:
        ingesting = row.step.startswith("ingest") and floor is not None
        speed = (row.sentences / row.seconds) / (floor.sentences / floor.seconds) if ingesting else None
        cpu = ((floor.tree_cpu / floor.sentences) / (row.tree_cpu / row.sentences)
               if ingesting and row.tree_cpu else None)
        cells = [row.step, f"{row.articles:,}", f"{row.sentences:,}" if row.sentences else "",
                 f"{row.events:,}" if row.events else "", f"{row.startup:.1f}" if row.startup else "",
                 f"{row.seconds:.2f}", row.rate(row.articles), row.rate(row.sentences), row.rate(row.events),
                 f"{speed:.0%}" if speed else "", f"{row.tree_cpu:.1f}" if row.tree_cpu else "",
                 f"{cpu:.0%}" if cpu else "", f"{row.main_cpu:.1f}" if row.main_cpu else "",
                 f"{row.peak_mb:,.0f}", str(row.errors)]
    print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, (_, w)) in enumerate(zip(cells, COLUMNS))),
          flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpora", nargs="*", default=["voa:1,10", "ngec:1"],
                        help=f"NAME:SCALES, e.g. voa:1,10 (names: {', '.join(CORPORA)})")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runner", choices=("dask", "local"), default="dask")
    parser.add_argument("--batch-size", type=int, default=32, help="articles per store transaction")
    parser.add_argument("--limit", type=int, help="at most this many articles of each corpus (per copy)")
    parser.add_argument("--profile", action="store_true", help="profile the main process during ingest")
    args = parser.parse_args(argv)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} CPUs (load average before: {load}), {args.workers} workers ({args.runner}), "
          f"batches of {args.batch_size}")
    for spec in args.corpora:
        name, _, scales = spec.partition(":")
        path, columns = CORPORA[name]
        if not path.is_file():
            sys.exit(f"{path} not found (set EVENTWIRE_SHARED_DATA)")
        print(f"\n{name}: {path.name}" + (f" (first {args.limit})" if args.limit else ""))
        print_row(None, None)
        read_row, texts = read_only(path, columns, args.limit)
        print_row(read_row, None)
        floor = bare_spacy(texts, args.workers, args.batch_size)
        print_row(floor, None)
        for scale in (int(s) for s in (scales or "1").split(",")):
            copies = functools.partial(articles, path, columns, args.limit, copies=scale)
            row = ingest(copies, args.runner, args.workers,
                         args.batch_size, f"ingest x{scale}, {args.workers} {args.runner} workers", args.profile)
            # counted by spaCy on the full text, as the floor's (ingest's own count skips repeated paragraphs)
            row.sentences = floor.sentences * scale
            print_row(row, floor)

if __name__ == "__main__":
    main()
