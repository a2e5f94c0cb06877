"""Throughput with the sentence model on: bare spaCy ``nlp.pipe`` vs the Coder with and without the model.

One run, the same texts (VOA stories by default), one process; with ``--repeat N``
the three measurements alternate for N rounds and the fastest of each is kept (least wall time,
and apart least CPU time of the process). Sentences are counted by the bare spaCy pass; the ratio
is the Coder-with-model rate over the bare spaCy rate (the target is at least 0.70), in wall time
and in CPU time (on a shared, loaded machine the wall time moves with the others' load, the CPU
time much less). Also prints how many sentences the model read (sentences with event candidates,
and, when the model has a detector head, sentences with a verb other than a verb of saying), and
the CPU time of each stage of the Coder with model: one more run with a timer on every stage hook
(a hook's own time, less the event hooks it calls), the model's reads and the truecaser apart, the
parse and the rest of the Coder's loop as what is left of the run. The Coder with model runs
twice: as it ships, the model reading each parsed article on a second thread (``read_ahead``), and
with every read on the main thread; the CPU time is the same, the wall time is what a second core buys.

    python bench/bench_model.py
    python bench/bench_model.py --repeat 3 --json
    python bench/bench_model.py --model /tmp/other-model   # a model directory written by scripts/train_classifier.py
    python bench/bench_model.py --without attribution      # also the Coder with model less that stage: its share
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import sys
import time
from pathlib import Path

from eventwire import Coder
from eventwire.readers import read_articles
from eventwire.records import Article

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("EVENTWIRE_SHARED_DATA") or REPO / ".." / "shared" / "data")


def best_of_rounds(repeat: int, runs: dict) -> dict:
    """Each of ``runs`` (name -> function) once per round, ``repeat`` rounds; per name the fastest
    (seconds, result, CPU seconds): the least wall time, and apart the least CPU time.

    Rounds alternate the measurements, so a slow spell of a shared machine falls on all of them alike.
    On a loaded machine the CPU time moves less than the wall time.
    """
    best: dict = {}
    for _ in range(repeat):
        for name, run in runs.items():
            start, cpu = time.perf_counter(), time.process_time()
            result = run()
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
            if name not in best:
                best[name] = (seconds, result, cpu)
            best[name] = (min(seconds, best[name][0]), result, min(cpu, best[name][2]))
    return best


class Counting:
    """Wraps a SentenceModel and counts the sentences it reads."""

    def __init__(self, model):
        self.model = model
        self.sentences = 0

    def predict(self, texts):
        self.sentences += len(texts)
        return self.model.predict(texts)

    def read(self, texts):
        self.sentences += len(texts)
        return self.model.read(texts)

    def __getattr__(self, name):  # threshold, detector_labels, ...: the model's
        return getattr(self.model, name)


HOOKS = ("begin", "sentence", "event", "finish")


def stage_costs(coder: Coder, articles: list[Article], batch_size: int) -> dict[str, float]:
    """CPU seconds spent in each stage of ``coder`` over one run on ``articles``: every stage hook
    timed, less the hooks it calls (the events stage hands each event to the others' event hooks);
    ``model read`` (the sentence model, inside the events stage) and ``truecase`` apart; ``parse and
    the rest``: the run less all of these (spaCy's parse, cleaning, merging)."""
    spent: collections.Counter = collections.Counter()
    inner = [0.0]  # per open timer, the time of the timers it holds

    def timed(name: str, function):
        def run(*args):
            inner.append(0.0)
            start = time.process_time()
            try:
                return function(*args)
            finally:
                took = time.process_time() - start
                spent[name] += took - inner.pop()
                inner[-1] += took
        return run

    wrapped = [(name, stage, hook) for name, stage in coder.stages if name != "parse" for hook in HOOKS]
    for name, stage, hook in wrapped:
        setattr(stage, hook, timed(name, getattr(stage, hook)))
    classifier, truecaser = coder.classifier, coder.truecaser
    if classifier is not None:
        coder.classifier = Counting(classifier)
        coder.classifier.read = timed("model read", classifier.read)
    if truecaser is not None:
        coder.truecaser = timed("truecase", truecaser)
    coder.read_ahead = False  # every timer on the one thread
    try:
        start = time.process_time()
        for _ in coder.pipe(articles, batch_size=batch_size):
            pass
        total = time.process_time() - start
    finally:
        for _, stage, hook in wrapped:
            vars(stage).pop(hook, None)
        coder.classifier, coder.truecaser = classifier, truecaser
    return {"parse and the rest": total - sum(spent.values()), **dict(spent.most_common())}


def events(coder: Coder, articles: list[Article], batch_size: int, read_ahead: bool) -> int:
    """How many events ``coder`` finds in ``articles``, its model reading on a second thread or not."""
    coder.read_ahead = read_ahead
    return sum(len(found) for found in coder.pipe(articles, batch_size=batch_size))


def bench(path: Path, repeat: int, batch_size: int, model: Path | None = None,
          without_stage: str | None = None) -> dict:
    articles = [a for a in read_articles([str(path)]) if isinstance(a, Article)]
    texts = [a.text for a in articles]
    with_model = Coder() if model is None else Coder(classifier=str(model))
    if with_model.classifier is None:
        sys.exit("no shipped model in src/eventwire/models (run scripts/train_classifier.py)")
    without = Coder(nlp_pipeline=with_model.nlp, classifier=None)
    with_model.code(articles[0])  # warm-up: first-call costs out of the timings
    counter = Counting(with_model.classifier)
    with_model.classifier = counter
    runs = {
        "spacy": lambda: sum(len(list(doc.sents)) for doc in with_model.nlp.pipe(texts, batch_size=batch_size)),
        "bare": lambda: sum(len(e) for e in without.pipe(articles, batch_size=batch_size)),
        "model": lambda: events(with_model, articles, batch_size, read_ahead=True),
        "one_thread": lambda: events(with_model, articles, batch_size, read_ahead=False)}
    if without_stage:
        less = Coder(nlp_pipeline=with_model.nlp, classifier=with_model.classifier.model)
        less.remove_stage(without_stage)
        runs["less"] = lambda: sum(len(e) for e in less.pipe(articles, batch_size=batch_size))
    best = best_of_rounds(repeat, runs)
    read_by_model = counter.sentences // (2 * repeat)
    costs = stage_costs(with_model, articles, batch_size)
    sentences, model_seconds = best["spacy"][1], best["model"][0]
    rows = [{"what": what, "events": None if name == "spacy" else best[name][1], "seconds": best[name][0],
             "cpu_seconds": best[name][2]}
            for name, what in (("spacy", "spaCy nlp.pipe"), ("bare", "Coder, no model"), ("model", "Coder with model"),
                               ("one_thread", "model, one thread"), ("less", f"model, no {without_stage}"))
            if name in best]
    for row in rows:
        row["sentences_per_s"] = sentences / row["seconds"]
    return {"data": str(path), "articles": len(articles), "sentences": sentences, "repeat": repeat,
            "sentences_read_by_model": read_by_model, "cpus": os.cpu_count(), "rows": rows,
            "ratio_model_to_spacy": rows[2]["sentences_per_s"] / rows[0]["sentences_per_s"],
            "cpu_ratio_model_to_spacy": rows[0]["cpu_seconds"] / rows[2]["cpu_seconds"],
            "ratio_one_thread_to_spacy": rows[3]["sentences_per_s"] / rows[0]["sentences_per_s"],
            "stage_share": 1 - best["less"][0] / model_seconds if without_stage else None,
            "stage_cpu_seconds": costs, "spacy_cpu_seconds": rows[0]["cpu_seconds"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=SHARED / "voa" / "voa_stories.jsonl")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement; the best is kept")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--model", type=Path, help="model directory (default: the shipped model)")
    parser.add_argument("--without", metavar="STAGE", help="also time the Coder with model less this stage")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not args.data.is_file():
        sys.exit(f"no data at {args.data} (set EVENTWIRE_SHARED_DATA or --data)")
    result = bench(args.data, args.repeat, args.batch_size, args.model, args.without)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{result['data']}: {result['articles']} articles, {result['sentences']} sentences, "
          f"{result['sentences_read_by_model']} read by the model; best of {result['repeat']}")
    for r in result["rows"]:
        events = "" if r["events"] is None else f"{r['events']} events"
        print(f"  {r['what']:<18} {r['seconds']:8.2f} s  {r['sentences_per_s']:7.1f} sentences/s  "
              f"{r['cpu_seconds']:7.2f} s CPU  {events}")
    print(f"  ratio (Coder with model / spaCy): {result['ratio_model_to_spacy']:.2f} "
          f"(in CPU time: {result['cpu_ratio_model_to_spacy']:.2f}; the model's reads on the main thread: "
          f"{result['ratio_one_thread_to_spacy']:.2f})")
    print("  CPU cost of each stage of the Coder with model (one timed run; x: per CPU second of bare spaCy):")
    for name, seconds in result["stage_cpu_seconds"].items():
        print(f"    {name:<20} {seconds:7.2f} s  {seconds / result['spacy_cpu_seconds']:5.2f} x")
    if args.without:
        print(f"  share of the {args.without} stage in the Coder with model's time: {result['stage_share']:.1%}")


if __name__ == "__main__":
    main()
