"""``eventwire code`` end to end on the real pipeline: formats, stdin, JSONL, bad input, exit codes."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import eventwire
from eventwire.cli import main

STORY = (
    "Russian forces attacked the Ukrainian city of Kharkiv on Monday, officials said. "
    "Ukraine's president accused Moscow of war crimes.\n"
)
OTHER = "Israeli warplanes bombed targets in Gaza on Tuesday. Egypt condemned the strikes.\n"
CLI_DATA = Path(__file__).parent / "data" / "cli"
EVENTWIRE = str(Path(sys.executable).with_name("eventwire"))
if not Path(EVENTWIRE).exists():
    EVENTWIRE = shutil.which("eventwire") or EVENTWIRE


@pytest.fixture(scope="module")
def coder():
    return eventwire.Coder()


@pytest.fixture
def run(coder, monkeypatch):
    """Invoke ``eventwire code ARGS`` in-process with one shared Coder; returns click's Result."""
    # the default options only
    monkeypatch.setattr(eventwire, "Coder", lambda place_targets=True, statements=False: coder)

    def invoke(*args, input=None):
        return CliRunner().invoke(main, ["code", *map(str, args)], input=input)

    return invoke


def records(result):
    return [json.loads(line) for line in result.stdout.splitlines()]


def errors(result):
    return result.stderr.splitlines()


@pytest.fixture
def story(tmp_path):
    path = tmp_path / "kharkiv.txt"
    path.write_text(STORY, encoding="utf-8")
    return path


# --- formats and inputs -------------------------------------------------------


def test_text_file_to_jsonl(run, story):
    result = run(story, "--date", "2025-12-01")
    assert result.exit_code == 0, result.stderr
    events = records(result)
    assert events, "the story has events"
    assert {e["doc_id"] for e in events} == {"kharkiv"}
    assert all(e["date"].startswith("2025-12-01") for e in events if e["date"])
    assert result.stderr == ""
    for event in events:
        start, end = event["trigger"]["start"], event["trigger"]["end"]
        assert STORY[start:end] == event["trigger"]["text"]


