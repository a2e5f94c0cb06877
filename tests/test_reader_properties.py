"""Property tests (Hypothesis) for the ways text comes in: arbitrary bytes and arbitrary Unicode,
lone surrogates included, never raise out of a reader, every format and gzipped; every JSON
record is an Article or an InputError; and every record given to ``Store.ingest`` ends either
stored or in the ``errors`` table (real DuckDB, the real coder)."""

from __future__ import annotations

import gzip
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire import open_store
from eventwire.clean import not_text
from eventwire.errors import InputError
from eventwire.readers import read_articles, record_article
from eventwire.readers.corpus import READERS
from eventwire.readers.formats import EXTENSIONS
from eventwire.records import Article

# Characters a hostile or careless input is made of: any code point (surrogates included) and,
# often, those that broke things: lone surrogates, NUL, controls, zero-width spaces, BOMs.
HOSTILE = "\ud800\udbff\udc00\udfff\x00\x01\x1b\x7f\u200b\u200d\u2060\ufeff\u2028\ufffd\r\n <&;#x"
characters = st.one_of(st.characters(codec=None, exclude_categories=()), st.sampled_from(HOSTILE))
texts = st.text(characters, max_size=60)
NEWS = ["Iran accused Israel of sabotage.", "China and Japan held talks in Beijing.",
        "Russian troops attacked Ukrainian soldiers near Kharkiv."]
FIELDS = ("id", "text", "title", "url", "source", "date", "published")
# A JSON value of any shape, its strings hostile.
json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts,
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
                           max_leaves=6)
records = st.dictionaries(st.sampled_from(FIELDS), st.one_of(texts, st.sampled_from(NEWS), json_values),
                          max_size=len(FIELDS))
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def sound(items: list) -> list:
    """``items`` after checking each is an Article of valid text or an InputError whose message is
    valid Unicode (so it can be printed, stored and sent as JSON)."""
    for item in items:
        assert isinstance(item, (Article, InputError)), item
        if isinstance(item, InputError):
            str(item).encode("utf-8")
            continue
        for name in ("id", "text", "title", "url", "source", "published"):
            value = getattr(item, name)
            assert value is None or (isinstance(value, str) and not_text(name, value) is None), (name, value)
        assert item.text.strip()
    return items


def encodings(text: str) -> list[bytes]:
    """``text`` as a file could hold it: UTF-8 with surrogates passed through (invalid UTF-8), a
    JSON string (surrogates as escapes), and markup or a table row around it."""
    raw = text.encode("utf-8", "surrogatepass")
    return [raw, json.dumps({"id": text, "text": text, "title": text, "date": text}).encode(),
            json.dumps([{"text": text}, {"text": NEWS[0], "source": text}]).encode(),
            b"text,title\n" + raw + b"," + raw + b"\n",
            b"<html><head><title>" + raw + b"</title></head><body><article><p>" + raw + b" " + NEWS[1].encode()
            + b"</p></article></body></html>",
            b'<rss version="2.0"><channel><title>' + raw + b"</title><item><guid>" + raw
            + b"</guid><description>" + raw + b"</description></item></channel></rss>"]


@pytest.mark.parametrize("reader", sorted(READERS))
@given(data=st.binary(max_size=300) | texts.map(lambda t: encodings(t)[0]))
@settings(FAST)
def test_any_bytes_never_raise_out_of_a_reader(reader, data):
    sound(list(READERS[reader](io.BytesIO(data), "in", max_bytes=400)))


@pytest.mark.parametrize("reader", sorted(READERS))
@given(text=texts)
@settings(FAST)
def test_any_unicode_in_any_format_never_raises_out_of_a_reader(reader, text):
    for data in encodings(text):
        sound(list(READERS[reader](io.BytesIO(data), "in", max_bytes=400)))


@given(text=texts, data=st.binary(max_size=200))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_files_of_every_extension_plain_and_gzipped_never_raise(tmp_path_factory, text, data):
    folder = tmp_path_factory.mktemp("in")
    for n, content in enumerate([data, *encodings(text)]):
        for extension in sorted(EXTENSIONS):
            (folder / f"{n}{extension}").write_bytes(content)
            (folder / f"{n}{extension}.gz").write_bytes(gzip.compress(content))
    items = sound(list(read_articles([folder])))
    assert len(items) >= 2 * len(EXTENSIONS) * 7  # at least one item per file


@given(record=records | json_values)
@settings(max_examples=200, deadline=None)
def test_any_json_record_is_an_article_or_an_input_error(record):
    try:
        article = record_article(record, "body[0]", 400, None, "body[0]")
    except InputError as err:
        sound([err])
        assert err.where == "body[0]"
    else:
        sound([article])


@given(batch=st.lists(records | st.builds(lambda t: {"text": t}, st.sampled_from(NEWS)), min_size=1, max_size=5))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_every_record_ingested_is_stored_or_in_errors(tmp_path_factory, batch):
    items = []
    for number, record in enumerate(batch):
        try:
            items.append(record_article(record, f"body[{number}]", 400, None, f"body[{number}]"))
        except InputError as err:
            items.append(err)
    with open_store(tmp_path_factory.mktemp("store") / "e.duckdb") as store:
        summary = store.ingest(items, batch_size=2)
        counts = store.counts()
    assert summary.articles + summary.skipped + summary.failed == len(batch)
    assert counts["articles"] == summary.articles
    assert counts["errors"] == summary.failed
