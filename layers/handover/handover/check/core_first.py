"""A species database other than a core is handed over after its core: refused at check,
before its copy, when the core is neither registered for the release nor being handed over."""

from __future__ import annotations

from handover.config import Settings
from handover.dal.credentials import server_from_secret
from handover.dal.jobs import JobStore
from handover.dal.mysql import connect, database_exists, list_tables
from handover.dbnames import SPECIES_TYPES, DatabaseName
from handover.errors import CheckFailed
from handover.register.metadata.registry import Registry

NEEDS_CORE = tuple(t for t in SPECIES_TYPES if t != "core")


def require_core(
    name: DatabaseName, production_names: list[str], settings: Settings, jobs: JobStore
) -> None:
    """Raise CheckFailed unless every species of `name` has its core registered for the
    release, or the core database is being handed over right now."""
    if name.db_type not in NEEDS_CORE or jobs.in_flight(name.core_name) is not None:
        return
    metadata = server_from_secret(settings.metadata_secret_arn, "metadata database")
    registered: set[str] = set()
    with connect(metadata, "metadata") as conn:
        # A metadata database not made yet (or not migrated) has registered nothing.
        if metadata.database and database_exists(conn, metadata.database):
            conn.select_db(metadata.database)
            if list_tables(conn, metadata.database)[0]:
                registered = Registry(conn).genomes_of_release(production_names, settings.release)
    missing = sorted(set(production_names) - registered)
    if missing:
        raise CheckFailed(
            f"{name.name} is a {name.db_type} database, but the core of {', '.join(missing)} is "
            f"neither registered for release {settings.release} nor being handed over: hand "
            f"over {name.core_name} first, then this database"
        )
