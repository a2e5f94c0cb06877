"""``eventwire events`` and ``eventwire dyad``: query a store from the command line.

Both open the store read-only; events that did not happen (negated,
hypothetical, future...) count only with ``--include-hypothetical``. The filter
options are made from :data:`eventwire.store.FILTERS`, as the API's are. Exit
status 2 when the store cannot be opened (missing, or being written by an
ingest) or a filter is malformed or names an unknown code.

>>> from click.testing import CliRunner
>>> result = CliRunner().invoke(events, ["--db", "/nonexistent/e.duckdb"])
>>> result.exit_code, "no such store" in result.output
(2, True)
"""

from __future__ import annotations

import functools
import io
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from ..output import TableWriter
from ..records import Event
from ..store.query import FILTERS, PERIODS, SORTS, EventQuery, Filter, QueryError
from .common import fail, stdout_closed_quietly, utf8

if TYPE_CHECKING:
    import pandas as pd

    from ..store import Store

RESULT_FORMATS = ("jsonl", "csv", "table")
TABLE_COLUMNS = ("date", "source_code", "event_type", "target_code", "cameo", "goldstein", "num_mentions",
                 "num_sources", "num_articles",  # canonical events
                 "period", "verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict",
                 "events", "reports", "goldstein_sum", "goldstein_mean", "month_dated")  # dyad series
TWO_DECIMALS = ("goldstein", "goldstein_sum", "goldstein_mean")
MONTH_DATED_NOTE = ("month_dated: events dated only to their month (or year), counted apart on the first {by} "
                    "that starts in it, not in the other columns")


def filter_option(spec: Filter) -> Callable:
    """The click option of one filter of ``FILTERS`` (values are checked by EventQuery)."""
    if spec.kind == "flag":
        return click.option(spec.option, spec.field, is_flag=True, help=spec.help)
    if spec.kind == "either":
        return click.option(spec.option, spec.field, default=True, show_default=True, help=spec.help)
    metavar = {"date": "YYYY-MM-DD", "dyad": "SOURCE:TARGET", "choices": "A[,B...]", "choice": "VALUE",
               "cameo": "PREFIX", "int": "N"}.get(spec.kind, spec.kind.upper())
    return click.option(spec.option, spec.field, metavar=metavar, help=spec.help)


def filter_options(command: Callable) -> Callable:
    """``--db`` and the event filters, shared by ``events`` and ``export``."""
    options = [click.option("--db", required=True, type=click.Path(dir_okay=False), help="The store."),
               *map(filter_option, FILTERS)]
    return functools.reduce(lambda cmd, option: option(cmd), reversed(options), command)


def event_query(filter_values: dict[str, Any], **rest: Any) -> EventQuery:
    """The EventQuery of the filter options' values (keyed by field), or exit 2 naming the bad one."""
    try:
        return EventQuery.from_params({spec.name: filter_values.get(spec.field) for spec in FILTERS}, **rest)
    except QueryError as err:
        fail(str(err))


def open_for_query(db: str) -> Store:
    """The store opened read-only, or exit 2 with the reason."""
    from ..store.database import open_store  # DuckDB and pandas load only when a command runs
    from ..store.errors import StoreError

    try:
        return open_store(db, read_only=True)
    except StoreError as err:
        fail(str(err))


@click.command()
@filter_options
@click.option("--canonical", is_flag=True, help="One row per real-world event instead of one per report.")
@click.option("--sort", type=click.Choice(SORTS),
              help="Order of the rows. [default: -date (newest first) for a table, else date (oldest first)]")
@click.option("--limit", type=click.IntRange(min=0), help="At most this many rows.")
@click.option("--format", "-f", "output_format", type=click.Choice(RESULT_FORMATS), default="jsonl", show_default=True)
def events(db: str, canonical: bool, sort: str | None, limit: int | None, output_format: str,
           **filter_values: Any) -> None:
    """Print the stored events that match every filter.

    A table reads newest first, JSONL and CSV oldest first (unless --sort).

    \b
      eventwire events --db events.duckdb --dyad USA:VEN --type THREATEN --since 2025-11-01
      eventwire events --db events.duckdb --actor VEN --canonical --format csv > ven.csv

    jsonl prints each event record (as `eventwire code` writes it) with its
    canonical event's id and counts; --canonical prints canonical events. A date
    written 2025-11 is an event dated only to its month.
    """
    sort = sort or ("-date" if output_format == "table" else "date")
    query = event_query(filter_values, sort=sort, limit=limit)
    out = utf8(sys.stdout)
    with open_for_query(db) as store:
        try:
            frame = store.select_events(query, canonical=canonical, record=not canonical)
        except QueryError as err:
            fail(str(err))
    with stdout_closed_quietly():
        _print_events(frame, canonical, output_format, out)