def test_json_format(run, story):
    result = run(story, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == records(run(story))


def test_csv_format(run, story):
    result = run(story, "-f", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == len(records(run(story)))
    assert {"source_code", "target_code", "trigger_text", "evidence_start", "attribution_sources"} <= set(rows[0])


def test_table_format(run, story):
    result = run(story, "--format", "table")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] == ["doc", "sent"]
    assert len(lines) == 1 + len(records(run(story)))
    assert all(line.startswith("kharkiv") and "→" in line for line in lines[1:])


def test_stdin_dash_and_no_arguments(run):
    for args in (["-"], []):
        result = run(*args, input=STORY)
        assert result.exit_code == 0, result.stderr
        assert {e["doc_id"] for e in records(result)} == {"stdin"}


def test_several_text_files_keep_their_order(run, story, tmp_path):
    other = tmp_path / "gaza.txt"
    other.write_text(OTHER, encoding="utf-8")
    docs = [e["doc_id"] for e in records(run(story, other))]
    assert docs and docs == sorted(docs, key=["kharkiv", "gaza"].index) and "gaza" in docs


def test_jsonl_in_jsonl_out_with_doc_ids(run, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(
        json.dumps({"id": "k1", "text": STORY, "date": "2025-12-01"}) + "\n"
        + json.dumps({"text": OTHER, "title": "Gaza"}) + "\n",
        encoding="utf-8",
    )
    result = run("--input-format", "jsonl", path, "--date", "2024-01-02")
    assert result.exit_code == 0, result.stderr
    by_doc = {}
    for e in records(result):
        by_doc.setdefault(e["doc_id"], []).append(e)
    assert set(by_doc) == {"k1", "in.jsonl:2"}  # ids as eventwire ingest gives them
    assert {e["date"][:10] for e in by_doc["k1"] if e["date"]} <= {"2025-12-01"}
    assert {e["date"][:10] for e in by_doc["in.jsonl:2"] if e["date"]} <= {"2024-01-02"}


def test_jsonl_from_stdin(run):
    result = run("-i", "jsonl", "-", input=json.dumps({"id": "s1", "text": STORY}) + "\n")
    assert result.exit_code == 0
    assert {e["doc_id"] for e in records(result)} == {"s1"}


def test_jsonl_by_extension_codes_one_article_per_line_with_ids_and_dates(run, tmp_path):
    path = tmp_path / "stories.jsonl"
    path.write_text(json.dumps({"id": "k1", "text": STORY, "date": "2025-12-01"}) + "\n"
                    + json.dumps({"id": "g1", "text": OTHER, "date": "2024-01-02"}) + "\n", encoding="utf-8")
    result = run(path)  # no --input-format: the extension says JSONL
    assert result.exit_code == 0, result.stderr
    events = records(result)
    assert {e["doc_id"] for e in events} == {"k1", "g1"}
    dates = {e["doc_id"]: e["date"][:10] for e in events if e["date"]}
    assert dates == {"k1": "2025-12-01", "g1": "2024-01-02"}


def test_html_page_by_extension(run, tmp_path):
    page = tmp_path / "kharkiv.html"
    page.write_text(
        "<html><head><title>Attack on Kharkiv</title>"
        '<meta property="article:published_time" content="2024-05-06T10:00:00Z"></head><body>'
        "<nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
        f"<article><h1>Attack on Kharkiv</h1><p>{STORY}</p></article></body></html>", encoding="utf-8")
    result = run(page)
    assert result.exit_code == 0, result.stderr
    events = records(result)
    assert events and {e["doc_id"] for e in events} == {"kharkiv"}
    assert all(e["date"].startswith("2024-05-06") for e in events if e["date"])
    assert not any("Home" in e["text"] for e in events)  # the main text, not the navigation


def test_csv_by_extension_with_the_column_options(run, tmp_path):
    table = tmp_path / "table.csv"
    with table.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["story", "body", "day"])
        out.writerow(["k1", STORY, "2025-12-01"])
        out.writerow(["g1", OTHER, "2024-01-02"])
    result = run(table, "--text-column", "body", "--id-column", "story", "--date-column", "day")
    assert result.exit_code == 0, result.stderr
    dates = {e["doc_id"]: e["date"][:10] for e in records(result) if e["date"]}
    assert dates == {"k1": "2025-12-01", "g1": "2024-01-02"}
    missing = run(table)  # the default text column is not there
    assert missing.exit_code == 2
    assert errors(missing)[0].startswith(f"eventwire: {table}: no column 'text' (the header has: story, body, day)")


def test_pdf_is_not_supported(run, tmp_path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    result = run(pdf)
    assert result.exit_code == 2
    assert errors(result) == [f"eventwire: {pdf}: not supported: convert it to text first",
                              "eventwire: 1 of 1 records failed"]


def test_directory_codes_what_it_can_read_and_names_what_it_skipped(run, story, tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    story.rename(folder / "kharkiv.txt")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.7\n")
    (folder / "data.bin").write_bytes(b"\x00\x01")
    result = run(folder)
    assert result.exit_code == 0, result.stderr
    assert {e["doc_id"] for e in records(result)} == {"corpus/kharkiv"}
    assert errors(result) == [f"eventwire: skipped 2 files: {folder / 'data.bin'} (unknown extension), "
                              f"{folder / 'notes.pdf'} (not supported: convert it to text first)"]
    (folder / "kharkiv.txt").unlink()
    nothing = run(folder)
    assert nothing.exit_code == 2 and nothing.stdout == ""


# --- bad input ----------------------------------------------------------------


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty file"),
        (b" \n\t\n", "text is only whitespace"),
        (bytes(range(256)) * 8, "binary data"),
        (b"Venezuela \xe9lections", "invalid UTF-8 at byte 10"),
    ],
)
def test_bad_text_file_fails_the_run(run, tmp_path, data, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    result = run(path)
    assert result.exit_code == 2
    assert result.stdout == ""
    first, last = errors(result)
    assert first.startswith(f"eventwire: {path}: {reason}")
    assert last == "eventwire: 1 of 1 records failed"
    assert "Traceback" not in result.output


def test_50_mb_file_gets_a_clear_error(run, tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        line = b"Officials said the talks would resume next week in Geneva.\n"
        f.write(line * (50_000_000 // len(line) + 1))
    result = run(path)
    assert result.exit_code == 2
    assert errors(result)[0].startswith(f"eventwire: {path}: too large: 50,000,0")
    assert "--max-bytes" in errors(result)[0]


def test_max_bytes_option(run, story):
    result = run(story, "--max-bytes", "20")
    assert result.exit_code == 2 and "too large" in result.stderr
    assert run(story, "--max-bytes", str(len(STORY.encode()))).exit_code == 0


def test_a_bad_file_among_good_ones(run, story, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run(empty, story)
    assert result.exit_code == 1
    assert errors(result) == [f"eventwire: {empty}: empty file", "eventwire: 1 of 2 records failed"]
    assert {e["doc_id"] for e in records(result)} == {"kharkiv"}


def test_jsonl_bad_lines_are_reported_and_good_ones_coded(run, tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        "\n".join([
            json.dumps({"id": "good1", "text": STORY}),
            "this is not json",
            json.dumps({"id": "no-text", "body": STORY}),
            json.dumps(["not", "an", "object"]),
            json.dumps({"id": "bad-date", "text": STORY, "date": "12/01/2025"}),
            json.dumps({"id": "good2", "text": OTHER}),
            '{"id": "cut", "text": "Russian forces attac',  # truncated last line, no newline
        ]),
        encoding="utf-8",
    )  # fmt: skip
    result = run("--input-format", "jsonl", path)
    assert result.exit_code == 1
    lines = errors(result)
    assert lines[0].startswith(f"eventwire: {path}:2: not valid JSON")
    assert lines[1] == f"eventwire: {path}:3: no 'text' field"
    assert lines[2] == f"eventwire: {path}:4: not a JSON object but array"
    assert lines[3].startswith(f"eventwire: {path}:5: 'date': invalid date")
    assert lines[4].startswith(f"eventwire: {path}:7: not valid JSON") and "truncated" in lines[4]
    assert lines[5] == "eventwire: 5 of 7 records failed"
    assert {e["doc_id"] for e in records(result)} == {"good1", "good2"}


def test_jsonl_where_nothing_can_be_coded(run, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": 1}\nnope\n', encoding="utf-8")
    result = run("-i", "jsonl", path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert errors(result)[-1] == "eventwire: 2 of 2 records failed"


def test_binary_stdin(run):
    result = run("-", input=b"\x7fELF\x02\x01\x01\x00\x00\x00" * 50)
    assert result.exit_code == 2
    assert errors(result)[0] == "eventwire: stdin: binary data, not supported: convert it to text first"


# --- usage errors -------------------------------------------------------------


@pytest.mark.parametrize(
    "args, message",
    [
        (["missing.txt"], "does not exist"),
        (["--date", "2025-13-01", "-"], "expected YYYY-MM-DD"),
        (["--date", "yesterday", "-"], "expected YYYY-MM-DD"),
        (["--format", "xml", "-"], "'xml' is not one of"),
        (["--input-format", "pdf", "-"], "'pdf' is not one of"),
        (["--n-process", "0", "-"], "x>=1"),
    ],
)
def test_usage_errors_exit_2(run, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = run(*args, input=STORY)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_fixture_files(run):
    """The small files in tests/data/cli: one good, one bad line each kind."""
    result = run("-i", "jsonl", CLI_DATA / "mixed.jsonl")
    assert result.exit_code == 1
    assert {e["doc_id"] for e in records(result)} == {"voa-style-1", "voa-style-2"}
    assert errors(result)[-1] == "eventwire: 3 of 5 records failed"


# --- as a real process --------------------------------------------------------


def eventwire_cli(*args, input=None):
    return subprocess.run([EVENTWIRE, "code", *map(str, args)], input=input, capture_output=True, timeout=300)


def test_real_process_stdout_carries_only_records(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(STORY, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00\x00garbage")
    proc = eventwire_cli(good, bad, "--date", "2025-12-01")
    assert proc.returncode == 1
    assert all(json.loads(line)["doc_id"] == "good" for line in proc.stdout.decode().splitlines())
    assert proc.stderr.decode().splitlines() == [f"eventwire: {bad}: binary data, not supported: convert it to text first",  # noqa: E501
                                                 "eventwire: 1 of 2 records failed"]


def test_closed_pipe_is_not_an_error(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps({"id": str(i), "text": STORY}) + "\n" for i in range(200)))
    cmd = f"{EVENTWIRE} code -i jsonl {path} | head -n 1"
    proc = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], capture_output=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert b"Traceback" not in proc.stderr
    assert len(proc.stdout.splitlines()) == 1


def test_several_processes_give_the_same_output(tmp_path):
    path = tmp_path / "in.jsonl"
    lines = [json.dumps({"id": f"d{i}", "text": STORY if i % 2 else OTHER}) for i in range(6)]
    path.write_text("\n".join(lines[:3] + ["not json"] + lines[3:]) + "\n", encoding="utf-8")
    one, two = (eventwire_cli("-i", "jsonl", path, "--n-process", n) for n in (1, 2))
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout and one.stdout
    assert one.stderr == two.stderr
