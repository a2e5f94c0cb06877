"""A corpus as a stream of Articles: files, directories (recursively) and standard input, in any
format eventwire reads, plain or gzipped, every problem an InputError and never an exception.

:func:`read_articles` is the one way in, for ``eventwire code``, ``eventwire ingest`` and the
API alike. Directories are walked in sorted order, hidden files and directories skipped. A
file named on its own, and standard input (``-``), is read in the format its extension says
(``.txt``, ``.html``, ``.json``, ``.jsonl``, ``.csv``, ``.tsv``, ``.rss``, ``.atom``, ``.xml``,
each optionally ``.gz``), else the one its first bytes say; ``input_format`` reads every input
in one format. Gzip is recognised by its magic bytes; the format inside comes from the name
without ``.gz``. A PDF, an office document, an image or other binary data is refused:
"not supported: convert it to text first".

Inside a directory, a file that is not read because of its kind (an unknown extension, or
one of those refused) comes out as a :class:`SkippedFile`, an InputError that says the file
was skipped rather than failed; a file named on its own is refused with a plain InputError.

Ids are stable from run to run: a document file (text, HTML) is named by its
path below the directory given (``corpus/2025/story`` for
``corpus/2025/story.txt``), or by its stem when named on its own; a record
without an id in a record file is ``NAME:LINE`` (JSONL, CSV) or ``NAME#N``
(JSON arrays, feed entries). Errors name the file as given.

>>> import tempfile, os, gzip
>>> root = os.path.join(tempfile.mkdtemp(), "corpus")
>>> os.makedirs(os.path.join(root, "2025"))
>>> _ = open(os.path.join(root, "2025", "story.txt"), "w").write("Iran and Oman held talks.")
>>> _ = open(os.path.join(root, "notes.pdf"), "wb").write(b"%PDF-1.7")
>>> with gzip.open(os.path.join(root, "wire.jsonl.gz"), "wt") as f:
...     _ = f.write('{"text": "Troops left Kabul."}\\n{"text": ""}\\n')
>>> for item in read_articles([root], date="2025-01-02"):
...     print(type(item).__name__, item.id if hasattr(item, "id") else item.reason)
SkippedFile not supported: convert it to text first
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

from ..clean import printable
from ..errors import InputError
from ..records import Article
from .csv import CsvColumns, read_csv
from .decode import BINARY, SNIFF_BYTES, UNSUPPORTED, looks_binary, too_large
from .feeds import feed_articles
from .formats import (GZIP_MAGIC, INPUT_FORMATS, UNSUPPORTED_MAGIC, extension, format_of_name, sniff, strip_gz,
                      unsupported_name)
from .html import html_articles
from .jsonl import jsonl_records, read_json
from .sources import STDIN, open_input, size_of
from .text import DEFAULT_MAX_BYTES, text_articles

READERS = {
    "text": text_articles,
    "html": html_articles,
    "json": read_json,
    "jsonl": jsonl_records,
    "csv": read_csv,
    "tsv": functools.partial(read_csv, delimiter="\t"),
    "feed": feed_articles,
}  # one per name of INPUT_FORMATS
TABLE_FORMATS = ("csv", "tsv")  # read with the chosen CsvColumns
DOCUMENT_FORMATS = ("text", "html")  # one file, one article: named without its extension


class SkippedFile(InputError):
    """A file found in a directory and not read because of its kind; ``reason`` says why.

    >>> str(SkippedFile("unknown extension", "corpus/data.bin"))
    'corpus/data.bin: unknown extension'
    """


@dataclasses.dataclass(frozen=True)
class Input:
    """One input to read: ``name`` to open, ``where`` for errors, ``id_base`` for ids; ``named``
    when it was given on its own (not found in a directory)."""

    name: str
    where: str
    id_base: str
    named: bool = True

    def refused(self, reason: str) -> InputError:
        """The InputError for an input eventwire does not read: a :class:`SkippedFile` when it was
        found in a directory."""
        return (InputError if self.named else SkippedFile)(reason, self.where)


def read_articles(paths: Iterable[str | os.PathLike], input_format: str | None = None, *,
                  csv_columns: CsvColumns | None = None, date: str | None = None,
                  max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | InputError]:
    """Every article of every input in ``paths`` (files, directories, ``-``), or the InputError
    that says why a file or record could not be read; the inputs after it are read all the same.

    ``input_format`` (one of :data:`~eventwire.readers.formats.INPUT_FORMATS`) reads every input
    in that format; ``csv_columns`` chooses the CSV/TSV columns; ``date`` is the document date of
    articles that carry none; ``max_bytes`` limits each article's text.
    """
    if input_format is not None and input_format not in INPUT_FORMATS:
        raise ValueError(f"unknown input format {input_format!r} (choose from {', '.join(INPUT_FORMATS)})")
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
    left out, those of unknown extensions a :class:`SkippedFile` unless ``every_file``).

    >>> list(expand("-"))
    [Input(name='-', where='stdin', id_base='stdin', named=True)]
    >>> list(expand("/no/such/file"))
    [InputError('/no/such/file: no such file or directory')]
    """
    if path == STDIN:
        yield Input(STDIN, "stdin", "stdin")
    elif os.path.isdir(path):
        root = Path(path).resolve().name
        problems: list[OSError] = []
        for folder, subfolders, files in os.walk(path, onerror=problems.append):
            yield from (InputError(err.strerror or str(err), shown_name(err.filename or path)) for err in problems)
            problems.clear()
            subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
            for name in sorted(files):
                if name.startswith("."):
                    continue
                full = os.path.join(folder, name)
                if every_file or format_of_name(name) or unsupported_name(name):
                    yield Input(full, shown_name(full), shown_name(Path(root, os.path.relpath(full, path)).as_posix()),
                                named=False)
                else:
                    yield SkippedFile("unknown extension" if extension(name) else "no extension", shown_name(full))
        yield from (InputError(err.strerror or str(err), shown_name(err.filename or path)) for err in problems)
    elif os.path.exists(path):
        yield Input(path, shown_name(path), shown_name(Path(path).name))
    else:
        yield InputError("no such file or directory", shown_name(path))


