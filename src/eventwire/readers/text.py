"""Plain-text reader: one file (or stdin) is one article; its id is the file name's stem.

>>> import tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "story.txt")
>>> _ = open(path, "w").write("Russia attacked Ukraine.")
>>> [article] = read_text(path, date="2022-02-24")
>>> article.id, article.text, article.published
('story', 'Russia attacked Ukraine.', '2022-02-24')
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from ..records import Article
from .decode import check_text, decode, too_large
from .sources import STDIN, display_name, open_input, size_of

DEFAULT_MAX_BYTES = 20_000_000


def read_text(
    name: str, max_bytes: int = DEFAULT_MAX_BYTES, date: str | None = None
) -> Iterator[Article | InputError]:
    """Yield the article in file ``name`` (``-`` for stdin), or the InputError that says why not.

    ``date`` (YYYY-MM-DD, checked by the caller) becomes ``Article.published``.
    """
    where = display_name(name)
    try:
        yield Article(id=_doc_id(name), text=_read(name, where, max_bytes), published=date)
    except InputError as err:
        yield err


def _doc_id(name: str) -> str:
    return "stdin" if name == STDIN else Path(name).stem


def _read(name: str, where: str, max_bytes: int) -> str:
    size = size_of(name)
    if size is not None and size > max_bytes:  # refuse before reading anything
        raise InputError(too_large(size, max_bytes), where)
    try:
        with open_input(name) as stream:
            return read_stream(stream, where, max_bytes)
    except OSError as err:
        raise InputError(err.strerror or str(err), where) from None


def read_stream(stream: BinaryIO, where: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The text of a whole ``stream``, read once and at most ``max_bytes``; InputError naming ``where``.

    >>> import io
    >>> read_stream(io.BytesIO(b"War."), "w.txt")
    'War.'
    >>> read_stream(io.BytesIO(b"War."), "w.txt", max_bytes=3)
    Traceback (most recent call last):
    ...
    eventwire.errors.InputError: w.txt: too large: over 3 bytes (see --max-bytes)
    """
    return check_text(decode(read_bytes(stream, where, max_bytes), where), where, max_bytes)


def read_bytes(stream: BinaryIO, where: str, max_bytes: int) -> bytes:
    """All of ``stream``, read once; InputError when it is empty or over ``max_bytes``."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(f"too large: over {max_bytes:,} bytes (see --max-bytes)", where)
    if not data:
        raise InputError("empty file", where)
    return data


def text_articles(stream: BinaryIO, where: str, max_bytes: int = DEFAULT_MAX_BYTES, date: str | None = None,
                  id_base: str | None = None) -> Iterator[Article | InputError]:
    """The one article of a text ``stream``, with id ``id_base`` (default ``where``), or its InputError."""
    try:
        yield Article(id=id_base or where, text=read_stream(stream, where, max_bytes), published=date)
    except InputError as err:
        yield err
