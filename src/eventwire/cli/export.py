"""``eventwire export``: the store as PLOVER JSONL, GDELT-style TSV, CSV or Parquet.

Writes to standard output unless ``-o FILE`` (Parquet needs ``-o``). Takes the
same filters as ``eventwire events``, oldest first. Exit status 2 for usage or
store errors, or a filter that is malformed or names an unknown code.

>>> from click.testing import CliRunner
>>> result = CliRunner().invoke(export, ["--db", "e.duckdb", "--format", "parquet"])
>>> result.exit_code, "needs -o" in result.output
(2, True)
"""

from __future__ import annotations

import sys

import click

from ..store.query import QueryError
from .common import fail, stdout_closed_quietly, utf8, warn
from .events import event_query, filter_options, open_for_query

EXPORT_FORMATS = ("plover-jsonl", "gdelt-tsv", "csv", "parquet")  # eventwire.store.export.EXPORTERS, imported on use


@click.command()
@filter_options
@click.option("--format", "-f", "output_format", type=click.Choice(EXPORT_FORMATS), required=True,
              help="plover-jsonl: event reports, PLOVER field names; gdelt-tsv: canonical events, GDELT 2.0 "
                   "columns; csv, parquet: event reports, the columns of `eventwire events --format csv`.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write to FILE, not stdout.")
@click.option("--header", is_flag=True, help="gdelt-tsv: write a first row of column names.")
def export(db: str, output_format: str, output: str | None, header: bool, **filter_values) -> None:
    """Export the events of the store DB.

    \b
      eventwire export --db events.duckdb --format plover-jsonl > events.jsonl
      eventwire export --db events.duckdb --format gdelt-tsv --since 2025-11-01 -o gdelt.tsv
      eventwire export --db events.duckdb --format parquet -o events.parquet
    """
    from ..store.export import TO_FILE_ONLY

    if output_format in TO_FILE_ONLY and not output:
        raise click.UsageError(f"--format {output_format} needs -o FILE")
    if header and output_format != "gdelt-tsv":
        raise click.UsageError("--header is for --format gdelt-tsv")
    options = {"header": True} if header else {}
    query = event_query(filter_values, sort="date")
    with open_for_query(db) as store:
        try:
            if output_format in TO_FILE_ONLY:
                count = store.export(output_format, output, query)
            elif output:
                with open(output, "w", encoding="utf-8", newline="") as out:
                    count = store.export(output_format, out, query, **options)
            else:
                with stdout_closed_quietly():
                    count = store.export(output_format, utf8(sys.stdout), query, **options)
        except QueryError as err:
            fail(str(err))
        except OSError as err:
            fail(f"{output or 'stdout'}: {err.strerror or err}")
    if output:
        warn(f"wrote {count:,} rows to {output}")
