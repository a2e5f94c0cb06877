"""``eventwire attributions``: who said what in the stored articles, with filters.

Lists the attribution relations the store keeps (source, cue, content, whether it
is a direct quote, the events inside) with the filters of
:data:`eventwire.store.ATTRIBUTION_FILTERS`, as ``GET /v1/attributions`` takes
them. Opens the store read-only; exit status 2 when it cannot be opened or a
filter is malformed or names an unknown code, as ``eventwire events``.

>>> from click.testing import CliRunner
>>> result = CliRunner().invoke(attributions, ["--db", "/nonexistent/e.duckdb"])
>>> result.exit_code, "no such store" in result.output
(2, True)
"""

from __future__ import annotations

import functools
import json
import sys
from typing import Any, TextIO

import click

from ..store.attribution_query import ATTRIBUTION_FILTERS, ATTRIBUTION_SORTS, AttributionQuery
from ..store.query import QueryError
from .common import fail, stdout_closed_quietly, utf8
from .events import RESULT_FORMATS, filter_option, open_for_query

QUOTE_MARKS = "\"“”'‘’«"  # a content that starts with one keeps its own quotation marks
TABLE_WIDTHS = {"date": 10, "article": 24, "source": 34, "cue": 16}  # columns before the content, at most


def attribution_filter_options(command):
    """``--db`` and the attribution filters."""
    options = [click.option("--db", required=True, type=click.Path(dir_okay=False), help="The store."),
               *map(filter_option, ATTRIBUTION_FILTERS)]
    return functools.reduce(lambda cmd, option: option(cmd), reversed(options), command)


def attribution_query(filter_values: dict[str, Any], **rest: Any) -> AttributionQuery:
    """The query of the filter options' values (keyed by field), or exit 2 naming the bad one."""
    try:
        return AttributionQuery.from_params({spec.name: filter_values.get(spec.field) or None
                                             for spec in ATTRIBUTION_FILTERS}, **rest)
    except QueryError as err:
        fail(str(err))


@click.command()
@attribution_filter_options
@click.option("--sort", type=click.Choice(ATTRIBUTION_SORTS),
              help="-date: newest articles first (the default for a table); date: oldest first (else the default).")
@click.option("--limit", type=click.IntRange(min=0), help="At most this many relations.")
@click.option("--format", "-f", "output_format", type=click.Choice(RESULT_FORMATS), default="jsonl", show_default=True)
def attributions(db: str, sort: str | None, limit: int | None, output_format: str, **filter_values: Any) -> None:
    """Print who said what in the stored articles.

    One attribution relation per row: the source (and the actor it resolves
    to), the cue, the content, whether it is a direct quote, and the article.

    \b
      eventwire attributions --db events.duckdb --source-actor VEN --since 2025-11-01 --format table
      eventwire attributions --db events.duckdb --cue denied --quote --format csv > denials.csv

    jsonl prints each relation as GET /v1/attributions gives it; csv the
    columns of `eventwire export --what attributions`.
    """
    sort = sort or ("-date" if output_format == "table" else "date")
    query = attribution_query(filter_values, sort=sort, limit=limit)
    out = utf8(sys.stdout)
    with open_for_query(db) as store:
        try:
            if output_format == "csv":
                with stdout_closed_quietly():
                    store.export_attributions("csv", out, query)
                return
            page = store.attributions(query)
        except QueryError as err:
            fail(str(err))
    with stdout_closed_quietly():
        if output_format == "table":
            _print_table(page["attributions"], out)
        else:
            for relation in page["attributions"]:
                out.write(json.dumps(relation, ensure_ascii=False) + "\n")


def _print_table(relations: list[dict[str, Any]], out: TextIO) -> None:
    """One line per relation: the article's date and id, source [actor code], cue, then the content
    in full (in quotation marks when it is a direct quote)."""
    rows = [{"date": r["article"]["date"] or "—", "article": r["article"]["doc_id"] or r["article"]["id"],
             "source": _source(r), "cue": (r["cue"] or {}).get("text") or "—",
             "content": _quoted(r["content"]["text"]) if r["quote"] else r["content"]["text"]} for r in relations]
    widths = {name: min(most, max([len(name)] + [len(row[name]) for row in rows]))
              for name, most in TABLE_WIDTHS.items()}
    out.write("  ".join(name.ljust(width) for name, width in widths.items()) + "  content\n")
    for row in rows:
        out.write("  ".join(_cut(row[name], width).ljust(width) for name, width in widths.items())
                  + "  " + row["content"] + "\n")


def _source(relation: dict[str, Any]) -> str:
    """The source as the text names it, with its actor code: ``Officials close to Maduro [VENGOV]``."""
    text = (relation["source"] or {}).get("text") or "—"
    code = (relation["source_actor"] or {}).get("code")
    return f"{text} [{code}]" if code else text


def _quoted(text: str) -> str:
    """A direct quote's content in quotation marks, unless it keeps its own.

    >>> _quoted("We will sign"), _quoted('"We will sign," ')
    ('“We will sign”', '"We will sign," ')
    """
    return text if text[:1] in QUOTE_MARKS else f"“{text}”"


def _cut(text: str, width: int) -> str:
    """``text`` within ``width`` characters, an ellipsis where it was cut.

    >>> _cut("Officials close to Maduro", 12)
    'Officials c…'
    """
    return text if len(text) <= width else text[:width - 1] + "…"
