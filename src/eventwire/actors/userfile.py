"""Reading user actor files into a KnowledgeBase: eventwire's own plain formats (TSV, CSV, YAML),
and PETRARCH/Phoenix dictionaries through :mod:`~eventwire.actors.petrarch` (:func:`load_user_file`
picks by file type).

The built-in KB's people and organisations are written in these same formats, so a user file is
just more rows. A table has a header line; ``#`` lines are comments::

    name	code	start	end	titles	aliases	type	wikidata	gender
    Donald Trump	USAGOV	2025-01-20		president;leader	Trump	person	Q22686	m

Rows that repeat a name add roles to the same entry. YAML holds a list of
mappings with the same keys (``roles:`` may list several code/start/end/titles).
A bad row is reported as ``file:line: error: ...`` in ``kb.problems`` and skipped;
the rest of the file loads.

>>> import tempfile, os
>>> path = Path(tempfile.mkdtemp(), "mine.tsv")
>>> _ = path.write_text("name\\tcode\\taliases\\nJuan Pérez\\tVENMIL\\tGeneral Pérez\\nNobody\\tXX\\t\\n")
>>> kb = KnowledgeBase()
>>> load_user_file(kb, path)
>>> [entry.name for entry in kb.entries], [problem.split(": error: ")[1][:23] for problem in kb.problems]
(['Juan Pérez'], ['expected a code of 3, 6'])
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import yaml

from ..dates import day
from . import petrarch
from .kb import Entry, KnowledgeBase, Role

CODE = re.compile(r"(?:[A-Z]{3})+")
TYPES = ("person", "org")
COLUMNS = ("name", "code", "start", "end", "titles", "aliases", "type", "wikidata", "gender")


def load_user_file(kb: KnowledgeBase, path: str | Path) -> None:
    """Add a user file to ``kb``: ``.yaml``/``.yml``, ``.csv``, ``.tsv``, or a Phoenix ``.txt`` dictionary."""
    path = Path(path)
    if not path.is_file():
        kb.problems.append(f"{path}: error: no such file")
    elif path.suffix.lower() == ".txt":
        petrarch.load(kb, path)
    else:
        load_actor_file(kb, path)


def read_table(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (line number, cells) of a TSV/CSV file, skipping comments and blank lines."""
    delimiter = "," if path.suffix.lower() == ".csv" else "\t"
    header: list[str] = []
    rows = []
    with path.open(encoding="utf-8", newline="") as f:
        for number, line in enumerate(f, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cells = [c.strip() for c in next(csv.reader([line], delimiter=delimiter))]
            if not header:
                header = [c.lower() for c in cells]
            else:
                rows.append((number, cells))
    return header, rows


def split_values(value: object) -> list[str]:
    """The items of a ``;``-separated cell, or of a YAML list.

    >>> split_values("president; leader"), split_values(["Trump", " "])
    (['president', 'leader'], ['Trump'])
    """
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in str(value).split(";") if v.strip()]


def load_actor_file(kb: KnowledgeBase, path: Path, label: str | None = None) -> None:
    """Add the entries of an actor file (.tsv, .csv, .yaml/.yml); problems and sources name it
    ``label`` (default: the path)."""
    try:
        if path.suffix.lower() in (".yaml", ".yml"):
            records = _yaml_records(path)
        else:
            records = _table_records(kb, path)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, csv.Error) as exc:
        kb.problems.append(f"{path}: error: cannot read ({exc}); file skipped")
        return
    entries: dict[tuple[str, str], Entry] = {}
    for where, record in records:
        where = where.replace(str(path), label) if label else where
        problem = _add_record(kb, entries, where, record)
        if problem:
            kb.problems.append(f"{where}: error: {problem}; skipped")
    for entry in entries.values():
        kb.add_entry(entry)


def _table_records(kb: KnowledgeBase, path: Path) -> list[tuple[str, dict]]:
    header, rows = read_table(path)
    missing = {"name", "code"} - set(header)
    if missing:
        kb.problems.append(f"{path}:1: error: header must name the columns name and code "
                           f"(optional: {', '.join(COLUMNS[2:])}); missing {sorted(missing)}")
        return []
    out = []
    for number, cells in rows:
        where = f"{path}:{number}"
        if len(cells) > len(header):
            out.append((where, {"_error": f"expected {len(header)} columns "
                                          f"({', '.join(header)}), found {len(cells)}"}))
            continue
        out.append((where, dict(zip(header, cells))))
    return out


class _LineLoader(yaml.SafeLoader):
    """A safe YAML loader that remembers the line of every mapping."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["_line"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def _yaml_records(path: Path) -> list[tuple[str, dict]]:
    with path.open(encoding="utf-8") as f:
        data = yaml.load(f, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    if data is None:
        return []
    if isinstance(data, dict) and isinstance(data.get("actors"), list):
        data = data["actors"]
    if not isinstance(data, list):
        return [(f"{path}:1", {"_error": "expected a list of actors (mappings with name, code)"})]
    out = []
    for item in data:
        if not isinstance(item, dict):
            out.append((f"{path}", {"_error": f"expected a mapping with name and code, got {item!r}"}))
            continue
        out.append((f"{path}:{item.pop('_line', '?')}", item))
    return out


def _add_record(kb: KnowledgeBase, entries: dict, where: str, record: dict) -> str | None:
    """Merge one row/mapping into ``entries``; return what was wrong, or None."""
    if "_error" in record:
        return record["_error"]
    name = str(record.get("name") or "").strip()
    if not name:
        return "expected a name"
    kind = str(record.get("type") or "person").strip().lower()
    if kind not in TYPES:
        return f"expected type person or org, got {kind!r}"
    gender = str(record.get("gender") or "").strip().lower() or None
    if gender not in (None, "f", "m"):
        return f"expected gender f, m or empty, got {gender!r}"
    role_specs = record.get("roles")
    if role_specs is None:
        role_specs = [record]
    if not isinstance(role_specs, list) or not role_specs:
        return "expected roles: a list of mappings with code, start, end, titles"
    roles = []
    for spec in role_specs:
        if not isinstance(spec, dict):
            return f"expected a role mapping, got {spec!r}"
        code = str(spec.get("code") or "").strip().upper()
        if not CODE.fullmatch(code):
            return f"expected a code of 3, 6 or 9 capital letters (like USAGOV), got {code!r}"
        try:
            start, end = day(spec.get("start") or None), day(spec.get("end") or None)
        except ValueError:
            return (f"expected dates as YYYY-MM-DD, got start={spec.get('start')!r} "
                    f"end={spec.get('end')!r}")
        if start and end and end <= start:
            return f"end {end} is not after start {start}"
        country, sector = kb.country_of(code)
        titles = tuple(t.lower() for t in split_values(spec.get("titles")))
        roles.append(Role(code, country, sector, start, end, titles, where))
    entry = entries.get((name, kind))
    if entry is None:
        entry = entries[(name, kind)] = Entry(name, kind, source=where)
    entry.roles.extend(roles)
    entry.aliases.extend(a for a in split_values(record.get("aliases")) if a not in entry.aliases)
    entry.gender = entry.gender or gender
    entry.wikidata = entry.wikidata or (str(record["wikidata"]) if record.get("wikidata") else None)
    return None

