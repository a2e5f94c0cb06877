"""Which reader an input needs: from its file name, else from its first bytes; and which inputs
eventwire does not read at all (PDF, office documents, images, archives: convert them to text first).

>>> format_of_name("2025/wire.jsonl.gz"), format_of_name("page.HTM"), format_of_name("notes")
('jsonl', 'html', None)
>>> sniff(b'<?xml version="1.0"?><rss version="2.0">'), sniff(b'{"text": "War."}\\n'), sniff(b"War.")
('feed', 'jsonl', 'text')
>>> unsupported_name("notes.PDF.gz"), unsupported_name("notes.txt")
(True, False)
"""

from __future__ import annotations

import json
import re

GZIP_MAGIC = b"\x1f\x8b"
EXTENSIONS = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".csv": "csv", ".tsv": "tsv",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
}
INPUT_FORMATS = ("text", "html", "json", "jsonl", "csv", "tsv", "feed")
# Documents, images and archives that hold no text eventwire can read as it is.
UNSUPPORTED_EXTENSIONS = frozenset({
    ".pdf", ".doc", ".docx", ".odt", ".rtf", ".epub", ".xls", ".xlsx", ".ods", ".ppt", ".pptx", ".odp",
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".tif", ".tiff", ".bmp",
    ".zip", ".7z", ".rar", ".tar", ".bz2", ".xz", ".zst",
})
UNSUPPORTED_MAGIC = (b"%PDF-", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"{\\rtf")  # PDF, zip/OOXML/ODF, OLE, RTF
_FEED = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)


def strip_gz(name: str) -> str:
    """``name`` without a trailing ``.gz``: the name that tells the format of what is inside.

    >>> strip_gz("a.csv.gz"), strip_gz("a.csv")
    ('a.csv', 'a.csv')
    """
    return name[:-3] if name.lower().endswith(".gz") else name


def extension(name: str) -> str:
    """The lower-cased extension of ``name`` after removing ``.gz`` (``''`` when none)."""
    base = strip_gz(name).rsplit("/", 1)[-1]
    return "." + base.rsplit(".", 1)[1].lower() if "." in base.lstrip(".") else ""


def format_of_name(name: str) -> str | None:
    """The format a file name says, or None when its extension is not one eventwire reads."""
    return EXTENSIONS.get(extension(name))


def unsupported_name(name: str) -> bool:
    """True when the name says the file is a document, image or archive eventwire cannot read."""
    return extension(name) in UNSUPPORTED_EXTENSIONS


def sniff(head: bytes) -> str:
    """The format of an input from its first bytes: a feed, an HTML page, JSON, JSONL or text.
    (CSV cannot be told from text: give it with the input format option.)"""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith(b"<"):
        return "feed" if _FEED.search(start) else "html"
    if start.startswith(b"["):
        return "json"
    if start.startswith(b"{"):
        first = start.split(b"\n", 1)[0]
        if b"\n" not in start:
            return "jsonl"  # one long line, or the first line does not fit in the sample
        try:
            json.loads(first)
        except ValueError:
            return "json"  # an object spread over several lines
        return "jsonl"
    return "text"
