"""Code the seed, the VOA stories and the NGEC stories, and compare the records with another run.

A refactoring must leave the coder's output alone. Run this once before a change and once
after, then compare: every record of every article, field by field.

    python scripts/compare_outputs.py code /tmp/before          # writes seed/voa/ngec .jsonl
    python scripts/compare_outputs.py code /tmp/after
    python scripts/compare_outputs.py diff /tmp/before /tmp/after

Only the public API is used (``eventwire.Coder``, ``eventwire.Article``) and the inputs are
read with the standard library, so the script runs unchanged on either side of a refactoring.
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("EVENTWIRE_SHARED_DATA") or REPO / ".." / "shared" / "data")
CORPORA = ("seed", "voa", "ngec")


def articles(corpus: str):
    """(id, text, date) of every article of ``corpus``."""
    if corpus == "seed":
        yield "venezuela-ultimatum", (SHARED / "seed" / "venezuela-ultimatum.txt").read_text("utf-8"), "2025-12-01"
    elif corpus == "voa":
        with open(SHARED / "voa" / "voa_stories.jsonl", encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                yield str(record["id"]), record["text"], record["published"][:10]
    else:
        csv.field_size_limit(sys.maxsize)
        with open(SHARED / "train" / "ngec_synthetic_plover_stories.csv", encoding="utf-8", newline="") as rows:
            for number, row in enumerate(csv.DictReader(rows), 1):
                yield f"ngec-{number}", row["text"], "2020-01-01"


def code(out: Path, only: list[str]) -> None:
    """Write ``out/CORPUS.jsonl``: one line per article, its id and its records."""
    import eventwire

    coder = eventwire.Coder()
    out.mkdir(parents=True, exist_ok=True)
    for corpus in only:
        with open(out / f"{corpus}.jsonl", "w", encoding="utf-8") as sink:
            for doc_id, text, date in articles(corpus):
                try:
                    records = [e.to_dict() for e in coder.code(eventwire.Article(id=doc_id, text=text,
                                                                                 published=date))]
                    line = {"id": doc_id, "events": records}
                except Exception as err:  # noqa: BLE001 - an error is an output to compare too
                    line = {"id": doc_id, "error": f"{type(err).__name__}: {err}"}
                sink.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
        print(f"{corpus}: written to {out / (corpus + '.jsonl')}", file=sys.stderr)


def _load(path: Path) -> dict[str, dict]:
    with open(path, encoding="utf-8") as lines:
        return {row["id"]: row for row in map(json.loads, lines)}


def _changes(before, after, prefix=""):
    """Dotted field names whose values differ between two JSON values."""
    if isinstance(before, dict) and isinstance(after, dict):
        for key in sorted(set(before) | set(after)):
            yield from _changes(before.get(key), after.get(key), f"{prefix}{key}.")
    elif before != after:
        yield prefix.rstrip(".")


def diff(old: Path, new: Path, only: list[str], show: int) -> int:
    """Print, per corpus, how many articles and records are identical and which fields changed."""
    differing = 0
    for corpus in only:
        before, after = _load(old / f"{corpus}.jsonl"), _load(new / f"{corpus}.jsonl")
        fields: collections.Counter[str] = collections.Counter()
        examples: list[str] = []
        same_articles = records = same_records = 0
        for doc_id in sorted(set(before) | set(after)):
            a, b = before.get(doc_id, {}), after.get(doc_id, {})
            ea, eb = a.get("events", []), b.get("events", [])
            records += max(len(ea), len(eb))
            if a == b:
                same_articles += 1
                same_records += len(ea)
                continue
            if a.get("error") != b.get("error"):
                fields["error"] += 1
                examples.append(f"{doc_id}: error {a.get('error')!r} -> {b.get('error')!r}")
            if len(ea) != len(eb):
                fields["number of events"] += 1
                examples.append(f"{doc_id}: {len(ea)} -> {len(eb)} events")
            for x, y in zip(ea, eb):
                changed = list(_changes(x, y))
                same_records += not changed
                fields.update(changed)
                if changed and len(examples) < 1000:
                    examples.append(f"{doc_id} {x.get('id')}: " + "; ".join(
                        f"{f}: {_get(x, f)!r} -> {_get(y, f)!r}" for f in changed))
        differing += len(before.keys() | after.keys()) - same_articles
        print(f"{corpus}: {same_articles} of {len(before.keys() | after.keys())} articles identical, "
              f"{same_records} of {records} records identical")
        for field, count in fields.most_common():
            print(f"  {field}: {count}")
        for line in examples[:show]:
            print(f"    {line}")
    return 1 if differing else 0


def _get(record: dict, dotted: str):
    for key in dotted.split("."):
        record = record.get(key) if isinstance(record, dict) else None
    return record


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("code", help="code the corpora into a folder")
    run.add_argument("out", type=Path)
    compare = sub.add_parser("diff", help="compare two folders; exit 1 if anything differs")
    compare.add_argument("old", type=Path)
    compare.add_argument("new", type=Path)
    compare.add_argument("--show", type=int, default=20, help="differences to print per corpus")
    for command in (run, compare):
        command.add_argument("--only", nargs="+", choices=CORPORA, default=list(CORPORA))
    args = parser.parse_args()
    if args.command == "code":
        code(args.out, args.only)
    else:
        sys.exit(diff(args.old, args.new, args.only, args.show))


if __name__ == "__main__":
    main()
