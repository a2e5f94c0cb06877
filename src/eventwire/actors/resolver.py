"""Resolving argument noun phrases to coded actors, in time and in context.

A span is cut into the longest known phrases (KB entries, country names,
capitals, agent words); the phrase holding the span's syntactic root decides
what the span is, and the other phrases that hang on the root (compound, amod,
poss, appos, "of/from/for" phrases) give the country or describe an unknown name.
Titles ("the US president") are answered from the document's earlier mentions,
then from the KB's dated offices; pronouns from the last person mentioned.

>>> from eventwire.nlp import load
>>> resolver = ActorResolver()
>>> doc = load()("US President Donald Trump warned Venezuelan leader Nicolás Maduro.")
>>> actors = resolver.for_document(doc, dt.date(2025, 12, 1))
>>> actors.resolve(doc[0:4]).code, actors.resolve(doc[5:9]).name
('USAGOV', 'Nicolás Maduro')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from eventwire.dates import document_day
from eventwire.records import Actor

from .builtin import knowledge_base
from .coref import GROUP_WORDS, PERSON_PRONOUNS, Coref, Mention
from .kb import Entry, Item, KnowledgeBase, Role, words

# Dependents of the root that say what the phrase is; relative clauses,
# coordination and other prepositions ("close to", "in") do not.
SKIP_DEPS = frozenset({"relcl", "acl", "advcl", "conj", "cc", "punct", "prep", "dep", "parataxis"})
DESCRIBING_PREPS = frozenset({"of", "from", "for"})
INDEFINITE = frozenset({"a", "an", "another", "some", "several", "many", "other", "one"})
NAME_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE", "FAC"})
OBSERVED_ENTS = frozenset({"PERSON", "ORG"})
PLACE_ENTS = frozenset({"GPE", "NORP", "LOC"})  # entity labels of the words that may name a country
# Names of waters: a place, never an actor ("the Sea of Japan", "the South China Sea" are not JPN, CHN).
# Names of waters and landforms name no actor: "the Sea of Japan", "the Niger Delta", "the Korean Peninsula".
NATURAL_FEATURES = frozenset({"sea", "ocean", "gulf", "strait", "straits", "bay", "channel", "lake", "river", "canal",
                              "delta", "basin", "valley", "peninsula"})
# How a word modifies a head noun: a country word so hung on a noun the KB does not know codes the
# phrase ("an Israeli checkpoint", "Russia's economy"; not "allies of Russia"), and an agent word so
# hung on a post gives it its sector ("union leaders").
MODIFIERS = frozenset({"amod", "compound", "nmod", "poss"})
ELITE = "ELI"  # the sector of a person outside every office the KB dates
# Sectors of roles held outside government ("opposition leader", "senator", "presidential candidate"),
# which a person the KB dates no office for on the day may hold; and words that make a role a past one.
OUTSIDE_ROLES = frozenset({"OPP", "REB", "INS", "SEP", "PTY", "LEG"})
FORMER = frozenset({"former", "ex", "then", "late", "erstwhile"})
# English plural endings and their singulars (spaCy's noun rules), for plurals tagged as proper nouns.
PLURAL_SUFFIXES = (("s", ""), ("ses", "s"), ("ves", "f"), ("xes", "x"), ("zes", "z"), ("ches", "ch"),
                   ("shes", "sh"), ("men", "man"), ("ies", "y"))


@dataclass
class _Match:
    """A known phrase found in a span: its tokens and what it can mean."""

    tokens: list[Token]
    items: list[Item]
    fallback: bool = False  # found in the KB's fallback layer (Phoenix), not the curated files

    @property
    def ids(self) -> set[int]:
        return {t.i for t in self.tokens}

    @property
    def text(self) -> str:
        doc = self.tokens[0].doc
        return doc[self.tokens[0].i : self.tokens[-1].i + 1].text

    def first(self, *kinds: str) -> Item | None:
        return next((it for it in self.items if it.kind in kinds), None)


@dataclass
class _Clue:
    """Where a span's country (and perhaps its person) comes from."""

    country: str | None
    text: str
    entry: Entry | None = None
    role: Role | None = None
    mention: Mention | None = None
    kind: str = "country"
    dep: str = ""


class ActorResolver:
    """The built-in actor KB (plus user files in ``extra``) and the rules that apply it.

    ``problems`` lists what went wrong while loading user files (file:line: ...).

    >>> ActorResolver().lookup("the US president", "2019-05-01").name
    'Donald Trump'
    """

    def __init__(self, extra: Iterable[str | Path] = (), nlp=None) -> None:
        self.kb = knowledge_base(extra)
        self._nlp = nlp

    @property
    def problems(self) -> list[str]:
        return self.kb.problems

    def for_document(self, doc: Doc, date: dt.date | str | None = None) -> DocumentActors:
        """A per-document resolver; call its ``resolve`` on spans in document order."""
        return DocumentActors(self.kb, doc, document_day(date))

    def lookup(self, text: str, date: dt.date | str | None = None) -> Actor | None:
        """Resolve a free-standing mention such as "the Venezuelan leader" on ``date``."""
        if self._nlp is None:
            from eventwire.nlp import load

            self._nlp = load()
        doc = self._nlp(text.strip())
        if not len(doc):
            return None
        sents = list(doc.sents)
        span = sents[-1]
        while len(span) > 1 and span[-1].is_punct:
            span = span[:-1]
        return self.for_document(doc, date).resolve(span)


