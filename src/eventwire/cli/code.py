"""``eventwire code``: code articles from files, directories or stdin and print their events on stdout.

Inputs are read as ``eventwire ingest`` reads them (see :mod:`eventwire.cli.reading`). Errors
go to stderr as ``eventwire: FILE[:LINE]: reason``; exit status 0 when every record was coded,
1 when some failed, 2 for usage errors or when none could be coded.

>>> from click.testing import CliRunner
>>> CliRunner().invoke(code, ["--date", "1/12/2025", "-"]).exit_code
2
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator

import click

from ..errors import InputError
from ..output import WRITERS
from ..readers import SkippedFile
from ..records import Article
from .common import date_option, stdout_closed_quietly, utf8, warn
from .reading import Inputs, input_options, skipped_files


@click.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, allow_dash=True))
@input_options
@click.option("--format", "-f", "output_format", type=click.Choice(list(WRITERS)), default="jsonl",
              show_default=True, help="Output format on stdout.")
@date_option("Document date: the date of articles that carry none.")
@click.option("--n-process", "-n", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes for spaCy's nlp.pipe.")
@click.option("--place-targets/--no-place-targets", default=True, show_default=True,
              help="Code a town a physical act is done to as its country (\"shelled Kharkiv\": UKR).")
@click.option("--statements", is_flag=True,
              help="Also write CAMEO statements (01x, which PLOVER does not code), event_type empty.")
def code(files: tuple[str, ...], inputs: Inputs, output_format: str, date: str | None, n_process: int,
         place_targets: bool, statements: bool) -> None:
    """Code articles and print their events.

    FILES are files or directories: .txt and .html pages are one article each,
    .jsonl/.json/.csv/.tsv and RSS/Atom feeds one per record or entry, each
    possibly gzipped; the format comes from the extension, else the content.
    "-" or no FILES reads standard input.

    \b
      eventwire code story.txt --date 2025-12-01
      eventwire code stories.jsonl --format csv > events.csv
      eventwire code table.csv --text-column body --date-column day
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
    with stdout_closed_quietly():
        coder = Coder(place_targets=place_targets, statements=statements)
        for coded in coder.code_all(tally.articles(inputs.read(files, date)), n_process=n_process):
            if coded.error is not None:
                tally.failed(coded.error)
                continue
            tally.coded += 1
            for event in coded.events:
                writer.write(event)
        writer.close()
    if tally.skipped:
        warn(skipped_files(tally.skipped))
    if tally.errors:
        warn(f"{tally.errors} of {tally.errors + tally.coded} records failed")
    if tally.errors or (tally.skipped and not tally.coded):
        sys.exit(1 if tally.coded else 2)


class _Tally:
    """Counts records; passes Articles on, reports InputErrors as they come and keeps skipped files."""

    def __init__(self) -> None:
        self.coded = 0
        self.errors = 0
        self.skipped: list[SkippedFile] = []

    def articles(self, items: Iterable[Article | InputError]) -> Iterator[Article]:
        for item in items:
            if isinstance(item, SkippedFile):
                self.skipped.append(item)
            elif isinstance(item, InputError):
                self.failed(item)
            else:
                yield item

    def failed(self, error: InputError) -> None:
        self.errors += 1
        warn(error)
