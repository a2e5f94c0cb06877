"""`eventwire ingest` on a directory of mixed inputs: exit codes, JSON log lines, errors, reruns."""

import gzip
import json

from click.testing import CliRunner

from eventwire import open_store
from eventwire.cli import main
from eventwire.cli.ingest import _Report
from eventwire.store.write import IngestSummary


def make_corpus(root):
    root.mkdir()
    (root / "talks.txt").write_text("China and Japan held talks in Beijing.", encoding="utf-8")
    (root / "wire.jsonl").write_text(
        '{"id": "w1", "text": "Iran accused Israel of sabotage.", "date": "2024-03-01", "source": "AFP"}\n'
        '{"id": "w2", "text": "Turkey welcomed the agreement.", "date": "2024-03-02"}\n'
        '{"id": "w3", "text": "Russia attacked', encoding="utf-8")  # truncated last line
    (root / "sheet.csv").write_text(
        "headline,body,day\nAttack,Russian troops attacked Ukrainian soldiers near Kharkiv.,2024-05-06\n"
        "Empty,,2024-05-07\n", encoding="utf-8")
    with gzip.open(root / "old.txt.gz", "wt", encoding="utf-8") as f:
        f.write("The United States threatened Venezuela with sanctions.")
    (root / "broken.txt.gz").write_bytes(b"\x1f\x8b\x08\x00 not really gzip")
    (root / "notes.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    (root / "data.bin").write_bytes(b"\x00\x01\x02")


def ingest(*args, input=None):
    return CliRunner().invoke(main, ["ingest", *map(str, args)], input=input)


def log_lines(result) -> list[dict]:
    return [json.loads(line) for line in result.stderr.splitlines()]


def test_ingest_directory_logs_json_and_records_errors(tmp_path):
    make_corpus(tmp_path / "corpus")
    db = tmp_path / "e.duckdb"
    result = ingest(tmp_path / "corpus", "--db", db, "--text-column", "body", "--date-column", "day",
                    "--date", "2024-01-01", "--batch-size", "2")
    assert result.exit_code == 1, result.output  # some inputs failed
    assert result.stdout == ""
    logs = log_lines(result)
    done = logs[-1]
    assert done["event"] == "done"
    assert (done["articles"], done["failed"]) == (5, 3)
    assert done["store"]["articles"] == 5 and done["events"] == done["store"]["events"] > 0
    assert [line["event"] for line in logs].count("batch") == done["batches"] >= 3
    errors = {(e["where"], e["reason"].split(" (")[0].split(";")[0]) for e in logs if e["event"] == "error"}
    wheres = {where for where, _ in errors}
    assert any(w.endswith("wire.jsonl:3") for w in wheres)
    assert any(w.endswith("sheet.csv:3") for w in wheres)
    assert any(w.endswith("broken.txt.gz") for w in wheres)
    skipped = [(e["where"], e["reason"]) for e in logs if e["event"] == "skipped"]
    expected = [(str(tmp_path / "corpus" / "data.bin"), "unknown extension"),
                (str(tmp_path / "corpus" / "notes.pdf"), "not supported: convert it to text first")]
    assert skipped == expected  # logged as found, not failed, not in the errors table
    assert done["files_skipped"] == 2
    assert [(f["where"], f["reason"]) for f in done["skipped_files"]] == expected
    with open_store(db, read_only=True) as store:
        stored = store.sql("SELECT id, date FROM articles ORDER BY id")
        assert stored["id"].str.rsplit("/", n=1).str[-1].tolist()[:2] == ["old", "sheet.csv:2"]
        dates = dict(zip(stored["id"].str.rsplit("/", n=1).str[-1], stored["date"].astype(str)))
        assert dates["sheet.csv:2"] == "2024-05-06" and dates["talks"] == "2024-01-01"
        assert dates["w1"] == "2024-03-01"
        errors = store.sql("SELECT file, line FROM errors ORDER BY file")
        assert len(errors) == 3
        assert errors["line"].dropna().astype(int).tolist() == [3, 3]

    again = ingest(tmp_path / "corpus", "--db", db, "--text-column", "body", "--date-column", "day",
                   "--date", "2024-01-01")
    assert again.exit_code == 1
    done = log_lines(again)[-1]
    assert (done["articles"], done["skipped"], done["events"]) == (0, 5, 0)
    assert done["store"] == log_lines(result)[-1]["store"]


def test_ingest_standard_input(tmp_path):
    db = tmp_path / "e.duckdb"
    result = ingest("-", "--db", db, "--date", "2024-02-02", input="Iran accused Israel of sabotage.")
    assert result.exit_code == 0, result.output
    assert log_lines(result)[-1]["articles"] == 1
    with open_store(db, read_only=True) as store:
        [event] = store.events().itertuples()
        assert (event.source_code, event.event_type, event.target_code) == ("IRN", "ACCUSE", "ISR")


def test_usage_errors_exit_2(tmp_path):
    (tmp_path / "a.txt").write_text("Iran accused Israel of sabotage.")
    db = tmp_path / "e.duckdb"
    assert ingest(tmp_path / "a.txt", "--db", db, "--workers", "2", "--processes", "2").exit_code == 2
    assert ingest(tmp_path / "missing.txt", "--db", tmp_path / "e.duckdb").exit_code == 2
    not_a_store = tmp_path / "notes.duckdb"
    not_a_store.write_text("these are my notes, not a database\n" * 100)
    result = ingest(tmp_path / "a.txt", "--db", not_a_store)
    assert result.exit_code == 2
    assert str(not_a_store) in log_lines(result)[-1]["reason"]


def test_terminal_progress_line_and_summary(capsys):
    report = _Report(terminal=True)
    summary = IngestSummary(articles=40, skipped=2, failed=1, events=12, sentences=300, batches=2, seconds=2.0)
    report.batch(summary)
    line = capsys.readouterr().err
    assert line.startswith("\r") and "40 articles stored" in line and "150 sentences/s" in line
    assert "12 events" in line and "1 errors" in line
    from eventwire.errors import InputError

    summary.errors = [InputError("empty text", "corpus/a.txt")]
    report.done(summary, {"articles": 40, "events": 12, "canonical_events": 9}, "e.duckdb")
    out = capsys.readouterr().err
    assert "eventwire: corpus/a.txt: empty text" in out
    assert "stored 40 articles" in out and "9 canonical events" in out


def test_terminal_final_line_names_skipped_files_and_hints_without_sql(capsys):
    from eventwire.errors import InputError
    from eventwire.readers import SkippedFile

    report = _Report(terminal=True)
    items = [SkippedFile("not supported: convert it to text first", "corpus/notes.pdf"),
             InputError("empty text", "corpus/a.txt"), SkippedFile("unknown extension", "corpus/data.bin")]
    assert list(report.without_skipped(items)) == [items[1]]
    summary = IngestSummary(articles=3, failed=25, events=4, sentences=9, batches=1, seconds=1.0)
    summary.errors = [InputError("empty text", f"corpus/{n}.txt") for n in range(25)]
    report.done(summary, {"articles": 3, "events": 4, "canonical_events": 4}, "e.duckdb")
    lines = capsys.readouterr().err.splitlines()
    assert "eventwire: ... 5 more errors: see the errors table of e.duckdb" in lines
    assert not any("SELECT" in line for line in lines)
    assert lines[-1].startswith("stored 3 articles")
    assert lines[-1].endswith("; skipped 2 files: corpus/notes.pdf (not supported: convert it to text first), "
                              "corpus/data.bin (unknown extension)")


def test_ingest_reads_what_code_reads_with_the_same_options(tmp_path):
    table = tmp_path / "table.csv"
    table.write_text("story,body,day\nk1,Iran accused Israel of sabotage.,2024-03-01\n", encoding="utf-8")
    db = tmp_path / "e.duckdb"
    result = ingest(table, "--db", db, "--text-column", "body", "--id-column", "story", "--date-column", "day")
    assert result.exit_code == 0, result.output
    with open_store(db, read_only=True) as store:
        [event] = store.events().itertuples()
        assert (event.source_code, event.target_code, str(event.date)[:10]) == ("IRN", "ISR", "2024-03-01")
    pdf = tmp_path / "notes.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    named = ingest(pdf, "--db", db)
    assert named.exit_code == 1  # a file named on its own that cannot be read fails
    assert [(e["where"], e["reason"]) for e in log_lines(named) if e["event"] == "error"] == [
        (str(pdf), "not supported: convert it to text first")]