class DocumentActors:
    """Resolves the argument spans of one document, keeping its coreference state."""

    def __init__(self, kb: KnowledgeBase, doc: Doc, date: dt.date | None) -> None:
        self.kb = kb
        self.doc = doc
        self.date = date
        self.coref = Coref()
        self._ents = [e for e in doc.ents if e.label_ in OBSERVED_ENTS]
        self._next_ent = 0
        self._countries: set[str] | None = None  # the countries the document names (``named_countries``)

    def named_countries(self) -> set[str]:
        """The countries the document names anywhere, by name, demonym or capital ("Israel",
        "Palestinian", "Kabul"), read once.

        >>> from eventwire.nlp import load
        >>> sorted(ActorResolver().for_document(load()("Arafat met Israeli envoys in Cairo."), None).named_countries())
        ['EGY', 'ISR']
        """
        if self._countries is None:
            places = [e.text for e in self.doc.ents if e.label_ in PLACE_ENTS]
            self._countries = {item.country for text in places for item in self.kb.items(" ".join(words(text)))
                               if item.kind in ("country", "demonym", "capital") and item.country}
        return self._countries

    def resolve(self, span: Span) -> Actor | None:
        """The actor ``span`` names, or None when it names none (``boats``, ``the smuggling``)."""
        self._observe(span.start_char)
        return self._resolve(span)

    def last_people(self, before: int, count: int) -> list[Mention]:
        """Up to ``count`` distinct people mentioned last before offset ``before``, earliest first:
        whom "the two leaders" points back to."""
        return self.coref.last_people(before, count)

    # -- coreference bookkeeping -----------------------------------------------

    def _observe(self, offset: int) -> None:
        """Record the named people that end before ``offset`` (arguments or not)."""
        while self._next_ent < len(self._ents) and self._ents[self._next_ent].end_char <= offset:
            ent = self._ents[self._next_ent]
            self._next_ent += 1
            left = ent.root.left_edge.i
            np = self.doc[left : ent.end] if ent.sent.start <= left <= ent.start else ent
            if not self.coref.known(np.start_char):
                self._resolve(np)

    def _remember(self, span: Span, actor: Actor | None, name: str, country: str | None,
                  titles: Iterable[str], gender: str | None = None) -> None:
        parts = words(name)
        names = frozenset({parts[0], parts[-1]}) if parts else frozenset()
        self.coref.add(Mention(span.start_char, span.end_char, name, actor, country,
                               frozenset(titles), names, gender))

    def _from_mention(self, span: Span, m: Mention | None, why: str) -> Actor | None:
        if m is None or m.actor is None:
            return None
        a = m.actor
        actor = Actor(span.text, a.code, a.country, a.sector, a.name, span.start_char,
                      span.end_char, a.wikidata,
                      f"{why} -> '{m.name}' (char {m.start}); {a.reason}")
        self._remember(span, actor, m.name, m.country, m.titles, m.gender)
        return actor

    # -- the rules ---------------------------------------------------------------

    def _resolve(self, span: Span) -> Actor | None:
        if not len(span):
            return None
        root = span.root
        core = _core(span)
        if root.lower_ in PERSON_PRONOUNS:
            gender = PERSON_PRONOUNS[root.lower_]
            antecedent = self._subject_before(root, gender) or self.coref.last_person(
                span.start_char, gender=gender, skip=_own_subject(root)
            )
            return self._from_mention(span, antecedent, f"pronoun '{root.text}'")
        if root.lower_ in self.kb.counts or " ".join(words(root.lemma_)) in self.kb.counts:
            counted = _tied_object(root, ("of",))
            if counted is not None:
                return self._counted(span, root, counted)
        actor = self._resolve_phrase(span, root, core)
        if actor is None or actor.code == (actor.sector or ""):
            return self._tied(span, root, actor) or actor
        return actor

    def _subject_before(self, pronoun: Token, gender: str) -> Mention | None:
        """For a subject pronoun, the person of its own sentence before it who is a subject too, the
        nearest first: "When Putin met Erdogan, he urged him to ..." (he: Putin, not Erdogan), unless a
        relative clause says whose words hold it ("Obama met Netanyahu, who said he ...": Netanyahu); None
        when no earlier subject of the sentence is a person, or when the pronoun is in what was said to
        someone ("Trump told Maduro that he should resign"): then the most recent person is meant.

        >>> from eventwire.nlp import load
        >>> doc = load()("When Putin met Erdogan in Sochi, he urged him to withdraw.")
        >>> resolver = ActorResolver().for_document(doc, "2019-09-16")
        >>> [resolver.resolve(doc[i:i + 1]).name for i in (1, 3, 7, 9)]
        ['Vladimir Putin', 'Recep Tayyip Erdoğan', 'Vladimir Putin', 'Recep Tayyip Erdoğan']
        """
        if pronoun.dep_ not in ("nsubj", "nsubjpass"):
            return None
        doc = pronoun.doc
        before = self.coref.people_between(pronoun.sent.start_char, pronoun.idx, gender)
        verb = pronoun.head
        while verb.dep_ in ("ccomp", "xcomp") and verb.head.i != verb.i:
            verb = verb.head
            if any(c.dep_ in ("dobj", "dative") for c in verb.children):
                return None  # "Trump told Maduro that he should resign": the nearer one, as written
            who = next((c for c in verb.children if c.dep_ == "nsubj" and c.tag_ in ("WP", "WDT")), None)
            if who is not None and verb.dep_ == "relcl":  # "Netanyahu, who said he would ...": Netanyahu
                return next((m for m in before if m.start <= verb.head.idx < m.end), None)
        for mention in before:
            words = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if words is not None and words.root.dep_ in ("nsubj", "nsubjpass"):
                return mention
        return None

    def _resolve_phrase(self, span: Span, root: Token, core: set[int]) -> Actor | None:
        matches = self._match(span)
        root_match = next((m for m in matches if root.i in m.ids), None)
        if root_match is None and root.pos_ == "PRON":
            return None
        clue = self._clue(span, matches, core, root_match)
        if root_match is not None:
            item = root_match.first("entry")
            if item is not None:
                entry = _pick_entry(root_match.items, self.date, clue)
                if _namesake(root_match, entry, matches):  # another person of that name: no words of the name count
                    name = {root_match.tokens[0].i - 1, *root_match.ids}
                    return self._unknown_name(span, root, [m for m in matches if not m.ids & name], core, clue)
                actor = self._entry_actor(span, entry, f"matched '{root_match.text}'")
                if entry.type != "person":
                    return self._placed_group(span, actor, clue)
                return self._out_of_office(span, actor, [m for m in matches if m.ids & core and m is not root_match])
            item = root_match.first("agent")
            if item is not None:
                if item.role:
                    root_match, item = _post(root_match, item, matches, core)
                return self._agent_actor(span, root_match, item, clue, core)
            item = root_match.first("unit")
            if item is not None:
                return self._unit_actor(span, root_match, item, matches, clue, core)
            item = root_match.first("capital", "country", "demonym")
            return self._country_actor(span, root, root_match, item)
        if root.pos_ == "PROPN" or root.ent_type_ in NAME_ENTS:
            return self._unknown_name(span, root, matches, core, clue)
        if root.pos_ == "NOUN" and clue is not None and clue.kind == "country" and clue.country \
                and clue.dep in MODIFIERS and " ".join(words(root.lemma_)) not in self.kb.groups:
            return self._with_code(span, clue.country, None, None,
                                   f"'{root.text}' (no KB word) of {clue.country} ('{clue.text}')")
        return None

    def _out_of_office(self, span: Span, actor: Actor, described: list[_Match]) -> Actor:
        """A person the KB codes as an elite on the date (``ELI``: out of every office it dates, or an
        elite by default) whose phrase names a role outside government that they hold then
        (``OUTSIDE_ROLES``): "opposition leader Morgan Tsvangirai" in 2008 is ZWEOPP, not the
        former/future elite ZWEELI. A title of office is kept by those who left it and says nothing
        ("President Clinton" in 2010), nor does a former role.

        >>> from eventwire.nlp import load
        >>> doc = load()("Zimbabwe's opposition leader Morgan Tsvangirai")
        >>> ActorResolver().for_document(doc, "2008-05-01").resolve(doc[:]).code
        'ZWEOPP'
        """
        if actor.sector != ELITE or not actor.country or FORMER & set(words(span.text.replace("-", " "))):
            return actor
        sector = next((item.sector for m in described for item in m.items
                       if item.kind == "agent" and item.sector in OUTSIDE_ROLES), None)
        if sector is None:
            return actor
        actor.code, actor.sector = actor.country + sector, sector
        actor.reason += f"; an elite on the date, described as {sector}"
        return actor

    def _placed_group(self, span: Span, actor: Actor, clue: _Clue | None) -> Actor:
        """An organisation the phrase places in another country than the KB's ("Nepal's Maoist
        rebels": NPLREB, not the Indian Maoists' INDREB) takes that country with its own sector;
        a country that only backs it ("Iranian-backed Hezbollah") does not.

        >>> from eventwire.nlp import load
        >>> doc = load()("Nepal's Maoist rebels declared a truce.")
        >>> ActorResolver().for_document(doc, "2008-05-01").resolve(doc[0:4]).code
        'NPLREB'
        """
        if clue is None or clue.kind != "country" or clue.dep not in MODIFIERS or not clue.country \
                or not actor.country or not actor.sector or clue.country == actor.country:
            return actor
        return self._with_code(span, clue.country + actor.sector, None, None,  # not the KB's group
                               f"{actor.reason}; placed in {clue.country} by '{clue.text}'")

    def _counted(self, span: Span, root: Token, counted: Token) -> Actor | None:
        """"dozens of protesters", "a group of refugees": the actor of the "of" phrase."""
        other = self._resolve(self.doc[counted.left_edge.i : counted.right_edge.i + 1])
        if other is None:
            return None
        return Actor(span.text, other.code, other.country, other.sector, other.name, span.start_char,
                     span.end_char, other.wikidata, f"'{root.text}' of '{other.text}': {other.reason}")

    def _tied(self, span: Span, root: Token, actor: Actor | None) -> Actor | None:
        """People known by whom they are close to ("sources close to Maduro", "aides to the
        minister"): the tied actor's country, and its sector where the phrase's own words give
        none (``associates.tsv``)."""
        head = next((key for key in (" ".join(words(root.text)), " ".join(words(root.lemma_)))
                     if key in self.kb.groups), None)
        if head is None and actor is None:
            return None
        for tie, after in self.kb.ties.items():
            if after == "group" and head is None:
                continue
            target = _tied_object(root, tie)
            if target is None:
                continue
            other = self._resolve(self.doc[target.left_edge.i : target.right_edge.i + 1])
            if other is None or not other.country or not other.sector:
                continue
            sector = self.kb.groups[head] if head is not None else actor.sector
            own = f"its own sector {sector}" if sector else f"its sector {other.sector}"
            return self._with_code(
                span, other.country + (sector or other.sector), None, None,
                f"'{root.text}' {' '.join(tie)} '{other.text}' ({other.code}): takes its country "
                f"{other.country} and {own}")
        return None

    def _unit_actor(self, span: Span, match: _Match, unit: Item, matches: list[_Match],
                    clue: _Clue | None, core: set[int]) -> Actor | None:
        """A unit, vehicle or position ("an Israeli patrol", "a police convoy"): the country or
        organisation and agent word beside it; a lone word ("the convoy") names no one, a lone
        phrase of more words ("the army base") its sector. A person's convoy carries that person
        ("Aung San Suu Kyi's convoy", "her convoy": the person's code). A person's title used as an
        adjective is no agent: "a general strike" names no one."""
        if clue is not None and clue.kind in ("org", "person") and clue.role.code:
            return self._with_code(span, clue.role.code, clue.entry.name, clue.entry.wikidata,
                                   f"'{match.text}' of KB {clue.kind} '{clue.entry.name}' [{clue.role.source}]")
        carried = clue.mention.actor if clue is not None and clue.kind == "pronoun" else None
        if carried is not None and carried.code:
            return self._with_code(span, carried.code, carried.name, carried.wikidata,
                                   f"'{match.text}' of '{clue.text}' ({carried.name or carried.text}, {carried.code})")
        agents = [(min(abs(i - span.root.i) for i in m.ids), m, agent) for m in matches
                  if m is not match and m.ids & core and (agent := m.first("agent")) is not None
                  and not (agent.person and all(t.pos_ == "ADJ" for t in m.tokens))]
        agent = min(agents, key=lambda a: a[0]) if agents else None
        country = clue.country if clue is not None else None
        if agent is None and country is None and len(match.tokens) == 1:
            return None
        sector = agent[2].sector if agent else unit.sector
        parts = [f"'{agent[1].text}' -> {sector}" if agent else f"{sector} [{unit.source}]"]
        if country:
            parts.append(f"'{clue.text}' -> {country}")
        return self._with_code(span, (country or "") + sector, None, None,
                               f"unit '{match.text}' of " + ", ".join(parts))

    def _match(self, span: Span) -> list[_Match]:
        """Known phrases covering most of the span (then as few fallback phrases, then as few
        phrases as possible).

        Covering most words keeps "President Xi Jinping" as title + name even when
        "President Xi" is itself an alias; a curated reading of the same words beats the
        fallback layer's ("US" + "president", not Phoenix's "US President" entry); single
        words are also tried by lemma.
        """
        seq = [(w, t) for t in span for w in words(t.text)]
        n = len(seq)
        # best[i]: (words covered, -fallback phrases, -phrases, matches) for the words from i on
        best: list[tuple[int, int, int, list[_Match]]] = [(0, 0, 0, [])] * (n + 1)
        for i in range(n - 1, -1, -1):
            choice = best[i + 1]
            longest, key = 1, seq[i][0]
            while i + longest < n and self.kb.is_prefix(f"{key} {seq[i + longest][0]}"):
                key = f"{key} {seq[i + longest][0]}"
                longest += 1
            found = [(length, self._phrase(seq[i : i + length])) for length in range(longest, 0, -1)]
            found += [(length + 1, self._plural_phrase(seq[i : i + length + 1]))
                      for length in range(1, min(longest, n - i - 1) + 1)]
            for length, match in found:
                if match is None:
                    continue
                covered, fallback, phrases, rest = best[i + length]
                score = (covered + length, fallback - match.fallback, phrases - 1)
                if score > choice[:3]:
                    choice = (*score, [match, *rest])
            best[i] = choice
        return best[0][3]

    def _phrase(self, part: list[tuple[str, Token]]) -> _Match | None:
        key = " ".join(w for w, _ in part)
        items = self.kb.items(key)
        if not items and len(part) > 1:
            return None
        tokens = _unique([t for _, t in part])
        items = _fitting(items, tokens) if items else []
        if not items and len(part) == 1:
            for lemma in _lemmas(tokens[0]):
                if lemma != part[0][0]:
                    key = lemma
                    items = [it for it in self.kb.items(lemma)
                             if it.kind in ("agent", "demonym", "unit") and not it.cased]
                    if items:
                        break
        return _Match(tokens, items, key not in self.kb.index) if items else None

    def _plural_phrase(self, part: list[tuple[str, Token]]) -> _Match | None:
        """An agent phrase of two words or more whose last word is a plural ("police officers", "rebel
        leaders"): the KB lists singular forms, and a multi-word key is otherwise matched word for word.
        Not a unit: "carried out air strikes", "armored vehicles donated by Washington" name no one."""
        last = part[-1][1]
        if len(part) < 2 or part[-2][1] is last or last.lower_ != part[-1][0]:
            return None
        prefix = " ".join(w for w, _ in part[:-1])
        for lemma in _lemmas(last):
            if lemma == part[-1][0]:
                continue
            items = [it for it in self.kb.items(f"{prefix} {lemma}") if it.kind == "agent" and not it.cased]
            if items:
                return _Match(_unique([t for _, t in part]), items, f"{prefix} {lemma}" not in self.kb.index)
        return None

    def _clue(self, span: Span, matches: list[_Match], core: set[int],
              root_match: _Match | None) -> _Clue | None:
        """The country-giving phrase nearest the root (not the root's own phrase); a person
        named beside the root ("army chief Abdel Fattah al-Burhan") comes first."""
        root = span.root
        best: tuple[tuple[bool, int], _Clue] | None = None
        for m in matches:
            if m is root_match or not (m.ids & core):
                continue
            clue = None
            item = m.first("entry")
            if item is not None:
                entry = _pick_entry(m.items, self.date, None)
                role, _ = entry.role_on(self.date)
                kind = entry.type if role.sector or not role.country else "country"
                clue = _Clue(role.country, m.text, entry, role, kind=kind)
            else:
                item = m.first("capital", "country", "demonym")
                if item is not None:
                    clue = _Clue(item.country, m.text)
            if clue is not None:
                clue.dep = next((t.dep_ for t in m.tokens if t.head.i not in m.ids), "")
                named = clue.kind == "person" and clue.dep != "poss"
                rank = (not named, min(abs(t - root.i) for t in m.ids))
                if best is None or rank < best[0]:
                    best = (rank, clue)
        if best is None:
            for t in span:
                if t.i in core and t.dep_ == "poss" and t.lower_ in PERSON_PRONOUNS:
                    m = self.coref.last_person(span.start_char, gender=PERSON_PRONOUNS[t.lower_])
                    if m is not None and m.actor is not None:
                        return _Clue(m.country, t.text, mention=m, kind="pronoun")
            return None
        return best[1]

    def _entry_actor(self, span: Span, entry: Entry, why: str) -> Actor:
        role, how = entry.role_on(self.date)
        if self.date is not None and how not in ("held on date", "undated default"):
            role, how = self._earlier_role(entry, role, how)
        titles = f" ({', '.join(role.titles)})" if role.titles else ""
        actor = Actor(
            span.text, role.code, role.country, role.sector, entry.name, span.start_char,
            span.end_char, entry.wikidata,
            f"KB {entry.type} '{entry.name}' [{role.source}]: {role.code} "
            f"{role.span_text()}{titles}, {how}; {why}",
        )
        if entry.type == "person":
            current = role.titles if how in ("held on date", "latest role") else ()
            self._remember(span, actor, entry.name, role.country, current, entry.gender)
        return actor

    def _earlier_role(self, entry: Entry, role: Role, how: str) -> tuple[Role, str]:
        """The role a fallback record of ``entry`` (Phoenix) gives it on the date, where the
        curated entry has none: Netanyahu in 1998 was prime minister, not an ex-official."""
        for other in self.kb.same_actor(entry):
            earlier, found = other.role_on(self.date)
            if found == "held on date":
                return earlier, "held on date, from the fallback layer (the curated entry has no role then)"
        return role, how

    def _agent_actor(self, span: Span, match: _Match, agent: Item, clue: _Clue | None,
                     core: set[int]) -> Actor | None:
        root = span.root
        sector, title = agent.sector, agent.title
        core_words = {span.doc[i].lower_ for i in core}
        plural = root.tag_ in ("NNS", "NNPS")
        if plural and title and core_words & GROUP_WORDS:
            return self._group(span, title)
        if clue is not None and clue.kind == "org":
            holder = self.kb.incumbent(clue.role.code, title, self.date) if title else None
            if holder is not None:
                return self._entry_actor(span, holder.entry, f"{title} of {clue.entry.name} "
                                                             f"on {self.date or 'latest'}")
            return self._with_code(span, clue.role.code, clue.entry.name, clue.entry.wikidata,
                                   f"'{match.text}' of KB org '{clue.entry.name}' "
                                   f"[{clue.role.source}]")
        if clue is not None and clue.kind == "person" and clue.dep != "poss" and (
            title or clue.dep == "appos"
        ):
            return self._entry_actor(span, clue.entry, f"'{clue.text}' named by '{match.text}'")
        if clue is not None and clue.kind in ("person", "pronoun"):
            person = clue.mention.actor if clue.mention else None
            country = clue.country
            name = clue.mention.name if clue.mention else clue.entry.name
            same = (person.sector if person else clue.role.sector) == sector[:3]
            return self._with_code(
                span, (country or "") + sector, name if same else None, None,
                f"agent '{match.text}' ({sector}) of '{name}' ({country or 'no country'})",
            )
        country = clue.country if clue else None
        indefinite = bool(core_words & INDEFINITE)
        if title and not plural and not indefinite:
            m = self.coref.last_person(span.start_char, title=title, country=country)
            if m is not None:
                return self._from_mention(span, m, f"title '{title}'"
                                          + (f" of {country}" if country else ""))
            if country:
                holder = self.kb.incumbent(country, title, self.date)
                if holder is not None:
                    return self._entry_actor(
                        span, holder.entry, f"{title} of {country} on {self.date or 'latest'}"
                    )
        code = (country or "") + sector
        how = f"'{clue.text}' -> {country}" if clue else "no country in the phrase"
        actor = self._with_code(span, code, None, None, f"agent '{match.text}' ({sector}); {how}")
        if agent.person and not plural:  # "the minister": a later "she" may mean this person
            self.coref.add(Mention(span.start_char, span.end_char, span.text, actor, country,
                                   frozenset((title,)) if title and not indefinite else frozenset(),
                                   gender=agent.person if agent.person in ("m", "f") else None))
        return actor

    def _group(self, span: Span, title: str) -> Actor | None:
        people = self.coref.last_people(span.start_char, 2, title)
        if len(people) < 2:
            return None
        actors = [m.actor for m in people if m.actor]
        codes = {a.code for a in actors}
        sectors = {a.sector for a in actors}
        code = codes.pop() if len(codes) == 1 else (sectors.pop() if len(sectors) == 1 else None)
        if code is None:
            return None
        countries = {a.country for a in actors}
        return Actor(span.text, code, countries.pop() if len(countries) == 1 else None,
                     code[-3:] if len(code) > 3 else code, "; ".join(m.name for m in people),
                     span.start_char, span.end_char, None,
                     "group of the last people mentioned: " + ", ".join(
                         f"{m.name} ({m.actor.code if m.actor else '?'})" for m in people))

    def _country_actor(self, span: Span, root: Token, match: _Match, item: Item) -> Actor:
        country = item.country
        if item.kind == "capital":
            return self._with_code(span, country + "GOV", None, None,
                                   f"capital '{match.text}' as metonym for the {country} government")
        if item.kind == "demonym" and root.tag_ in ("NNS", "NNPS"):
            return self._with_code(span, country + "CVL", None, None,
                                   f"people of {country} ('{match.text}')")
        return self._with_code(span, country, self.kb.country_names.get(country), None,
                               f"country name '{match.text}' [{item.source}]")

    def _unknown_name(self, span: Span, root: Token, matches: list[_Match], core: set[int],
                      clue: _Clue | None) -> Actor | None:
        """A name the KB does not know, coded from its description ("opposition leader X"); a
        name of waters or a landform ("the Sea of Japan", "the Niger Delta") names no actor."""
        if root.lower_ in NATURAL_FEATURES:
            return None
        known = set().union(*(m.ids for m in matches)) if matches else set()
        name_tokens = [t for t in span if t.i in core and t.i not in known
                       and (t.pos_ == "PROPN" or t.ent_type_ in NAME_ENTS)
                       and (t.ent_type_ == root.ent_type_ or not root.ent_type_)]
        name_tokens = _run_around(name_tokens, root)
        name = span.doc[name_tokens[0].i : name_tokens[-1].i + 1].text
        person = root.ent_type_ == "PERSON"
        if len(name_tokens) == 1:
            word = words(root.text)
            earlier = self.coref.by_name(span.start_char, word[-1]) if word else None
            if earlier is not None:
                return self._from_mention(span, earlier, f"name '{root.text}'")
            holder = self.kb.by_surname(word[-1], self.date) if person and word else None
            country = holder.role_on(self.date)[0].country if holder is not None else None
            named = country in self.named_countries()
            if holder is not None and (named or self.kb.people_named(word[-1]) == 1) \
                    and (clue is None or clue.country in (None, country)):
                why = "of a country the article names" if named else "and the only person of that name the KB knows"
                return self._entry_actor(span, holder, f"surname '{root.text}': the one person of that name "
                                                       f"in office on the date, {why}")
        agents = [(min(abs(i - root.i) for i in m.ids), m, m.first("agent")) for m in matches
                  if m.ids & core and m.first("agent") is not None]
        agent = min(agents, key=lambda a: a[0]) if agents else None
        if clue is not None and clue.kind == "org":
            actor = self._with_code(span, clue.role.code, name, None,
                                    f"unknown name '{name}' of KB org '{clue.entry.name}'")
            if person:
                self._remember(span, actor, name, clue.country, ())
            return actor
        sector = agent[2].sector if agent else None
        country = clue.country if clue else None
        if sector is None and country is None:
            if person:
                self._remember(span, None, name, None, ())
            return None
        parts = [f"'{agent[1].text}' -> {sector}"] if agent else []
        if clue:
            parts.append(f"'{clue.text}' -> {country}")
        actor = self._with_code(span, (country or "") + (sector or ""), name, None,
                                f"unknown name '{name}' described by " + ", ".join(parts))
        if person or agent is not None:
            titles = (agent[2].title,) if agent and agent[2].title else ()
            self._remember(span, actor, name, country, titles)
        return actor

    def _with_code(self, span: Span, code: str, name: str | None, wikidata: str | None,
                   reason: str) -> Actor:
        country, sector = self.kb.country_of(code)
        return Actor(span.text, code, country, sector, name, span.start_char, span.end_char,
                     wikidata, reason)


