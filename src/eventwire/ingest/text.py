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

from ..errors import InputError
from ..model import Article
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
            data = stream.read(max_bytes + 1)
    except OSError as err:
        raise InputError(err.strerror or str(err), where) from None
    if len(data) > max_bytes:
        raise InputError(f"too large: over {max_bytes:,} bytes (see --max-bytes)", where)
    if not data:
        raise InputError("empty file", where)
    return check_text(decode(data, where), where, max_bytes)
