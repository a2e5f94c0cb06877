"""CSV reader: one article per row, the columns chosen with :class:`CsvColumns`.

The first row is the header. A row that cannot be read (a line over the size
limit, invalid UTF-8, a missing field, a bad date) becomes an InputError naming
``FILE:LINE``; the rows after it are still read. Rows without an id column get
``ID_BASE:LINE``.

>>> import io
>>> data = b'headline,body\\nRain,Troops left Kabul.\\nSun,\\n'
>>> good, bad = read_csv(io.BytesIO(data), "w.csv", columns=CsvColumns(text="body", title="headline"))
>>> good.id, good.title, good.text
('w.csv:2', 'Rain', 'Troops left Kabul.')
>>> str(bad)
'w.csv:3: empty text'
"""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Iterator
from typing import BinaryIO

from ..errors import InputError
from ..records import Article
from ..dates import published as published_date
from .decode import check_text, decode
from .lines import bounded_lines, line_limit, too_long
from .text import DEFAULT_MAX_BYTES


@dataclasses.dataclass(frozen=True)
class CsvColumns:
    """Which CSV column holds each article field; ``None``: the file has no such column."""

    text: str = "text"
    id: str | None = None
    date: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None

    def named(self) -> dict[str, str]:
        """Article field -> column, for the columns given.

        >>> CsvColumns(title="headline").named()
        {'text': 'text', 'title': 'headline'}
        """
        return {k: v for k, v in dataclasses.asdict(self).items() if v is not None}


class _Lines:
    """The decoded lines of a byte stream for ``csv.reader``; lines that are too long or not
    UTF-8 are left out and kept in ``problems``. ``row_start`` is the number of the first line
    handed out since it was last set to None (where the current row starts)."""

    def __init__(self, stream: BinaryIO, where: str, limit: int):
        self.stream, self.where, self.limit = stream, where, limit
        self.number = 0
        self.row_start: int | None = None
        self.problems: list[InputError] = []

    def __iter__(self) -> Iterator[str]:
        for number, offset, line in bounded_lines(self.stream, self.limit):
            self.number = number
            here = f"{self.where}:{number}"
            if line is None:
                self.problems.append(InputError(too_long(self.limit), here))
                continue
            try:
                text = decode(line, here, offset)
            except InputError as err:
                self.problems.append(err)
                continue
            if self.row_start is None:
                self.row_start = number
            yield text


def read_csv(stream: BinaryIO, where: str, max_bytes: int = DEFAULT_MAX_BYTES, date: str | None = None,
             id_base: str | None = None, columns: CsvColumns | None = None,
             delimiter: str = ",") -> Iterator[Article | InputError]:
    """Yield an Article or an InputError for every row of a CSV ``stream`` named ``where``."""
    columns = columns or CsvColumns()
    limit = line_limit(max_bytes)
    csv.field_size_limit(max(csv.field_size_limit(), limit))  # the csv module's limit is process-wide
    lines = _Lines(stream, where, limit)
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error as err:
        header = None
        lines.problems.append(InputError(f"unreadable header ({err})", f"{where}:1"))
    yield from lines.problems
    if header is None:
        if not lines.problems:
            yield InputError("empty file", where)
        return
    wanted = columns.named()
    missing = [c for c in wanted.values() if c not in header]
    if missing:
        shown = ", ".join(header[:12]) + (", ..." if len(header) > 12 else "")
        yield InputError(f"no column {', '.join(map(repr, missing))} (the header has: {shown}); "
                         "choose the columns with the CSV options", where)
        return
    index = {field: header.index(column) for field, column in wanted.items()}
    while True:
        lines.problems.clear()
        lines.row_start = None
        try:
            row = next(reader, None)
        except csv.Error as err:
            yield from lines.problems
            yield InputError(f"unreadable row ({err})", f"{where}:{lines.row_start or lines.number}")
            continue
        yield from lines.problems
        if row is None:
            return
        if row:
            first = lines.row_start
            try:
                yield _article(row, index, f"{where}:{first}", max_bytes, date, f"{id_base or where}:{first}")
            except InputError as err:
                yield err


def _article(row: list[str], index: dict[str, int], here: str, max_bytes: int, date: str | None,
             default_id: str) -> Article:
    if len(row) <= max(index.values()):
        raise InputError(f"the row has {len(row)} fields, too few for the chosen columns", here)
    fields = {field: row[i] or None for field, i in index.items()}
    published = fields.pop("date", None)
    if published is not None:
        try:
            published = published_date(published)
        except ValueError as err:
            raise InputError(f"date column: {err}", here) from None
    return Article(
        id=fields.pop("id", None) or default_id,
        text=check_text(fields.pop("text") or "", here, max_bytes),
        published=published or date,
        **fields,
    )
