"""Measuring coreference: labelled anaphoric mentions, resolved in document order.

The labelled file is JSON lines: ``{"id", "date", "text", "mentions": [{"text",
"occurrence", "name"}]}`` where ``occurrence`` counts matches of ``text`` in the
document (1 = first) and ``name`` is the canonical name expected ("A; B" for a
group). Every noun chunk and labelled mention is resolved in order, as the coder
does, so the state the rules see is the one they see in production.

    python -m eventwire.actors.evaluate tests/data/actors/coref.jsonl

>>> score([("he", "Donald Trump", "Donald Trump"), ("she", "Kaja Kallas", None)])["accuracy"]
0.5
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from eventwire.errors import InputError

from .resolver import ActorResolver


def _names(value: str | None) -> frozenset[str]:
    return frozenset(n.strip() for n in (value or "").split(";") if n.strip())


def score(results: list[tuple[str, str, str | None]]) -> dict:
    """Accuracy of (mention, expected name, resolved name) triples; groups compare as sets."""
    correct = sum(_names(want) == _names(got) for _, want, got in results)
    return {"mentions": len(results), "correct": correct,
            "accuracy": round(correct / len(results), 4) if results else 0.0}


def resolve_labelled(path: str | Path, resolver: ActorResolver | None = None,
                     nlp=None) -> list[tuple[str, str, str | None]]:
    """(mention, expected, resolved) for every labelled mention in ``path``."""
    from eventwire.nlp import load

    resolver = resolver or ActorResolver()
    nlp = nlp or load()
    results = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            doc = nlp(record["text"])
            labelled = {}
            for m in record["mentions"]:
                found = [x.start() for x in re.finditer(rf"\b{re.escape(m['text'])}\b", record["text"])]
                start = found[m.get("occurrence", 1) - 1]
                labelled[start] = (doc.char_span(start, start + len(m["text"])), m)
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise InputError(f"expected a labelled document ({exc})", where=f"{path}:{number}") from None
        actors = resolver.for_document(doc, record.get("date"))
        spans = {c.start_char: c for c in doc.noun_chunks}
        spans.update({start: span for start, (span, _) in labelled.items()})
        for start in sorted(spans):
            actor = actors.resolve(spans[start])
            if start in labelled:
                m = labelled[start][1]
                results.append((f"{record['id']}: {m['text']}#{m.get('occurrence', 1)}",
                                m["name"], actor.name if actor else None))
    return results


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m eventwire.actors.evaluate LABELLED.jsonl", file=sys.stderr)
        return 2
    results = resolve_labelled(argv[0])
    for mention, want, got in results:
        if _names(want) != _names(got):
            print(f"miss  {mention}: expected {want!r}, got {got!r}")
    print(json.dumps(score(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
