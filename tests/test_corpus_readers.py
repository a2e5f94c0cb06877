"""read_articles reads every format eventwire takes, from files, directories, gzip and stdin."""

from __future__ import annotations

import gzip
import io
import json
import sys

import pytest

from eventwire.errors import InputError
from eventwire.readers import CsvColumns, SkippedFile, read_articles
from eventwire.records import Article

STORY = "Iran and the United States resumed nuclear talks in Oman on Saturday, the foreign ministry said."
OTHER = "Russian troops attacked Ukrainian positions near Kharkiv on Monday."

PAGE = f"""<!DOCTYPE html><html><head><title>Talks resume in Oman</title>
<meta property="og:url" content="https://news.example/world/talks">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2024-05-06T10:00:00Z"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>
<article><h1>Talks resume in Oman</h1><p>{STORY}</p><p>{OTHER}</p></article>
<footer>Copyright 2019 Example News. All rights reserved.</footer></body></html>"""

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Wire Service</title><link>https://wire.example</link>
<item><title>Talks</title><guid isPermaLink="false">wire-1</guid><link>https://wire.example/1</link>
<pubDate>Mon, 06 May 2024 10:00:00 GMT</pubDate><description>&lt;p&gt;{STORY}&lt;/p&gt;</description></item>
<item><title>Attack</title><link>https://wire.example/2</link><description>{OTHER}</description></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>
<entry><id>urn:wire:1</id><title>Talks</title><updated>2024-05-06T10:00:00Z</updated>
<content type="html">&lt;p&gt;{STORY}&lt;/p&gt;&lt;p&gt;{OTHER}&lt;/p&gt;</content></entry></feed>"""


def read(*paths, **options):
    return list(read_articles([str(p) for p in paths], **options))


def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def articles(items):
    assert not [x for x in items if isinstance(x, InputError)], items
    return items


def test_text_file_is_one_article_named_by_its_stem(tmp_path):
    [a] = articles(read(write(tmp_path / "seed.txt", STORY), date="2024-05-06"))
    assert (a.id, a.text, a.published) == ("seed", STORY, "2024-05-06")


def test_html_page_gives_main_text_and_metadata(tmp_path):
    [a] = articles(read(write(tmp_path / "talks.html", PAGE), date="2000-01-01"))
    assert a.id == "talks"
    assert a.text == f"{STORY}\n{OTHER}"  # no navigation, headline or footer
    assert (a.title, a.url, a.source) == ("Talks resume in Oman", "https://news.example/world/talks", "Example News")
    assert a.published == "2024-05-06"  # the page's own date beats the default


def test_html_page_without_a_date_takes_the_default_not_a_copyright_year(tmp_path):
    page = PAGE.replace('<meta property="article:published_time" content="2024-05-06T10:00:00Z">', "")
    [a] = articles(read(write(tmp_path / "talks.htm", page), date="2024-05-07"))
    assert a.published == "2024-05-07"


def test_jsonl_json_object_and_array(tmp_path):
    lines = [json.dumps({"id": "v1", "text": STORY, "published": "2024-05-06 10:00:00Z", "title": "T",
                         "url": "https://voa.example/1", "source": "VOA"}), json.dumps({"text": OTHER})]
    jl = write(tmp_path / "a.jsonl", "\n".join(lines) + "\n")
    obj = write(tmp_path / "one.json", json.dumps({"text": STORY, "date": "2024-05-06"}))
    arr = write(tmp_path / "many.json", json.dumps([{"text": STORY}, {"id": 9, "text": OTHER}], indent=2))
    a, b, c, d, e = articles(read(jl, obj, arr))
    assert (a.id, a.published, a.title, a.url, a.source) == \
        ("v1", "2024-05-06 10:00:00Z", "T", "https://voa.example/1", "VOA")
    assert (b.id, b.text) == ("a.jsonl:2", OTHER)
    assert (c.id, c.published) == ("one.json", "2024-05-06")
    assert [(d.id, d.text), (e.id, e.text)] == [("many.json#1", STORY), ("9", OTHER)]


def test_csv_columns_are_chosen(tmp_path):
    data = ("story_id,headline,body,day,link,outlet\n"
            f's1,Talks,"{STORY}\nSecond line.",2024-05-06,https://x.example/1,Wire\n'
            f",Attack,{OTHER},,,\n")
    path = write(tmp_path / "s.csv", data)
    cols = CsvColumns(text="body", id="story_id", title="headline", date="day", url="link", source="outlet")
    a, b = articles(read(path, csv_columns=cols, date="2024-01-01"))
    assert a == Article(id="s1", text=f"{STORY}\nSecond line.", title="Talks", url="https://x.example/1",
                        source="Wire", published="2024-05-06")
    assert (b.id, b.title, b.published, b.source) == ("s.csv:4", "Attack", "2024-01-01", None)  # row 2 spans two lines


def test_tsv(tmp_path):
    path = write(tmp_path / "s.tsv", f"title\ttext\nTalks\t{STORY}\n")
    [a] = articles(read(path, csv_columns=CsvColumns(title="title")))
    assert (a.id, a.title, a.text) == ("s.tsv:2", "Talks", STORY)


def test_rss_entries_are_articles(tmp_path):
    a, b = articles(read(write(tmp_path / "wire.rss", RSS)))
    assert (a.id, a.title, a.url, a.source, a.text) == \
        ("wire-1", "Talks", "https://wire.example/1", "Wire Service", STORY)
    assert a.published == "2024-05-06T10:00:00Z"
    assert (b.id, b.text, b.published) == ("https://wire.example/2", OTHER, None)  # no guid: the link


def test_atom_entry_keeps_its_paragraphs(tmp_path):
    [a] = articles(read(write(tmp_path / "wire.atom", ATOM)))
    assert (a.id, a.text, a.source, a.published) == \
        ("urn:wire:1", f"{STORY}\n{OTHER}", "Atom Wire", "2024-05-06T10:00:00Z")


def test_feed_in_a_declared_legacy_encoding(tmp_path):
    rss = RSS.replace("UTF-8", "ISO-8859-1").replace("Oman", "Omán").encode("latin-1")
    a, _ = articles(read(write(tmp_path / "legacy.xml", rss)))
    assert "talks in Omán" in a.text


@pytest.mark.parametrize("name, data, options", [
    ("seed.txt", STORY, {}),
    ("talks.html", PAGE, {}),
    ("a.jsonl", f'{{"text": "{STORY}"}}\n{{"text": "{OTHER}"}}\n', {}),
    ("a.json", json.dumps([{"text": STORY}]), {}),
    ("s.csv", f'text\n"{STORY}"\n{OTHER}\n', {}),
    ("wire.rss", RSS, {}),
    ("wire.atom", ATOM, {}),
])
def test_gzip_of_each_format_reads_the_same_articles_with_the_same_ids(tmp_path, name, data, options):
    plain = articles(read(write(tmp_path / "plain" / name, data), **options))
    packed = articles(read(write(tmp_path / "gz" / f"{name}.gz", gzip.compress(data.encode("utf-8"))), **options))
    assert plain and packed == plain


def test_directory_is_walked_sorted_skipping_hidden_and_unknown_files(tmp_path):
    root = tmp_path / "corpus"
    write(root / "b.txt", OTHER)
    write(root / "a" / "z.jsonl", f'{{"text": "{STORY}"}}\n')
    write(root / "a" / "story.txt", STORY)
    write(root / "a" / "story.html", PAGE)
    write(root / ".cache" / "x.txt", "hidden")
    write(root / ".hidden.txt", "hidden")
    write(root / "notes.pdf", b"%PDF-1.4\x00\x01")
    write(root / "c.txt.gz", gzip.compress(STORY.encode()))
    write(root / "data.bin", b"\x00\x01")
    items = read(root)
    skipped = [(x.where, x.reason) for x in items if isinstance(x, SkippedFile)]
    assert skipped == [(str(root / "data.bin"), "unknown extension"),
                       (str(root / "notes.pdf"), "not supported: convert it to text first")]  # named, never hidden
    ids = [a.id for a in articles([x for x in items if not isinstance(x, SkippedFile)])]
    assert ids == ["corpus/b", "corpus/c", "corpus/a/story", "corpus/a/story", "corpus/a/z.jsonl:1"]
    assert [a.id for a in read(root) if isinstance(a, Article)] == ids  # stable from run to run


def test_ids_do_not_depend_on_how_the_directory_was_named(tmp_path, monkeypatch):
    write(tmp_path / "corpus" / "x" / "s.txt", STORY)
    monkeypatch.chdir(tmp_path / "corpus")
    [here] = read(".")
    monkeypatch.chdir(tmp_path)
    [there] = read(tmp_path / "corpus")
    assert here.id == there.id == "corpus/x/s"


def test_input_format_reads_every_file_in_that_format(tmp_path):
    write(tmp_path / "d" / "records.dat", f'{{"text": "{STORY}"}}\n')
    [a] = articles(read(tmp_path / "d", input_format="jsonl"))
    assert (a.id, a.text) == ("d/records.dat:1", STORY)
    with pytest.raises(ValueError, match="unknown input format"):
        read(tmp_path, input_format="pdf")


def test_file_without_extension_is_sniffed(tmp_path):
    [a] = articles(read(write(tmp_path / "page", PAGE)))
    assert a.title == "Talks resume in Oman"
    a, b = articles(read(write(tmp_path / "feed", RSS)))
    assert a.id == "wire-1"


@pytest.mark.parametrize("data, input_format, expected", [
    (f'{{"text": "{STORY}"}}\n{{"text": "{OTHER}"}}\n', None, [("stdin:1", STORY), ("stdin:2", OTHER)]),
    (json.dumps({"text": STORY}, indent=2), None, [("stdin", STORY)]),
    (RSS, None, [("wire-1", STORY), ("https://wire.example/2", OTHER)]),
    (STORY, None, [("stdin", STORY)]),
    (f'text\n"{STORY}"\n', "csv", [("stdin:2", STORY)]),
])
def test_stdin_is_sniffed_or_read_in_the_format_given(monkeypatch, data, input_format, expected):
    for payload in (data.encode(), gzip.compress(data.encode())):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(payload)))
        got = articles(read("-", input_format=input_format))
        assert [(a.id, a.text) for a in got] == expected
