"""Which databases on a staging server a new assembly or genebuild supersedes."""

from __future__ import annotations

from handover.dal.credentials import ServerCredentials
from handover.dal.mysql import connect
from handover.dbnames import DatabaseName, InvalidDatabaseName, parse_database_name


def superseded_databases(server: ServerCredentials, new: DatabaseName) -> list[str]:
    """Databases on a staging server that `new` supersedes: the same genome (name prefix) and
    release with another assembly suffix, of any type. Never `new` itself."""
    if new.assembly is None:
        return []
    like = new.prefix.replace("_", "\\_") + "\\_%"
    with connect(server, "staging") as conn, conn.cursor() as cur:
        cur.execute("SHOW DATABASES LIKE %s", (like,))
        names = [r[0] for r in cur.fetchall()]
    found = []
    for name in names:
        try:
            other = parse_database_name(name)
        except InvalidDatabaseName:
            continue
        if (
            other.name != new.name
            and other.prefix == new.prefix
            and other.release_numbers == new.release_numbers
            and other.assembly is not None
            and other.assembly != new.assembly
        ):
            found.append(name)
    return sorted(found)
