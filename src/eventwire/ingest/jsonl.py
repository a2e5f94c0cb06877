"""JSONL reader: one article per line, ``{"id", "text", "date"?, "title"?, "url"?, "source"?}``.

A bad line becomes an InputError naming ``FILE:LINE``; the lines after it are still read.
``published`` is accepted for ``date``; a missing ``id`` defaults to ``FILE:LINE``.

>>> import tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "in.jsonl")
>>> _ = open(path, "w").write('{"id": "a", "text": "Russia attacked Ukraine."}\\n{"text": 1}\\n')
>>> good, bad = read_jsonl(path, date="2022-02-24")
>>> good.id, good.published
('a', '2022-02-24')
>>> bad.where.endswith("in.jsonl:2"), bad.reason
(True, "'text' must be a string, not number")
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from ..errors import InputError
from ..model import Article
from .dates import check_date
from .decode import SNIFF_BYTES, check_text, decode, looks_binary
from .sources import display_name, open_input
from .text import DEFAULT_MAX_BYTES

_JSON_TYPES = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
_OPTIONAL = ("title", "url", "source")


def read_jsonl(
    name: str, max_bytes: int = DEFAULT_MAX_BYTES, date: str | None = None
) -> Iterator[Article | InputError]:
    """Yield an Article or an InputError for every non-blank line of ``name`` (``-`` for stdin).

    ``max_bytes`` limits each article's text; ``date`` is the default for records without one.
    """
    where = display_name(name)
    try:
        with open_input(name) as stream:
            head = stream.peek(SNIFF_BYTES)[:SNIFF_BYTES]
            if not head:
                yield InputError("empty file", where)
            elif looks_binary(head):
                yield InputError("binary data, not JSONL", where)
            else:
                yield from _records(stream, where, max_bytes, date)
    except OSError as err:
        yield InputError(err.strerror or str(err), where)


def _records(stream: BinaryIO, where: str, max_bytes: int, date: str | None) -> Iterator[Article | InputError]:
    seen = False
    for lineno, offset, line in _lines(stream, limit=6 * max_bytes + 1024):
        here = f"{where}:{lineno}"
        if line is None:
            seen = True
            yield InputError(f"line too large for --max-bytes {max_bytes:,}", here)
            continue
        if not line.strip():
            continue
        seen = True
        try:
            yield _article(line, here, offset, max_bytes, date)
        except InputError as err:
            yield err
    if not seen:
        yield InputError("no records (only whitespace)", where)


def _lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, int, bytes | None]]:
    """(line number, byte offset, line) for each line; line is None when it exceeds ``limit``."""
    offset = 0
    lineno = 0
    while line := stream.readline(limit + 1):
        lineno += 1
        start, offset = offset, offset + len(line)
        if len(line) > limit:
            while line and not line.endswith(b"\n"):  # skip the rest without keeping it
                line = stream.readline(1 << 20)
                offset += len(line)
            yield lineno, start, None
        else:
            yield lineno, start, line


def _article(line: bytes, here: str, offset: int, max_bytes: int, date: str | None) -> Article:
    text = decode(line, here, offset)
    try:
        record = json.loads(text)
    except json.JSONDecodeError as err:
        hint = "; the last line has no newline: is the file truncated?" if not line.endswith(b"\n") else ""
        raise InputError(f"not valid JSON ({err.msg}, column {err.colno}){hint}", here) from None
    if not isinstance(record, dict):
        raise InputError(f"not a JSON object but {_type(record)}", here)
    if "text" not in record:
        raise InputError("no 'text' field", here)
    if not isinstance(record["text"], str):
        raise InputError(f"'text' must be a string, not {_type(record['text'])}", here)
    doc_id = record.get("id")
    if doc_id is None:
        doc_id = here
    elif isinstance(doc_id, (str, int)) and not isinstance(doc_id, bool):
        doc_id = str(doc_id)
    else:
        raise InputError(f"'id' must be a string or integer, not {_type(doc_id)}", here)
    fields = {}
    for key in _OPTIONAL:
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(f"{key!r} must be a string, not {_type(value)}", here)
        fields[key] = value
    return Article(
        id=doc_id,
        text=check_text(record["text"], here, max_bytes),
        published=_published(record, here, date),
        **fields,
    )


def _published(record: dict[str, Any], here: str, default: str | None) -> str | None:
    key = "date" if record.get("date") is not None else "published"
    value = record.get(key)
    if value is None:
        return default
    try:
        return check_date(value, allow_time=True)
    except ValueError as err:
        raise InputError(f"{key!r}: {err}", here) from None


def _type(value: Any) -> str:
    return "number" if isinstance(value, (int, float)) and not isinstance(value, bool) else _JSON_TYPES.get(type(value), type(value).__name__)
