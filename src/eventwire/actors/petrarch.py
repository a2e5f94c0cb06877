"""Importing PETRARCH/TABARI/Phoenix dictionaries (``*.actors.txt``, ``*agents.txt``).

Actor files hold blocks: a name line (``BARACK_OBAMA``), ``+ALIAS`` lines and
code lines with optional dates (``[USAGOV >090120]``, ``[VENGOV 990202-020412]``,
``[USAELI]`` as the undated default); codes may also follow the name on its line.
Agent files map a phrase to a sector to combine with a country
(``POLICE {} [~COP]``), with ``!PERSON! = MAN, WOMAN`` substitution sets.
Dates are ``YYMMDD`` (years up to 30 read as 20xx) or ``YYYYMMDD``; ``>d`` means
from d, ``<d`` until d. ``[---]`` is the null code: a name that codes to nothing
(``INDIAN_OCEAN [---]``), or no code outside the block's dated roles.
Problems go to ``kb.problems`` as ``file:line: ...``.

>>> from eventwire.actors.kb import KnowledgeBase
>>> _span("[USAGOV >090120]".strip("[]").split()[1])
(datetime.date(2009, 1, 20), None)
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ..dates import compact_day
from .kb import Entry, Item, KnowledgeBase, Role, is_cased

CODE_BLOCK = re.compile(r"\[([^\]]*)\]")
ROLE = re.compile(r"^~?([A-Z][A-Z0-9]{2,})~?(?:\s+(.*))?$")
RANGE = re.compile(r"^(\d{6}|\d{8})?\s*-\s*(\d{6}|\d{8})?$")
SUBSTITUTION = re.compile(r"^(![A-Z]+!)\s*=\s*(.+)$")
PLURALS = re.compile(r"\{([^}]*)\}")
NULL_CODE = "---"


def _span(text: str) -> tuple[dt.date | None, dt.date | None]:
    text = text.strip()
    if not text:
        return None, None
    if text[0] == ">":
        return compact_day(text[1:].strip()), None
    if text[0] == "<":
        return None, compact_day(text[1:].strip())
    m = RANGE.match(text)
    if not m:
        raise ValueError(text)
    return (compact_day(m[1]) if m[1] else None), (compact_day(m[2]) if m[2] else None)


def _name(raw: str) -> str:
    """``BARACK_OBAMA_`` → ``Barack Obama`` (underscores are spaces; PETRARCH's stop mark dropped)."""
    return " ".join(raw.replace("_", " ").split()).title()


def load(kb: KnowledgeBase, path: Path) -> None:
    """Import a Phoenix actors or agents file into ``kb`` (chosen by the file name)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        kb.problems.append(f"{path}: error: cannot read ({exc}); file skipped")
        return
    lines = text.splitlines()
    if "agent" in path.name.lower():
        _load_agents(kb, path, lines)
    else:
        _load_actors(kb, path, lines)


def _roles(kb: KnowledgeBase, where: str, text: str) -> tuple[list[Role], list[str]]:
    roles, problems = [], []
    for block in CODE_BLOCK.findall(text):
        if block.strip() == NULL_CODE:
            continue
        m = ROLE.match(block.strip())
        if not m:
            problems.append(f"{where}: error: expected [CODE] or [CODE dates], got [{block}]")
            continue
        code = m[1]
        try:
            start, end = _span(m[2] or "")
        except ValueError:
            problems.append(f"{where}: error: expected dates as >YYMMDD, <YYMMDD or "
                            f"YYMMDD-YYMMDD in [{block}]; role skipped")
            continue
        country, sector = kb.country_of(code)
        roles.append(Role(code, country, sector, start, end, (), where))
    return roles, problems


def _load_actors(kb: KnowledgeBase, path: Path, lines: list[str]) -> None:
    entry: Entry | None = None
    pending: list[str] = []  # names seen before their block's codes
    null = False  # the block has the null code: its names code to nothing

    def close() -> None:
        nonlocal entry
        if entry is not None and entry.roles:
            entry.type = "person" if any(r.dated for r in entry.roles) else "org"
            kb.add_entry(entry)
            pending.clear()
        elif entry is not None and not null:
            pending.extend([entry.name, *entry.aliases])
        entry = None

    for number, raw in enumerate(lines, 1):
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        where = f"{path}:{number}"
        head = line.split("[", 1)[0].strip()
        roles, problems = _roles(kb, where, line)
        kb.problems.extend(problems)
        if not head:
            if entry is None:
                kb.problems.append(f"{where}: error: code line outside an actor block; skipped")
                continue
            entry.roles.extend(roles)
        elif head.startswith("+"):
            if entry is None:
                kb.problems.append(f"{where}: error: alias '+...' outside an actor block; skipped")
                continue
            entry.aliases.append(_name(head[1:]))
            entry.roles.extend(roles)
        else:
            close()
            null = False
            entry = Entry(_name(head), source=where)
            entry.aliases.extend(pending)
            pending.clear()
            entry.roles.extend(roles)
        null = null or f"[{NULL_CODE}]" in line.replace(" ", "")
    close()


def _load_agents(kb: KnowledgeBase, path: Path, lines: list[str]) -> None:
    sets: dict[str, list[str]] = {}
    for number, raw in enumerate(lines, 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        where = f"{path.name}:{number}"
        sub = SUBSTITUTION.match(line)
        if sub:
            sets[sub[1]] = [w.strip() for w in sub[2].split(",") if w.strip()]
            continue
        codes = CODE_BLOCK.findall(line)
        if not codes:
            kb.problems.append(f"{where}: warning: agent '{line}' has no [~CODE]; skipped")
            continue
        m = ROLE.match(codes[0].strip())
        if not m:
            kb.problems.append(f"{where}: error: expected [~CODE], got [{codes[0]}]; skipped")
            continue
        phrase = line.split("[", 1)[0]
        plurals = PLURALS.search(phrase)
        forms = [PLURALS.sub("", phrase)]
        if plurals:
            forms += plurals[1].split()
        for form in forms:
            for text in _expand(form.strip(), sets):
                kb.add_key(text.replace("_", " "),
                           Item("agent", sector=m[1], cased=is_cased(text), source=where))


def _expand(phrase: str, sets: dict[str, list[str]]) -> list[str]:
    """Phrases with every ``!SET!`` replaced by each of its words."""
    for key, values in sets.items():
        if key in phrase:
            return [p for v in values for p in _expand(phrase.replace(key, v), sets)]
    return [phrase]
