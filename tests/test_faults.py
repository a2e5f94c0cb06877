"""Store faults with real processes and a real full disk: a store locked by another process,
a disk that fills up mid-run, and kill -9 in the middle of an ingest. Each gives a clear
message, keeps what was stored, and a rerun ends with the rows of an uninterrupted run."""

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import uuid

import pytest
from click.testing import CliRunner

from eventwire import open_store
from eventwire.cli import main
from eventwire.store import StoreError
from eventwire.store import write as store_write

SHORT = [
    "Iran accused Israel of sabotage.",
    "China and Japan held talks in Beijing.",
    "Russian troops attacked Ukrainian soldiers near Kharkiv.",
    "The United States threatened Venezuela with sanctions.",
    "Turkey welcomed the agreement.",
    "Russia did not attack Ukraine.",
]
TABLES = ("articles", "article_bands", "near_duplicates", "events", "actors", "canonical_events", "errors")
TIMES = ("ingested_at", "first_ingested_at", "time")


def write_jsonl(path, texts, date="2024-04-01"):
    with open(path, "w", encoding="utf-8") as f:
        for i, text in enumerate(texts):
            f.write(json.dumps({"id": f"s{i}", "text": text, "date": date}) + "\n")
        f.write('{"id": "cut", "text": "Iran')  # a truncated last line: one row in errors
    return path


def rows(db) -> dict[str, list[tuple]]:
    """Every table's rows without the timestamps of when they were written."""
    with open_store(db, read_only=True) as store:
        out = {}
        for table in TABLES:
            frame = store.sql(f"SELECT * FROM {table}")
            frame = frame.drop(columns=[c for c in TIMES if c in frame.columns])
            out[table] = sorted(map(tuple, frame.astype(str).itertuples(index=False)))
        return out


def cli_ingest(*args):
    return CliRunner().invoke(main, ["ingest", *map(str, args)])


@pytest.fixture(scope="module")
def short_corpus(tmp_path_factory):
    """The short corpus and the rows of one uninterrupted ingest of it."""
    root = tmp_path_factory.mktemp("faults")
    source = write_jsonl(root / "short.jsonl", SHORT)
    reference = root / "reference.duckdb"
    assert cli_ingest(source, "--db", reference, "--batch-size", "2").exit_code == 1  # the truncated line
    return source, rows(reference)


def test_store_locked_by_another_process(tmp_path, short_corpus):
    source, reference = short_corpus
    db = tmp_path / "e.duckdb"
    assert cli_ingest(source, "--db", db).exit_code == 1
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys; con = duckdb.connect(sys.argv[1]); con.execute('SELECT 1');"
         "print('locked', flush=True); sys.stdin.read()", str(db)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        other = tmp_path / "more.txt"
        other.write_text("Iran accused Israel of sabotage.")
        for command in (["ingest", str(other), "--db", str(db)], ["events", "--db", str(db)]):
            run = subprocess.run([sys.executable, "-m", "eventwire", *command], capture_output=True, text=True,
                                 timeout=120)
            assert run.returncode == 2, (command, run.stderr)
            assert "in use by another process" in run.stderr and str(db) in run.stderr
            assert f"PID {holder.pid}" in run.stderr
    finally:
        holder.communicate("", timeout=30)
    assert rows(db) == reference  # nothing lost, nothing half-written


def test_failing_writer_mid_batch_keeps_earlier_batches(tmp_path, short_corpus, monkeypatch):
    source, reference = short_corpus
    db = tmp_path / "e.duckdb"
    real_insert = store_write._insert
    calls = {"events": 0}

    def insert(con, table, rows, unique=()):
        if table == "events":
            calls["events"] += 1
            if calls["events"] == 2:  # the second batch: articles written, events not
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_insert(con, table, rows, unique)

    monkeypatch.setattr(store_write, "_insert", insert)
    result = cli_ingest(source, "--db", db, "--batch-size", "2")
    assert result.exit_code == 2
    logs = [json.loads(line) for line in result.stderr.splitlines()]
    [failed] = [log for log in logs if log["event"] == "failed"]
    assert "disk is full" in failed["reason"] and str(db) in failed["reason"]
    with open_store(db, read_only=True) as store:
        assert store.counts()["articles"] == 2  # the first batch, whole; nothing of the second
        assert store.sql("SELECT count(*) AS n FROM events e ANTI JOIN articles a USING (article_key)")["n"][0] == 0
    monkeypatch.setattr(store_write, "_insert", real_insert)
    assert cli_ingest(source, "--db", db, "--batch-size", "2").exit_code == 1
    assert rows(db) == reference


@pytest.fixture
def tiny_disk(tmp_path):
    """An 8 MB tmpfs, or skip where this process may not mount one."""
    mount = tmp_path / f"disk-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    if shutil.which("mount") is None or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_real_full_disk_mid_run_then_rerun(tiny_disk, short_corpus):
    source, reference = short_corpus
    db = tiny_disk / "e.duckdb"
    filler = tiny_disk / "filler"

    def fill_disk_after_first_batch(summary):
        if summary.batches == 1:
            with open(filler, "wb", buffering=0) as f:
                try:
                    while True:
                        f.write(b"\0" * 4096)
                except OSError as err:
                    assert err.errno == errno.ENOSPC

    from eventwire.readers import read_articles

    with open_store(db) as store:
        with pytest.raises(StoreError, match="disk is full"):
            store.ingest(read_articles([str(source)]), batch_size=2, on_batch=fill_disk_after_first_batch)
        assert store.counts()["articles"] == 2
    filler.unlink()  # free the space, then run again
    assert cli_ingest(source, "--db", db, "--batch-size", "2").exit_code == 1
    assert rows(db) == reference


def test_kill_9_mid_ingest_then_rerun_matches_uninterrupted(tmp_path):
    stories = [f"{a} {b}" for a in SHORT[:4] for b in SHORT if a != b]  # 20 two-sentence stories
    source = write_jsonl(tmp_path / "stories.jsonl", stories)
    reference = tmp_path / "reference.duckdb"
    assert cli_ingest(source, "--db", reference, "--batch-size", "2").exit_code == 1
    db = tmp_path / "killed.duckdb"
    run = subprocess.Popen([sys.executable, "-m", "eventwire", "ingest", str(source), "--db", str(db),
                            "--batch-size", "2"], stderr=subprocess.PIPE, text=True)
    try:
        for line in run.stderr:
            if json.loads(line)["event"] == "batch":
                run.send_signal(signal.SIGKILL)
                break
    finally:
        run.wait(timeout=120)
    assert run.returncode == -signal.SIGKILL
    with open_store(db, read_only=True) as store:
        stored = store.counts()["articles"]
    assert 1 <= stored < len(stories)  # really interrupted mid-run
    assert cli_ingest(source, "--db", db, "--batch-size", "2").exit_code == 1
    assert rows(db) == rows(reference)
