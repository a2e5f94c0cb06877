"""First-person actors inside a quotation stand for its speaker: the continuing paragraphs of a long
quotation name the speaker once, so "We" and "our forces" there take the quoted speaker's actor."""

# "Russian positions": the other side is coded here; "their positions" (no side the KB codes) is tested below
LONG_QUOTE = (
    'Ukraine\'s defence minister Oleksii Reznikov told reporters: "Our forces will not give up the city.\n\n'
    '"Russian troops shelled Kharkiv overnight. We attacked Russian positions near Izium in response.\n\n'
    '"We call on NATO to send more air defence systems," he said.'
)


def _by_trigger(coder, text):
    return {event.trigger["text"]: event for event in coder.code(text, date="2023-03-01")}


def test_we_in_a_continuing_paragraph_is_the_speakers_government(coder):
    events = _by_trigger(coder, LONG_QUOTE)
    attack = events["attacked"]
    assert attack.attribution["source_actors"][0]["code"] == "UKRGOV"
    assert (attack.source.text, attack.source.code, attack.source.country) == ("We", "UKRGOV", "UKR")
    assert LONG_QUOTE[attack.source.start:attack.source.end] == "We"
    assert "quoted speaker 'Oleksii Reznikov'" in attack.source.reason


def test_our_forces_take_the_speakers_country(coder):
    forces = _by_trigger(coder, LONG_QUOTE)["give"].source
    assert (forces.text, forces.code, forces.country, forces.sector) == ("Our forces", "UKRMIL", "UKR", "MIL")


def test_actors_the_quotation_names_keep_their_codes(coder):
    shelling = _by_trigger(coder, LONG_QUOTE)["shelled"]
    assert (shelling.source.code, shelling.target.code) == ("RUSMIL", "UKR")


def test_i_is_the_speaker_and_us_the_speakers_side(coder):
    text = ('Ukraine\'s defence minister Oleksii Reznikov told reporters: "The situation is hard.\n\n'
            '"I met NATO officials in Brussels on Monday. Russia attacked us again and again."')
    events = _by_trigger(coder, text)
    me = events["met"].source
    assert (me.text, me.code, me.name) == ("I", "UKRGOV", "Oleksii Reznikov")
    attack = events["attacked"]
    assert (attack.source.code, attack.target.text, attack.target.code) == ("RUS", "us", "UKRGOV")


def test_same_sentence_quotation_still_bound_through_its_verb(coder):
    [attack] = coder.code('Ukraine\'s defence minister said: "We attacked Russian positions near Izium."',
                          date="2023-03-01")
    assert (attack.source.text, attack.source.code) == ("We", "UKRGOV")
    assert attack.source.reason.startswith("'We' stands for 'Ukraine's defence minister'")


def test_speaker_the_kb_does_not_code_leaves_we_uncoded(coder):
    text = ('John Smith told reporters: "Our forces will not give up the city.\n\n'
            '"We attacked Russian positions near Izium in response."')
    events = _by_trigger(coder, text)
    source = events["attacked"].source
    assert source is None or source.code is None  # no code borrowed from anywhere
    assert events["attacked"].target.code == "RUSMIL"
    assert events["give"].source.code == "MIL"


def test_we_outside_any_quotation_stays_uncoded(coder):
    text = ("Ukraine's defence minister Oleksii Reznikov spoke on Monday.\n\n"
            "We attacked Russian positions near Izium in response.")
    attack = _by_trigger(coder, text)["attacked"]
    assert attack.quote is None
    assert attack.source is None or attack.source.code is None


def test_a_paragraph_quoted_on_its_own_takes_the_speaker_named_where_the_quotation_began(coder):
    text = ('Ukraine\'s defence minister Oleksii Reznikov told reporters: "It is hard.\n\n'
            '"Moscow attacked our troops."')
    [attack] = coder.code(text, date="2023-03-01")
    assert attack.quote["speaker"] == "Ukraine's defence minister Oleksii Reznikov"
    assert attack.quote["speaker_actor"]["code"] == "UKRGOV"
    assert (attack.source.code, attack.target.text, attack.target.code) == ("RUSGOV", "our troops", "UKRMIL")


def test_we_binds_where_the_other_side_is_no_one_the_kb_knows(coder):
    # only "We" names a side: the event stands on it until the quotation's speaker binds it
    text = LONG_QUOTE.replace("Russian positions", "their positions")
    attack = _by_trigger(coder, text)["attacked"]
    assert (attack.source.text, attack.source.code) == ("We", "UKRGOV")


def test_we_that_no_coded_speaker_binds_makes_no_event(coder):
    # '"We condemn the jailbreak," a man said': no one the KB knows stands behind "We"
    assert not coder.code('"We condemn the jailbreak," a passer-by said.', date="2023-03-01")
    condemned = _by_trigger(coder, '"We condemn the jailbreak," the Haitian government said.')["condemn"]
    assert condemned.source.code == "HTIGOV"
