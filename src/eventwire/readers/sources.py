"""Opening an input by name: a file path, or ``-`` for standard input.

>>> import tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "story.txt")
>>> _ = open(path, "w").write("hello")
>>> size_of(path), size_of("-")
(5, None)
>>> with open_input(path) as stream:
...     stream.read()
b'hello'
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterator
from typing import BinaryIO

STDIN = "-"


def size_of(name: str) -> int | None:
    """The size in bytes of a regular file, None for stdin, pipes and devices."""
    if name == STDIN:
        return None
    try:
        st = os.stat(name)
    except OSError:
        return None
    return st.st_size if os.path.isfile(name) else None


@contextlib.contextmanager
def open_input(name: str) -> Iterator[BinaryIO]:
    """A buffered binary stream (with ``peek``) for a path or ``-``; OSError for a missing file."""
    if name == STDIN:
        stream = getattr(sys.stdin, "buffer", sys.stdin)
        yield stream if hasattr(stream, "peek") else io.BufferedReader(stream)
        return
    with open(name, "rb") as stream:
        yield stream