def _print_events(frame: pd.DataFrame, canonical: bool, output_format: str, out) -> None:
    if canonical:
        _print_frame(frame, output_format, out)
    elif output_format == "csv":
        frame.drop(columns=["record"]).to_csv(out, index=False)
    elif output_format == "table":
        _print_reports(frame, out)
    else:
        for row in frame.itertuples(index=False):
            record = json.loads(row.record)
            record.update(happened=bool(row.happened), canonical_id=row.canonical_id,
                          num_mentions=int(row.num_mentions), num_sources=int(row.num_sources),
                          num_articles=int(row.num_articles), url=row.url, outlet=row.outlet)
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _print_reports(frame: pd.DataFrame, out) -> None:
    """The reports as ``eventwire code --format table`` prints them, after a date column (``2025-11``:
    dated only to the month)."""
    rows = io.StringIO()
    writer = TableWriter(rows)
    dates = ["date"]
    for record in frame["record"]:
        event = Event.from_dict(json.loads(record))
        writer.write(event)
        dates.append(event.date or "—")
    writer.close()
    for date, line in zip(dates, rows.getvalue().splitlines()):
        out.write(f"{date:<10}  {line}\n")


def _print_frame(frame: pd.DataFrame, output_format: str, out, by: str | None = None) -> None:
    """Canonical events or a dyad series (of periods ``by``): dates as YYYY-MM-DD in every format,
    Goldstein values to two decimals in a table."""
    import pandas as pd

    frame = frame.copy()
    for column in ("date", "period"):
        if column in frame.columns:
            frame[column] = frame[column].dt.strftime("%Y-%m-%d")
    if output_format == "csv":
        frame.to_csv(out, index=False)
    elif output_format == "table":
        frame = frame[[c for c in frame.columns if c in TABLE_COLUMNS]]
        formatters = {c: (lambda v: "—" if pd.isna(v) else f"{v:.2f}") for c in TWO_DECIMALS if c in frame.columns}
        text = frame.to_string(index=False, na_rep="—", formatters=formatters) if len(frame) \
            else "  ".join(frame.columns)
        out.write(text + "\n")
        if by and "month_dated" in frame.columns and frame["month_dated"].sum():
            out.write(MONTH_DATED_NOTE.format(by=by) + "\n")
    else:
        text = frame.to_json(orient="records", lines=True, date_format="iso", force_ascii=False)
        out.write(text if not text or text.endswith("\n") else text + "\n")


@click.command()
@click.argument("a")
@click.argument("b")
@click.option("--db", required=True, type=click.Path(dir_okay=False), help="The store.")
@click.option("--by", type=click.Choice(PERIODS), default="week", show_default=True)
@click.option("--directed", is_flag=True, help="Only events of A on B (default: both directions).")
@click.option("--since", metavar="YYYY-MM-DD", help="From this date.")
@click.option("--until", metavar="YYYY-MM-DD", help="Up to this date.")
@click.option("--include-hypothetical", is_flag=True, help="Also count events that did not happen.")
@click.option("--format", "-f", "output_format", type=click.Choice(RESULT_FORMATS), default="table", show_default=True)
def dyad(a: str, b: str, db: str, by: str, directed: bool, since: str | None, until: str | None,
         include_hypothetical: bool, output_format: str) -> None:
    """The escalation series between A and B, period by period.

    Canonical events per period, counted per quad class, with the Goldstein sum
    and mean (periods without events are zeros). By day or week, events dated
    only to their month are counted apart (month_dated).

    \b
      eventwire dyad USA VEN --db events.duckdb --by week
    """
    with open_for_query(db) as store:
        try:
            frame = store.dyad(a, b, by=by, directed=directed, since=since, until=until,
                               include_hypothetical=include_hypothetical)
        except QueryError as err:
            fail(str(err))
    with stdout_closed_quietly():
        _print_frame(frame, output_format, utf8(sys.stdout), by=by)
