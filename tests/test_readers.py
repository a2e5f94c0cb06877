"""Reading text and JSONL with read_articles: every kind of bad input becomes an InputError naming
file[:line] and the reason."""

from __future__ import annotations

import json

import pytest

from eventwire.errors import InputError
from eventwire.readers import read_articles
from eventwire.records import Article


def read(path, **options):
    return list(read_articles([path], **options))


def one(items):
    [item] = list(items)
    return item


def write(path, data):
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return str(path)


def jsonl(path, *lines, end="\n"):
    return write(path, "\n".join(lines) + end)


# --- plain text ---------------------------------------------------------------


def test_text_file_is_one_article_named_by_its_stem(tmp_path):
    article = one(read(write(tmp_path / "story.txt", "Russia attacked Ukraine.\n"), date="2022-02-24"))
    assert article == Article(id="story", text="Russia attacked Ukraine.\n", published="2022-02-24")


def test_bom_is_dropped(tmp_path):
    assert one(read(write(tmp_path / "bom.txt", b"\xef\xbb\xbfHello."))).text == "Hello."


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty file"),
        (b"  \n\t \r\n", "text is only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data, not supported: convert it to text first"),
        (bytes(range(256)) * 4, "binary data, not supported: convert it to text first"),
        (b"Caracas \xe9t\xe9 news", "invalid UTF-8 at byte 8"),
        (b"ok text " * 10 + b"\xff", "invalid UTF-8 at byte 80"),
    ],
)
def test_bad_text_files(tmp_path, data, reason):
    path = write(tmp_path / "bad.txt", data)
    err = one(read(path))
    assert isinstance(err, InputError)
    assert err.where == path
    assert err.reason.startswith(reason)


def test_large_text_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "big.txt"
    with path.open("wb") as f:  # 50 MB of real text
        chunk = b"The minister said talks would resume. " * 27_000
        while f.tell() < 50_000_000:
            f.write(chunk)
    err = one(read(str(path)))
    assert isinstance(err, InputError)
    assert "too large" in err.reason and "--max-bytes" in err.reason


def test_max_bytes_is_configurable(tmp_path):
    path = write(tmp_path / "s.txt", "x" * 101)
    assert isinstance(one(read(path, max_bytes=100)), InputError)
    assert isinstance(one(read(path, max_bytes=101)), Article)


def test_stdin(monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Hello from a pipe.")))
    article = one(read("-"))
    assert (article.id, article.text) == ("stdin", "Hello from a pipe.")


def test_stdin_over_the_limit_is_refused(monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"y" * 1000)))
    err = one(read("-", max_bytes=999))
    assert (err.where, err.reason) == ("stdin", "too large: over 999 bytes (see --max-bytes)")


# --- JSONL --------------------------------------------------------------------


def test_jsonl_records(tmp_path):
    path = jsonl(
        tmp_path / "in.jsonl",
        json.dumps({"id": "a", "text": "One.", "date": "2025-12-01", "title": "T", "url": "u", "source": "VOA"}),
        "",
        json.dumps({"text": "Two.", "published": "2025-03-14 20:30:26Z"}),
        json.dumps({"id": 7, "text": "Three."}),
    )
    a, b, c = read(path, date="2020-01-01")
    assert a == Article(id="a", text="One.", title="T", url="u", source="VOA", published="2025-12-01")
    assert (b.id, b.published) == ("in.jsonl:3", "2025-03-14 20:30:26Z")  # blank line 2 skipped, counted
    assert (c.id, c.published) == ("7", "2020-01-01")  # --date is the default


@pytest.mark.parametrize(
    "line, reason",
    [
        ("not json", "not valid JSON (Expecting value, column 1)"),
        ("[1, 2]", "not a JSON object but array"),
        ('"text"', "not a JSON object but string"),
        ('{"id": "x"}', "no 'text' field"),
        ('{"text": 5}', "'text' must be a string, not number"),
        ('{"text": null}', "'text' must be a string, not null"),
        ('{"text": ""}', "empty text"),
        ('{"text": " \\n "}', "text is only whitespace"),
        ('{"text": "ok", "id": [1]}', "'id' must be a string or integer, not array"),
        ('{"text": "ok", "title": 3}', "'title' must be a string, not number"),
        ('{"text": "ok", "date": "01/12/2025"}', "'date': invalid date '01/12/2025' (expected YYYY-MM-DD)"),
        ('{"text": "ok", "date": "2025-02-30"}', "'date': invalid date '2025-02-30' (expected YYYY-MM-DD)"),
        ('{"text": "ok", "published": 2025}', "'published': invalid date 2025 (expected YYYY-MM-DD)"),
    ],
)
def test_bad_jsonl_line_names_file_line_and_reason_and_others_are_kept(tmp_path, line, reason):
    path = jsonl(tmp_path / "in.jsonl", '{"id": "good1", "text": "Fine."}', line, '{"id": "good2", "text": "Fine."}')
    first, bad, last = read(path)
    assert (first.id, last.id) == ("good1", "good2")
    assert isinstance(bad, InputError)
    assert (bad.where, bad.reason) == (f"{path}:2", reason)


def test_truncated_last_line(tmp_path):
    path = jsonl(tmp_path / "in.jsonl", '{"id": "a", "text": "Fine."}', '{"id": "b", "text": "The minis', end="")
    good, bad = read(path)
    assert good.id == "a"
    assert bad.where == f"{path}:2"
    assert bad.reason.endswith("the last line has no newline: is the file truncated?")


def test_invalid_utf8_in_a_jsonl_line_gives_the_file_byte_offset(tmp_path):
    path = write(tmp_path / "in.jsonl", b'{"text": "ok"}\n{"text": "caf\xe9"}\n')
    good, bad = read(path)
    assert bad.where == f"{path}:2"
    assert bad.reason.startswith("invalid UTF-8 at byte 28")  # 15 bytes of line 1 + 13


@pytest.mark.parametrize(
    "data, reason",
    [(b"", "empty file"), (b"\n  \n\n", "no records (only whitespace)"),
     (b"\x00\x01\x02\x03binary\x00" * 100, "binary data, not supported: convert it to text first")],
)  # fmt: skip
def test_bad_jsonl_files(tmp_path, data, reason):
    path = write(tmp_path / "in.jsonl", data)
    err = one(read(path))
    assert (err.where, err.reason) == (path, reason)


def test_jsonl_text_over_the_limit(tmp_path):
    path = jsonl(tmp_path / "in.jsonl", json.dumps({"text": "x" * 5000}), json.dumps({"text": "small"}),
                 json.dumps({"text": "é" * 10_000_000}))  # fmt: skip
    big, small, huge = read(path, max_bytes=4000)
    assert big.reason.startswith("too large: 5,000 bytes")
    assert small.text == "small"
    assert huge.reason.startswith("line too large")  # skipped without parsing it


def test_read_articles_chains_inputs_in_order(tmp_path):
    paths = [write(tmp_path / "a.txt", "A."), write(tmp_path / "b.txt", ""), write(tmp_path / "c.txt", "C.")]
    items = list(read_articles(paths))
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "Article"]


def test_missing_file_is_an_input_error_not_an_exception(tmp_path):
    assert one(read(str(tmp_path / "nope.txt"))).reason == "no such file or directory"
    assert one(read(str(tmp_path / "nope.jsonl"))).reason == "no such file or directory"
