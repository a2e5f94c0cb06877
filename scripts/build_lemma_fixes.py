"""Build ``pipeline/data/lemma_fixes.tsv``: verb forms spaCy's small English model lemmatises wrongly.

The lexicon and the compiled verb dictionary match verbs by lemma, and spaCy's rule lemmatiser
takes some regular forms back to another word: "staged" to "stag", "waged" to "wag", "raped" to
"rap", "lambasted" to "lambast". For every one-word verb the lexicon (``events/data/lexicon.yaml``:
its verbs and light verbs) or the compiled dictionary (``events/data/cameo_verbs.json``) knows, this
script spells its regular forms (-s, -ed, -ing; the final consonant doubled as well after a short
vowel), keeps those written in news (the NGEC synthetic stories, the ConfliBERT class file and the
PolNeAR training articles under ``../shared/data``) and, of the hand lexicon's verbs, each form but a
doubled consonant ("gheraoed" is rare in these texts; the dictionary's "verbs" include nouns that
would give "collisioned"), has spaCy tag and lemmatise each in a carrier
sentence ("They staged it."), and writes the forms tagged as a verb whose lemma is neither the
verb's nor the form itself nor another verb the lexicon or dictionary knows (that form is
ambiguous). It also writes the British spellings of the verbs in -ize and -yze ("criticised",
"mobilising", "paralysed"), which spaCy lemmatises to the British lemma that neither the lexicon
nor the dictionary lists, and the irregular past forms of verbs made of a prefix and an irregular verb
("retook", "overran"; ``prefixed_irregular_forms``) that spaCy leaves as they are.
``pipeline/verb_lemmas.py`` puts the right lemma back on verbs so spelled.

    python scripts/build_lemma_fixes.py        # writes src/eventwire/pipeline/data/lemma_fixes.tsv
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("EVENTWIRE_SHARED_DATA") or REPO / ".." / "shared" / "data")
EVENTS = REPO / "src" / "eventwire" / "events" / "data"
OUT = REPO / "src" / "eventwire" / "pipeline" / "data" / "lemma_fixes.tsv"
WORD = re.compile(r"[a-z]+")
DOUBLES = re.compile(r"[^aeiou][aeiou][bdgklmnprt]$")  # a verb whose last consonant may be doubled ("ban")
CARRIERS = {"VBD": "They {} it.", "VBZ": "He {} it.", "VBG": "They are {} it."}
PREFIXES = ("re", "over", "out", "under", "with", "fore", "mis", "up")  # of verbs like "retake", "overrun"


def known_verbs() -> tuple[set[str], set[str]]:
    """One-word verbs of the hand lexicon (its verbs and light verbs), and of the compiled dictionary."""
    lexicon = yaml.safe_load((EVENTS / "lexicon.yaml").read_text(encoding="utf-8"))
    dictionary = json.loads((EVENTS / "cameo_verbs.json").read_text(encoding="utf-8"))
    hand = {key for key in [*lexicon["verbs"], *lexicon["light_verbs"]] if WORD.fullmatch(key)}
    return hand, {key for key in dictionary["verbs"] if WORD.fullmatch(key)}


def regular_forms(verb: str) -> list[tuple[str, str]]:
    """(form, tag) of ``verb``'s regular inflections, with the doubled consonant as a second spelling.

    >>> sorted(regular_forms("stage"))
    [('staged', 'VBD'), ('stages', 'VBZ'), ('staging', 'VBG')]
    >>> ('banned', 'VBD') in regular_forms("ban")
    True
    """
    if verb.endswith("e"):
        return [(verb + "d", "VBD"), (verb + "s", "VBZ"), (verb[:-1] + "ing", "VBG")]
    if verb.endswith("y") and verb[-2:-1] not in ("a", "e", "i", "o", "u"):
        return [(verb[:-1] + "ied", "VBD"), (verb[:-1] + "ies", "VBZ"), (verb + "ing", "VBG")]
    third = verb + ("es" if re.search(r"(s|x|z|ch|sh)$", verb) else "s")
    forms = [(verb + "ed", "VBD"), (third, "VBZ"), (verb + "ing", "VBG")]
    if DOUBLES.search(verb):
        forms += [(verb + verb[-1] + "ed", "VBD"), (verb + verb[-1] + "ing", "VBG")]
    return forms


def prefixed_irregular_forms(verbs: set[str], exceptions: dict[str, list[str]]) -> list[tuple[str, str, str]]:
    """(verb, form, tag) of the irregular past forms of ``verbs`` made of a prefix and a verb that
    spaCy's exception table (``exceptions``: form -> lemmas) inflects: "retook" and "retaken" of
    "retake", which the tagger, not knowing the word, may read as a present tense and leave as it is.

    >>> prefixed_irregular_forms({"retake", "attack"}, {"took": ["take"], "taken": ["take"]})
    [('retake', 'retook', 'VBD'), ('retake', 'retaken', 'VBD')]
    """
    forms_of: dict[str, list[str]] = {}
    for form, lemmas in exceptions.items():
        for lemma in lemmas:
            forms_of.setdefault(lemma, []).append(form)
    return [(verb, prefix + form, "VBD") for verb in sorted(verbs) for prefix in PREFIXES
            if verb.startswith(prefix) and len(verb) > len(prefix) + 2
            for form in forms_of.get(verb[len(prefix):], ()) if form != verb[len(prefix):]]


def news_words(shared: Path) -> set[str]:
    """The lower-cased words of the news texts under ``shared`` (not the VOA stories, kept for measuring)."""
    found: set[str] = set()
    with (shared / "train" / "ngec_synthetic_plover_stories.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            found.update(WORD.findall(row["text"].lower()))
    for path in (shared / "dev" / "conflibert_cameo_class_train.tsv", shared / "dev" / "polnear" / "train.jsonl"):
        found.update(WORD.findall(path.read_text(encoding="utf-8").lower()))
    return found


def fixes(hand: set[str], dictionary: set[str], written: set[str]) -> dict[str, str]:
    """Form -> verb for the regular forms spaCy lemmatises to something else: those ``written``, and
    those of a ``hand`` lexicon verb that doubles no consonant."""
    from eventwire.nlp import load

    verbs = hand | dictionary
    nlp = load()
    candidates = [(verb, form, tag) for verb in sorted(verbs) for form, tag in regular_forms(verb)
                  if form in written or (verb in hand and not DOUBLES.search(verb))]
    irregular = [(verb, form, tag) for verb, form, tag in prefixed_irregular_forms(
        verbs, nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc")["verb"]) if form in written or verb in hand]
    sentences = [CARRIERS[tag].format(form) for _, form, tag in candidates + irregular]
    found: dict[str, str] = {}
    for (verb, form, tag), doc in zip(candidates + irregular, nlp.pipe(sentences, batch_size=256)):
        token = doc[2] if tag == "VBG" else doc[1]
        lemma = token.lemma_.lower()
        left_alone = lemma == form and (verb, form, tag) in irregular  # an irregular form spaCy did not know
        if token.tag_.startswith("VB") and (lemma not in (verb, form) or left_alone) and lemma not in verbs:
            found[form] = verb
    return found


def british_forms(verbs: set[str]) -> dict[str, str]:
    """Form -> verb for the British spellings (-ise, -yse) of ``verbs`` in -ize and -yze of more than
    five letters ("seize" and "size" are no such verbs): one lemma for both spellings, the one the
    hand lexicon and the cue lists write.

    >>> british_forms({"criticize", "analyze", "seize", "advise"})["criticised"]
    'criticize'
    >>> sorted(british_forms({"analyze"}))
    ['analyse', 'analysed', 'analyses', 'analysing']
    """
    found: dict[str, str] = {}
    for verb in sorted(verbs):
        if len(verb) <= 5 or verb[-3:] not in ("ize", "yze"):
            continue
        british = verb[:-2] + "se"
        for form in (british, *(form for form, _ in regular_forms(british))):
            found[form] = verb
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared data folder")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    hand, dictionary = known_verbs()
    found = fixes(hand, dictionary, news_words(args.shared)) | british_forms(hand | dictionary)
    lines = ["# form\tlemma: verb forms spaCy's small English model lemmatises wrongly "
             "(built by scripts/build_lemma_fixes.py)"]
    lines += [f"{form}\t{verb}" for form, verb in sorted(found.items())]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(found)} forms -> {args.out}")


if __name__ == "__main__":
    main()
