"""Coding batches of articles in-process, on a pool of local processes, or on a Dask cluster.

:func:`code_batch` is the one per-document function: it turns a list of
Articles into a list of :class:`CodedArticle` (the article as stored, its
events and attribution relations, its sentence count, or the error that kept it
from being coded; plain picklable records, as a pool process or a Dask worker
sends them back). A
runner only decides *where* it runs: :class:`LocalRunner` in this process or in
``n_process`` spawned processes, :class:`DaskRunner` on Dask workers. Each
process builds one Coder, the first time it needs one. Runners send each batch
to the workers in pieces of a few articles (every worker shares every batch),
yield results in input order and keep only a few pieces queued, so memory stays flat
however long the corpus is.

>>> from eventwire.records import Article
>>> batch = [Article(id="a", text="Russian troops attacked Ukrainian positions.", published="2024-05-01"),
...          Article(id="b", text="   ")]
>>> with LocalRunner() as runner:
...     [good, bad] = next(runner.map([batch]))
>>> [e.event_type for e in good.events], good.sentences, good.error
(['ASSAULT'], 1, None)
>>> bad.events, str(bad.error)
([], 'b: empty text: nothing to code')
"""

from __future__ import annotations

import collections
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from .records import Article, CodedArticle

IN_FLIGHT_PER_WORKER = 2  # pieces queued per worker: enough to keep it busy, few enough to keep memory flat
PIECE = 4  # articles per task sent to a worker: small, so that no worker idles at the end of a batch


_coder = None
_coder_lock = threading.Lock()


def _get_coder():
    """This process's Coder, built on first use (a Dask worker or pool process keeps it)."""
    global _coder
    if _coder is None:
        from .pipeline import Coder

        _coder = Coder()
    return _coder


def code_batch(articles: list[Article]) -> list[CodedArticle]:
    """Code ``articles`` with this process's Coder: one :class:`CodedArticle` per article, in order
    (a bad article carries its ``error``; the others are coded all the same)."""
    with _coder_lock:  # one Coder per process: threads of a Dask worker take turns
        return list(_get_coder().code_all(articles, batch_size=max(len(articles), 1)))


def _ordered(submit: Callable[[list[Article]], Any], result: Callable[[Any], list[CodedArticle]],
             batches: Iterable[list[Article]], in_flight: int, piece: int) -> Iterator[list[CodedArticle]]:
    """Submit each batch in pieces of at most ``piece`` articles, so that every worker takes part in
    every batch, and yield each batch's results, whole and in input order. The oldest batch is
    waited for only once ``in_flight`` pieces are queued behind it: the workers keep busy while
    the caller stores a batch, and memory stays bounded.

    >>> done = _ordered(lambda b: [len(b)], lambda f: f, [[1, 2, 3], [], [4]], in_flight=2, piece=2)
    >>> list(done)
    [[2, 1], [], [1]]
    """
    pending: collections.deque[list[Any]] = collections.deque()
    queued = 0
    for batch in batches:
        futures = [submit(batch[i:i + piece]) for i in range(0, len(batch), piece)]
        pending.append(futures)
        queued += len(futures)
        while pending and queued - len(pending[0]) >= in_flight:
            oldest = pending.popleft()
            queued -= len(oldest)
            yield [item for future in oldest for item in result(future)]
    while pending:
        yield [item for future in pending.popleft() for item in result(future)]


class _Runner:
    """Context-manager plumbing shared by the runners."""

    def close(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class LocalRunner(_Runner):
    """Runs :func:`code_batch` in this process (``n_process=1``) or in a pool of spawned processes.

    >>> LocalRunner(n_process=2).n_process
    2
    """

    def __init__(self, n_process: int = 1):
        if n_process < 1:
            raise ValueError(f"n_process must be at least 1, not {n_process}")
        self.n_process = n_process
        self._pool: ProcessPoolExecutor | None = None

    def map(self, batches: Iterable[list[Article]]) -> Iterator[list[CodedArticle]]:
        """Results of each batch, in input order."""
        if self.n_process == 1:
            return map(code_batch, batches)
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.n_process, mp_context=multiprocessing.get_context("spawn"))
        pool = self._pool
        return _ordered(lambda batch: pool.submit(code_batch, batch), Future.result, batches,
                        IN_FLIGHT_PER_WORKER * self.n_process, PIECE)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


