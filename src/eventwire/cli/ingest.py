"""``eventwire ingest``: code files, directories and standard input into a DuckDB store.

Safe to stop and rerun: articles already stored are skipped, each batch is one
transaction. On a terminal a progress line shows articles, sentences/s, events
and errors; otherwise standard error carries one JSON object per line
(``{"event": "batch" | "error" | "skipped" | "done", ...}``). Files of a directory that
are not read (an unknown extension, a PDF) are skipped, each named with the reason in the
log and in the final line. Exit status: 0 every input stored (skipped files do not change
it), 1 some inputs failed (see the ``errors`` table), 2 usage or store error.

>>> from click.testing import CliRunner
>>> CliRunner().invoke(ingest, ["--workers", "2", "--dask", "tcp://h:8786", "x", "--db", "e.duckdb"]).exit_code
2
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator

import click

from ..errors import InputError
from ..readers import SkippedFile
from ..records import Article
from .common import date_option, warn
from .reading import Inputs, input_options, skipped_files

SHOWN_ERRORS = 20  # errors listed at the end on a terminal; all of them are in the errors table


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, allow_dash=True))
@click.option("--db", required=True, type=click.Path(dir_okay=False), help="The store (created if missing).")
@click.option("--workers", type=click.IntRange(min=1), help="Code on a local Dask cluster of N worker processes.")
@click.option("--dask", "address", metavar="ADDRESS", help="Code on the Dask cluster at ADDRESS (tcp://host:8786).")
@click.option("--processes", type=click.IntRange(min=1), default=1, show_default=True,
              help="Without Dask: code in N local processes.")
@input_options
@date_option("Date of articles that carry none.")
@click.option("--batch-size", type=click.IntRange(min=1), default=32, show_default=True,
              help="Articles per batch (one transaction each).")
@click.option("--store-sentences", is_flag=True, help="Also store each event's evidence sentence.")
def ingest(paths: tuple[str, ...], db: str, workers: int | None, address: str | None, processes: int,
           inputs: Inputs, date: str | None, batch_size: int, store_sentences: bool) -> None:
    """Code files, directories or standard input into the store DB.

    PATHS are files, directories (read recursively) and - for standard input.

    \b
      eventwire ingest corpus/ --db events.duckdb
      eventwire ingest stories.csv --db events.duckdb --text-column body --date-column day
      eventwire ingest archive/ --db events.duckdb --dask tcp://scheduler:8786

    Reads .txt, .html, .json, .jsonl, .csv, .tsv and RSS/Atom feeds, each
    possibly gzipped, as eventwire code does. Rerunning adds only what is missing.
    """
    if workers and address:
        raise click.UsageError("give --workers or --dask, not both")
    if (workers or address) and processes > 1:
        raise click.UsageError("--processes is for coding without Dask")
    from ..store import StoreError, open_store

    report = _Report(sys.stderr.isatty())
    items = report.without_skipped(inputs.read(paths, date))
    try:
        with open_store(db) as store, _runner(workers, address, processes) as runner:
            summary = store.ingest(items, runner=runner, batch_size=batch_size, store_sentences=store_sentences,
                                   on_batch=report.batch)
            total = store.counts()
    except StoreError as err:
        report.fail(str(err))
        sys.exit(2)
    except KeyboardInterrupt:
        report.fail("interrupted: every batch written so far is stored; rerun the same command to resume")
        sys.exit(130)
    report.done(summary, total, db)
    sys.exit(1 if summary.failed else 0)


def _runner(workers: int | None, address: str | None, processes: int):
    from ..runners import DaskRunner, LocalRunner

    if workers or address:
        return DaskRunner(address=address, n_workers=workers)
    return LocalRunner(n_process=processes)


class _Report:
    """Progress and errors on standard error: a redrawn line on a terminal, JSON lines otherwise."""

    def __init__(self, terminal: bool):
        self.terminal = terminal
        self.skipped: list[SkippedFile] = []

    def without_skipped(self, items: Iterable[Article | InputError]) -> Iterator[Article | InputError]:
        """``items`` less the skipped files, which are kept (and logged at once as JSON lines)."""
        for item in items:
            if not isinstance(item, SkippedFile):
                yield item
                continue
            self.skipped.append(item)
            if not self.terminal:
                self._json({"event": "skipped", "where": item.where, "reason": item.reason})

    def batch(self, summary) -> None:
        rate = summary.sentences / max(summary.seconds, 1e-9)
        if self.terminal:
            line = (f"\r{summary.articles:,} articles stored, {summary.skipped:,} already there | "
                    f"{rate:,.0f} sentences/s | {summary.events:,} events | {summary.failed:,} errors")
            click.echo(line, err=True, nl=False)
            return
        for err in summary.batch_errors:
            self._json({"event": "error", "where": err.where, "reason": err.reason})
        self._json({"event": "batch", **summary.as_dict(), "sentences_per_s": round(rate, 1)})

    def done(self, summary, total: dict[str, int], db: str) -> None:
        rate = summary.sentences / max(summary.seconds, 1e-9)
        if not self.terminal:
            self._json({"event": "done", **summary.as_dict(), "sentences_per_s": round(rate, 1),
                        "files_skipped": len(self.skipped),
                        "skipped_files": [{"where": f.where, "reason": f.reason} for f in self.skipped],
                        "store": total})
            return
        click.echo("", err=True)
        for err in summary.errors[:SHOWN_ERRORS]:
            warn(err)
        if summary.failed > SHOWN_ERRORS:
            warn(f"... {summary.failed - SHOWN_ERRORS:,} more errors: see the errors table of {db}")
        click.echo(f"stored {summary.articles:,} articles ({summary.skipped:,} already there, "
                   f"{summary.failed:,} inputs failed), {summary.events:,} events, "
                   f"{summary.sentences:,} sentences in {summary.seconds:.1f} s ({rate:,.0f} sentences/s); "
                   f"{db} now holds {total['articles']:,} articles, {total['events']:,} events, "
                   f"{total['canonical_events']:,} canonical events"
                   + (f"; {skipped_files(self.skipped)}" if self.skipped else ""), err=True)

    def fail(self, message: str) -> None:
        if self.terminal:
            click.echo("", err=True)
            warn(message)
        else:
            self._json({"event": "failed", "reason": message})

    @staticmethod
    def _json(record: dict) -> None:
        click.echo(json.dumps(record, ensure_ascii=False), err=True)

