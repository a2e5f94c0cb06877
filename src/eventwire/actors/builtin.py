"""The built-in actor KB, read from the TSV files shipped in ``eventwire/actors/data``, with user
files on top: :func:`knowledge_base` is how the resolver gets its KB.

``countries.tsv`` (ISO codes and names) and ``country_names.tsv`` (variants, demonyms,
capitals) give the countries, ``agents.tsv`` the agent words, ``organizations.tsv`` and
``people.tsv`` the named actors (in the user-file format of :mod:`~eventwire.actors.userfile`).

>>> import datetime as dt
>>> kb = knowledge_base()
>>> kb.incumbent("USA", "president", dt.date(2019, 5, 1)).entry.name, kb.problems
('Donald Trump', [])
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .kb import Item, KnowledgeBase, is_cased
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
    """The KB shipped in ``eventwire/actors/data``."""
    kb = KnowledgeBase()
    load_countries(kb, DATA / "countries.tsv", DATA / "country_names.tsv")
    load_agents(kb, DATA / "agents.tsv")
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
    """Agent words: ``phrase<TAB>sector<TAB>title`` (title: the office it names, if any)."""
    header, rows = read_table(path)
    for number, cells in rows:
        row = dict(zip(header, cells))
        phrase, sector = row.get("phrase", ""), row.get("sector", "")
        if not phrase or not CODE.fullmatch(sector):
            kb.problems.append(f"{path.name}:{number}: error: expected phrase, sector code, "
                               f"optional title; got {cells!r}")
            continue
        kb.add_key(phrase, Item("agent", sector=sector, title=row.get("title") or None,
                                cased=is_cased(phrase), source=f"{path.name}:{number}"))