class DaskRunner(_Runner):
    """Runs :func:`code_batch` on Dask workers: a scheduler at ``address`` (``tcp://host:8786``),
    or a new local cluster of ``n_workers`` single-threaded worker processes. Every worker needs
    the same version of eventwire installed. ``cluster_options`` go to ``LocalCluster``.

    >>> DaskRunner(address="tcp://a:1", n_workers=2)
    Traceback (most recent call last):
    ...
    ValueError: give a scheduler address or a number of local workers, not both
    """

    def __init__(self, address: str | None = None, n_workers: int | None = None, **cluster_options: Any):
        if address is not None and n_workers is not None:
            raise ValueError("give a scheduler address or a number of local workers, not both")
        from distributed import Client, LocalCluster

        self._cluster = None
        if address is None:
            import dask

            options = {"n_workers": n_workers or os.cpu_count() or 1, "threads_per_worker": 1,
                       "dashboard_address": None, **cluster_options}
            # the workers' sampling profiler walks the coding thread's stack every 10 ms: 5-10% of the CPU
            with dask.config.set({"distributed.worker.profile.enabled": False}):
                self._cluster = LocalCluster(**options)
            self.client = Client(self._cluster)
        else:
            self.client = Client(address)

    def _slots(self) -> int:
        return max(sum(self.client.nthreads().values()), 1)

    def map(self, batches: Iterable[list[Article]]) -> Iterator[list[CodedArticle]]:
        """Results of each batch, in input order."""
        def submit(batch: list[Article]):
            return self.client.submit(code_batch, batch, pure=False)

        def result(future) -> list[CodedArticle]:
            try:
                return future.result()
            finally:
                future.release()

        return _ordered(submit, result, batches, IN_FLIGHT_PER_WORKER * self._slots(), PIECE)

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()


class Busy(RuntimeError):
    """Every worker of a :class:`BoundedRunner` is busy and its queue is full (or the wait ran out)."""


class TimedOut(RuntimeError):
    """A batch took longer than a :class:`BoundedRunner`'s timeout; its worker was stopped."""


def _serve_batches(conn) -> None:
    """A :class:`BoundedRunner` worker: build the Coder, say ``ready``, then code each batch received."""
    _get_coder()
    conn.send("ready")
    while True:
        try:
            batch = conn.recv()
        except EOFError:
            return
        try:
            conn.send(("ok", code_batch(batch)))
        except Exception as err:  # a bug, not bad input: the caller logs it
            conn.send(("failed", f"{type(err).__name__}: {err}"))


class _Worker:
    """One spawned worker process and its end of the pipe, started on first use, stopped on timeout."""

    def __init__(self, start_timeout: float):
        self.start_timeout = start_timeout
        self.process: Any = None
        self.conn: Any = None

    def code(self, batch: list[Article], timeout: float) -> list[CodedArticle]:
        if self.process is None or not self.process.is_alive():
            self._start()
        self.conn.send(batch)
        if not self.conn.poll(timeout):
            self.stop()
            raise TimedOut(f"coding took longer than {timeout:g} s")
        try:
            status, answer = self.conn.recv()
        except EOFError:  # the process died (killed, out of memory)
            self.stop()
            raise Busy("the coding worker stopped; it is restarting") from None
        if status != "ok":
            raise RuntimeError(answer)
        return answer

    def _start(self) -> None:
        self.stop()
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve_batches, args=(child,), daemon=True, name="eventwire-coder")
        self.process.start()
        child.close()
        try:
            ready = self.conn.poll(self.start_timeout) and self.conn.recv() == "ready"
        except EOFError:
            ready = False
        if not ready:
            self.stop()
            raise Busy("the coding worker could not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.join()
            self.conn.close()
        self.process = self.conn = None


class BoundedRunner(_Runner):
    """Codes batches for a public service without letting one caller hold everyone else up:
    ``workers`` spawned processes (each its own Coder, so nothing in this process waits on
    them), at most ``queue`` batches waiting for one, and each batch coded within ``timeout``
    seconds. Beyond the queue, or after waiting ``timeout`` seconds for a worker, :class:`Busy`;
    past the timeout, :class:`TimedOut` and the worker is stopped (a fresh one starts for the
    next batch). Workers start on first use (``start_timeout`` seconds at most).

    >>> runner = BoundedRunner(workers=1, queue=4, timeout=30)
    >>> runner.capacity
    5
    >>> runner.close()
    """

    def __init__(self, workers: int = 1, queue: int = 4, timeout: float = 30.0, start_timeout: float = 300.0):
        if workers < 1 or queue < 0 or timeout <= 0:
            raise ValueError("a BoundedRunner needs at least 1 worker, a queue of 0 or more, a timeout over 0")
        self.timeout = timeout
        self.capacity = workers + queue
        self._admitted = threading.BoundedSemaphore(self.capacity)
        self._workers = [_Worker(start_timeout) for _ in range(workers)]
        self._idle: collections.deque[_Worker] = collections.deque(self._workers)
        self._freed = threading.Condition()

    def code(self, batch: list[Article]) -> list[CodedArticle]:
        """The results of ``batch``, in order; Busy or TimedOut when it cannot be coded in time."""
        if not self._admitted.acquire(blocking=False):
            raise Busy(f"all {self.capacity} coding places are taken")
        try:
            with self._freed:
                if not self._freed.wait_for(lambda: self._idle, timeout=self.timeout):
                    raise Busy(f"no coding worker came free within {self.timeout:g} s")
                worker = self._idle.popleft()
            try:
                return worker.code(batch, self.timeout)
            finally:
                with self._freed:
                    self._idle.append(worker)
                    self._freed.notify()
        finally:
            self._admitted.release()

    def map(self, batches: Iterable[list[Article]]) -> Iterator[list[CodedArticle]]:
        """Results of each batch, in input order (each batch as :meth:`code`)."""
        return map(self.code, batches)

    def close(self) -> None:
        for worker in self._workers:
            worker.stop()
