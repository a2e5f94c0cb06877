"""Case robustness: the same stories coded as written, in lower case and in capitals.

Codes each story (VOA by default) as written, then put in lower case (and, with ``--upper``,
in capitals) with the truecaser on and, for comparison, off. A normal-case event counts as
kept when the recased text gives an event of the same PLOVER type whose trigger lies in the
same sentence (the changed text has the same length, so offsets line up). Also counts the
paragraphs of the stories as written that the truecaser would change (it should be none).

    nice -n 10 python bench/bench_case.py
    nice -n 10 python bench/bench_case.py --limit 20 --upper --json
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import time
from pathlib import Path

from eventwire import Coder
from eventwire.pipeline.truecase import Truecaser
from eventwire.readers import read_articles
from eventwire.records import Article

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("EVENTWIRE_SHARED_DATA") or REPO / ".." / "shared" / "data")


def one_case(text: str, upper: bool) -> str:
    """``text`` in lower case (or capitals), character for character: offsets stay valid."""
    change = str.upper if upper else str.lower
    return "".join(c2 if len(c2 := change(c)) == 1 else c for c in text)


def code(coder: Coder, articles: list[Article]) -> tuple[list[list], float]:
    """The events of each article and the seconds it took; an article that fails stops the run."""
    start = time.perf_counter()
    results = []
    for result in coder.code_all(articles):
        if result.error is not None:
            raise SystemExit(f"bench_case: {result.error}")
        results.append(result.events)
    return results, time.perf_counter() - start


def kept(normal: list[list], changed: list[list]) -> int:
    """How many normal-case events have an event of the same type with its trigger in the same sentence."""
    found = 0
    for events, others in zip(normal, changed):
        for event in events:
            lo, hi = event.evidence["start"], event.evidence["end"]
            found += any(o.event_type == event.event_type and lo <= o.trigger["start"] < hi for o in others)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=SHARED / "voa" / "voa_stories.jsonl")
    parser.add_argument("--limit", type=int, default=None, help="only the first N stories")
    parser.add_argument("--upper", action="store_true", help="also code the stories in capitals")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    articles = [a for a in read_articles([str(args.path)]) if isinstance(a, Article)][:args.limit]
    truecaser = Truecaser()
    paragraphs = [p for a in articles for p in a.text.split("\n") if p.strip()]
    touched = sum(truecaser(p) != p for p in paragraphs)
    on, off = Coder(), Coder(truecase=False)
    normal, seconds = code(on, articles)
    total = sum(map(len, normal))
    report = {"stories": len(articles), "paragraphs": len(paragraphs), "paragraphs_recased_as_written": touched,
              "events_as_written": total, "seconds_as_written": round(seconds, 1)}
    for case in ["lower", "upper"] if args.upper else ["lower"]:
        changed = [dataclasses.replace(a, text=one_case(a.text, case == "upper")) for a in articles]
        for name, coder in (("truecase", on), ("no_truecase", off)):
            events, seconds = code(coder, changed)
            same = kept(normal, events)
            report[f"{case}_{name}"] = {"events": sum(map(len, events)), "kept": same,
                                        "kept_share": round(same / total, 3) if total else None,
                                        "seconds": round(seconds, 1)}
    if args.json:
        print(json.dumps(report, indent=1))
        return
    print(f"{args.path}: {len(articles)} stories, {len(paragraphs)} paragraphs "
          f"({touched} recased as written), {total} events as written ({report['seconds_as_written']} s)")
    for key, row in report.items():
        if isinstance(row, dict):
            print(f"  {key:<20} {row['events']:>5} events  {row['kept']:>5} of the normal-case events kept "
                  f"({row['kept_share']:.1%})  {row['seconds']} s")


if __name__ == "__main__":
    main()
