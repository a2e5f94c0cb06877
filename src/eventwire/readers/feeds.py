"""RSS and Atom reader: each entry of a feed file is an article (parsed with feedparser).

An entry's id is its ``guid``/``id`` (so the same story in tomorrow's copy of the
feed is recognised), else its link, else ``ID_BASE#N``. Its text is the entry's
content or summary with the markup taken out; the feed's title is the source.
A broken entry (no text, a date that cannot be read) is an InputError naming
``FILE#N`` and the entry; the other entries are read all the same.

>>> import io
>>> rss = b'''<rss version="2.0"><channel><title>Wire</title>
... <item><guid>w-1</guid><title>Talks</title><pubDate>Mon, 06 May 2024 10:00:00 GMT</pubDate>
... <description>&lt;p&gt;Iran and Oman held talks.&lt;/p&gt;</description></item>
... <item><guid>w-2</guid><title>Empty</title></item></channel></rss>'''
>>> good, bad = feed_articles(io.BytesIO(rss), "wire.rss")
>>> good.id, good.text, good.published, good.source
('w-1', 'Iran and Oman held talks.', '2024-05-06T10:00:00Z', 'Wire')
>>> str(bad)
"wire.rss#2: entry 'w-2': no text (no content, summary or description)"
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any, BinaryIO

from ..errors import InputError
from ..records import Article
from .decode import check_fields, check_text, decode_markup
from .html import fragment_text
from .text import DEFAULT_MAX_BYTES, read_bytes

FEED_FACTOR = 10  # a feed file holds many articles: it may be this many times --max-bytes
CHARACTER_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")


def feed_articles(stream: BinaryIO, where: str, max_bytes: int = DEFAULT_MAX_BYTES, date: str | None = None,
                  id_base: str | None = None) -> Iterator[Article | InputError]:
    """An Article or an InputError for each entry of the feed in ``stream``, in feed order."""
    import feedparser  # imported here: most runs read no feeds

    try:
        markup = decode_markup(read_bytes(stream, where, FEED_FACTOR * max_bytes), where)
    except InputError as err:
        yield err
        return
    feed = feedparser.parse(valid_references(markup), sanitize_html=False, resolve_relative_uris=False)
    problem = feed.get("bozo_exception") if feed.get("bozo") else None
    if not feed.entries:
        if problem:
            yield InputError(f"not a readable feed ({problem})", where)
        else:
            yield InputError("a feed with no entries" if feed.get("version") else "not an RSS or Atom feed", where)
        return
    source = feed.feed.get("title") or None
    for number, entry in enumerate(feed.entries, 1):
        try:
            yield _entry_article(entry, f"{where}#{number}", f"{id_base or where}#{number}", source,
                                 max_bytes, date)
        except InputError as err:
            # a broken entry in a feed that is not well-formed XML: the parser's complaint says why
            yield InputError(f"{err.reason}; the feed is not well-formed ({problem})", err.where) if problem else err


def valid_references(markup: str) -> str:
    """``markup`` with the numeric character references that name no character (a NUL, a lone
    surrogate, a number past U+10FFFF) made ``&#xFFFD;``, the replacement character, as an HTML
    parser reads them (feedparser's own parser fails on them).

    >>> valid_references("<title>a&#xD800;b&#0;c&#233;</title>")
    '<title>a&#xFFFD;b&#xFFFD;c&#233;</title>'
    """
    def valid(found: re.Match) -> str:
        code = int(found.group(1), 16) if found.group(1) else int(found.group(2))
        return found.group() if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "&#xFFFD;"

    return CHARACTER_REFERENCE.sub(valid, markup) if "&#" in markup else markup


def _entry_article(entry: Any, here: str, default_id: str, source: str | None, max_bytes: int,
                   date: str | None) -> Article:
    link = entry.get("link") if "://" in (entry.get("link") or "") else None
    doc_id = entry.get("id") or link or default_id
    named = f"entry {doc_id!r}" if doc_id != default_id else "entry"
    body = entry.get("content") and entry.content[0].get("value") or entry.get("summary")
    if not body:
        raise InputError(f"{named}: no text (no content, summary or description)", here)
    text = fragment_text(body)
    if not text:
        raise InputError(f"{named}: no text (only markup)", here)
    title = entry.get("title") or None
    check_fields({"id": doc_id, "title": title, "link": link, "source": source}, f"{here} ({named})")
    return Article(id=doc_id, text=check_text(text, f"{here} ({named})", max_bytes),
                   title=title, url=link, source=source, published=_published(entry, here, named) or date)


def _published(entry: Any, here: str, named: str) -> str | None:
    for key in ("published", "updated"):
        if entry.get(key):
            parsed = entry.get(f"{key}_parsed")
            if parsed is None:
                raise InputError(f"{named}: cannot read its {key} date {entry[key]!r}", here)
            return time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed)
    return None
