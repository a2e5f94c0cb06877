"""Bad input read through read_articles: each problem is an InputError naming the file (and line or
entry) with a reason a user can act on; what was read before it is kept and the inputs after it are read."""

from __future__ import annotations

import gzip
import json
import tracemalloc

import pytest

from eventwire.errors import InputError
from eventwire.readers import CsvColumns, SkippedFile, read_articles
from eventwire.records import Article

STORY = "Iran and the United States resumed nuclear talks in Oman on Saturday."


def read(*paths, **options):
    return list(read_articles([str(p) for p in paths], **options))


def write(path, data):
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def split(items):
    return [x for x in items if isinstance(x, Article)], [x for x in items if isinstance(x, InputError)]


def records(n):
    return "".join(json.dumps({"id": f"r{i}", "text": f"{STORY} Report {i}."}) + "\n" for i in range(n))


@pytest.fixture
def after(tmp_path):
    """A good file read after the bad one: the batch goes on."""
    return write(tmp_path / "zz-after.txt", STORY)


def ends_with_the_good_file(items):
    assert isinstance(items[-1], Article) and items[-1].id == "zz-after"


def test_truncated_gzip_keeps_the_records_before_the_cut(tmp_path, after):
    packed = gzip.compress(records(5000).encode(), compresslevel=1)
    path = write(tmp_path / "wire.jsonl.gz", packed[: len(packed) // 2])
    items = read(path, after)
    good, bad = split(items[:-1])
    assert 500 < len(good) < 5000
    assert [a.id for a in good] == [f"r{i}" for i in range(len(good))]  # in order, none lost before the cut
    [err] = bad
    assert err.where == str(path) and err.reason.startswith("truncated gzip data")
    ends_with_the_good_file(items)


def test_damaged_gzip_says_that_what_was_read_may_be_damaged(tmp_path, after):
    packed = bytearray(gzip.compress(records(5000).encode(), compresslevel=1))
    packed[len(packed) // 2: len(packed) // 2 + 64] = bytes(64)
    path = write(tmp_path / "wire.jsonl.gz", bytes(packed))
    items = read(path, after)
    first_error = next(i for i, x in enumerate(items) if isinstance(x, InputError))
    assert [a.id for a in items[:first_error]] == [f"r{i}" for i in range(first_error)]
    last = items[-2]
    assert last.where == str(path)
    assert last.reason.startswith("corrupt gzip data (CRC check failed") and "may be damaged" in last.reason
    ends_with_the_good_file(items)


def test_not_gzip_at_all(tmp_path, after):
    path = write(tmp_path / "x.txt.gz", b"\x1f\x8b" + b"no deflate stream here")
    [err, _] = items = read(path, after)
    assert err.where == str(path) and err.reason.startswith("corrupt gzip data (Unknown compression method)")
    ends_with_the_good_file(items)


@pytest.mark.parametrize("name, data, line", [
    ("a.txt", b"Caracas \xe9t\xe9 news", None),
    ("a.jsonl", b'{"text": "ok"}\n{"text": "caf\xe9"}\n', 2),
    ("a.csv", b"text\nok\ncaf\xe9 cr\xe8me\n", 3),
    ("a.html", b"<html><body><p>" + b"Troops left the capital on Monday. " * 3 + b"\xe9</p></body></html>", None),
    ("a.rss", b'<rss version="2.0"><channel><item><description>caf\xe9</description></item></channel></rss>', None),
])
def test_invalid_utf8_names_the_byte(tmp_path, after, name, data, line):
    items = read(write(tmp_path / name, data), after)
    [err] = [x for x in items if isinstance(x, InputError)]
    assert err.where == str(tmp_path / name) + (f":{line}" if line else "")
    offset = data.index(b"\xe9")  # counted from the start of the file
    assert err.reason.startswith(f"invalid UTF-8 at byte {offset} (convert the file to UTF-8")
    ends_with_the_good_file(items)


def test_invalid_utf8_inside_gzip_counts_bytes_of_the_uncompressed_text(tmp_path):
    [err] = read(write(tmp_path / "a.txt.gz", gzip.compress(b"ok ok \xe9")))
    assert (err.where, err.reason.split(" (")[0]) == (str(tmp_path / "a.txt.gz"), "invalid UTF-8 at byte 6")


def test_200_mb_single_line_is_refused_without_holding_it(tmp_path, after):
    path = tmp_path / "huge.jsonl"
    with path.open("wb") as f:
        f.write(records(1).encode())
        f.write(b'{"text": "')
        chunk = b"The minister said talks would resume. " * 27_000  # ~1 MB
        for _ in range(200):
            f.write(chunk)
        f.write(b'"}\n')
        f.write(records(2).encode())
    assert path.stat().st_size > 200_000_000
    tracemalloc.start()
    try:
        items = read(path, after, max_bytes=5_000_000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    first, err, r0, r1, _ = items
    assert (first.id, r0.id, r1.id) == ("r0", "r0", "r1")
    assert err.where == f"{path}:2"
    assert err.reason == "line too large: over 15,001,024 bytes (see --max-bytes)"
    assert peak < 40_000_000  # the limit, not the line, bounds memory
    ends_with_the_good_file(items)


def test_long_line_in_csv_skips_that_row_only(tmp_path):
    path = write(tmp_path / "s.csv", "text\nfirst row\n" + "x" * 50_000 + "\nlast row\n")
    first, err, last = read(path, max_bytes=10_000)
    assert (first.text, last.text, last.id) == ("first row", "last row", "s.csv:4")
    assert (err.where, err.reason) == (f"{path}:3", "line too large: over 31,024 bytes (see --max-bytes)")


def test_html_page_with_no_article(tmp_path, after):
    links = "".join(f'<li><a href="/world/{i}">World story {i}</a></li>' for i in range(40))
    index = write(tmp_path / "index.html",
                  f"<html><head><title>World</title></head><body><ul>{links}</ul></body></html>")
    login = write(tmp_path / "login.html", "<html><body><form><label>Email</label><input name=e>"
                                           "<button>Sign in</button></form></body></html>")
    items = read(index, login, after)
    assert [(e.where, e.reason.split(" (")[0]) for e in items[:2]] == [
        (str(index), "no article found in the page"), (str(login), "no article found in the page")]
    ends_with_the_good_file(items)


def test_feed_with_broken_entries_reads_the_others(tmp_path, after):
    def item(guid, body, date="Mon, 06 May 2024 10:00:00 GMT"):
        return f"<item><guid>{guid}</guid><title>{guid}</title><pubDate>{date}</pubDate>{body}</item>"

    rss = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
           + item("ok-1", f"<description>{STORY}</description>")
           + item("no-text", "")
           + item("bad-date", f"<description>{STORY}</description>", date="the day before yesterday")
           + item("markup-only", "<description>&lt;img src='x.png'/&gt;</description>")
           + item("ok-2", f"<description>{STORY} Again.</description>")
           + "</channel></rss>")
    path = write(tmp_path / "wire.rss", rss)
    items = read(path, after)
    assert [a.id for a in items if isinstance(a, Article)] == ["ok-1", "ok-2", "zz-after"]
    assert [str(e) for e in items if isinstance(e, InputError)] == [
        f"{path}#2: entry 'no-text': no text (no content, summary or description)",
        f"{path}#3: entry 'bad-date': cannot read its published date 'the day before yesterday'",
        f"{path}#4: entry 'markup-only': no text (only markup)",
    ]


def test_truncated_feed_keeps_the_complete_entries_and_says_why_the_last_is_broken(tmp_path):
    entries = "".join(f"<item><guid>g{i}</guid><description>{STORY} ({i})</description></item>" for i in range(4))
    rss = f'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>{entries}</channel></rss>'
    path = write(tmp_path / "cut.rss", rss[: rss.index("<guid>g3") + 12])
    items = read(path)
    assert [a.id for a in items[:3]] == ["g0", "g1", "g2"]
    assert items[3].where == f"{path}#4" and "the feed is not well-formed" in items[3].reason


def test_xml_that_is_not_a_feed(tmp_path):
    [err] = read(write(tmp_path / "catalog.xml", '<?xml version="1.0"?><catalog><book>x</book></catalog>'))
    assert err.reason == "not an RSS or Atom feed"


def test_truncated_last_jsonl_line(tmp_path, after):
    data = records(3)
    path = write(tmp_path / "cut.jsonl", data[: len(data) - 20])
    items = read(path, after)
    assert [a.id for a in items[:2]] == ["r0", "r1"]
    err = items[2]
    assert err.where == f"{path}:3"
    assert err.reason.startswith("not valid JSON") and "is the file truncated?" in err.reason
    ends_with_the_good_file(items)


@pytest.mark.parametrize("name, data, reason", [
    ("empty.txt", b"", "empty file"),
    ("empty.jsonl.gz", gzip.compress(b""), "empty file"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data, not supported: convert it to text first"),
    ("notes.pdf", b"%PDF-1.4\n1 0 obj", "not supported: convert it to text first"),
    ("notes", b"%PDF-1.4\n1 0 obj", "not supported: convert it to text first"),
    ("letter.docx.gz", gzip.compress(b"PK\x03\x04\x14\x00"), "not supported: convert it to text first"),
    ("report.txt", b"PK\x03\x04\x14\x00\x06\x00", "not supported: convert it to text first"),
    ("blank.jsonl", b"\n  \n", "no records (only whitespace)"),
    ("bad.json", b'{"text": "a",', "not valid JSON"),
])
def test_empty_and_binary_inputs(tmp_path, after, name, data, reason):
    items = read(write(tmp_path / name, data), after)
    assert items[0].where == str(tmp_path / name) and items[0].reason.startswith(reason)
    assert not isinstance(items[0], SkippedFile)  # named on its own: refused, not skipped
    ends_with_the_good_file(items)


def test_files_of_a_directory_not_read_are_skipped_and_named(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    write(root / "a.txt", STORY)
    write(root / "data.bin", b"\x00\x01\x02")
    write(root / "notes.pdf", b"%PDF-1.4\n")
    write(root / "README", "Read me.")
    write(root / "scan.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write(root / "z.jsonl", b"%PDF-1.4\n")
    items = read(root)
    assert [a.id for a in items if isinstance(a, Article)] == ["corpus/a"]
    assert [(s.where, s.reason) for s in items if isinstance(s, SkippedFile)] == [
        (str(root / "README"), "no extension"),
        (str(root / "data.bin"), "unknown extension"),
        (str(root / "notes.pdf"), "not supported: convert it to text first"),
        (str(root / "scan.txt"), "binary data, not supported: convert it to text first"),
        (str(root / "z.jsonl"), "not supported: convert it to text first"),
    ]
    assert all(isinstance(x, (Article, SkippedFile)) for x in items)


def test_missing_path_and_missing_csv_column(tmp_path, after):
    csv_file = write(tmp_path / "s.csv", "headline,body\nT,B\n")
    items = read(tmp_path / "nope", csv_file, after, csv_columns=CsvColumns(text="story"))
    assert (items[0].where, items[0].reason) == (str(tmp_path / "nope"), "no such file or directory")
    assert items[1].where == str(csv_file)
    assert items[1].reason.startswith("no column 'story' (the header has: headline, body)")
    ends_with_the_good_file(items)
