"""The source database against the handover rules: does it exist, is it of this release and
an allowed division, where does it go; then its datachecks."""

from __future__ import annotations

from collections import defaultdict

import pymysql

from handover.check.core_first import require_core
from handover.check.datachecks.framework import Context, Datacheck
from handover.check.reference import reference_snapshot
from handover.config import Settings
from handover.dal.credentials import ServerCredentials
from handover.dal.jobs import JobStore
from handover.dal.mysql import connect, database_exists, fetch_one
from handover.dbnames import SPECIES_TYPES, DatabaseName
from handover.errors import CheckFailed
from handover.models.workflow import ResolvedTarget
from handover.staging import StagingServers
from handover.uris import DatabaseURI

_META_KEYS = ("schema_version", "schema_type", "species.production_name", "species.division")


def read_meta(conn: pymysql.connections.Connection) -> dict[str, list[str]]:
    """The meta keys the check needs, each with its distinct values."""
    with conn.cursor() as cur:
        try:
            cur.execute(
                "SELECT DISTINCT meta_key, meta_value FROM meta WHERE meta_key IN %s",
                (_META_KEYS,),
            )
        except pymysql.err.ProgrammingError as exc:
            raise CheckFailed(f"the database has no usable meta table ({exc.args[-1]})") from None
        meta: dict[str, list[str]] = defaultdict(list)
        for key, value in cur.fetchall():
            meta[key].append(value)
    return meta


def division_of(name: DatabaseName, meta: dict[str, list[str]]) -> str:
    if name.division is not None:  # compara and ancestral names carry it
        return name.division
    divisions = sorted(set(meta.get("species.division", [])))
    if not divisions:
        raise CheckFailed("meta has no species.division; add it (e.g. EnsemblVertebrates)")
    if len(divisions) > 1:
        raise CheckFailed(
            f"meta has several species.division values {divisions}; a database "
            "belongs to one division"
        )
    return divisions[0].removeprefix("Ensembl").lower()


def holds_grch37_human(conn: pymysql.connections.Connection) -> bool:
    """A compara database with human GRCh37 belongs with the GRCh37 databases."""
    with conn.cursor() as cur:
        cur.execute(
            "SELECT EXISTS (SELECT 1 FROM genome_db WHERE name = 'homo_sapiens' AND assembly LIKE 'GRCh37%%')"
        )
        return bool(fetch_one(cur)[0])


def check_source(
    source: ServerCredentials,
    name: DatabaseName,
    requested_target: DatabaseURI | None,
    staging: StagingServers,
    settings: Settings,
    jobs: JobStore,
) -> ResolvedTarget:
    """Apply the handover rules (raising CheckFailed) and settle where the copy goes. The
    datachecks run after, each in steps of its own (handover.check.progress)."""
    with connect(source, "source") as conn:
        if not database_exists(conn, name.name):
            raise CheckFailed(f"database {name.name} does not exist on {source.uri.server}")
        conn.select_db(name.name)
        meta = read_meta(conn)
        _apply_rules(name, meta, settings)
        if not name.grch37:  # GRCh37 databases are never registered, so need no core there
            require_core(name, meta.get("species.production_name", []), settings, jobs)
        grch37 = name.db_type == "compara" and holds_grch37_human(conn)

    division = division_of(name, meta)
    if requested_target is not None:
        target = staging.for_uri(requested_target)
    else:
        target = staging.choose(name, grch37_compara=grch37).for_database(name.name)
    return ResolvedTarget(
        db_type=name.db_type,
        division=division,
        tgt_uri=str(target.uri),
        register_in_metadata=not (name.grch37 or grch37),
    )


def datacheck_context(
    name: DatabaseName, check: Datacheck, staging: StagingServers, settings: Settings
) -> Context:
    """What one datacheck needs besides the connection: the reference schema only if it
    compares with one (loading it costs a scratch schema on staging)."""
    reference = (
        reference_snapshot(
            staging.primary, settings.reference_schema_uri, settings.release, name.db_type
        )
        if check.needs_reference
        else None
    )
    return Context(name.name, name.db_type, settings.release, reference)


def _apply_rules(name: DatabaseName, meta: dict[str, list[str]], settings: Settings) -> None:
    versions = meta.get("schema_version", [])
    if versions != [str(settings.release)]:
        found = ", ".join(versions) or "none"
        raise CheckFailed(
            f"meta schema_version is {found}, but this service takes release {settings.release}"
        )
    if name.db_type in SPECIES_TYPES and not meta.get("species.production_name"):
        raise CheckFailed("meta has no species.production_name; every species database needs one")
    division = division_of(name, meta)
    if division not in settings.allowed_divisions:
        raise CheckFailed(
            f"division {division} is not handed over by this service "
            f"(allowed: {', '.join(settings.allowed_divisions)})"
        )