def shown_name(path: str) -> str:
    """``path`` as errors and ids name it: the bytes of a name that is not UTF-8 (which Python
    holds as lone surrogates) written as ``\\xNN``, so it can be printed and stored.

    >>> shown_name(os.fsdecode(b"corpus/caf\\xe9.txt"))
    'corpus/caf\\\\xe9.txt'
    """
    try:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that does not stand for a byte
        return printable(path)


def read_input(found: Input, *, input_format: str | None = None, csv_columns: CsvColumns | None = None,
               date: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | InputError]:
    """The articles of one input (see :func:`read_articles` for the options)."""
    if unsupported_name(found.id_base):
        yield found.refused(UNSUPPORTED)
        return
    options = dict(input_format=input_format, csv_columns=csv_columns, date=date, max_bytes=max_bytes)
    try:
        yield from _read_file(found, **options)
    except Exception as err:  # a reader's bug or a parser's failure must not stop the inputs after it
        yield InputError(f"reading stopped ({type(err).__name__}: {printable(str(err))}); "
                         "the records before it were read", found.where)


def _read_file(found: Input, **options) -> Iterator[Article | InputError]:
    try:
        with open_input(found.name) as stream:
            if _head(stream)[:2] != GZIP_MAGIC:
                yield from read_stream(stream, found, size=size_of(found.name), **options)
                return
            inner_input = dataclasses.replace(found, id_base=strip_gz(found.id_base))
            try:
                with gzip.GzipFile(fileobj=stream, mode="rb") as inner:
                    yield from read_stream(inner, inner_input, **options)
            except EOFError as err:
                yield InputError(f"truncated gzip data ({err}); the records before the cut were read", found.where)
            except (OSError, zlib.error) as err:  # gzip checks its CRC only at the end of the data
                yield InputError(f"corrupt gzip data ({err}); records read from it before this may be damaged",
                                 found.where)
    except OSError as err:
        yield InputError(err.strerror or str(err), found.where)


def read_stream(stream: BinaryIO, found: Input, *, size: int | None = None, input_format: str | None = None,
                csv_columns: CsvColumns | None = None, date: str | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | InputError]:
    """The articles of the uncompressed ``stream`` of ``found``, in ``input_format`` or the one its
    name or first bytes say; ``size``, when known, refuses a document over ``max_bytes`` unread."""
    head = _head(stream)
    where, id_base = found.where, found.id_base
    if not head:
        yield InputError("empty file", where)
        return
    refusal = UNSUPPORTED if head.startswith(UNSUPPORTED_MAGIC) else BINARY if looks_binary(head) else None
    if refusal:
        yield found.refused(refusal)
        return
    kind = input_format or format_of_name(id_base) or sniff(head)
    if kind in DOCUMENT_FORMATS and size is not None and size > max_bytes:
        yield InputError(too_large(size, max_bytes), where)
        return
    if kind in DOCUMENT_FORMATS and format_of_name(id_base):
        id_base = id_base[: -len(extension(id_base))]
    options = {"columns": csv_columns} if kind in TABLE_FORMATS else {}
    yield from READERS[kind](stream, where, max_bytes=max_bytes, date=date, id_base=id_base, **options)


def _head(stream: BinaryIO) -> bytes:
    return stream.peek(SNIFF_BYTES)[:SNIFF_BYTES]
