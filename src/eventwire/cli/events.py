"""``eventwire events`` and ``eventwire dyad``: query a store from the command line.

Both open the store read-only; events that did not happen (negated,
hypothetical, future...) count only with ``--include-hypothetical``. Exit
status 2 when the store cannot be opened (missing, or being written by an
ingest) or a filter is malformed.

>>> from click.testing import CliRunner
>>> result = CliRunner().invoke(events, ["--db", "/nonexistent/e.duckdb"])
>>> result.exit_code, "no such store" in result.output
(2, True)
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable

import click

from .common import fail, stdout_closed_quietly, utf8

FORMATS = ("jsonl", "csv", "table")
TABLE_COLUMNS = ("date", "source_code", "event_type", "target_code", "cameo", "goldstein", "num_mentions",
                 "num_sources", "num_articles",  # canonical events
                 "period", "verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict",
                 "events", "reports", "goldstein_sum", "goldstein_mean")  # dyad series


def filter_options(command: Callable) -> Callable:
    """The filters shared by ``events`` and ``export``."""
    options = [
        click.option("--db", required=True, type=click.Path(dir_okay=False), help="The store."),
        click.option("--actor", help="Country (VEN) or actor code (VENGOV) on either side."),
        click.option("--dyad", help="SOURCE:TARGET, e.g. USA:VEN (country or actor codes)."),
        click.option("--type", "event_type", help="PLOVER event type, e.g. THREATEN."),
        click.option("--cameo", help="CAMEO code or prefix, e.g. 13 or 138."),
        click.option("--since", metavar="YYYY-MM-DD", help="Events on or after this date."),
        click.option("--until", metavar="YYYY-MM-DD", help="Events on or before this date."),
        click.option("--include-hypothetical", is_flag=True,
                     help="Also events that did not happen (negated, hypothetical, future, questions)."),
    ]
    return functools.reduce(lambda cmd, option: option(cmd), reversed(options), command)


def open_for_query(db: str):
    """The store opened read-only, or exit 2 with the reason."""
    from ..store import StoreError, open_store

    try:
        return open_store(db, read_only=True)
    except StoreError as err:
        fail(str(err))


@click.command()
@filter_options
@click.option("--canonical", is_flag=True, help="One row per real-world event instead of one per report.")
@click.option("--limit", type=click.IntRange(min=0), help="At most this many rows.")
@click.option("--format", "-f", "output_format", type=click.Choice(FORMATS), default="jsonl", show_default=True)
def events(db: str, actor: str | None, dyad: str | None, event_type: str | None, cameo: str | None,
           since: str | None, until: str | None, include_hypothetical: bool, canonical: bool, limit: int | None,
           output_format: str) -> None:
    """Print the events in the store DB that match every filter, oldest first.

    \b
      eventwire events --db events.duckdb --dyad USA:VEN --type THREATEN --since 2025-11-01
      eventwire events --db events.duckdb --actor VEN --canonical --format csv > ven.csv

    jsonl prints each event record (as `eventwire code` writes it) with its
    canonical event's id and counts; --canonical prints canonical events.
    """
    from ..store.query import events_sql

    out = utf8(sys.stdout)
    with open_for_query(db) as store:
        try:
            sql, params = events_sql(actor=actor, dyad=dyad, event_type=event_type, cameo=cameo, since=since,
                                     until=until, include_hypothetical=include_hypothetical, canonical=canonical,
                                     limit=limit, record=not canonical)
        except ValueError as err:
            fail(str(err))
        frame = store.sql(sql, params)
    with stdout_closed_quietly():
        _print_events(frame, canonical, output_format, out)


def _print_events(frame, canonical: bool, output_format: str, out) -> None:
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


def _print_reports(frame, out) -> None:
    from ..records import Event
    from ..output import TableWriter

    writer = TableWriter(out)
    for record in frame["record"]:
        writer.write(Event.from_dict(json.loads(record)))
    writer.close()


def _print_frame(frame, output_format: str, out) -> None:
    """Canonical events or a dyad series: dates as YYYY-MM-DD in every format."""
    frame = frame.copy()
    for column in ("date", "period"):
        if column in frame.columns:
            frame[column] = frame[column].dt.strftime("%Y-%m-%d")
    if output_format == "csv":
        frame.to_csv(out, index=False)
    elif output_format == "table":
        frame = frame[[c for c in frame.columns if c in TABLE_COLUMNS]]
        text = frame.to_string(index=False, na_rep="—") if len(frame) else "  ".join(frame.columns)
        out.write(text + "\n")
    else:
        text = frame.to_json(orient="records", lines=True, date_format="iso", force_ascii=False)
        out.write(text if not text or text.endswith("\n") else text + "\n")


@click.command()
@click.argument("a")
@click.argument("b")
@click.option("--db", required=True, type=click.Path(dir_okay=False), help="The store.")
@click.option("--by", type=click.Choice(["day", "week", "month"]), default="week", show_default=True)
@click.option("--directed", is_flag=True, help="Only events of A on B (default: both directions).")
@click.option("--since", metavar="YYYY-MM-DD", help="From this date.")
@click.option("--until", metavar="YYYY-MM-DD", help="Up to this date.")
@click.option("--include-hypothetical", is_flag=True, help="Also count events that did not happen.")
@click.option("--format", "-f", "output_format", type=click.Choice(FORMATS), default="table", show_default=True)
def dyad(a: str, b: str, db: str, by: str, directed: bool, since: str | None, until: str | None,
         include_hypothetical: bool, output_format: str) -> None:
    """The escalation series between A and B: canonical events per period, counted per quad
    class, with the Goldstein sum and mean (periods without events are zeros).

    \b
      eventwire dyad USA VEN --db events.duckdb --by week
    """
    with open_for_query(db) as store:
        try:
            frame = store.dyad(a, b, by=by, directed=directed, since=since, until=until,
                               include_hypothetical=include_hypothetical)
        except ValueError as err:
            fail(str(err))
    with stdout_closed_quietly():
        _print_frame(frame, output_format, utf8(sys.stdout))
