"""Bytes to article text: refuse binary data and invalid UTF-8 with a reason a user can act on.

>>> decode(b"Russia attacked Ukraine.", "a.txt")
'Russia attacked Ukraine.'
>>> decode(b"caf\\xe9 au lait", "b.txt")
Traceback (most recent call last):
...
eventwire.errors.InputError: b.txt: invalid UTF-8 at byte 3 (convert the file to UTF-8, e.g. with iconv)
"""

from __future__ import annotations

import codecs
import re

from ..clean import invisible_only, not_text
from ..errors import InputError

SNIFF_BYTES = 8192
UNSUPPORTED = "not supported: convert it to text first"
BINARY = f"binary data, {UNSUPPORTED}"
# Bytes that do not occur in text: C0 controls other than \t \n \v \f \r, \x1b (ANSI escapes) and DEL.
_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\x0b\x0c\r\x1b") + b"\x7f"


def looks_binary(data: bytes) -> bool:
    """True for data that is not text: a NUL byte, or many control/undecodable bytes in its start.

    >>> looks_binary(b"plain text\\n"), looks_binary(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00")
    (False, True)
    """
    if b"\x00" in data[:SNIFF_BYTES]:
        return True
    sample = data[:SNIFF_BYTES]
    if not sample:
        return False
    control = len(sample) - len(sample.translate(None, _CONTROL))
    if control / len(sample) > 0.05:
        return True
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as err:
        if err.start < len(sample) - 3:  # not just a character cut at the sample's end
            high = sum(1 for b in sample if b >= 0x80)
            return high / len(sample) > 0.3
    return False


def decode(data: bytes, where: str, offset: int = 0) -> str:
    """UTF-8 text of ``data`` (a leading BOM dropped); InputError naming ``where`` otherwise.

    ``offset`` is where ``data`` starts in its file, so that errors give file byte offsets.
    """
    if b"\x00" in data or looks_binary(data):
        raise InputError(BINARY, where)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(
            f"invalid UTF-8 at byte {offset + err.start} (convert the file to UTF-8, e.g. with iconv)",
            where,
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def check_text(text: str, where: str, max_bytes: int, name: str = "text") -> str:
    """``text`` if it can be coded: not empty, not only whitespace or invisible characters, valid
    Unicode without NULs (see :func:`eventwire.clean.not_text`), at most ``max_bytes`` in UTF-8.
    ``name`` is the field that holds it, for the reason.

    >>> check_text("  ", "c.txt", 100)
    Traceback (most recent call last):
    ...
    eventwire.errors.InputError: c.txt: text is only whitespace
    >>> check_text("\\u200b\\ufeff", "d.jsonl:3", 100)
    Traceback (most recent call last):
    ...
    eventwire.errors.InputError: d.jsonl:3: text holds nothing readable, only invisible characters (U+200B, U+FEFF)
    """
    if not text:
        raise InputError("empty text", where)
    check_fields({name: text}, where)
    if text.isspace():
        raise InputError("text is only whitespace", where)
    invisible = invisible_only(text)
    if invisible:
        raise InputError(f"text holds nothing readable, only invisible characters ({invisible})", where)
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise InputError(too_large(size, max_bytes), where)
    return text


def check_fields(fields: dict[str, str | None], where: str) -> None:
    """InputError naming ``where`` and the first of ``fields`` (name -> value) that is not
    text: a lone surrogate or a NUL (None values are left alone).

    >>> check_fields({"id": "a", "title": "Rain\\ud800"}, "w.jsonl:2")
    Traceback (most recent call last):
    ...
    eventwire.errors.InputError: w.jsonl:2: 'title' holds a lone surrogate (\\ud800) at character 4: not valid Unicode
    """
    for name, value in fields.items():
        problem = not_text(name, value) if value is not None else None
        if problem:
            raise InputError(problem, where)


def too_large(size: int, max_bytes: int) -> str:
    """The message for an article over the size limit.

    >>> too_large(52_428_800, 20_000_000)
    'too large: 52,428,800 bytes, the limit is 20,000,000 (see --max-bytes)'
    """
    return f"too large: {size:,} bytes, the limit is {max_bytes:,} (see --max-bytes)"


_DECLARED = re.compile(rb"""(?:encoding|charset)\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)


def decode_markup(data: bytes, where: str) -> str:
    """The text of an HTML page or XML feed: in the encoding its start declares
    (``<?xml encoding=…?>``, ``<meta charset=…>``), UTF-8 when it declares none.

    >>> decode_markup('<?xml version="1.0" encoding="ISO-8859-1"?><p>caf\\xe9</p>'.encode("latin-1"), "f.xml")[-11:]
    '<p>café</p>'
    >>> decode_markup(b'<meta charset="klingon"><p>x</p>', "p.html")
    Traceback (most recent call last):
    ...
    eventwire.errors.InputError: p.html: the page declares an unknown encoding 'klingon'
    """
    found = _DECLARED.search(data[:2048])
    if found is None:
        return decode(data, where)
    name = found.group(1).decode("ascii")
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        raise InputError(f"the page declares an unknown encoding {name!r}", where) from None
    if codec == "utf-8":
        return decode(data, where)
    if b"\x00" in data and not codec.startswith("utf-"):
        raise InputError(BINARY, where)
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        raise InputError(f"invalid {name} at byte {err.start} (the encoding it declares)", where) from None
