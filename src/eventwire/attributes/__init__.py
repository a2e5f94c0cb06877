"""Per-event attributes read off the parse: modality, attribution, quotes."""
