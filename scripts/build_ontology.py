"""Build the CAMEO/PLOVER tables in src/eventwire/ontology/data/ from ../shared/data/reference.

Reads CAMEO_codefile.txt (names), CAMEO.goldsteinscale.tsv (Goldstein values),
CAMEO2PLOVER-2021.txt (PLOVER type/mode/contexts for 03-20), PLOVER_MANUAL.tex
(the "PLOVER conflict--cooperation scores" table) and two hand-made files in the
data folder (classes.tsv, cameo2plover_01_02.tsv) and the codes the PLOVER manual types
otherwise than the crosswalk (cameo2plover_manual.tsv). Writes cameo.tsv and
plover_scores.tsv. Deterministic: rerunning gives byte-identical output.

    python scripts/build_ontology.py                 # reference from ../shared/data
    EVENTWIRE_SHARED_DATA=/path/to/data python scripts/build_ontology.py
    python scripts/build_ontology.py --out /tmp/x    # write elsewhere (to compare)
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA_OUT = REPO / "src" / "eventwire" / "ontology" / "data"
CODE = re.compile(r"\d{2,4}")  # CAMEO codes proper; ICEWS variants such as "138i" are skipped


def shared_data() -> Path:
    return Path(os.environ.get("EVENTWIRE_SHARED_DATA") or REPO / ".." / "shared" / "data")


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a tab-separated file whose '#' lines are comments."""
    with path.open(encoding="utf-8") as f:
        lines = [line for line in f if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def read_names(path: Path) -> dict[str, str]:
    """CAMEO names from ``LABEL:`` lines (later duplicates win: they fix typos) and root headers.

    ``LABELi:`` lines are ICEWS relabellings, not CAMEO; they are ignored.
    """
    names: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        header = re.match(r"//(\d\d)[:=]\s*(.+)", line)
        if header:
            names[header[1]] = header[2].strip().capitalize()
            continue
        label = re.match(r"LABEL:\s*(\S+?)=\s*(.+)", line)
        if label and CODE.fullmatch(label[1]):
            names[label[1]] = label[2].strip()
    return names


def read_goldstein(path: Path) -> dict[str, float]:
    rows = path.read_text(encoding="utf-8").splitlines()[1:]
    return {code: float(value) for code, value in (r.split("\t") for r in rows if r.strip())}


def split_contexts(text: str) -> list[str]:
    return [c.strip() for c in text.split(";") if c.strip()]


def read_cameo2plover(path: Path) -> dict[str, tuple[str, str, list[str]]]:
    """``code: TYPE, mode, contexts # comment`` lines; first occurrence of a code wins.

    Codes listed under another root's heading (191 under COERCE, 175 under
    ASSAULT) are keyed by their own code, so the heading does not matter.
    """
    table: dict[str, tuple[str, str, list[str]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"(\d{3,4}):(.*)", line)
        if not m:
            continue
        fields = m[2].split("#", 1)[0].split(",")
        fields += [""] * (3 - len(fields))
        ptype, mode, contexts = (f.strip() for f in fields[:3])
        entry = (ptype, mode, split_contexts(contexts))
        if m[1] in table and table[m[1]] != entry:
            sys.exit(f"conflicting CAMEO2PLOVER entries for {m[1]}: {table[m[1]]} vs {entry}")
        table.setdefault(m[1], entry)
    return table


def read_plover_scores(path: Path) -> list[tuple[str, str, float]]:
    """The 3-column "PLOVER conflict--cooperation scores" table (not its commented-out
    predecessor), read column by column so types come in the manual's order."""
    tex = path.read_text(encoding="utf-8")
    start = re.search(r"^\\caption\{PLOVER conflict--cooperation scores\}", tex, re.M).end()
    body = tex[start : tex.index(r"\end{tabular}", start)]
    columns: list[list[tuple[str, str, float]]] = [[], [], []]
    for row in body.split(r"\\"):
        cells = [re.sub(r"\\hline|\\cellcolor\{[^}]*\}", "", c).strip() for c in row.split("&")]
        if len(cells) != 6 or "textbf" in row:
            continue
        for i in range(3):
            label, score = cells[2 * i], cells[2 * i + 1]
            if not label:
                continue
            ptype, _, mode = label.partition(":")
            columns[i].append((ptype.strip(), mode.strip().lower(), float(score)))
    return [entry for column in columns for entry in column]


def build(ref: Path) -> tuple[list[list[str]], list[list[str]]]:
    names = read_names(ref / "CAMEO_codefile.txt")
    goldstein = read_goldstein(ref / "CAMEO.goldsteinscale.tsv")
    plover = read_cameo2plover(ref / "CAMEO2PLOVER-2021.txt")
    for name in ("cameo2plover_01_02.tsv", "cameo2plover_manual.tsv"):  # the hand-made rows win
        for row in read_tsv(DATA_OUT / name):
            plover[row["code"]] = (row["plover_type"], row["plover_mode"], split_contexts(row["contexts"]))
    classes = {r["root"]: r for r in read_tsv(DATA_OUT / "classes.tsv")}

    def first(table: dict, code: str):
        """Value for the code, else its 3-digit parent, else its root (roots use '<root>0')."""
        for key in (code, code[:3], code[:2] + "0" if len(code) == 2 else code[:2]):
            if key in table:
                return table[key]
        raise KeyError(code)

    cameo = []
    for code in sorted(names, key=lambda c: (c[:2], c.ljust(4, "/"))):
        root = code[:2]
        ptype, mode, contexts = first(plover, code)
        gs = goldstein.get(code, goldstein.get(code[:3], goldstein[root]))
        cameo.append([code, names[code], root, f"{gs:.1f}", classes[root]["quad_class"],
                      classes[root]["penta_class"], ptype, mode, ";".join(contexts)])
    scores = [[t, m, f"{s:g}"] for t, m, s in read_plover_scores(ref / "PLOVER_MANUAL.tex")]
    return cameo, scores


def write_tsv(path: Path, note: str, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(f"# Generated by scripts/build_ontology.py; do not edit. {note}\n")
        writer = csv.writer(f, delimiter="\t", lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=DATA_OUT, help="output folder (default: the package data)")
    out = parser.parse_args().out
    ref = shared_data() / "reference"
    if not ref.is_dir():
        sys.exit(f"reference data not found at {ref} (set EVENTWIRE_SHARED_DATA)")
    cameo, scores = build(ref)
    write_tsv(out / "cameo.tsv",
              "Sources: CAMEO_codefile.txt, CAMEO.goldsteinscale.tsv (missing codes take "
              "their parent's value), CAMEO2PLOVER-2021.txt, classes.tsv, cameo2plover_01_02.tsv, "
              "cameo2plover_manual.tsv.",
              ["code", "name", "root", "goldstein", "quad_class", "penta_class",
               "plover_type", "plover_mode", "contexts"], cameo)
    write_tsv(out / "plover_scores.tsv",
              "Source: PLOVER_MANUAL.tex, table 'PLOVER conflict--cooperation scores' "
              "(values as printed, including ACCUSE +3); empty mode = the type's own score.",
              ["plover_type", "mode", "score"], scores)
    print(f"wrote {len(cameo)} CAMEO codes and {len(scores)} PLOVER scores to {out}")


if __name__ == "__main__":
    main()
