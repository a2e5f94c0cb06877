"""A corpus as a stream of Articles: files, directories (recursively) and standard input, in any
format eventwire reads, plain or gzipped, every problem an InputError and never an exception.

Directories are walked in sorted order, hidden files and directories skipped, and
only files with a known extension (``.txt``, ``.html``, ``.json``, ``.jsonl``,
``.csv``, ``.tsv``, ``.rss``, ``.atom``, ``.xml``, each optionally ``.gz``) are
read, unless ``input_format`` says how to read every file. A file named on its
own, and standard input (``-``), are read by extension, else by their first
bytes. Gzip is recognised by its magic bytes; the format inside comes from the
name without ``.gz``.

Ids are stable from run to run: a document file (text, HTML) is named by its
path below the directory given (``corpus/2025/story`` for
``corpus/2025/story.txt``), or by its stem when named on its own; a record
without an id in a record file is ``NAME:LINE`` (JSONL, CSV) or ``NAME#N``
(JSON arrays, feed entries). Errors name the file as given.

>>> import tempfile, os, gzip
>>> root = os.path.join(tempfile.mkdtemp(), "corpus")
>>> os.makedirs(os.path.join(root, "2025"))
>>> _ = open(os.path.join(root, "2025", "story.txt"), "w").write("Iran and Oman held talks.")
>>> with gzip.open(os.path.join(root, "wire.jsonl.gz"), "wt") as f:
...     _ = f.write('{"text": "Troops left Kabul."}\\n{"text": ""}\\n')
>>> for item in iter_inputs([root], date="2025-01-02"):
...     print(type(item).__name__, item.id if hasattr(item, "id") else item.reason)
Article corpus/wire.jsonl:1
InputError empty text
Article corpus/2025/story
"""

from __future__ import annotations

import dataclasses
import functools
import gzip
import os
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from ..records import Article
from .csv import CsvColumns, read_csv
from .decode import SNIFF_BYTES
from .feeds import feed_articles
from .formats import FORMATS, GZIP_MAGIC, extension, format_of_name, sniff, strip_gz
from .html import html_articles
from .jsonl import jsonl_records, read_json
from .sources import STDIN, open_input
from .text import DEFAULT_MAX_BYTES, text_articles

READERS = {
    "text": text_articles,
    "html": html_articles,
    "json": read_json,
    "jsonl": jsonl_records,
    "feed": feed_articles,
}
DOCUMENT_FORMATS = ("text", "html")  # one file, one article: named without its extension


@dataclasses.dataclass(frozen=True)
class Input:
    """One input to read: ``name`` to open, ``where`` for errors, ``id_base`` for ids."""

    name: str
    where: str
    id_base: str


def iter_inputs(paths: Iterable[str], *, input_format: str | None = None, csv_columns: CsvColumns | None = None,
                date: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | InputError]:
    """Every article of every input in ``paths`` (files, directories, ``-``), or the InputError
    that says why a file or record could not be read; the inputs after it are read all the same.

    ``input_format`` (one of :data:`FORMATS`) reads every input in that format; ``csv_columns``
    chooses the CSV/TSV columns; ``date`` is the document date of articles that carry none;
    ``max_bytes`` limits each article's text.
    """
    if input_format is not None and input_format not in FORMATS:
        raise ValueError(f"unknown input format {input_format!r} (choose from {', '.join(FORMATS)})")
    read = functools.partial(read_input, input_format=input_format, csv_columns=csv_columns, date=date,
                             max_bytes=max_bytes)
    for path in paths:
        for found in expand(os.fspath(path), every_file=input_format is not None):
            if isinstance(found, InputError):
                yield found
            else:
                yield from read(found)


def expand(path: str, every_file: bool = False) -> Iterator[Input | InputError]:
    """The inputs ``path`` stands for: itself, or the files below a directory (sorted, hidden ones
    skipped, only known extensions unless ``every_file``).

    >>> list(expand("-")), list(expand("/no/such/file"))
    ([Input(name='-', where='stdin', id_base='stdin')], [InputError('/no/such/file: no such file or directory')])
    """
    if path == STDIN:
        yield Input(STDIN, "stdin", "stdin")
    elif os.path.isdir(path):
        root = Path(path).resolve().name
        problems: list[OSError] = []
        for folder, subfolders, files in os.walk(path, onerror=problems.append):
            yield from (InputError(err.strerror or str(err), err.filename) for err in problems)
            problems.clear()
            subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
            for name in sorted(files):
                if name.startswith(".") or not (every_file or format_of_name(name)):
                    continue
                full = os.path.join(folder, name)
                yield Input(full, full, Path(root, os.path.relpath(full, path)).as_posix())
        yield from (InputError(err.strerror or str(err), err.filename) for err in problems)
    elif os.path.exists(path):
        yield Input(path, path, Path(path).name)
    else:
        yield InputError("no such file or directory", path)


def read_input(found: Input, *, input_format: str | None = None, csv_columns: CsvColumns | None = None,
               date: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | InputError]:
    """The articles of one input (see :func:`iter_inputs` for the options)."""
    options = dict(input_format=input_format, csv_columns=csv_columns, date=date, max_bytes=max_bytes)
    try:
        with open_input(found.name) as stream:
            if _head(stream)[:2] != GZIP_MAGIC:
                yield from read_stream(stream, found.where, found.id_base, **options)
                return
            try:
                with gzip.GzipFile(fileobj=stream, mode="rb") as inner:
                    yield from read_stream(inner, found.where, strip_gz(found.id_base), **options)
            except EOFError as err:
                yield InputError(f"truncated gzip data ({err}); the records before the cut were read", found.where)
            except (OSError, zlib.error) as err:  # gzip checks its CRC only at the end of the data
                yield InputError(f"corrupt gzip data ({err}); records read from it before this may be damaged",
                                 found.where)
    except OSError as err:
        yield InputError(err.strerror or str(err), found.where)


def read_stream(stream: BinaryIO, where: str, id_base: str, *, input_format: str | None = None,
                csv_columns: CsvColumns | None = None, date: str | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | InputError]:
    """The articles of an uncompressed ``stream``, in ``input_format`` or the one its name
    (``id_base``) or first bytes say."""
    head = _head(stream)
    if not head:
        yield InputError("empty file", where)
        return
    kind = input_format or format_of_name(id_base) or sniff(head)
    if kind in ("csv", "tsv"):
        reader = functools.partial(read_csv, columns=csv_columns, delimiter="\t" if kind == "tsv" else ",")
    else:
        reader = READERS[kind]
    if kind in DOCUMENT_FORMATS and format_of_name(id_base):
        id_base = id_base[: -len(extension(id_base))]
    yield from reader(stream, where, max_bytes=max_bytes, date=date, id_base=id_base)


def _head(stream: BinaryIO) -> bytes:
    return stream.peek(SNIFF_BYTES)[:SNIFF_BYTES]
