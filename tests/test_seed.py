"""The acceptance test of the foundation issue: the seed article, coded as an analyst would.

Runs the real pipeline (spaCy parse, actor KB, lexicon) on
../shared/data/seed/venezuela-ultimatum.txt with document date 2025-12-01.
"""

import pytest

from eventwire.records import Article

HYPOTHETICAL_CUES = ("It's unclear whether", "it's unclear whether", "if Maduro were to step down")


@pytest.fixture(scope="module")
def seed_events(coder, shared_data):
    text = (shared_data / "seed" / "venezuela-ultimatum.txt").read_text("utf-8")
    article = Article(id="seed", text=text, published="2025-12-01")
    return article, coder.code(article)


def country(actor):
    return actor.country if actor is not None else None


def find(events, event_type, root, source, targets):
    """Asserted events of this type, CAMEO root and direction (targets: allowed target countries)."""
    return [
        e for e in events
        if e.modality == "asserted" and e.event_type == event_type and e.cameo_root == root
        and country(e.source) == source and country(e.target) in targets
    ]


# (PLOVER type, CAMEO root, source country, allowed target countries, allowed CAMEO codes)
EXPECTED = [
    ("THREATEN", "13", "USA", {"VEN"}, None),                 # 1 ultimatum
    ("CONSULT", "04", "USA", {"VEN"}, {"041"}),               # 2 phone call (mentioned twice)
    ("REQUEST", "10", "USA", {"VEN"}, {"1041"}),              # 3 resign, leave the country
    ("REJECT", "12", "VEN", {"USA"}, None),                   # 4 rejected the ultimatum
    ("REQUEST", "02", "VEN", {"USA", None}, None),            # 5 amnesty
    ("REJECT", "12", "USA", {"VEN", None}, None),             # 6 refused cooperation
    ("REQUEST", "02", "VEN", {"USA", None}, {"026"}),         # 7 another round of talks
    ("ACCUSE", "11", "USA", {"VEN"}, None),                   # 8 fentanyl smuggling
]


@pytest.mark.parametrize("event_type,root,source,targets,codes", EXPECTED)
def test_seed_event_is_reported_once_with_its_direction(seed_events, event_type, root, source, targets, codes):
    _, events = seed_events
    found = find(events, event_type, root, source, targets)
    if event_type == "REQUEST" and root == "02":
        # Two distinct appeals (amnesty, talks): tell them apart by code family.
        found = [e for e in found if (codes is None and e.cameo.startswith("025")) or (codes and e.cameo in codes)]
    assert len(found) == 1, [(e.cameo, e.trigger["text"]) for e in found]
    event = found[0]
    if codes:
        assert event.cameo in codes
    assert event.source.sector == "GOV"


def test_seed_missile_attacks(seed_events):
    _, events = seed_events
    assaults = [e for e in events if e.event_type == "ASSAULT" and e.modality == "asserted"]
    assert len(assaults) == 1
    attack = assaults[0]
    assert attack.cameo_root in ("18", "19")
    assert attack.source.country == "USA"
    assert attack.target is None  # boats suspected of carrying drugs are not a coded actor
    assert "missile attacks" in attack.trigger["text"]


def test_repeated_paragraphs_are_counted_not_repeated(seed_events):
    _, events = seed_events
    call = next(e for e in events if e.event_type == "CONSULT")
    # "a phone call between the two leaders" once, "Trump's conversation with Maduro" twice
    assert call.mentions == 3
    ultimatum = next(e for e in events if e.event_type == "THREATEN" and e.modality == "asserted")
    assert ultimatum.mentions == 1
    demand = next(e for e in events if e.cameo == "1041")
    assert demand.mentions == 2
    assert len({e.id for e in events}) == len(events)


def test_nothing_asserted_from_the_hypotheticals(seed_events):
    article, events = seed_events
    for event in events:
        if any(cue in event.text for cue in HYPOTHETICAL_CUES):
            assert event.modality != "asserted", (event.trigger, event.text)
    assert sum(e.modality == "asserted" for e in events) == 9


def test_offsets_point_into_the_article_text(seed_events):
    article, events = seed_events
    for event in events:
        trigger = event.trigger
        assert article.text[trigger["start"]:trigger["end"]] == trigger["text"]
        evidence = article.text[event.evidence["start"]:event.evidence["end"]]
        assert trigger["text"] in evidence
        for actor in (event.source, event.target):
            if actor is not None and actor.start is not None:
                assert article.text[actor.start:actor.end] == actor.text


def test_records_carry_the_ontology_fields(seed_events):
    _, events = seed_events
    accuse = next(e for e in events if e.event_type == "ACCUSE")
    assert (accuse.quad_class, accuse.penta_class) == (3, 3)
    assert accuse.goldstein < 0
    assert accuse.source.code == "USAGOV" and accuse.target.code == "VENGOV"
    assert accuse.source.name == "Donald Trump" and accuse.target.name == "Nicolás Maduro"
    assert 0 < accuse.confidence <= 1
    assert accuse.rule


def test_attribution_of_the_seed(seed_events):
    _, events = seed_events
    by_code = {e.cameo: e for e in events}
    assert by_code["041"].attribution["status"] == "alleged"
    demand = by_code["1041"]
    assert demand.attribution["status"] == "reported"
    assert demand.attribution["sources"][-1] == "sources"
    assert "Miami Herald" in demand.attribution["sources"][0]
    assert demand.quote["text"] == "Resign right away"
    reject = next(e for e in events if e.event_type == "REJECT" and e.source.country == "VEN")
    assert reject.attribution["status"] == "claimed"
    assert reject.attribution["sources"] == ["sources close to Maduro"]
    accuse = next(e for e in events if e.event_type == "ACCUSE")
    assert accuse.attribution["status"] == "asserted"
