"""Build the attribution tagger (src/eventwire/attributes/data/attribution_tagger.npz) from PolNeAR.

Reads the corpus's train and dev splits (``polnear/train.jsonl``, ``dev.jsonl`` under the shared data
folder: ``--data``, else $EVENTWIRE_SHARED_DATA/dev, else ../shared/data/dev), parses them once with
eventwire's spaCy model (cached under ``--cache``), turns each paragraph into a sequence of BIO tags
(Source, Cue, Content; a token in a cue or source of a relation nested in another's content takes
the inner role), learns a linear-chain tagger on train (python-crfsuite's averaged perceptron, at build time only;
its weights are exported to numpy), scores it on dev, and writes the weights and a card with its dev
figures (docs/attribution.md). The test split is never read.

    nice -n 10 python scripts/train_attribution.py
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import hashlib
import inspect
import json
import os
import pickle
import time
from pathlib import Path

import numpy as np
import yaml
from spacy.tokens import DocBin

from eventwire.attributes import cues as cues_module
from eventwire.attributes import relations as relations_module
from eventwire.attributes import tagger as tagger_module
from eventwire.attributes.relations import saying_lemmas
from eventwire.attributes.tagger import TAGS, Tagger, features, rules_of, units
from eventwire.evaluate.polnear import characters, score_spans
from eventwire.nlp import load

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src/eventwire/attributes/data/attribution_tagger.npz"
CARD = ROOT / "docs/attribution.md"
ROLE_LETTERS = {"source": "S", "cue": "C", "content": "T"}
PRIORITY = ("content", "source", "cue")  # later roles win a token
MIN_COUNT = 3  # a feature seen fewer times in train is left out
MIN_CUE = 3  # a lemma heading a cue at least this often is a cue word


def shared_polnear(given: str | None) -> Path:
    if given:
        return Path(given)
    base = os.environ.get("EVENTWIRE_SHARED_DATA")
    root = Path(base) / "dev" if base else ROOT.parent / "shared/data/dev"
    return root / "polnear"


def read(path: Path) -> list[dict]:
    """The articles of a PolNeAR split file, one JSON object a line."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def parsed(rows: list[dict], cache: Path, split: str):
    """The spaCy Docs of ``rows``, parsed once and cached as a DocBin."""
    nlp = load()
    path = cache / f"{split}.spacy"
    if path.is_file():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        if len(docs) == len(rows) and all(d.text == r["text"] for d, r in zip(docs, rows)):
            return docs
    docs = list(nlp.pipe((r["text"] for r in rows), batch_size=16))
    bin_ = DocBin(store_user_data=False)
    for doc in docs:
        bin_.add(doc)
    cache.mkdir(parents=True, exist_ok=True)
    bin_.to_disk(path)
    return docs


def gold_tags(doc, relations: list[dict]) -> list[str]:
    """A BIO tag per token of ``doc`` from the relations' character segments."""
    role_at = ["O"] * len(doc)
    starts = {t.idx: t.i for t in doc}
    for role in PRIORITY:
        for relation in relations:
            for start, end in (relation.get(role) or {}).get("segs", []):
                tokens = [t.i for t in doc.char_span(start, end, alignment_mode="expand") or []
                          if not t.is_space]
                for i in tokens:
                    role_at[i] = ("B-" if i == tokens[0] or i in (starts.get(start),) else "I-") + ROLE_LETTERS[role]
    # a role change inside a run starts a new span
    for i in range(1, len(doc)):
        if role_at[i].startswith("I-") and role_at[i - 1][2:] != role_at[i][2:]:
            role_at[i] = "B-" + role_at[i][2:]
    if role_at and role_at[0].startswith("I-"):
        role_at[0] = "B-" + role_at[0][2:]
    return role_at


def cue_words(rows: list[dict], docs) -> frozenset[str]:
    """Lemmas heading at least MIN_CUE cues of train, with the cue lexicon's saying words."""
    counts: collections.Counter = collections.Counter()
    for row, doc in zip(rows, docs):
        for relation in row["attributions"]:
            for start, end in (relation.get("cue") or {}).get("segs", []):
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is not None and len(span):
                    counts[span.root.lemma_.lower()] += 1
    return frozenset({lemma for lemma, n in counts.items() if n >= MIN_CUE} | set(saying_lemmas()) | {"according"})


def sequences(rows, docs, cues: frozenset[str]) -> list[tuple[np.ndarray, list[int]]]:
    """(feature keys: one row a token, gold tag ids) for each paragraph unit of the articles."""
    tag_id = {t: k for k, t in enumerate(TAGS)}
    found = []
    for row, doc in zip(rows, docs):
        tags = gold_tags(doc, row["attributions"])
        pieces = list(units(doc))
        keys = features(doc, pieces, cues, rules_of(doc, pieces))
        at = 0
        for start, end in pieces:
            gold = [tag_id[t] for t in tags[start:end]]
            if gold and TAGS[gold[0]].startswith("I-"):
                gold[0] -= 1  # a unit cut inside a span starts it
            found.append((keys[at:at + end - start], gold))
            at += end - start
    return found


