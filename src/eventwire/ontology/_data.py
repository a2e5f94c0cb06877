"""Reading the ontology's TSV data files (``#`` lines are comments).

>>> rows = read_tsv("classes.tsv")
>>> rows[0]["root"], rows[0]["quad_class"]
('01', '1')
"""

from __future__ import annotations

import csv
from importlib import resources


def read_tsv(name: str) -> list[dict[str, str]]:
    """The rows of ``data/<name>`` as dicts keyed by the header."""
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))
