"""The submit-time rules, which need no database: URIs, name, type and release."""

from __future__ import annotations

from handover.config import Settings
from handover.dbnames import DatabaseName, InvalidDatabaseName, parse_database_name
from handover.errors import InvalidRequest
from handover.models.api import HandoverRequest
from handover.uris import DatabaseURI, parse_uri


def validate_request(
    request: HandoverRequest, settings: Settings
) -> tuple[DatabaseURI, DatabaseName, DatabaseURI | None]:
    """The submit-time checks: URIs well formed and password-free, name parses to an open type."""
    src = parse_uri(request.src_uri, "src_uri")
    tgt = parse_uri(request.tgt_uri, "tgt_uri") if request.tgt_uri else None
    assert src.database is not None
    try:
        name = parse_database_name(src.database)
    except InvalidDatabaseName as exc:
        raise InvalidRequest("src_uri", str(exc)) from None
    if name.db_type not in settings.allowed_database_types:
        raise InvalidRequest(
            "src_uri",
            f"handover of {name.db_type} databases is closed for release {settings.release}",
        )
    _require_release("src_uri", name, settings)
    if tgt is not None:
        _check_target(tgt, name, settings)
    return src, name, tgt


def _require_release(field: str, name: DatabaseName, settings: Settings) -> None:
    if not name.matches_release(settings.release):
        raise InvalidRequest(
            field,
            f"database {name.name} is named for release {name.release}, but this service takes "
            f"release {settings.release}",
        )


SYSTEM_SCHEMAS = ("mysql", "sys", "information_schema", "performance_schema")


def _check_target(tgt: DatabaseURI, source: DatabaseName, settings: Settings) -> None:
    """tgt_uri may only rename the database on a staging server: never another server, a
    system schema, or a name that is not a handover name of the same type and release."""
    assert tgt.database is not None
    if tgt.database.lower() in SYSTEM_SCHEMAS:
        raise InvalidRequest(
            "tgt_uri", f"tgt_uri names the system schema {tgt.database}; name a handover database"
        )
    try:
        target = parse_database_name(tgt.database)
    except InvalidDatabaseName as exc:
        raise InvalidRequest("tgt_uri", f"tgt_uri: {exc}") from None
    if target.db_type != source.db_type:
        raise InvalidRequest(
            "tgt_uri",
            f"tgt_uri names a {target.db_type} database, but {source.name} is a "
            f"{source.db_type} database: keep the type",
        )
    _require_release("tgt_uri", target, settings)
    endpoints = [e.lower() for e in settings.staging_endpoints]
    if endpoints and tgt.server.lower() not in endpoints:
        raise InvalidRequest(
            "tgt_uri",
            f"tgt_uri is on {tgt.server}, which is not a staging server: use "
            + " or ".join(settings.staging_endpoints)
            + ", or leave tgt_uri out",
        )


def target_database(src: DatabaseURI, tgt: DatabaseURI | None) -> str:
    """The name the database will have on staging: the one it has, unless tgt_uri renames it."""
    name = tgt.database if tgt is not None else src.database
    assert name is not None
    return name