def frequent(train_seq) -> np.ndarray:
    """The feature keys seen at least MIN_COUNT times in train, sorted."""
    keys, counts = np.unique(np.concatenate([keys.reshape(-1) for keys, _ in train_seq]), return_counts=True)
    return keys[counts >= MIN_COUNT]


def trained(train_seq, args, model_path: Path):
    """A linear-chain model (CRFsuite's averaged perceptron: on this corpus as good as its L-BFGS CRF and
    far quicker) learned on the train units over the features seen at least MIN_COUNT times, as
    (feature keys, state weights: one row a feature, one column a tag, tag-to-tag weights).
    python-crfsuite is the train extra's (``pip install -e '.[train]'``): imported here, so that
    reading and tagging PolNeAR works without it."""
    import pycrfsuite

    kept = frequent(train_seq)
    trainer = pycrfsuite.Trainer(verbose=False)
    for keys, gold in train_seq:
        known = kept[np.minimum(np.searchsorted(kept, keys), len(kept) - 1)] == keys
        trainer.append(pycrfsuite.ItemSequence([{f"{key:x}": 1.0 for key in row[ok].tolist()}
                                                for row, ok in zip(keys, known)]), [TAGS[g] for g in gold])
    trainer.select("ap")
    trainer.set_params({"max_iterations": args.epochs, "feature.possible_transitions": True})
    trainer.train(str(model_path))
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_path))
    info = tagger.info()
    names = sorted({name for name, _ in info.state_features})
    row = {name: k for k, name in enumerate(names)}
    weights = np.zeros((len(names), len(TAGS)))
    for (name, tag), weight in info.state_features.items():
        weights[row[name], TAGS.index(tag)] = weight
    transitions = np.zeros((len(TAGS) + 1, len(TAGS)))  # CRFsuite has no start weights: the last row stays 0
    for (before, after), weight in info.transitions.items():
        transitions[TAGS.index(before), TAGS.index(after)] = weight
    return np.array([int(name, 16) for name in names], dtype=np.uint64), weights, transitions


def relations_of(tagger: Tagger, rows, docs) -> list[list[dict]]:
    """Predicted relations of each article as role -> characters (for the span scores)."""
    found = []
    for row, doc in zip(rows, docs):
        predicted = tagger.relations(doc)
        text = row["text"]
        found.append([{role: characters(text, [(doc[s].idx, doc[e - 1].idx + len(doc[e - 1])) for s, e in
                                               getattr(r, role)]) for role in ("source", "cue", "content")}
                      for r in predicted])
    return found


def gold_of(rows) -> list[list[dict]]:
    roles = ("source", "cue", "content")
    return [[{role: characters(row["text"], (r.get(role) or {}).get("segs", [])) for role in roles}
             for r in row["attributions"]] for row in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", help="the polnear folder (train.jsonl, dev.jsonl)")
    parser.add_argument("--cache", default="/tmp/eventwire-polnear", help="where the parses are cached")
    parser.add_argument("--epochs", type=int, default=12, help="passes of the perceptron over train")
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument("--card", default=str(CARD))
    args = parser.parse_args()
    folder, cache = shared_polnear(args.data), Path(args.cache)
    began = time.time()
    train_rows, dev_rows = read(folder / "train.jsonl"), read(folder / "dev.jsonl")
    train_docs, dev_docs = parsed(train_rows, cache, "train"), parsed(dev_rows, cache, "dev")
    print(f"parsed {len(train_docs)} train, {len(dev_docs)} dev articles ({time.time() - began:.0f}s)", flush=True)
    cues = cue_words(train_rows, train_docs)
    # the features depend on the cue words and on the code and cue lists that compute them
    code = [inspect.getsource(f) for f in (units, tagger_module._pieces, features, tagger_module._ancestors,
                                           tagger_module._key, tagger_module._lowered, tagger_module._among, rules_of)]
    code += [Path(relations_module.__file__).read_text("utf-8"), yaml.safe_dump(cues_module.load())]
    version = hashlib.sha1("\n".join([*sorted(cues), *code]).encode("utf-8")).hexdigest()
    feature_cache = cache / f"features-{version[:12]}.pickle"
    if feature_cache.is_file():
        train_seq = pickle.loads(feature_cache.read_bytes())
    else:
        train_seq = sequences(train_rows, train_docs, cues)
        feature_cache.write_bytes(pickle.dumps(train_seq, protocol=pickle.HIGHEST_PROTOCOL))
    print(f"{len(train_seq)} train units, {len(cues)} cue words ({time.time() - began:.0f}s)", flush=True)
    keys, weights, transitions = trained(train_seq, args, cache / "crf.model")
    print(f"trained on {sum(len(g) for _, g in train_seq)} tokens: {len(keys)} features kept "
          f"({time.time() - began:.0f}s)", flush=True)
    save(Tagger(keys, weights, transitions, cues), cues, Path(args.out))
    shipped = Tagger.load(args.out)  # scored as shipped: float16, near-zero rows left out
    scores = score_spans(zip([r["text"] for r in dev_rows], relations_of(shipped, dev_rows, dev_docs),
                             gold_of(dev_rows)))
    print("dev overlap/exact F1 " + " ".join(
        f"{role} {scores['overlap'][role]['f1']:.3f}/{scores['exact'][role]['f1']:.3f}"
        for role in ("source", "cue", "content")), flush=True)
    chosen = f"averaged perceptron, {args.epochs} epochs"
    write_card(Path(args.card), scores, chosen, len(train_rows), len(dev_rows), len(shipped.keys), Path(args.out))


def save(tagger: Tagger, cues: frozenset[str], out: Path) -> None:
    """The feature keys and their weights as float16, features whose row is all (near) zero left out."""
    weights = tagger.weights[:-1]
    keep = np.abs(weights).max(axis=1) >= 0.05
    np.savez_compressed(out, keys=tagger.keys[keep],
                        cue_lemmas=np.frombuffer("\n".join(sorted(cues)).encode("utf-8"), dtype=np.uint8),
                        weights=weights[keep].astype(np.float16), transitions=tagger.transitions.astype(np.float16))
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB, {int(keep.sum())} features)")


