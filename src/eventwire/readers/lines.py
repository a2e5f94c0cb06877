"""Reading a byte stream line by line with bounded memory: a line over the limit is skipped, not kept.

>>> import io
>>> list(bounded_lines(io.BytesIO(b"ab\\n" + b"x" * 50 + b"\\ncd"), limit=10))
[(1, 0, b'ab\\n'), (2, 3, None), (3, 54, b'cd')]
>>> too_long(10)
'line too large: over 10 bytes (see --max-bytes)'
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

SKIP_CHUNK = 1 << 20  # how much of an over-long line is read at a time while skipping it


def line_limit(max_bytes: int) -> int:
    """The longest line kept for articles of at most ``max_bytes``: JSON and CSV escaping
    (``\\u00e9`` for ``é``, doubled quotes) can make a record up to three times its text.

    >>> line_limit(1000)
    4024
    """
    return 3 * max_bytes + 1024


def too_long(limit: int) -> str:
    """The reason given for a line over ``limit`` bytes."""
    return f"line too large: over {limit:,} bytes (see --max-bytes)"


def bounded_lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, int, bytes | None]]:
    """(line number, byte offset, line) for each line of ``stream``; the line is None when it is
    longer than ``limit`` bytes, and it is then skipped in chunks, so memory stays under ``limit``."""
    offset = 0
    lineno = 0
    while line := stream.readline(limit + 1):
        lineno += 1
        start, offset = offset, offset + len(line)
        if len(line) > limit:
            while line and not line.endswith(b"\n"):
                line = stream.readline(SKIP_CHUNK)
                offset += len(line)
            yield lineno, start, None
        else:
            yield lineno, start, line
