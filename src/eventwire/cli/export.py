"""``eventwire export``: the store as PLOVER JSONL, GDELT-style TSV, CSV or Parquet.

Writes to standard output unless ``-o FILE`` (Parquet needs ``-o``). Takes the
same filters as ``eventwire events``, oldest first. ``--what attributions``
exports the attribution relations instead (CSV or Parquet, one relation per row;
``--since``/``--until`` by article date; ``eventwire attributions`` has their
other filters). Exit status 2 for usage or store errors, or a filter that is
malformed or names an unknown code.

>>> from click.testing import CliRunner
>>> result = CliRunner().invoke(export, ["--db", "e.duckdb", "--format", "parquet"])
>>> result.exit_code, "needs -o" in result.output
(2, True)
"""

from __future__ import annotations

import sys

import click

from ..store.query import FILTERS, QueryError
from .common import fail, stdout_closed_quietly, utf8, warn
from .events import event_query, filter_options, open_for_query

EXPORT_FORMATS = ("plover-jsonl", "gdelt-tsv", "csv", "parquet")  # eventwire.store.export.EXPORTERS, imported on use
ATTRIBUTION_EXPORT_FORMATS = ("csv", "parquet")  # eventwire.store.export.ATTRIBUTION_EXPORTERS
DATES = ("since", "until")  # the event filters that also select attribution relations (by article date)


@click.command()
@filter_options
@click.option("--format", "-f", "output_format", type=click.Choice(EXPORT_FORMATS), required=True,
              help="plover-jsonl: event reports, PLOVER field names; gdelt-tsv: canonical events, GDELT 2.0 "
                   "columns; csv, parquet: event reports, the columns of `eventwire events --format csv`.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write to FILE, not stdout.")
@click.option("--header", is_flag=True, help="gdelt-tsv: write a first row of column names.")
@click.option("--what", type=click.Choice(("events", "attributions")), default="events", show_default=True,
              help="attributions: the attribution relations (who says what), one per row, with --format csv or "
                   "parquet; the event IDs of each join the events of those formats.")
def export(db: str, output_format: str, output: str | None, header: bool, what: str, **filter_values) -> None:
    """Export the events of the store DB.

    \b
      eventwire export --db events.duckdb --format plover-jsonl > events.jsonl
      eventwire export --db events.duckdb --format gdelt-tsv --since 2025-11-01 -o gdelt.tsv
      eventwire export --db events.duckdb --format parquet -o events.parquet
      eventwire export --db events.duckdb --what attributions --format parquet -o attributions.parquet
    """
    from ..store.export import TO_FILE_ONLY

    if output_format in TO_FILE_ONLY and not output:
        raise click.UsageError(f"--format {output_format} needs -o FILE")
    if header and output_format != "gdelt-tsv":
        raise click.UsageError("--header is for --format gdelt-tsv")
    options = {"header": True} if header else {}
    if what == "attributions":
        query, write = _attribution_query(output_format, filter_values), "export_attributions"
    else:
        query, write = event_query(filter_values, sort="date"), "export"
    with open_for_query(db) as store:
        try:
            if output_format in TO_FILE_ONLY:
                count = getattr(store, write)(output_format, output, query)
            elif output:
                with open(output, "w", encoding="utf-8", newline="") as out:
                    count = getattr(store, write)(output_format, out, query, **options)
            else:
                with stdout_closed_quietly():
                    count = getattr(store, write)(output_format, utf8(sys.stdout), query, **options)
        except QueryError as err:
            fail(str(err))
        except OSError as err:
            fail(f"{output or 'stdout'}: {err.strerror or err}")
    if output:
        warn(f"wrote {count:,} rows to {output}")


def _attribution_query(output_format: str, filter_values: dict):
    """The query of ``--what attributions``: its format checked, and only the dates of the event
    filters, which select articles by date (a usage error names any other filter given)."""
    from ..store.attribution_query import AttributionQuery

    if output_format not in ATTRIBUTION_EXPORT_FORMATS:
        raise click.UsageError(f"--what attributions takes --format {' or '.join(ATTRIBUTION_EXPORT_FORMATS)}, "
                               f"not {output_format}")
    given = [spec.option for spec in FILTERS  # --directed/--either-way means nothing without --dyad
             if spec.field not in DATES and spec.kind != "either" and filter_values.get(spec.field)]
    if given:
        raise click.UsageError(f"{given[0]} filters events; with --what attributions only --since and --until "
                               "apply (eventwire attributions --format csv has the attribution filters)")
    try:
        return AttributionQuery(since=filter_values.get("since"), until=filter_values.get("until"), sort="date")
    except QueryError as err:
        fail(str(err))
