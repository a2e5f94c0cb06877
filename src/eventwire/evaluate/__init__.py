"""Gold-format loaders and metrics behind ``eventwire eval``."""
