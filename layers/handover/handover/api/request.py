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
    if not name.matches_release(settings.release):
        raise InvalidRequest(
            "src_uri",
            f"database {name.name} is named for release {name.release}, but this service takes "
            f"release {settings.release}",
        )
    return src, name, tgt


def target_database(src: DatabaseURI, tgt: DatabaseURI | None) -> str:
    """The name the database will have on staging: the one it has, unless tgt_uri renames it."""
    name = tgt.database if tgt is not None else src.database
    assert name is not None
    return name
