"""What handovers leave on staging: temporary copies and parked databases, found by name."""

from __future__ import annotations

from handover.copying.names import LIKE_OWNED, owner_of, temporary_database
from handover.dal.credentials import ServerCredentials
from handover.dal.mysql import connect, drop_database


def leftovers(server: ServerCredentials) -> list[tuple[str, str, str]]:
    """(database, "tmp" or "old", token) of every temporary copy and parked database on a
    staging server."""
    with connect(server, "staging") as conn, conn.cursor() as cur:
        cur.execute("SHOW DATABASES LIKE %s", (LIKE_OWNED,))
        names = [r[0] for r in cur.fetchall()]
    return [(name, *owner) for name in names if (owner := owner_of(name)) is not None]


def drop_temporary(target: ServerCredentials, token: str) -> bool:
    """Remove what an unfinished copy left on staging. True when there was something."""
    return drop_database(target, temporary_database(token))
