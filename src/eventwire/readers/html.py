"""HTML reader: a web page is one article, its main text extracted with trafilatura.

Navigation, footers and link lists are left out; the title, canonical URL, site
name and publication date come from the page's metadata when it has them (the
date only from metadata, never guessed from the text). A page in which no
article is found (an index of links, a login form) is an InputError.

>>> import io
>>> page = (b"<html><head><title>Talks resume</title></head><body><nav>Home | World</nav>"
...         b"<article><h1>Talks resume</h1><p>Iran and the United States resumed talks in Oman"
...         b" on Saturday, the foreign ministry said.</p></article></body></html>")
>>> [article] = html_articles(io.BytesIO(page), "talks.html", id_base="talks")
>>> article.id, article.title, article.text
('talks', 'Talks resume', 'Iran and the United States resumed talks in Oman on Saturday, the foreign ministry said.')
>>> [err] = html_articles(io.BytesIO(b"<html><body><a href='/a'>World</a></body></html>"), "index.html")
>>> str(err)
'index.html: no article found in the page (main text: 1 of at least 6 words)'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from ..errors import InputError
from ..records import Article
from ..dates import published as published_date
from .decode import check_text, decode_markup
from .text import DEFAULT_MAX_BYTES, read_bytes

MIN_WORDS = 6  # main text shorter than this is a page without an article (a form, a cookie notice)
# Only the page's metadata gives a date: a year in a copyright line is no publication date.
_DATE_OPTIONS = {"extensive_search": False, "original_date": True}


def html_articles(stream: BinaryIO, where: str, max_bytes: int = DEFAULT_MAX_BYTES, date: str | None = None,
                  id_base: str | None = None) -> Iterator[Article | InputError]:
    """The one article of an HTML ``stream`` (id ``id_base``, default ``where``), or its InputError.

    ``max_bytes`` limits the page (markup included); ``date`` is used when the page gives none.
    """
    try:
        yield page_article(decode_markup(read_bytes(stream, where, max_bytes), where), where,
                           max_bytes, date, id_base or where)
    except InputError as err:
        yield err


def page_article(page: str, where: str, max_bytes: int, date: str | None, doc_id: str) -> Article:
    """The Article of a decoded HTML page; InputError when it holds no article."""
    import trafilatura  # imported here: it takes a second, and most runs read no HTML

    doc = trafilatura.bare_extraction(page, with_metadata=True, favor_precision=True,
                                      include_tables=False, date_extraction_params=_DATE_OPTIONS)
    text = (doc.text or "") if doc is not None else ""
    words = len(text.split())
    if words < MIN_WORDS:
        raise InputError(f"no article found in the page (main text: {words} of at least {MIN_WORDS} words)", where)
    title = doc.title or None
    if title and text.startswith(title + "\n"):  # the headline is the title, not a sentence of the story
        text = text[len(title) + 1:]
    published = date
    if doc.date:
        try:
            published = published_date(doc.date)
        except ValueError:
            pass  # an unusable date in the page's metadata: the default applies
    return Article(id=doc_id, text=check_text(text, where, max_bytes), title=title,
                   url=doc.url or None, source=doc.sitename or None, published=published)


# characters XML 1.0 cannot hold, which lxml refuses in a tree: controls (a space instead) and
# surrogates or non-characters (U+FFFD instead)
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def fragment_text(markup: str) -> str:
    """The text of an HTML fragment (a feed entry's summary): tags out, one line per block.

    >>> fragment_text("<p>Troops <b>left</b> Kabul.</p><p>Talks resume.</p>")
    'Troops left Kabul.\\nTalks resume.'
    >>> fragment_text("No markup &amp; no fuss")
    'No markup & no fuss'
    >>> fragment_text("<p>Troops\\x01 left\\ud800</p>")  # what XML cannot hold, lxml refuses
    'Troops left\\ufffd'
    """
    import lxml.html

    if "<" not in markup and "&" not in markup:
        return markup.strip()
    markup = NOT_XML.sub(lambda m: " " if m.group() < " " else "\ufffd", markup)
    root = lxml.html.fragment_fromstring(markup, create_parent="div")
    for element in root.iter("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr"):
        element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)
