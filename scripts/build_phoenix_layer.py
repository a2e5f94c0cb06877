"""Compile the Phoenix actor dictionaries into src/eventwire/actors/data/phoenix.tsv.gz.

The built-in KB reads the result as its fallback layer (the curated TSV files win
wherever both know a name). Read from ``../shared/data/dictionaries/petrarch``
(``Phoenix.Countries.actors.txt``, ``Phoenix.International.actors.txt``,
``Phoenix.MilNonState.actors.txt``, ``Phoenix.agents.txt``) with the same importer
user dictionaries go through (:mod:`eventwire.actors.petrarch`), then filtered:

- entries that only name a country (``AFGHANISTAN [AFG]`` with its cities and
  provinces as aliases) are left out: countries come from the curated files, and
  a city is a place, coded to its country only where the user asks for it;
- names the curated KB reads word by word ("US President", "Afghan police") are left
  out: they are descriptions, which the resolver composes from the curated words;
- names and agent phrases that are ordinary English words ("Hope", "Rice", "Chad"
  alone) or shorter than three letters are left out. A word is ordinary when
  it is a stop word, or a word of spaCy's English word lists (WordNet's lemmas)
  unless news text writes it capitalised mid-sentence at least three times and more
  than four times as often as in lower case (counted over the NGEC and VOA stories
  in shared/: "hope", "falcon" and "foundation" are ordinary; "Syrian" and "Hezbollah"
  are not);
- agent phrases coded with a code CAMEO does not define (Phoenix's "PPL" for "persons",
  ``PHOENIX_ONLY``) are left out: the curated agent words say who people and civilians are;
- a person's one-word name that is a common first name ("Albert", "Hassan": the first
  word of two or more other people's names) is left out;
- a dated role with no end is closed at 2015-01-01, after the dictionaries' last
  revision (CountryInfo of 2014): a Phoenix-only person who held an office then is
  coded as the country's elite (ELI) in later articles, not as still in office.

Deterministic: the same inputs give the same file. The dictionaries are MIT
licensed (Open Event Data Alliance); their notice is kept in
``data/phoenix.LICENSE`` beside the output.

    python scripts/build_phoenix_layer.py
    python scripts/build_phoenix_layer.py --shared /path/to/shared/data --out /tmp/phoenix.tsv.gz
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime as dt
import gzip
import json
import re
import shutil
import sys
from collections import Counter
from pathlib import Path

from eventwire.actors import petrarch
from eventwire.actors.builtin import builtin_kb
from eventwire.actors.kb import NON_STATE_PREFIXES, KnowledgeBase, Role, is_cased, words
from eventwire.actors.userfile import read_table
from eventwire.nlp import load

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "src" / "eventwire" / "actors" / "data"
PHOENIX_ONLY = {"PPL"}  # agent codes CAMEO does not define: Phoenix's "people" ("MAN", "PERSONS"); CAMEO says CVL
ACTOR_FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
               "Phoenix.MilNonState.actors.txt")
AGENT_FILE = "Phoenix.agents.txt"
OPEN_END = dt.date(2015, 1, 1)  # after the dictionaries' last revision
TOKEN = re.compile(r"[A-Za-z]+")


def news_counts(shared: Path) -> tuple[Counter, Counter]:
    """How often each word is written in lower case, and capitalised not at a sentence start."""
    lower: Counter = Counter()
    upper: Counter = Counter()
    texts = []
    with open(shared / "train" / "ngec_synthetic_plover_stories.csv", newline="", encoding="utf-8") as f:
        csv.field_size_limit(sys.maxsize)
        texts += [row["text"] for row in csv.DictReader(f)]
    with open(shared / "voa" / "voa_stories.jsonl", encoding="utf-8") as f:
        texts += [json.loads(line)["text"] for line in f if line.strip()]
    for text in texts:
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            for n, m in enumerate(TOKEN.finditer(sentence)):
                word = m[0]
                if word.islower():
                    lower[word] += 1
                elif n and word[0].isupper():
                    upper[word.lower()] += 1
    return lower, upper


class OrdinaryWords:
    """Whether a normalised word is an ordinary English word (see the module text)."""

    def __init__(self, shared: Path) -> None:
        nlp = load()
        index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
        self.lexicon = {w for pos in ("noun", "verb", "adj", "adv") for w in index[pos] if w.isalpha()}
        self.stop = nlp.Defaults.stop_words
        self.lower, self.upper = news_counts(shared)

    def __call__(self, word: str) -> bool:
        capitalised = self.upper[word] >= 3 and self.upper[word] > 4 * self.lower[word]
        return word in self.stop or (word in self.lexicon and not capitalised)


def usable(key: tuple[str, ...], ordinary: OrdinaryWords) -> bool:
    """A name worth matching: three letters or more, not made only of ordinary words."""
    letters = sum(len(w) for w in key if w.isalpha())
    return letters >= 3 and not all(ordinary(w) for w in key if w != "'s")


def is_country(entry, sectors: set[str]) -> bool:
    """An entry for a country: one of its codes is a bare country code (``[UKR >911221]``);
    its aliases are the country's cities, provinces and spellings."""
    return any(len(r.code) == 3 and r.code not in sectors | NON_STATE_PREFIXES for r in entry.roles)


