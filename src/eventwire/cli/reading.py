"""The input options ``eventwire code`` and ``eventwire ingest`` share, and how they report skipped files.

:func:`input_options` adds ``--input-format``, the CSV/TSV column options and ``--max-bytes``
to a command and hands it one :class:`Inputs` (as ``inputs``) that reads paths with
:func:`eventwire.readers.read_articles`, so both commands read the same formats the same way.

>>> import click
>>> from click.testing import CliRunner
>>> @click.command()
... @input_options
... def show(inputs):
...     click.echo(f"{inputs.input_format} {inputs.csv_columns.text} {inputs.csv_columns.title}")
>>> CliRunner().invoke(show, ["-i", "csv", "--text-column", "body", "--title-column", "headline"]).output
'csv body headline\\n'
>>> skipped_files([SkippedFile("unknown extension", "corpus/data.bin")])
'skipped 1 file: corpus/data.bin (unknown extension)'
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable, Iterator

import click

from ..errors import InputError
from ..readers import DEFAULT_MAX_BYTES, INPUT_FORMATS, CsvColumns, SkippedFile, read_articles
from ..records import Article

SHOWN_SKIPPED = 20  # skipped files named in a summary line; the others are counted


@dataclasses.dataclass(frozen=True)
class Inputs:
    """How to read the inputs of a command: the format (None: by extension, else by content),
    the CSV/TSV columns and the size limit of one article."""

    input_format: str | None = None
    csv_columns: CsvColumns = CsvColumns()
    max_bytes: int = DEFAULT_MAX_BYTES

    def read(self, paths: Iterable[str], date: str | None = None) -> Iterator[Article | InputError]:
        """The articles (and InputErrors) of ``paths``; ``date`` for articles that carry none."""
        return read_articles(paths, self.input_format, csv_columns=self.csv_columns, date=date,
                             max_bytes=self.max_bytes)


_OPTIONS = (
    click.option("--input-format", "-i", type=click.Choice(INPUT_FORMATS),
                 help="Read every input in this format (default: by extension, else by content)."),
    click.option("--text-column", default="text", show_default=True, help="CSV/TSV column with the text."),
    click.option("--id-column", help="CSV/TSV column with the article id (default FILE:LINE)."),
    click.option("--date-column", help="CSV/TSV column with the publication date."),
    click.option("--title-column", help="CSV/TSV column with the title."),
    click.option("--url-column", help="CSV/TSV column with the URL."),
    click.option("--source-column", help="CSV/TSV column with the outlet."),
    click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True,
                 help="Largest article text accepted, in bytes of UTF-8."),
)


def input_options(command: Callable) -> Callable:
    """Add the shared input options to a click command function, which receives them as ``inputs``."""

    @functools.wraps(command)
    def with_inputs(*args, input_format: str | None, text_column: str, id_column: str | None,
                    date_column: str | None, title_column: str | None, url_column: str | None,
                    source_column: str | None, max_bytes: int, **kwargs):
        columns = CsvColumns(text=text_column, id=id_column, date=date_column, title=title_column,
                             url=url_column, source=source_column)
        return command(*args, inputs=Inputs(input_format, columns, max_bytes), **kwargs)

    for option in reversed(_OPTIONS):
        with_inputs = option(with_inputs)
    return with_inputs


def skipped_files(skipped: list[SkippedFile]) -> str:
    """One line naming the skipped files and why (the first :data:`SHOWN_SKIPPED`, then a count)."""
    named = ", ".join(f"{err.where} ({err.reason})" for err in skipped[:SHOWN_SKIPPED])
    more = f" and {len(skipped) - SHOWN_SKIPPED:,} more" if len(skipped) > SHOWN_SKIPPED else ""
    return f"skipped {len(skipped):,} file{'s' if len(skipped) != 1 else ''}: {named}{more}"
