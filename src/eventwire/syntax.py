"""Reading arguments off a spaCy dependency parse.

Small functions over tokens: who is the subject of a verb (through passives,
coordination, open complements and relative clauses), what are its objects,
which span of text is the noun phrase of an argument, which quotation a word
stands in. Shared by events, actors and attributes, which do not import each other.

>>> from eventwire.nlp import load
>>> doc = load()("Maduro was accused by Trump of smuggling.")
>>> subject(doc[2]).text, patient(doc[2]).text
('Trump', 'Maduro')
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy loads only when coding
    from spacy.tokens import Span, Token

SUBJECTS = ("nsubj", "csubj")
PASSIVE_SUBJECTS = ("nsubjpass", "csubjpass")
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
FIRST_PERSON = {"i", "we", "me", "us", "my", "our"}
WHEN = frozenset({"DATE", "TIME"})  # entity labels of a phrase that says when, not who or where
# Pronouns for a state or an organisation: "Iran denied that it had...", "the rebels said they..."
GROUP_PRONOUNS = {"it", "they"}
# Dependents kept in an argument's noun phrase.
PHRASE_DEPS = {"det", "predet", "amod", "compound", "poss", "nummod", "nmod", "case",
               "flat", "quantmod", "advmod", "npadvmod", "punct"}
# Prepositions whose object says whose the phrase is: "the leader of ISIS".
OWNING_PREPS = {"of", "from"}
# Participles that say what a person is charged with: "a man convicted of spying for Israel".
CHARGING = {"convict", "accuse", "suspect", "charge", "sentence", "indict", "find", "want", "allege", "arrest",
            "detain", "jail", "imprison"}
# Nouns whose "for" phrase says whose they are: "a spokesman for the rebels".
SPEAKING_FOR = {"spokesman", "spokeswoman", "spokesperson"}
# Nouns of will whose "to" clause is their holder's own act: "Russia expressed readiness to mediate".
WILL_NOUNS = {"readiness", "willingness", "intention", "intent", "determination", "desire", "commitment",
              "decision", "plan", "resolve", "eagerness"}
# Nouns of written or spoken words whose participle clause is their author's act: "Kenya issued a
# statement condemning the attack".
WORDS_NOUNS = {"statement", "communique", "communiqué", "declaration", "letter", "message", "resolution", "note",
               "post", "tweet", "video", "speech", "editorial"}


def is_passive(verb: Token) -> bool:
    """True for a passive clause ("was accused") and a past participle on the noun it was done to
    ("30 militants killed in Swat", "missiles fired by Israel")."""
    return any(c.dep_ in PASSIVE_SUBJECTS or c.dep_ == "auxpass" for c in verb.children) or _reduced_passive(verb)


def _reduced_passive(verb: Token) -> bool:
    """A past participle on the noun (or "those") it was done to ("a soldier killed in Afghanistan", the
    headline "Five soldiers killed in ambush", "the families of those killed"); not a verb with an
    object or a subject of its own, nor one on the root noun of a sentence that ends like prose: the parser's
    misreading of a plain past tense ("Islamic State militants held 20,000 civilians as human shields.")."""
    if verb.dep_ != "acl" or verb.tag_ != "VBN" or verb.head.pos_ not in ("NOUN", "PROPN", "PRON", "DET"):
        return False
    if any(c.dep_ in ("dobj", "dative", "prt", "nsubj", "aux") for c in verb.children):
        return False  # an object, or a clause of its own: "the announcement that Ukraine had agreed to ..."
    noun = verb.head
    return noun.dep_ != "ROOT" or not noun.sent.text.rstrip(" \"'\u201d\u2019").endswith((".", "!", "?"))


def agent(verb: Token) -> Token | None:
    """The object of a passive's "by" phrase, also where the parser hangs it on the noun the verb
    names its subject as ("Hamas was designated a terrorist group by the EU", "... as a terrorist
    group by the EU": the EU), and who acted "at the hands of" ("were killed at the hands of police").

    >>> from eventwire.nlp import load
    >>> agent(load()("The group was designated a terrorist organization by Washington.")[3]).text
    'Washington'
    """
    for c in verb.children:
        if c.dep_ == "agent":
            for grandchild in c.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    hands = _at_the_hands(verb)
    if hands is not None:
        return hands
    if not any(c.dep_ in PASSIVE_SUBJECTS or c.dep_ == "auxpass" for c in verb.children):
        return None
    for c in verb.children:
        if c.dep_ in ("dobj", "oprd"):
            named = c
        elif c.dep_ == "prep" and c.lower_ == "as":
            named = child(c, "pobj")
        else:
            continue
        found = prep_object(named, "by") if named is not None else None
        if found is not None:
            return found
    return None


def subject(verb: Token) -> Token | None:
    """The semantic subject (doer) of ``verb``, inherited where English leaves it implicit."""
    if is_passive(verb):
        return agent(verb)
    if (hands := _at_the_hands(verb)) is not None:  # "civilians died at the hands of the militia"
        return hands
    for c in verb.children:
        if c.dep_ in SUBJECTS:
            if c.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return verb.head
            return c
    if verb.dep_ in ("xcomp", "conj", "advcl") and verb.head.i != verb.i:
        head = verb.head
        if verb.dep_ == "xcomp" and any(c.dep_ == "dobj" for c in head.children) \
                and head.lemma_ in {"urge", "ask", "order", "tell", "force", "call", "press", "invite"}:
            return None
        if head.pos_ in ("VERB", "AUX"):
            return subject(head)
        if head.pos_ == "ADJ" and head.dep_ == "acomp":  # "Pakistan is willing to withdraw": Pakistan
            return subject(head.head)
    if verb.dep_ == "acl" and verb.head.lemma_.lower() in WILL_NOUNS and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return _holder(verb.head)
    if says_in_words(verb):
        return _holder(verb.head)  # "issued a statement condemning the attack": who issued it
    if verb.dep_ in ("acl", "relcl"):
        return verb.head
    if verb.dep_ == "pcomp" and verb.head.lower_ == "of":
        owner = verb.head.head
        if owner.pos_ in ("VERB", "AUX"):
            return child(owner, "dobj")
        return owner
    return None


def says_in_words(verb: Token) -> bool:
    """Whether ``verb`` is what a noun of written or spoken words (``WORDS_NOUNS``) says its author
    does, a participle on it: "a statement *condemning* the attack"."""
    return verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.lemma_.lower() in WORDS_NOUNS


def _holder(noun: Token) -> Token | None:
    """Whose will or words a noun of ``WILL_NOUNS`` or ``WORDS_NOUNS`` is: its owner ("Russia's
    readiness", "the U.S. plan"), else the subject of the verb that takes it, also for a pronoun owner
    ("Russia expressed (its) readiness to mediate": Russia; "Kenya issued a statement condemning ...").

    >>> from eventwire.nlp import load
    >>> subject(load()("Russia expressed its readiness to mediate between the two sides.")[5]).text
    'Russia'
    """
    holder = owner(noun)
    if (holder is None or holder.pos_ == "PRON") and noun.dep_ == "dobj":
        holder = subject(noun.head) or holder
    return holder


def _at_the_hands(verb: Token) -> Token | None:
    """Who did it where ``verb`` was suffered "at the hands of" someone ("were killed at the hands of
    security forces", "died at the hands of the militia")."""
    hands = prep_object(verb, "at")
    return prep_object(hands, "of") if hands is not None and hands.lower_ == "hands" else None


def patient(verb: Token) -> Token | None:
    """The undergoer of a passive verb (its grammatical subject, or the noun its participle
    hangs on: "30 militants killed"), else None."""
    for c in verb.children:
        if c.dep_ in PASSIVE_SUBJECTS:
            return c
    if _reduced_passive(verb):
        return verb.head
    return None


def child(token: Token, dep: str) -> Token | None:
    """First child of ``token`` with dependency ``dep``."""
    for c in token.children:
        if c.dep_ == dep:
            return c
    return None


def prep_object(token: Token, preposition: str) -> Token | None:
    """The object of ``token``'s prepositional dependent ``preposition`` ("talks *with* X"), not one
    that says when ("imposed sanctions on Monday on Ukraine": Ukraine).

    >>> from eventwire.nlp import load
    >>> prep_object(load()("Russia imposed sanctions on Monday on Ukraine.")[1], "on").text
    'Ukraine'
    """
    for c in token.children:
        if c.dep_ in ("prep", "agent") and c.lower_ == preposition and not says_when(c):
            return child(c, "pobj") or child(c, "pcomp")
    return None


def says_when(prep: Token) -> bool:
    """Whether the prepositional phrase ``prep`` says when ("on Wednesday", "in March"): no argument,
    and no preposition a pattern asks for ("called on Wednesday ..." is no "call on").

    >>> from eventwire.nlp import load
    >>> doc = load()("On Wednesday, Macron called on China to act.")
    >>> says_when(doc[0]), says_when(doc[5])
    (True, False)

    A time entity the tagger runs across another phrase says no time: "at [Kyiv overnight]".

    >>> doc = load()("Russia launched 40 missiles at Kyiv overnight.")
    >>> says_when(doc[4])
    False
    """
    inner = child(prep, "pobj")
    if inner is None or inner.ent_type_ not in WHEN:
        return False
    entity = next(e for e in inner.sent.ents if e.start <= inner.i < e.end)
    return inner.left_edge.i <= entity.start and entity.end <= inner.right_edge.i + 1  # not "at [Kyiv overnight]"


def owner(noun: Token) -> Token | None:
    """Whose thing ``noun`` is: "Argentina's proposal", "a proposal by Argentina",
    "missiles fired by Israel", "the U.S. proposal"."""
    found = child(noun, "poss") or prep_object(noun, "by")
    for c in noun.children:
        if found is None and c.dep_ == "acl":  # "the missiles fired by the Israeli military"
            found = agent(c)
    if found is None:
        found = next((c for c in noun.children if c.dep_ == "compound" and c.pos_ == "PROPN"), None)
    return found


def slot(token: Token, name: str) -> Token | None:
    """Fill an argument slot named as in the lexicon: ``dobj``, ``dative``, ``prep:with``, ``ccomp:nsubj``
    (the subject of the clause ``token`` takes: "alleged that the group had ..."), ``dobj:prep:with``
    (a slot of the direct object: "restored ties with Islamabad").

    >>> from eventwire.nlp import load
    >>> slot(load()("Kabul restored ties with Islamabad.")[1], "dobj:prep:with").text
    'Islamabad'
    """
    if name.startswith("dobj:"):
        held = slot(token, "dobj")
        return None if held is None else slot(held, name[5:])
    if name.startswith("prep:"):
        return prep_object(token, name[5:])
    if name.startswith("ccomp:"):
        clause = child(token, "ccomp")
        return None if clause is None else child(clause, name[6:])
    if name == "dobj" and is_passive(token):
        return patient(token)
    return child(token, name)


def content_lemmas(token: Token) -> list[str]:
    """Lemmas naming what a noun phrase is about: its head, modifiers and "of" object.

    "a fresh round of talks" gives ["round", "talk", "fresh"].
    """
    lemmas = [token.lemma_.lower()]
    modifiers = []
    for c in token.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            inner = child(c, "pobj")
            if inner is not None:
                lemmas.append(inner.lemma_.lower())
        elif c.dep_ in ("compound", "amod"):
            modifiers.append(c.lemma_.lower())
    return lemmas + modifiers


def object_lemmas(verb: Token, preposition: str | None = None) -> set[str]:
    """Lemmas of the direct object (and of the objects of prepositions) of ``verb``; a past participle
    that modifies a noun has that noun as its object ("the report released by the ministry": report).

    >>> from eventwire.nlp import load
    >>> sorted(object_lemmas(load()("The report released by the ministry was late.")[2]))
    ['report']
    """
    lemmas: set[str] = set()
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        lemmas.update(content_lemmas(verb.head))
    for c in verb.children:
        if c.dep_ in ("dobj", "attr", "oprd") or (c.dep_ == "nsubjpass"):
            lemmas.update(content_lemmas(c))
        elif c.dep_ == "prep":
            inner = child(c, "pobj")
            if inner is not None:
                lemmas.update(content_lemmas(inner))
    return lemmas


def dependents(verb: Token, exclude: Token | None = None) -> Iterator[Token]:
    """Tokens in ``verb``'s subtree, minus the subtree of ``exclude`` (its subject)."""
    skip = {t.i for t in exclude.subtree} if exclude is not None else set()
    for token in verb.subtree:
        if token.i not in skip and token.i != verb.i:
            yield token


def phrase(token: Token) -> Span:
    """The noun phrase headed by ``token``, without relative clauses or trailing modifiers.

    For "sources close to Maduro" this is "sources"; for "the fugitive leader of
    ISIS, who fled" it is "the fugitive leader of ISIS", and "a spokesman for the rebels" is
    whole; in "accused the leader of facilitating smuggling" it is "the leader" (the charge
    is no part of who is accused).

    >>> from eventwire.nlp import load
    >>> doc = load()("Trump accused the Venezuelan leader of facilitating the smuggling of fentanyl.")
    >>> phrase(doc[4]).text
    'the Venezuelan leader'
    """
    keep = {token.i}
    stack = [token]
    while stack:
        current = stack.pop()
        for c in current.children:
            if c.dep_ in PHRASE_DEPS and (c.i < token.i or c.dep_ in ("compound", "flat", "nummod")):
                if c.dep_ == "punct" and c.i > token.i:
                    continue
                keep.add(c.i)
                stack.append(c)
            elif c.dep_ == "prep" and (c.lower_ in OWNING_PREPS or c.lower_ == "for" and token.lemma_ in SPEAKING_FOR) \
                    and c.i > token.i and current.i == token.i \
                    and any(g.dep_ == "pobj" for g in c.children):  # "of ISIS", not "of facilitating ..."
                keep.update(t.i for t in c.subtree if not _in_clause(t, c))
    start, end = min(keep), max(keep) + 1
    doc = token.doc
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[start:end]


def _in_clause(token: Token, top: Token) -> bool:
    """True when ``token`` sits in a relative or adverbial clause below ``top``."""
    while token.i != top.i:
        if token.dep_ in ("relcl", "acl", "advcl", "punct", "cc", "conj", "appos"):
            return True
        token = token.head
    return False


def framing_subject(pronoun: Token, verbs: frozenset[str] | None = None) -> Token | None:
    """The subject of the clause that frames ``pronoun``'s clause (of a verb in ``verbs``, if given).

    '"We reject the allegations," the spokesperson said' gives "spokesperson" for
    "We"; "Iran denied that it had supplied drones" gives "Iran" for "it".
    """
    token = pronoun
    while token.head.i != token.i:
        head = token.head
        if token.dep_ in ("ccomp", "parataxis", "xcomp") and (verbs is None or head.lemma_.lower() in verbs):
            subject_ = child(head, "nsubj")
            if subject_ is not None and subject_.pos_ != "PRON":
                return subject_
        token = head
    return None


def conjuncts(token: Token) -> list[Token]:
    """The token and the nouns coordinated with it ("Russia and Ukraine")."""
    return [token, *[c for c in token.conjuncts if c.pos_ in ("PROPN", "NOUN", "PRON")]]


def in_quote(token: Token) -> Span | None:
    """The quotation (between double quotes, same sentence) that contains ``token``."""
    sent = token.sent
    opened: int | None = None
    for t in sent:
        if t.text in ('"', "\u201c", "\u201d") or t.tag_ in ("``", "''"):
            if opened is None:
                opened = t.i
            else:
                if opened < token.i < t.i:
                    return token.doc[opened + 1:t.i]
                opened = None
    return None


def charged_with(token: Token, head: Token) -> bool:
    """Whether ``token`` sits in what a noun between it and the event's ``head`` is charged with, a
    participle clause of ``CHARGING`` on it: "Israel" in "executed a man convicted of spying for
    Israel" (not "restrictions imposed on women", "lawsuits filed against the department").

    >>> from eventwire.nlp import load
    >>> doc = load()("Iran executed a man convicted of spying for Israel.")
    >>> charged_with(doc[8], doc[1]), charged_with(doc[3], doc[1])
    (True, False)
    """
    while token.i != head.i and token.head.i != token.i:
        if token.dep_ == "acl" and token.tag_ == "VBN" and token.lemma_.lower() in CHARGING:
            return True
        token = token.head
    return False
