"""Classification metrics shared by the eval formats, and their text rendering.

Labels are strings so that every report is JSON as it stands. Macro-F1 is
averaged over the gold ``labels`` only; a prediction outside them (such as
``"none"`` for a sentence with no event) still counts against recall and
shows up as its own column of the confusion matrix.

>>> r = classification_report(["a", "a", "b", "b"], ["a", "b", "b", "none"], labels=["a", "b"])
>>> r["accuracy"], r["macro_f1"], r["per_class"]["b"]["precision"]
(0.5, 0.5833, 0.5)
>>> r["confusion"]["b"]
{'a': 0, 'b': 1, 'none': 1}
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence


def prf(tp: int, predicted: int, gold: int) -> dict[str, float]:
    """Precision, recall and F1 (zero where undefined), rounded to four places.

    >>> prf(3, 4, 6)
    {'precision': 0.75, 'recall': 0.5, 'f1': 0.6}
    """
    return dict(zip(("precision", "recall", "f1"), (round(x, 4) for x in _prf(tp, predicted, gold))))


def share(hits: Iterable[bool]) -> dict:
    """How many of the gold items were got right, and the share.

    >>> share([True, False, True, True])
    {'gold': 4, 'right': 3, 'share': 0.75}
    """
    hits = list(hits)
    return {"gold": len(hits), "right": sum(hits), "share": round(sum(hits) / len(hits), 4) if hits else 0.0}


def detection(coded: Sequence[bool], gold: Sequence[bool] | None = None) -> dict:
    """Event detection over items: ``coded[i]`` whether anything was coded in item i, ``gold[i]``
    whether the gold holds an event there (every item, when None). Recall is the share of gold
    event items with something coded; precision, the share of items with something coded that
    hold a gold event, is given only where the gold has items without an event.

    >>> detection([True, False, True])
    {'items': 3, 'gold_events': 3, 'coded': 2, 'detected': 2, 'recall': 0.6667, 'precision': None, 'f1': None}
    >>> detection([True, True, False], gold=[True, False, False])["precision"]
    0.5
    """
    gold = [True] * len(coded) if gold is None else list(gold)
    hits = sum(c and g for c, g in zip(coded, gold))
    scores = prf(hits, sum(coded), sum(gold))
    judged = not all(gold)
    return {"items": len(gold), "gold_events": sum(gold), "coded": sum(coded), "detected": hits,
            "recall": scores["recall"], "precision": scores["precision"] if judged else None,
            "f1": scores["f1"] if judged else None}


def render_detection(name: str, report: dict) -> str:
    """One line for a detection report.

    >>> render_detection("pipeline", detection([True, False]))
    'event detection (pipeline): recall 0.500 (1 of 2 gold items with an event coded)'
    """
    line = (f"event detection ({name}): recall {report['recall']:.3f} ({report['detected']} of "
            f"{report['gold_events']} gold items with an event coded)")
    if report["precision"] is not None:
        line += (f"   precision {report['precision']:.3f} ({report['detected']} of {report['coded']} items "
                 f"coded with an event)   F1 {report['f1']:.3f}")
    return line


def match_one_to_one(predicted: Sequence, gold: Sequence, agree) -> int:
    """The size of a largest one-to-one matching of predicted to gold items where ``agree(p, g)``:
    each gold item is credited to at most one prediction and each prediction to at most one gold item.

    >>> overlap = lambda p, g: bool(p & g)
    >>> match_one_to_one([{1, 2}, {2}], [{2}], overlap), match_one_to_one([{1, 2}, {2}], [{2}, {1}], overlap)
    (1, 2)
    """
    partner: dict[int, int] = {}  # gold index -> predicted index

    def assign(p: int, seen: set[int]) -> bool:
        for g in candidates[p]:
            if g not in seen:
                seen.add(g)
                if g not in partner or assign(partner[g], seen):
                    partner[g] = p
                    return True
        return False

    candidates = [[g for g, gold_item in enumerate(gold) if agree(item, gold_item)] for item in predicted]
    return sum(assign(p, set()) for p in range(len(predicted)))


def code_agrees(gold: str, actor) -> bool:
    """Whether a coded actor carries a gold actor code: its code starts with it, or its country is it.

    Gold codes are CAMEO/PETRARCH style (``USA``, ``USAGOV``, ``IGO``); eventwire's
    codes can be more specific (``USAGOVMIL`` agrees with ``USAGOV``).

    >>> from eventwire.records import Actor
    >>> code_agrees("USA", Actor(text="US troops", code="USAMIL", country="USA"))
    True
    >>> code_agrees("USAGOV", Actor(text="US troops", code="USAMIL", country="USA")), code_agrees("USA", None)
    (False, False)
    """
    return actor is not None and (str(actor.code or "").startswith(gold) or actor.country == gold)


def _prf(tp: int, predicted: int, gold: int) -> tuple[float, float, float]:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def classification_report(gold: Sequence[str], predicted: Sequence[str],
                          labels: Sequence[str] | None = None) -> dict:
    """Accuracy, macro-F1, per-class precision/recall/F1/support and the confusion matrix.

    ``labels`` fixes the classes (and their order); by default, the sorted gold labels.
    ``confusion[gold][predicted]`` counts items; its columns are ``labels`` followed
    by any other predicted value.
    """
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    labels = list(labels) if labels is not None else sorted(set(gold))
    rows = labels + sorted(set(gold) - set(labels))
    columns = labels + sorted((set(gold) | set(predicted)) - set(labels))
    pairs = Counter(zip(gold, predicted))
    gold_counts, predicted_counts = Counter(gold), Counter(predicted)
    scores = {label: _prf(pairs[(label, label)], predicted_counts[label], gold_counts[label]) for label in labels}
    correct = sum(n for (g, p), n in pairs.items() if g == p)
    return {
        "items": len(gold),
        "accuracy": round(correct / len(gold), 4) if gold else 0.0,
        "macro_f1": round(sum(f for _, _, f in scores.values()) / len(labels), 4) if labels else 0.0,
        "labels": labels,
        "per_class": {label: {**dict(zip(("precision", "recall", "f1"), (round(x, 4) for x in scores[label]))),
                              "support": gold_counts[label]} for label in labels},
        "confusion": {g: {p: pairs[(g, p)] for p in columns} for g in rows},
    }


_LONG = 9  # when a confusion label is longer, the columns are headed by numbers


def render_classification(report: dict, names: dict[str, str] | None = None) -> str:
    """A classification report as a text table: headline, per-class scores, confusion matrix.

    ``names`` gives a readable name per label (e.g. ``{"0": "statement/appeal"}``). When a
    label is long, the confusion columns are headed by numbers, which also prefix the rows.

    >>> print(render_classification(classification_report(["x", "y"], ["x", "none"])))
    accuracy 0.500   macro-F1 0.500   items 2
    class     precision  recall      f1  support
    x             1.000   1.000   1.000        1
    y             0.000   0.000   0.000        1
    confusion (rows gold, columns predicted)
    gold\\pred     x     y  none
    x             1     0     0
    y             0     0     1
    """
    names = names or {}
    corner = "gold\\pred"
    title = {label: f"{label} {names[label]}" if label in names else label for label in report["confusion"]}
    width = max([len(corner), *(len(t) for t in title.values())])
    lines = [f"accuracy {report['accuracy']:.3f}   macro-F1 {report['macro_f1']:.3f}   items {report['items']}",
             f"{'class':{width}} {'precision':>9} {'recall':>7} {'f1':>7} {'support':>8}"]
    for label, s in report["per_class"].items():
        lines.append(f"{title[label]:{width}} {s['precision']:9.3f} {s['recall']:7.3f} {s['f1']:7.3f} "
                     f"{s['support']:8d}")
    columns = list(next(iter(report["confusion"].values()), {}))
    numbered = any(len(c) > _LONG for c in columns)
    head = {c: str(i) if numbered and len(c) > 4 else c for i, c in enumerate(columns, start=1)}
    title = {label: f"{head[label]:>2} {t}" if head.get(label, label) != label else t for label, t in title.items()}
    width = max([len(corner), *(len(t) for t in title.values())])
    cell = max([5, *(len(h) for h in head.values())])
    lines.append("confusion (rows gold, columns predicted" + (", numbered)" if numbered else ")"))
    lines.append(f"{corner:{width}} " + " ".join(f"{head[c]:>{cell}}" for c in columns))
    for label, row in report["confusion"].items():
        lines.append(f"{title[label]:{width}} " + " ".join(f"{row[c]:>{cell}}" for c in columns))
    return "\n".join(lines)
