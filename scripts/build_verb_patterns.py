"""Compile PETRARCH's CAMEO verb dictionary (CAMEO.2.0.txt) into src/eventwire/events/data/cameo_verbs.json.

The dictionary (Open Event Data Alliance, MIT licence) lists verbs in blocks
(``---  NAME   [code]  ---``), each verb line giving a verb (``+CALL_OFF`` for a
multi-word one) and optionally its own code; the block's patterns follow as
``- words * words [code] # comment`` lines. Words before ``*`` stand before the
verb (its subject, adverbs), words after it in its object; ``(PREP words)`` is a
prepositional phrase, ``{A B}`` one noun phrase, ``&NAME`` a synonym set,
``$``/``+`` mark the source/target, ``^``/``%`` are skipped. Codes ``[a:b]``
give the event of the subject (``a``) and the reverse one (``b``): ``[a:a]`` is
kept as a reciprocal event, ``[:b]`` as the reverse one (source and target
swapped), ``[a:b]`` as ``a``; ``[---]`` codes nothing.

The compiled file keeps, for each pattern, its line number in the dictionary
(the event's ``rule`` is ``CAMEO.2.0:<line>``) and the verb its comment says it
was written for (``# RUSH``); a verb line keeps whether it has a code of its own; words are lemmatised with the
spaCy pipeline eventwire parses with, codes checked against eventwire's CAMEO
table (a code with no PLOVER type, e.g. 010 "make statement", is kept as
"codes nothing" so that it still blocks a vaguer pattern). Deterministic:
rerunning gives byte-identical output.

    python scripts/build_verb_patterns.py                       # from ../shared
    python scripts/build_verb_patterns.py /path/to/CAMEO.2.0.txt --out /tmp/x
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

from spacy.tokens import Doc

from eventwire.nlp import load
from eventwire.ontology import cameo_info, is_valid_cameo

REPO = Path(__file__).resolve().parents[1]
DATA_OUT = REPO / "src" / "eventwire" / "events" / "data"
DEFAULT = Path("/work/shared/data/dictionaries/petrarch/CAMEO.2.0.txt")
HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s*-*\s*---")
KEEP_S = ("ss", "us", "is", "ws")  # "press", "status", "crisis", "news": no plural -s to strip
CODE = re.compile(r"\[([^\]]*)\]")
MARKERS = {"$": "source", "+": "target"}
SKIPPED = {"^", "%"}


def default_path() -> Path:
    shared = os.environ.get("EVENTWIRE_SHARED_DATA")
    return Path(shared) / "dictionaries" / "petrarch" / "CAMEO.2.0.txt" if shared else DEFAULT


class Lemmas:
    """Dictionary words (upper case, ``_`` between words) as the parser's lemmas, cached.

    A noun that may be a plural keeps both forms ("sanctions/sanction"), so that it
    matches the text's lemma and its word as written; a verb is lemmatised by its ending.
    """

    def __init__(self) -> None:
        self.nlp = load()
        self.lemmatizer = self.nlp.get_pipe("lemmatizer")
        self.cache: dict[tuple[str, str], str] = {}

    def _lemma(self, word: str, pos: str) -> str:
        if pos == "VERB":  # "KILLED", "SHOT", "IS" as the first word of a multi-word verb
            irregular = self.lemmatizer.lookups.get_table("lemma_exc")["verb"].get(word)
            if irregular:
                return irregular[0]
            if not word.endswith("ed"):
                return word
        doc = Doc(self.nlp.vocab, words=[word])
        doc[0].pos_, doc[0].tag_ = pos, "VBD" if pos == "VERB" else "NNS"
        return self.lemmatizer(doc)[0].lemma_.lower()

    def __call__(self, word: str, pos: str = "NOUN") -> str:
        key = (word, pos)
        if key not in self.cache:
            forms = []
            for raw in (w for w in word.lower().split("_") if w):
                if pos == "VERB":
                    forms.append(self._lemma(raw, pos))
                    continue
                lemma = self._lemma(raw, pos) if raw.endswith("s") and not raw.endswith(KEEP_S) else raw
                forms.append(raw if lemma in (raw, "") else f"{raw}/{lemma}")
            self.cache[key] = " ".join(forms)
        return self.cache[key]


def _strip(line: str) -> str:
    return line.split("#", 1)[0].strip()


def read_synsets(lines: list[str], lemmas: Lemmas) -> dict[str, list[str]]:
    """``&NAME`` followed by ``+MEMBER`` lines, up to the verb patterns."""
    synsets: dict[str, list[str]] = {}
    current = None
    for raw in lines:
        line = _strip(raw)
        if line.startswith("&"):
            current = line.split()[0][1:]
            synsets[current] = []
        elif line.startswith("+") and current is not None:
            member = lemmas(line[1:].split()[0])
            if member and member not in synsets[current]:
                synsets[current].append(member)
    return synsets


def parse_code(text: str) -> tuple[str | None, str]:
    """(code, direction) of a ``[..]`` field: direction "" (source acts on target), "swap"
    (``[:b]``) or "both" (``[a:a]``); code ``None`` when it codes nothing eventwire records."""
    forward, _, reverse = text.strip().partition(":")
    code, direction = (forward, "both" if forward == reverse else "") if forward else (reverse, "swap")
    if not is_valid_cameo(code) or cameo_info(code).plover_type is None:
        return None, ""
    return code, direction


def _words(token: str, lemmas: Lemmas) -> str:
    return token if token.startswith("&") else lemmas(token)


def parse_pattern(body: str, lemmas: Lemmas) -> dict | None:
    """The constraints of the text between ``-`` and ``[code]``; None when it cannot be read."""
    tokens = re.findall(r"[(){}*]|[^\s(){}*]+", body)  # "*SCEPTICAL", "SPY_*_DEAL": the verb splits words
    if tokens.count("*") != 1:
        return None
    side = "pre"
    out: dict = {"pre": [], "post": [], "preps": [], "source": None, "target": None}
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token == "*":
            side = "post"
        elif token in MARKERS:
            out[MARKERS[token]] = "nsubj" if side == "pre" else "dobj"
        elif token == "(":
            end = tokens.index(")", i) if ")" in tokens[i:] else len(tokens)
            inner = [t for t in tokens[i + 1:end] if t not in "{}"]
            if not inner or inner[0] in MARKERS or inner[0] in SKIPPED or inner[0].startswith("&"):
                return None
            preps = sorted({p.lower() for p in inner[0].split("/") if p})
            terms = []
            for word in inner[1:]:
                if word in MARKERS:
                    out[MARKERS[word]] = "prep:" + preps[0]
                elif word not in SKIPPED and _words(word, lemmas):
                    terms.append([_words(word, lemmas)])
            out["preps"].append({"prep": preps, "terms": terms})
            i = end
        elif token == "{":
            end = tokens.index("}", i) if "}" in tokens[i:] else len(tokens)
            term = [_words(w, lemmas) for w in tokens[i + 1:end] if w not in MARKERS and w not in SKIPPED]
            if term:
                out[side].append([w for w in term if w])
            i = end
        elif token not in SKIPPED and token not in "})" and _words(token, lemmas):
            out[side].append([_words(token, lemmas)])
        i += 1
    return out


def _line_words(pattern: dict) -> list[str]:
    terms = pattern["pre"] + pattern["post"] + [t for prep in pattern["preps"] for t in prep["terms"]]
    return [word for term in terms for word in term]


def compile_dictionary(path: Path) -> dict:
    """The compiled dictionary as a JSON-ready dict (see the module docstring)."""
    raw = path.read_bytes()
    lines = raw.decode("utf-8", errors="replace").splitlines()
    lemmas = Lemmas()
    start = next(i for i, line in enumerate(lines) if line.startswith("####### VERB PATTERNS"))
    end = next(i for i, line in enumerate(lines) if line.startswith("######## TRANSFORMATIONS"))
    synsets = read_synsets(lines[:start], lemmas)
    blocks: list[dict] = []
    verbs: dict[str, list] = {}
    skipped: Counter = Counter()
    for number, raw_line in enumerate(lines[start + 1:end], start=start + 2):
        header = HEADER.match(raw_line)
        if header:
            code, _ = parse_code(header.group(2))
            blocks.append({"name": header.group(1), "line": number, "code": code, "patterns": []})
            continue
        line = _strip(raw_line)
        if not line or not blocks:
            continue
        block = blocks[-1]
        if line.startswith("-"):
            found = CODE.search(line)
            if found is None:
                skipped["no code"] += 1
                continue
            pattern = parse_pattern(line[1:found.start()], lemmas)
            if pattern is None:
                skipped["unreadable"] += 1
                continue
            if any(w.startswith("&") and w[1:] not in synsets for w in _line_words(pattern)):
                skipped["unknown synonym set"] += 1
                continue
            code, direction = parse_code(found.group(1))
            comment = raw_line.partition("#")[2].split()
            origin = lemmas(comment[0], "VERB").split()[0] if comment and comment[0].isupper() else None
            block["patterns"].append({"line": number, "code": code, "direction": direction, "origin": origin,
                                      **pattern})
            continue
        found = CODE.search(line)
        words = re.sub(r"\{[^}]*\}?|\[[^\]]*\]", " ", line).split()
        if not words:
            continue
        parts = [w for w in words[0].lstrip("+").lower().split("_") if w]
        if not parts:
            continue
        key = lemmas(parts[0].upper(), "VERB") if len(parts) > 1 else parts[0]
        code = parse_code(found.group(1))[0] if found else block["code"]
        verbs.setdefault(key, []).append([len(blocks) - 1, number, code, parts[1:], found is not None])
    return {
        "source": path.name,
        "sha256": hashlib.sha256(raw).hexdigest(),
        "licence": "MIT (see CAMEO.2.0.LICENSE)",
        "format": "see scripts/build_verb_patterns.py and eventwire.events.lexicon",
        "skipped": dict(sorted(skipped.items())),
        "synsets": synsets,
        "verbs": dict(sorted(verbs.items())),
        "blocks": blocks,
    }


def notice(path: Path) -> str:
    """The LICENSE beside the dictionary, then the MIT notice in the dictionary's own header."""
    lines = path.read_text("utf-8", errors="replace").splitlines()
    start = next(i for i, line in enumerate(lines) if "The MIT License" in line)
    header = []
    for line in lines[start:]:
        if not line.startswith("#") or line.startswith("# LAST UPDATE"):
            break
        header.append(line[2:] if line.startswith("# ") else line[1:])
    licence = path.parent / "LICENSE"
    folder = licence.read_text("utf-8").rstrip() + "\n\n" if licence.is_file() else ""
    return folder + f"Notice in the header of {path.name}:\n\n" + "\n".join(header).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=default_path(), help="CAMEO.2.0.txt")
    parser.add_argument("--out", type=Path, default=DATA_OUT, help="folder to write cameo_verbs.json into")
    args = parser.parse_args(argv)
    if not args.path.is_file():
        print(f"error: {args.path}: no such file", file=sys.stderr)
        return 1
    compiled = compile_dictionary(args.path)
    args.out.mkdir(parents=True, exist_ok=True)
    text = json.dumps(compiled, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    (args.out / "cameo_verbs.json").write_text(text + "\n", encoding="utf-8")
    (args.out / "CAMEO.2.0.LICENSE").write_text(notice(args.path), encoding="utf-8")
    patterns = sum(len(b["patterns"]) for b in compiled["blocks"])
    print(f"{len(compiled['verbs'])} verbs, {len(compiled['blocks'])} blocks, {patterns} patterns, "
          f"skipped {compiled['skipped']} -> {args.out / 'cameo_verbs.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