def key_of(text: str) -> str:
    """The look-up key of a name as the layer file writes it: capitals where it must match in capitals."""
    key = " ".join(words(text))
    return key.upper() if is_cased(text) else key


def readable(key: tuple[str, ...], curated: KnowledgeBase, stop: set[str]) -> bool:
    """Whether the curated KB reads every word of ``key`` by itself ("US President", "Afghan
    police", "President of the United States"): such a name is a description, not a name. A
    name the curated KB holds as a person or organisation is kept: it ties the two records."""
    if any(item.kind == "entry" for item in curated.index.get(" ".join(key), ())):
        return False
    reach = [True] + [False] * len(key)
    for i in range(len(key)):
        if not reach[i]:
            continue
        if key[i] in stop:
            reach[i + 1] = True
        for j in range(i + 1, len(key) + 1):
            if " ".join(key[i:j]) in curated.index:
                reach[j] = True
    return reach[-1]


def first_names(kb: KnowledgeBase) -> set[str]:
    """Words that begin the names of two or more people (of two words or more)."""
    count: Counter = Counter()
    for entry in kb.entries:
        if entry.type == "person":
            count.update({key[0] for key in map(words, [entry.name, *entry.aliases]) if len(key) > 1})
    return {word for word, n in count.items() if n >= 2}


def entry_rows(kb: KnowledgeBase, curated: KnowledgeBase, ordinary: OrdinaryWords) -> list[list[str]]:
    sectors = {cells[0] for _, cells in read_table(DATA / "sectors.tsv")[1]}
    given = first_names(kb)
    rows = []
    for entry in kb.entries:
        if is_country(entry, sectors):
            continue
        keys = []
        for name in [entry.name, *entry.aliases]:
            key = words(name)
            if not key or not usable(key, ordinary) or readable(key, curated, ordinary.stop) \
                    or (entry.type == "person" and len(key) == 1 and key[0] in given):
                continue
            if key_of(name) not in keys:
                keys.append(key_of(name))
        if not keys:
            continue
        roles = ";".join(f"{r.code} {_closed(r).span_text()}" for r in entry.roles)
        rows.append(["entry", entry.name, ";".join(keys), entry.type, roles, entry.source])
    return rows


def _closed(role: Role) -> Role:
    """``role`` with an open end closed at ``OPEN_END`` when it has a start (see the module text)."""
    if role.start is not None and role.end is None and role.start < OPEN_END:
        return dataclasses.replace(role, end=OPEN_END)
    return role


def agent_rows(kb: KnowledgeBase, ordinary: OrdinaryWords) -> list[list[str]]:
    """Agent phrases; single ordinary words are kept here (agents are common nouns by nature)
    unless they are stop words or shorter than three letters; phrases coded with Phoenix's own
    ``PHOENIX_ONLY`` codes ("persons" [~PPL]) are left to the curated words."""
    rows = []
    for key, items in kb.index.items():
        parts = tuple(key.split(" "))
        if sum(len(w) for w in parts) < 3 or all(w in ordinary.stop for w in parts):
            continue
        for item in items:
            if item.sector in PHOENIX_ONLY:
                continue
            rows.append(["agent", "", key.upper() if item.cased else key, "", item.sector, item.source])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=DATA / "phoenix.tsv.gz")
    args = parser.parse_args()
    source = args.shared / "dictionaries" / "petrarch"
    curated = builtin_kb()
    ordinary = OrdinaryWords(args.shared)
    actors = KnowledgeBase()
    actors.country_codes = set(curated.country_codes)
    for name in ACTOR_FILES:
        petrarch.load(actors, source / name)
    agents = KnowledgeBase()
    petrarch.load(agents, source / AGENT_FILE)
    for problem in actors.problems + agents.problems:
        if ": error: " in problem:
            print(problem.replace(str(source) + "/", ""), file=sys.stderr)
    rows = entry_rows(actors, curated, ordinary) + agent_rows(agents, ordinary)
    for row in rows:
        row[-1] = row[-1].replace(str(source) + "/", "")
    header = ("# generated by scripts/build_phoenix_layer.py from the Phoenix dictionaries "
              f"({', '.join(ACTOR_FILES + (AGENT_FILE,))}); MIT licence: see phoenix.LICENSE\n")
    body = "kind\tname\tkeys\ttype\tcodes\tsource\n" + "".join("\t".join(r) + "\n" for r in rows)
    with open(args.out, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as f:
        f.write((header + body).encode("utf-8"))  # no name or time in the header: the same bytes on a rerun
    shutil.copyfile(source / "LICENSE", args.out.parent / "phoenix.LICENSE")
    kinds = Counter(r[0] for r in rows)
    print(f"wrote {kinds['entry']} entries and {kinds['agent']} agent phrases to {args.out}")


if __name__ == "__main__":
    main()