def write_card(card: Path, scores: dict, chosen: str, n_train: int, n_dev: int, n_features: int, out: Path) -> None:
    rows = "\n".join(f"| {role.capitalize()} | {scores['exact'][role]['f1']:.3f} | {scores['overlap'][role]['f1']:.3f} "
                     f"| {scores['overlap'][role]['precision']:.3f} | {scores['overlap'][role]['recall']:.3f} |"
                     for role in ("source", "cue", "content"))
    text = CARD_TEXT.format(date=dt.date.today().isoformat(), n_train=n_train, n_dev=n_dev, chosen=chosen,
                            n_features=n_features, size=out.stat().st_size / 1e6, rows=rows)
    if card.is_file() and CARD_END in card.read_text("utf-8"):  # what follows the tagger's part is kept
        text += card.read_text("utf-8").split(CARD_END, 1)[1]
    card.write_text(text, "utf-8")
    print(f"wrote {card}")


CARD_TEXT = """# The attribution tagger

Who says or thinks what, by which words: `src/eventwire/attributes/tagger.py` tags each paragraph of an
article with Source, Cue and Content spans (BIO), and the attribution stage (`pipeline/attribution.py`)
turns them into the article's attribution relations and gives each event inside a content its status,
sources, cue and quote.

- **Data**: PolNeAR (Newell, Margolin & Ruths, LREC 2018), US political news of 2016 annotated by hand;
  trained on its train split ({n_train} articles), tuned on dev ({n_dev}); its test split is never read.
  The corpus is read from the shared data folder, never copied into the repository.
- **Model**: a linear-chain tagger over spaCy token features (word, lemma, tags,
  dependency and head, neighbours, in or out of a quotation, position from the cue words the corpus
  taught, the role the cue rules of `attributes/relations.py` give the token), one sequence per paragraph
  so that a quote can run over several sentences: a linear-chain model learned with CRFsuite at build time
  ({chosen}), its state and transition weights exported to numpy and decoded by Viterbi at run time.
  {n_features} features with a weight (of those seen at least three times); shipped as
  `attributes/data/attribution_tagger.npz` ({size:.1f} MB, float16). Numpy only at run time.
- **Run time**: a feature is not a string but a 64-bit key, the template's name mixed with spaCy's
  ids of its parts (``template=part|part``: equal keys where the strings would be equal), computed
  for all the tokens of an article at once from `Doc.to_array`; a key finds its weights in an
  open-addressing hash table; the paragraphs of an article are decoded side by side (one Viterbi
  step for all at a time). The dev figures below are those of the shipped float16 weights.
- **Pairing**: each content joins the nearest cue (one in its sentence first); contents of one cue are
  segments of one content ("The strikes, officials said, hit three depots"); each cue takes the nearest
  source. A relation nested inside another's content is tagged with its inner roles only.
- **Built by**: `nice -n 10 python scripts/train_attribution.py` ({date}).

## Dev figures (PolNeAR dev, the tagger alone on spaCy's parse of the raw text)

Spans compared as sets of non-space characters, one-to-one matching (as `eventwire eval --format polnear`).

| Role | exact F1 | overlap F1 | overlap P | overlap R |
|---|---|---|---|---|
{rows}
<!-- end of the part written by scripts/train_attribution.py -->"""
CARD_END = "<!-- end of the part written by scripts/train_attribution.py -->"

if __name__ == "__main__":
    main()
