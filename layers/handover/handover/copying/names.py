"""The databases a handover owns on staging besides its target, named from its token so that
any step, or a sweep after a crash, finds them without stored state. Built and read back here
only."""

from __future__ import annotations

import re
import uuid

_PREFIX = "_handover_"
_OWNED = re.compile(rf"^{_PREFIX}(tmp|old)_([0-9a-f]{{32}})$")
# SHOW DATABASES LIKE pattern for every database named here.
LIKE_OWNED = _PREFIX.replace("_", "\\_") + "%"


def temporary_database(token: str) -> str:
    """Where the copy is built before it is published."""
    return f"{_PREFIX}tmp_{token.replace('-', '')}"


def replaced_database(token: str) -> str:
    """Where a re-handover parks the database it replaces until registration succeeds."""
    return f"{_PREFIX}old_{token.replace('-', '')}"


def owner_of(database: str) -> tuple[str, str] | None:
    """("tmp" or "old", token) for a database named here; None for any other."""
    match = _OWNED.match(database)
    return (match[1], str(uuid.UUID(match[2]))) if match else None
