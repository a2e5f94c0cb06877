"""What goes wrong with a store file, in words a user can act on.

>>> describe("e.duckdb", OSError('Could not set lock on file "e.duckdb": Conflicting lock '
...                              'is held in /usr/bin/python3 (PID 42)'))
'e.duckdb: the store is in use by another process (PID 42); wait for it to finish, or query a copy'
"""

from __future__ import annotations

import re

from ..errors import EventwireError

LOCK_HOLDER = re.compile(r"\(PID (\d+)\)")


class StoreError(EventwireError):
    """The store file cannot be opened or written (locked, disk full, not a DuckDB file)."""


def describe(path: str, err: Exception) -> str:
    """A message a user can act on for a DuckDB error on ``path``."""
    text = str(err)
    if "Could not set lock" in text or "Conflicting lock" in text:
        holder = LOCK_HOLDER.search(text)
        who = f" (PID {holder.group(1)})" if holder else ""
        return f"{path}: the store is in use by another process{who}; wait for it to finish, or query a copy"
    if "No space left" in text or "File too large" in text or "disk is full" in text.lower():
        return f"{path}: cannot write, the disk is full ({text.strip()})"
    return f"{path}: {text.strip()}"
