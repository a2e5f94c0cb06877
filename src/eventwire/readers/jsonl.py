"""JSON readers: one article per line (JSONL), or a JSON file holding an object or an array of them.

Records have the fields ``{"id", "text", "date"?, "title"?, "url"?, "source"?}``.
A bad line becomes an InputError naming ``FILE:LINE``; the lines after it are still read.
``published`` is accepted for ``date``; a missing ``id`` defaults to ``FILE:LINE``.

>>> import io
>>> data = io.BytesIO(b'{"id": "a", "text": "Russia attacked Ukraine."}\\n{"text": 1}\\n')
>>> good, bad = jsonl_records(data, "in.jsonl", date="2022-02-24")
>>> good.id, good.published
('a', '2022-02-24')
>>> str(bad)
"in.jsonl:2: 'text' must be a string, not number"
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from ..errors import InputError
from ..records import Article
from ..dates import published as published_date
from .decode import check_fields, check_text, decode
from .lines import bounded_lines, line_limit, too_long
from .text import DEFAULT_MAX_BYTES

_JSON_TYPES = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
_OPTIONAL = ("title", "url", "source")


def jsonl_records(stream: BinaryIO, where: str, max_bytes: int = DEFAULT_MAX_BYTES, date: str | None = None,
                  id_base: str | None = None) -> Iterator[Article | InputError]:
    """Articles of a JSONL ``stream`` named ``where`` in errors; a record without ``id``
    gets ``ID_BASE:LINE`` (``id_base`` defaults to ``where``)."""
    seen = False
    limit = line_limit(max_bytes)
    for lineno, offset, line in bounded_lines(stream, limit):
        here = f"{where}:{lineno}"
        if line is None:
            seen = True
            yield InputError(too_long(limit), here)
            continue
        if not line.strip():
            continue
        seen = True
        try:
            yield _article(line, here, offset, max_bytes, date, f"{id_base or where}:{lineno}")
        except InputError as err:
            yield err
    if not seen:
        yield InputError("no records (only whitespace)", where)


def _article(line: bytes, here: str, offset: int, max_bytes: int, date: str | None, default_id: str) -> Article:
    text = decode(line, here, offset)
    try:
        record = json.loads(text)
    except json.JSONDecodeError as err:
        hint = "; the last line has no newline: is the file truncated?" if not line.endswith(b"\n") else ""
        raise InputError(f"not valid JSON ({err.msg}, column {err.colno}){hint}", here) from None
    return record_article(record, here, max_bytes, date, default_id)


def read_json(stream: BinaryIO, where: str, max_bytes: int = DEFAULT_MAX_BYTES, date: str | None = None,
              id_base: str | None = None) -> Iterator[Article | InputError]:
    """Articles of a JSON document: one object, or an array of objects (errors name ``WHERE#N``).

    The whole file is parsed at once, so it may be at most ten times ``max_bytes``.

    >>> import io
    >>> [a.id for a in read_json(io.BytesIO(b'[{"text": "Rain."}, {"id": 7, "text": "Sun."}]'), "w.json")]
    ['w.json#1', '7']
    """
    limit = 10 * max_bytes
    data = stream.read(limit + 1)
    if len(data) > limit:
        yield InputError(f"JSON file over {limit:,} bytes (10 x --max-bytes): split it, or write JSONL", where)
        return
    try:
        document = json.loads(decode(data, where))
    except InputError as err:
        yield err
        return
    except json.JSONDecodeError as err:
        yield InputError(f"not valid JSON ({err.msg}, line {err.lineno}, column {err.colno})", where)
        return
    if isinstance(document, dict):
        records: list[Any] = [document]
    elif isinstance(document, list):
        records = document
    else:
        yield InputError(f"a JSON file holds an object or an array of objects, not {_type(document)}", where)
        return
    if not records:
        yield InputError("no records (an empty array)", where)
    for number, record in enumerate(records, 1):
        here = where if len(records) == 1 and isinstance(document, dict) else f"{where}#{number}"
        name = id_base or where
        try:
            yield record_article(record, here, max_bytes, date, name if here == where else f"{name}#{number}")
        except InputError as err:
            yield err


def record_article(record: Any, here: str, max_bytes: int, date: str | None, default_id: str) -> Article:
    """The Article of one decoded JSON record, or InputError naming ``here`` and what is wrong
    (a field of the wrong type, a string that is not text: see :func:`~.decode.check_fields`).

    >>> record_article({"id": "a\\ud800", "text": "Rain."}, "body[2]", 100, None, "x")
    Traceback (most recent call last):
    ...
    eventwire.errors.InputError: body[2]: 'id' holds a lone surrogate (\\ud800) at character 1: not valid Unicode
    """
    if not isinstance(record, dict):
        raise InputError(f"not a JSON object but {_type(record)}", here)
    if "text" not in record:
        raise InputError("no 'text' field", here)
    if not isinstance(record["text"], str):
        raise InputError(f"'text' must be a string, not {_type(record['text'])}", here)
    doc_id = record.get("id")
    if doc_id is None:
        doc_id = default_id
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
    given_dates = {key: record.get(key) for key in ("date", "published") if isinstance(record.get(key), str)}
    check_fields({"id": doc_id, **fields, **given_dates}, here)
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
        return published_date(value)
    except ValueError as err:
        raise InputError(f"{key!r}: {err}", here) from None


def _type(value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return "number"
    return _JSON_TYPES.get(type(value), type(value).__name__)
