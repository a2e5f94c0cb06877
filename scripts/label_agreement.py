"""How far two labellings of the same sentences agree (``tests/data/events/`` label files).

Reads two JSONL files of labelled sentences (story, start, event, types) and prints, over the
sentences both label: event/no-event agreement and Cohen's kappa, the second file's event
detection scored against the first (precision, recall, F1), and on the sentences both call an
event, how often the main types are the same. It measures the ceiling a coder can reach on a set:

    python scripts/label_agreement.py tests/data/events/voa_labels.jsonl tests/data/events/voa_labels_second.jsonl

>>> first = [{"story": "s", "start": 0, "event": True, "types": ["ACCUSE"]},
...          {"story": "s", "start": 9, "event": False, "types": []},
...          {"story": "s", "start": 20, "event": True, "types": ["ASSAULT"]}]
>>> second = [dict(first[0]), dict(first[1]), {"story": "s", "start": 20, "event": True, "types": ["COERCE"]}]
>>> figures = agreement(first, second)
>>> figures["sentences"], figures["kappa"], figures["f1"], figures["main_type"]
(3, 1.0, 1.0, 0.5)
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def agreement(first: list[dict], second: list[dict]) -> dict:
    """The figures over the sentences (story, start) both lists label."""
    a = {(r["story"], r["start"]): r for r in first}
    b = {(r["story"], r["start"]): r for r in second}
    keys = [k for k in b if k in a]
    n = len(keys)
    agree = sum(a[k]["event"] == b[k]["event"] for k in keys)
    share_a, share_b = (sum(x[k]["event"] for k in keys) / n for x in (a, b))
    chance = share_a * share_b + (1 - share_a) * (1 - share_b)
    both = [k for k in keys if a[k]["event"] and b[k]["event"]]
    precision = len(both) / max(sum(b[k]["event"] for k in keys), 1)
    recall = len(both) / max(sum(a[k]["event"] for k in keys), 1)
    return {"sentences": n, "events_first": sum(a[k]["event"] for k in keys),
            "events_second": sum(b[k]["event"] for k in keys), "agreement": round(agree / n, 4),
            "kappa": round((agree / n - chance) / (1 - chance), 4) if chance < 1 else 1.0,
            "precision": round(precision, 4), "recall": round(recall, 4),
            "f1": round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0,
            "main_type": round(sum(a[k]["types"][0] == b[k]["types"][0] for k in both) / max(len(both), 1), 4),
            "main_type_in_first": round(sum(b[k]["types"][0] in a[k]["types"] for k in both) / max(len(both), 1), 4)}


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("first", type=Path, help="the reference labelling")
    parser.add_argument("second", type=Path, help="the other labelling of (some of) the same sentences")
    args = parser.parse_args(argv)
    print(json.dumps(agreement(read(args.first), read(args.second)), indent=2))


if __name__ == "__main__":
    main()
