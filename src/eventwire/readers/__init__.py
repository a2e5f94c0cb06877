"""Readers: turn inputs into Articles, or into InputErrors that say what is wrong, never raising.

:func:`read_articles` is the one entry point: files, directories, standard input (``-``),
every format in :data:`INPUT_FORMATS` (by extension, else by content), gzipped or not, in
input order, so a batch goes on past a bad record. :func:`record_article` turns one decoded
JSON record into an Article (the API's ``POST /v1/articles`` uses it).

>>> import tempfile, os
>>> folder = tempfile.mkdtemp()
>>> for name, data in [("a.txt", "Iran and Oman held talks."), ("b.txt", ""), ("c.pdf", "%PDF-1.7")]:
...     _ = open(os.path.join(folder, name), "w").write(data)
>>> for item in read_articles(os.path.join(folder, name) for name in ("a.txt", "b.txt", "c.pdf")):
...     print(item.reason if hasattr(item, "reason") else item.id)
a
empty file
not supported: convert it to text first
"""

from .corpus import SkippedFile, read_articles
from .csv import CsvColumns
from .formats import INPUT_FORMATS
from .jsonl import record_article
from .text import DEFAULT_MAX_BYTES

__all__ = ["DEFAULT_MAX_BYTES", "INPUT_FORMATS", "CsvColumns", "SkippedFile", "read_articles",
           "record_article"]
