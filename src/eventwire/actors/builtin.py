"""The built-in actor KB, read from the TSV files shipped in ``eventwire/actors/data``, with user
files on top and the Phoenix dictionaries underneath: :func:`knowledge_base` is how the resolver
gets its KB.

``countries.tsv`` (ISO codes and names) and ``country_names.tsv`` (variants, demonyms,
capitals) give the countries, ``agents.tsv`` the agent words, ``organizations.tsv`` and
``people.tsv`` the named actors (in the user-file format of :mod:`~eventwire.actors.userfile`),
``units.tsv`` the words for an armed actor's units and positions ("patrol", "convoy") and
``associates.tsv`` the words for people known by whom they are close to ("sources close to").
``phoenix.tsv.gz`` (built by ``scripts/build_phoenix_layer.py``; MIT, see ``phoenix.LICENSE``)
holds some 26,000 people and organisations with dated codes back to the 1990s and 3,000 agent
phrases: the fallback layer, asked only for names the curated files do not know, loaded once
per process on the first such name.

>>> import datetime as dt
>>> kb = knowledge_base()
>>> kb.incumbent("USA", "president", dt.date(2019, 5, 1)).entry.name, kb.problems
('Donald Trump', [])
>>> [it.entry.role_on(dt.date(2008, 6, 1))[0].code for it in kb.items("hamid karzai")]
['AFGGOV']
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
from collections.abc import Iterable
from pathlib import Path

from .kb import Entry, Item, KnowledgeBase, Role, is_cased, words
from .userfile import CODE, load_actor_file, load_user_file, read_table, split_values

DATA = Path(__file__).resolve().parent / "data"
ACTOR_FILES = ("organizations.tsv", "people.tsv")


def knowledge_base(extra: Iterable[str | Path] = ()) -> KnowledgeBase:
    """The built-in KB with the user files ``extra`` loaded on top, in order (a later file is
    preferred); what is wrong in them is listed in ``kb.problems``."""
    kb = builtin_kb()
    for path in extra:
        load_user_file(kb, path)
    return kb


def builtin_kb() -> KnowledgeBase:
    """The KB shipped in ``eventwire/actors/data``, with the Phoenix layer as its fallback."""
    kb = KnowledgeBase(fallback=phoenix_kb)
    load_countries(kb, DATA / "countries.tsv", DATA / "country_names.tsv")
    load_agents(kb, DATA / "agents.tsv")
    load_units(kb, DATA / "units.tsv")
    load_associates(kb, DATA / "associates.tsv")
    for name in ACTOR_FILES:
        load_actor_file(kb, DATA / name, label=name)
    return kb


def load_countries(kb: KnowledgeBase, codes_path: Path, names_path: Path) -> None:
    """ISO codes and names (generated) plus hand-written variants, demonyms and capitals."""
    header, rows = read_table(codes_path)
    for _, cells in rows:
        row = dict(zip(header, cells))
        code = row["code"]
        kb.country_codes.add(code)
        for name in split_values(row.get("names")):
            kb.country_names.setdefault(code, name)
            kb.add_key(name, Item("country", country=code, source=codes_path.name))
    header, rows = read_table(names_path)
    for number, cells in rows:
        row = dict(zip(header, cells))
        code, kind = row.get("code", ""), row.get("kind", "")
        where = f"{names_path.name}:{number}"
        if code not in kb.country_codes or kind not in ("name", "demonym", "capital"):
            kb.problems.append(f"{where}: error: expected an ISO alpha-3 code and a kind "
                               f"(name, demonym, capital), got {code!r} {kind!r}")
            continue
        for name in split_values(row.get("names")):
            if kind == "name" and code not in kb.country_names:
                kb.country_names[code] = name
            kb.add_key(name, Item(kind if kind != "name" else "country", country=code,
                                  sector="GOV" if kind == "capital" else None,
                                  cased=is_cased(name), source=where))


def load_agents(kb: KnowledgeBase, path: Path) -> None:
    """Agent words: ``phrase<TAB>sector<TAB>title<TAB>person<TAB>role`` (title: the office it names,
    if any; person: yes, m or f when the phrase names one person; role: yes for a post whose sector
    is that of another agent word beside it, "union leaders" -> LAB)."""
    header, rows = read_table(path)
    for number, cells in rows:
        row = dict(zip(header, cells))
        phrase, sector = row.get("phrase", ""), row.get("sector", "")
        if not phrase or not CODE.fullmatch(sector):
            kb.problems.append(f"{path.name}:{number}: error: expected phrase, sector code, "
                               f"optional title; got {cells!r}")
            continue
        kb.add_key(phrase, Item("agent", sector=sector, title=row.get("title") or None,
                                cased=is_cased(phrase), source=f"{path.name}:{number}",
                                person=row.get("person") or None, role=row.get("role") == "yes"))


def load_units(kb: KnowledgeBase, path: Path) -> None:
    """Unit words: ``phrase<TAB>sector``, the sector a unit takes when no agent word gives one."""
    header, rows = read_table(path)
    for number, cells in rows:
        row = dict(zip(header, cells))
        phrase, sector = row.get("phrase", ""), row.get("sector", "")
        if not phrase or not CODE.fullmatch(sector):
            kb.problems.append(f"{path.name}:{number}: error: expected phrase and sector code; got {cells!r}")
            continue
        kb.add_key(phrase, Item("unit", sector=sector, source=f"{path.name}:{number}"))


def load_associates(kb: KnowledgeBase, path: Path) -> None:
    """``phrase<TAB>kind<TAB>sector<TAB>after``: group words (``sources``) with their own sector or
    none, ties (``close to``) with the heads they may follow (``any`` or ``group``), and count
    words (``dozens``) that stand for their "of" phrase."""
    header, rows = read_table(path)
    for number, cells in rows:
        row = dict(zip(header, cells))
        key, kind = words(row.get("phrase", "")), row.get("kind", "")
        sector, after = row.get("sector") or "", row.get("after") or ""
        if key and kind == "group" and (not sector or CODE.fullmatch(sector)):
            kb.groups[" ".join(key)] = sector
        elif key and kind == "tie" and len(key) <= 2 and after in ("any", "group"):
            kb.ties[key] = after
        elif key and kind == "count":
            kb.counts.add(" ".join(key))
        else:
            kb.problems.append(f"{path.name}:{number}: error: expected a group word (optional sector), "
                               f"a tie of one or two words followed by any|group, or a count word; got {cells!r}")


@functools.cache
def phoenix_kb() -> KnowledgeBase:
    """The Phoenix layer, ``phoenix.tsv.gz``, less the people and organisations the curated files
    already hold: those keep their curated codes, and their Phoenix roles only fill dates the
    curated entry has no role for (``kb.same_actor``: Netanyahu's first term, 1996-1999)."""
    curated = builtin_kb()
    kb = KnowledgeBase()
    kb.country_codes = curated.country_codes
    load_phoenix(kb, DATA / "phoenix.tsv.gz", curated)
    return kb


def load_phoenix(kb: KnowledgeBase, path: Path, curated: KnowledgeBase | None = None) -> None:
    """Rows ``kind  name  keys  type  codes  source``: an ``entry`` with its ';'-separated
    look-up keys (normalised by :func:`~eventwire.actors.kb.words`; a key in capitals must match
    in capitals, as "ANC") and codes (``GBRGOV 2007-06-27..2010-07-11``, end exclusive, ``..``
    undated), or an ``agent`` phrase's key with its sector code. An entry that has a key of the
    ``curated`` KB is not indexed; when that key is a full name (two words or more) it is kept
    as an earlier record of the curated entry (``kb.earlier``)."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        lines = [line.rstrip("\n").split("\t") for line in f if not line.startswith("#")]
    dates: dict[str, dt.date | None] = {"": None}
    for kind, name, keys, type_, codes, source in lines[1:]:
        if kind == "agent":
            kb.add_normalised(keys.lower(), Item("agent", sector=codes, cased=not keys.islower(), source=source))
            continue
        written = keys.split(";")
        keys = [key.lower() for key in written]
        known = [] if curated is None else [(key, it.entry) for key in keys for it in curated.index.get(key, ())
                                            if it.kind == "entry"]
        roles = []
        for code_span in codes.split(";"):
            code, span = code_span.split(" ")
            start, end = span.split("..")
            for day in (start, end):
                if day not in dates:
                    dates[day] = dt.date.fromisoformat(day)
            country, sector = kb.country_of(code)
            roles.append(Role(code, country, sector, dates[start], dates[end], (), source))
        entry = Entry(name, type_, roles, source=source)
        if known:
            for name in {same.name for key, same in known if " " in key}:
                kb.earlier.setdefault(name, []).append(entry)
            continue
        for key, text in zip(keys, written):
            kb.add_normalised(key, Item("entry", entry=entry, cased=not text.islower(), source=source))
        kb.entries.append(entry)
        kb.add_surname(entry)
