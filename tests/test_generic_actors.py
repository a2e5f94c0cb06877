"""A generic actor opening a sentence ("Rebels shelled the town overnight.") is coded as it is
elsewhere ("The rebels shelled ..."): its sector, and the dictionary's event, in normal case, in
lower case (archives) and in capitals (headlines). spaCy often tags such a capitalised plural a
proper noun and keeps it as its own lemma; the resolver still reads it as the KB's agent word."""

import pytest

# The actor KB's generic words, as a bare plural or mass noun, and the sector the KB gives them
# after "the" (the Phoenix layer's "gunmen" is UAF, unaligned armed forces).
ACTORS = {
    "Rebels": "REB", "Protesters": "OPP", "Troops": "MIL", "Police": "COP", "Militants": "REB",
    "Gunmen": "UAF", "Soldiers": "MIL", "Demonstrators": "OPP", "Insurgents": "REB", "Officials": "GOV",
    "Lawmakers": "LEG", "Students": "EDU", "Villagers": "CVL", "Separatists": "REB",
    "Opposition supporters": "OPP",
}
# Verb phrases and the CAMEO code the event dictionary gives them.
VERBS = {
    "shelled the town": "194",
    "attacked the town": "190",
    "fired on the convoy": "193",
    "arrested two journalists": "173",
    "burned a church": "1712",
    "blocked the main road": "144",
    "kidnapped two aid workers": "181",
    "stormed the parliament": "190",
    "clashed with government forces": "190",
    "surrendered to the army": "0874",
    "rejected the peace deal": "120",
    "accused the government of fraud": "1121",
}
CASES = {"normal": str, "lower": str.lower, "upper": str.upper}


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("actor", ACTORS)
def test_sentence_initial_generic_actor_is_coded(coder, actor, case):
    wrong = []
    for phrase, cameo in VERBS.items():
        text = CASES[case](f"{actor} {phrase} overnight.")
        verb = phrase.split()[0]
        events = [e for e in coder.code(text, date="2025-11-20") if e.trigger["text"].lower() == verb]
        found = [(e.cameo, e.rule, e.source.sector if e.source else None) for e in events]
        if not any(e.cameo == cameo and e.rule != "model" and e.source and e.source.sector == ACTORS[actor]
                   for e in events):
            wrong.append((text, found))
    assert not wrong, wrong


def test_the_issue_sentence_keeps_the_dictionary_event_and_the_rebels(coder):
    (event,) = coder.code("Rebels shelled the town overnight.", date="2025-11-20")
    assert (event.rule, event.cameo) == ("shell -> 194", "194")
    assert (event.source.text, event.source.code) == ("Rebels", "REB")

