"""``eventwire ingest``: code files, directories and standard input into a DuckDB store.

Safe to stop and rerun: articles already stored are skipped, each batch is one
transaction. On a terminal a progress line shows articles, sentences/s, events
and errors; otherwise standard error carries one JSON object per line
(``{"event": "batch" | "error" | "done", ...}``). Exit status: 0 every input
stored, 1 some inputs failed (see the ``errors`` table), 2 usage or store error.

>>> from click.testing import CliRunner
>>> CliRunner().invoke(ingest, ["--workers", "2", "--dask", "tcp://h:8786", "x", "--db", "e.duckdb"]).exit_code
2
"""

from __future__ import annotations

import json
import sys

import click

from ..readers import DEFAULT_MAX_BYTES
from ..readers.formats import FORMATS
from .common import date_option, warn

SHOWN_ERRORS = 20  # errors listed at the end on a terminal; all of them are in the errors table


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, allow_dash=True))
@click.option("--db", required=True, type=click.Path(dir_okay=False), help="The store (created if missing).")
@click.option("--workers", type=click.IntRange(min=1), help="Code on a local Dask cluster of N worker processes.")
@click.option("--dask", "address", metavar="ADDRESS", help="Code on the Dask cluster at ADDRESS (tcp://host:8786).")
@click.option("--processes", type=click.IntRange(min=1), default=1, show_default=True,
              help="Without Dask: code in N local processes.")
@click.option("--input-format", "-i", type=click.Choice(FORMATS),
              help="Read every input in this format (default: by extension, else by content).")
@click.option("--text-column", default="text", show_default=True, help="CSV/TSV column with the text.")
@click.option("--id-column", help="CSV/TSV column with the article id (default FILE:LINE).")
@click.option("--date-column", help="CSV/TSV column with the publication date.")
@click.option("--title-column", help="CSV/TSV column with the title.")
@click.option("--url-column", help="CSV/TSV column with the URL.")
@click.option("--source-column", help="CSV/TSV column with the outlet.")
@date_option("Date of articles that carry none.")
@click.option("--batch-size", type=click.IntRange(min=1), default=32, show_default=True,
              help="Articles per batch (one transaction each).")
@click.option("--store-sentences", is_flag=True, help="Also store each event's evidence sentence.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True,
              help="Largest article text accepted, in bytes of UTF-8.")
def ingest(paths: tuple[str, ...], db: str, workers: int | None, address: str | None, processes: int,
           input_format: str | None, text_column: str, id_column: str | None, date_column: str | None,
           title_column: str | None, url_column: str | None, source_column: str | None, date: str | None,
           batch_size: int, store_sentences: bool, max_bytes: int) -> None:
    """Code PATHS (files, directories, - for standard input) into the store DB.

    \b
      eventwire ingest corpus/ --db events.duckdb
      eventwire ingest stories.csv --db events.duckdb --text-column body --date-column day
      eventwire ingest archive/ --db events.duckdb --dask tcp://scheduler:8786

    Reads .txt, .html, .json, .jsonl, .csv, .tsv and RSS/Atom feeds, each
    possibly gzipped. Rerunning adds only what is missing.
    """
    if workers and address:
        raise click.UsageError("give --workers or --dask, not both")
    if (workers or address) and processes > 1:
        raise click.UsageError("--processes is for coding without Dask")
    from ..readers.corpus import iter_inputs
    from ..readers.csv import CsvColumns
    from ..store import StoreError, open_store

    columns = CsvColumns(text=text_column, id=id_column, date=date_column, title=title_column, url=url_column,
                         source=source_column)
    items = iter_inputs(paths, input_format=input_format, csv_columns=columns, date=date, max_bytes=max_bytes)
    report = _Report(sys.stderr.isatty())
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
                        "store": total})
            return
        click.echo("", err=True)
        for err in summary.errors[:SHOWN_ERRORS]:
            warn(err)
        if summary.failed > SHOWN_ERRORS:
            warn(f"... {summary.failed - SHOWN_ERRORS:,} more errors: SELECT * FROM errors in {db}")
        click.echo(f"stored {summary.articles:,} articles ({summary.skipped:,} already there, "
                   f"{summary.failed:,} inputs failed), {summary.events:,} events, "
                   f"{summary.sentences:,} sentences in {summary.seconds:.1f} s ({rate:,.0f} sentences/s); "
                   f"{db} now holds {total['articles']:,} articles, {total['events']:,} events, "
                   f"{total['canonical_events']:,} canonical events", err=True)

    def fail(self, message: str) -> None:
        if self.terminal:
            click.echo("", err=True)
            warn(message)
        else:
            self._json({"event": "failed", "reason": message})

    @staticmethod
    def _json(record: dict) -> None:
        click.echo(json.dumps(record, ensure_ascii=False), err=True)

