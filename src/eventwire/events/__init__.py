"""Events from the syntax: the lexicon, argument helpers and candidate extraction."""
