"""Throughput of ``eventwire code`` on the VOA stories, next to bare spaCy ``nlp.pipe``.

Runs, over the same texts in the same process: the Coder API (``Coder.pipe``),
the bare spaCy pipeline (``nlp.pipe``, the floor the coder cannot beat) and,
with ``--cli``, the ``eventwire code`` command as a subprocess (start-up included).
Sentences are counted by the bare spaCy pass, so both rates use the same count.

    python bench/bench_code.py                    # table
    python bench/bench_code.py --cli --json       # also the CLI; JSON out
    python bench/bench_code.py --n-process 4 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from eventwire import Coder
from eventwire.readers import read_articles
from eventwire.records import Article

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("EVENTWIRE_SHARED_DATA") or REPO / ".." / "shared" / "data")
DEFAULT_DATA = SHARED / "voa" / "voa_stories.jsonl"


def load_articles(path: Path) -> list[Article]:
    """The articles of a file (JSONL by its extension)."""
    return [a for a in read_articles([path]) if isinstance(a, Article)]


def best_of(repeat: int, run) -> tuple[float, object]:
    """The fastest of ``repeat`` runs of ``run()``: (seconds, its result)."""
    best = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        seconds = time.perf_counter() - start
        if best is None or seconds < best[0]:
            best = (seconds, result)
    return best


def run_cli(command: list[str]) -> bytes:
    """stdout of the command; exit 1 (some records failed) is reported but accepted."""
    proc = subprocess.run(command, capture_output=True)
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed ({proc.returncode}):\n{proc.stderr.decode()[-2000:]}")
    sys.stderr.write(proc.stderr.decode())
    return proc.stdout


def bench(path: Path, n_process: int, batch_size: int, repeat: int, cli: bool) -> dict:
    start = time.perf_counter()
    coder = Coder()
    load_seconds = time.perf_counter() - start

    texts = [a.text for a in load_articles(path)]
    coder.code(load_articles(path)[0])  # warm-up: first-call costs out of the timings
    spacy_seconds, sentences = best_of(repeat, lambda: sum(
        len(list(doc.sents)) for doc in coder.nlp.pipe(texts, n_process=n_process, batch_size=batch_size)))
    coder_seconds, events = best_of(repeat, lambda: sum(
        len(e) for e in coder.pipe(load_articles(path), n_process=n_process, batch_size=batch_size)))

    rows = [
        {"what": "spaCy nlp.pipe", "events": None, "seconds": spacy_seconds},
        {"what": "Coder.pipe", "events": events, "seconds": coder_seconds},
    ]
    if cli:
        exe = shutil.which("eventwire") or "eventwire"
        command = [exe, "code", "-i", "jsonl", str(path), "--n-process", str(n_process)]
        cli_seconds, output = best_of(repeat, lambda: run_cli(command))
        rows.append({"what": "eventwire code (CLI)", "events": output.count(b"\n"), "seconds": cli_seconds})
    for row in rows:
        row.update(articles=len(texts), sentences=sentences,
                   sentences_per_s=sentences / row["seconds"],
                   events_per_s=row["events"] / row["seconds"] if row["events"] is not None else None)
    return {"data": str(path), "n_process": n_process, "batch_size": batch_size, "repeat": repeat,
            "coder_load_seconds": load_seconds, "python": sys.version.split()[0],
            "cpus": os.cpu_count(), "rows": rows}  # fmt: skip


def print_table(result: dict) -> None:
    header = f"{'what':<22}{'articles':>9}{'sentences':>11}{'events':>8}{'seconds':>9}{'sent/s':>9}{'events/s':>10}"
    print(f"{result['data']}  (n_process={result['n_process']}, batch_size={result['batch_size']}, "
          f"best of {result['repeat']}; Coder() load {result['coder_load_seconds']:.2f} s)")
    print(header)
    print("-" * len(header))
    for r in result["rows"]:
        events = "" if r["events"] is None else r["events"]
        rate = "" if r["events_per_s"] is None else f"{r['events_per_s']:.1f}"
        print(f"{r['what']:<22}{r['articles']:>9}{r['sentences']:>11}{events:>8}{r['seconds']:>9.2f}"
              f"{r['sentences_per_s']:>9.1f}{rate:>10}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="JSONL articles (default: VOA stories)")
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement; the best is kept")
    parser.add_argument("--cli", action="store_true", help="also time the eventwire code command")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    if not args.data.is_file():
        sys.exit(f"no data at {args.data} (set EVENTWIRE_SHARED_DATA or --data)")
    result = bench(args.data, args.n_process, args.batch_size, args.repeat, args.cli)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_table(result)


if __name__ == "__main__":
    main()