def _core(span: Span) -> set[int]:
    """Indices of the tokens that hang on the root by describing relations."""
    keep: set[int] = set()
    stack = [span.root]
    while stack:
        t = stack.pop()
        keep.add(t.i)
        for c in t.children:
            if not span.start <= c.i < span.end:
                continue
            if c.dep_ in SKIP_DEPS and not (c.dep_ == "prep" and c.lower_ in DESCRIBING_PREPS):
                continue
            stack.append(c)
    return keep


def _tied_object(root: Token, tie: tuple[str, ...]) -> Token | None:
    """The object of ``tie`` on ``root``: "Maduro" for ("close", "to") in "sources close to
    Maduro", for ("to",) in "aides to Maduro". The tie may lie outside the span resolved, as
    noun phrases stop before "close to" (``syntax.phrase``)."""
    *word, prep = tie
    heads = [root] if not word else [c for c in root.children if c.lower_ == word[0]]
    for head in heads:
        for p in head.children:
            if p.dep_ == "prep" and p.lower_ == prep:
                obj = next((c for c in p.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    return obj
    return None


def _own_subject(pronoun: Token) -> tuple[int, int] | None:
    """Character range of the subject of an object pronoun's clause: "Trump praised him"
    cannot mean Trump, nor "Witkoff, who praised him" Witkoff (the head noun a relative
    pronoun stands for); reflexives, "himself", are left to mean it."""
    if pronoun.dep_ not in ("dobj", "iobj", "dative", "pobj") or pronoun.lower_.endswith("self"):
        return None
    verb = pronoun.head.head if pronoun.dep_ == "pobj" else pronoun.head
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            if child.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":  # "X, who praised him": X
                head = verb.head
                return head.left_edge.idx, head.idx + len(head)
            return child.left_edge.idx, child.right_edge.idx + len(child.right_edge)
    return None


def _run_around(tokens: list[Token], root: Token) -> list[Token]:
    """The contiguous run of ``tokens`` (by index) that contains ``root``, or [root]."""
    ids = {t.i for t in tokens} | {root.i}
    lo = hi = root.i
    while lo - 1 in ids:
        lo -= 1
    while hi + 1 in ids:
        hi += 1
    return [root.doc[i] for i in range(lo, hi + 1)]


def _lemmas(token: Token) -> list[str]:
    """The base forms a word is tried by: spaCy's lemma, and for a plural spaCy took for a proper noun
    (sentence-initial "Rebels shelled ...", whose lemma stays "Rebels") the singulars English noun
    suffixes give ("rebel", "gunman"); only agent, demonym and unit words of the KB take them.

    >>> from eventwire.nlp import load
    >>> _lemmas(load()("Rebels shelled the town.")[0])
    ['rebels', 'rebel']
    """
    lemma = " ".join(words(token.lemma_))
    if token.pos_ != "PROPN" or lemma != token.lower_:
        return [lemma]
    return [lemma, *(lemma[: -len(plural)] + single for plural, single in PLURAL_SUFFIXES
                     if lemma.endswith(plural))]


def _namesake(match: _Match, entry: Entry, matches: list[_Match]) -> bool:
    """Whether the person ``entry`` that ``match`` names by one word (a surname: "Biden") is another
    person of that name: a capitalised name comes right before it that is none of the entry's names
    and either belongs to the same person in the parse or is no word the KB knows ("Hunter Biden",
    "Abdiaziz Barrow"; not "Joe Biden", "Mr. Biden", "President Biden": a title is neither).

    >>> from eventwire.nlp import load
    >>> doc = load()("Hunter Biden met Joe Biden.")
    >>> biden = Entry("Joe Biden", aliases=["Biden", "Joseph Biden"])
    >>> _namesake(_Match([doc[1]], []), biden, []), _namesake(_Match([doc[4]], []), biden, [])
    (True, False)
    """
    first = match.tokens[0]
    before = first.doc[first.i - 1] if first.i > 0 else None
    if entry.type != "person" or len(match.tokens) != 1 or before is None:
        return False
    names = {w for text in (entry.name, *entry.aliases) for w in words(text)}
    if before.pos_ != "PROPN" or not before.is_alpha or not before.is_title or words(before.text)[0] in names:
        return False
    return before.ent_type_ == "PERSON" or not any(before.i in m.ids for m in matches)  # a title is neither


def _post(match: _Match, role: Item, matches: list[_Match], core: set[int]) -> tuple[_Match, Item]:
    """A post ("leader", "official", "spokesman") held in the body an agent word beside it, or in
    its "of"/"for" phrase, names: that word's sector, and no office to look up ("union leaders" -> LAB,
    "a spokesman for the police" -> COP, "the Venezuelan union leader" is not Venezuela's leader).
    The phrase and item as they are where no agent word names the body.

    >>> resolver = ActorResolver()
    >>> [resolver.lookup(text).code for text in ("union leaders", "a police official", "the union leader",
    ...                                          "the leader of the opposition", "a spokesman for the rebels")]
    ['LAB', 'COP', 'LAB', 'OPP', 'REB']
    """
    root = match.tokens[-1]
    for other in matches:
        agent = other.first("agent")
        if other is match or agent is None or not other.ids & core or (agent.sector == role.sector and not role.title):
            continue  # no agent word, or one that changes nothing ("government officials")
        if any(t.head.i == root.i and t.dep_ in MODIFIERS or _body_of(t, root) for t in other.tokens):
            tokens = sorted({*other.tokens, *match.tokens}, key=lambda t: t.i)
            return _Match(tokens, [role]), Item("agent", sector=agent.sector, source=f"{agent.source}, {role.source}",
                                              person=role.person)
    return match, role


def _body_of(token: Token, post: Token) -> bool:
    """Whether ``token`` heads the "of"/"for" phrase of ``post``: "rebels" in "a spokesman for the rebels"."""
    prep = token.head
    return token.dep_ == "pobj" and prep.dep_ == "prep" and prep.lower_ in ("of", "for") and prep.head.i == post.i


def _fitting(items: list[Item], tokens: list[Token]) -> list[Item]:
    """The items whose case fits the text: names need a capital ("Moon", not "the moon") unless the
    curated KB writes the alias in lower case ("contras"), short capitalised aliases need capitals
    throughout ("US", not "us")."""
    upper = all(t.text.replace(".", "").replace("-", "").isupper() for t in tokens)
    capital = any(c.isupper() for t in tokens for c in t.text)
    return [it for it in items
            if (upper or not it.cased) and (capital or it.lowercase or it.kind in ("agent", "unit"))]


def _unique(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for t in tokens:
        if not out or out[-1] is not t:
            out.append(t)
    return out


def _pick_entry(items: list[Item], date: dt.date | None, clue: _Clue | None) -> Entry:
    """Among entries sharing a name: one in office on ``date``, of the clue's country, loaded last."""
    entries = [it.entry for it in items if it.kind == "entry"]
    if len(entries) == 1:
        return entries[0]

    def score(pair: tuple[int, Entry]) -> tuple[bool, bool, int]:
        order, entry = pair
        role, how = entry.role_on(date)
        return (how == "held on date", bool(clue and role.country == clue.country), order)

    return max(enumerate(entries), key=score)[1]
