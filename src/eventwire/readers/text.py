"""Plain-text reader: one file (or stdin) is one article.

>>> import io
>>> [article] = text_articles(io.BytesIO(b"Russia attacked Ukraine."), "story.txt", date="2022-02-24",
...                           id_base="story")
>>> article.id, article.text, article.published
('story', 'Russia attacked Ukraine.', '2022-02-24')
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from ..errors import InputError
from ..records import Article
from .decode import check_text, decode

DEFAULT_MAX_BYTES = 20_000_000


def whole_text(stream: BinaryIO, where: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The text of a whole ``stream``, read once and at most ``max_bytes``; InputError naming ``where``.

    >>> import io
    >>> whole_text(io.BytesIO(b"War."), "w.txt")
    'War.'
    >>> whole_text(io.BytesIO(b"War."), "w.txt", max_bytes=3)
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
        yield Article(id=id_base or where, text=whole_text(stream, where, max_bytes), published=date)
    except InputError as err:
        yield err
