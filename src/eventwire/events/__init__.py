"""Events from the syntax: the lexicon, candidate extraction, the sentence model, mention merging."""
