"""Readers: turn input files into Articles, or into InputErrors that say what is wrong, never raising.

Every reader yields ``Article | InputError`` items in input order, so a batch goes
on past a bad record. :func:`iter_inputs` reads a whole corpus (files, directories,
stdin, every format, gzipped or not); ``READERS`` maps the ``eventwire code``
``--input-format`` names to their path readers.

>>> import tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "empty.txt")
>>> _ = open(path, "w")
>>> [(type(x).__name__, x.reason) for x in read_articles([path])]
[('InputError', 'empty file')]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..errors import InputError
from ..records import Article
from .corpus import iter_inputs
from .csv import CsvColumns
from .formats import FORMATS
from .jsonl import read_jsonl
from .text import DEFAULT_MAX_BYTES, read_text

READERS = {"text": read_text, "jsonl": read_jsonl}


def read_articles(
    names: Iterable[str],
    input_format: str = "text",
    max_bytes: int = DEFAULT_MAX_BYTES,
    date: str | None = None,
) -> Iterator[Article | InputError]:
    """Read every input (paths, ``-`` for stdin) with the reader for ``input_format``."""
    reader = READERS[input_format]
    for name in names:
        yield from reader(name, max_bytes=max_bytes, date=date)


__all__ = ["DEFAULT_MAX_BYTES", "FORMATS", "READERS", "CsvColumns", "iter_inputs", "read_articles",
           "read_jsonl", "read_text"]
