"""``eventwire code``: code articles from files or stdin and print their events on stdout.

Errors go to stderr as ``eventwire: FILE[:LINE]: reason``; exit status 0 when every
record was coded, 1 when some failed, 2 for usage errors or when none could be coded.

>>> from click.testing import CliRunner
>>> CliRunner().invoke(code, ["--date", "1/12/2025", "-"]).exit_code
2
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator

import click

from ..errors import InputError
from ..readers import DEFAULT_MAX_BYTES, READERS, read_articles
from ..records import Article
from ..output import WRITERS
from .common import date_option, utf8, warn


@click.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--input-format", "-i", type=click.Choice(sorted(READERS)), default="text", show_default=True,
              help="text: each file is one article; jsonl: one {\"id\", \"text\", \"date\"?, ...} per line.")
@click.option("--format", "-f", "output_format", type=click.Choice(list(WRITERS)), default="jsonl",
              show_default=True, help="Output format on stdout.")
@date_option("Document date (for jsonl: the default for records without one).")
@click.option("--n-process", "-n", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes for spaCy's nlp.pipe.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True,
              help="Largest article text accepted, in bytes of UTF-8.")
def code(files: tuple[str, ...], input_format: str, output_format: str, date: str | None,
         n_process: int, max_bytes: int) -> None:
    """Code articles and print their events.

    FILES are text files (one article each) or, with --input-format jsonl, JSONL
    files; "-" or no FILES reads standard input.

    \b
      eventwire code story.txt --date 2025-12-01
      eventwire code --input-format jsonl stories.jsonl --format csv > events.csv
      cat story.txt | eventwire code --format table

    Records go to stdout, errors to stderr as "eventwire: FILE[:LINE]: reason".
    Exit status: 0 all records coded, 1 some failed, 2 usage error or none coded.
    """
    if not files:
        if sys.stdin.isatty():
            raise click.UsageError("no input: give FILES, or - to read standard input")
        files = ("-",)
    from .. import Coder  # spaCy loads only when there is work to do

    tally = _Tally()
    writer = WRITERS[output_format](utf8(sys.stdout))
    try:
        articles = tally.articles(read_articles(files, input_format, max_bytes=max_bytes, date=date))
        for events in Coder().pipe(articles, n_process=n_process, on_error=tally.refused):
            tally.coded += 1
            for event in events:
                writer.write(event)
        writer.close()
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    tally.coded -= tally.rejected  # the coder yields [] for the articles it refused
    if tally.failed:
        warn(f"{tally.failed} of {tally.failed + tally.coded} records failed")
        sys.exit(1 if tally.coded else 2)


class _Tally:
    """Counts records; passes Articles on and reports InputErrors as they are read or refused."""

    def __init__(self) -> None:
        self.coded = 0
        self.failed = 0
        self.rejected = 0

    def articles(self, items: Iterable[Article | InputError]) -> Iterator[Article]:
        for item in items:
            if isinstance(item, InputError):
                self.failed += 1
                warn(str(item))
            else:
                yield item

    def refused(self, article: Article, error: InputError) -> None:
        self.rejected += 1
        self.failed += 1
        warn(str(error))

