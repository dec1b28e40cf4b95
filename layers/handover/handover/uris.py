"""MySQL URIs as users write them: mysql://user@host:port/dbname, never with a password."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from handover.errors import InvalidRequest

DEFAULT_PORT = 3306
_HOST = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$")
_USER = re.compile(r"^[A-Za-z0-9_.-]{1,80}$")
_DBNAME = re.compile(r"^[A-Za-z0-9_]{1,64}$")


@dataclass(frozen=True)
class DatabaseURI:
    """Where a database lives. It has no password field: credentials come from Secrets Manager."""

    host: str
    port: int
    database: str | None
    user: str | None = None

    @property
    def server(self) -> str:
        """The key a server is known by in the source-credentials secret."""
        return f"{self.host}:{self.port}"

    def __str__(self) -> str:
        user = f"{self.user}@" if self.user else ""
        return f"mysql://{user}{self.host}:{self.port}/{self.database or ''}"


def redact(uri: str) -> str:
    """Hide any password in a URI-like string, for logs and messages."""
    return re.sub(r"(://[^:/@\s]+):[^@/\s]*@", r"\1:***@", uri)


def parse_uri(value: str, field: str, *, require_database: bool = True) -> DatabaseURI:
    """Parse a user-supplied MySQL URI, naming `field` and the fix in every error."""
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError as exc:
        raise InvalidRequest(field, f"{field} is not a valid URI ({exc}); use {_FORM}") from None
    if port is not None and not 1 <= port <= 65535:
        raise InvalidRequest(field, f"{field} has port {port}; use a port from 1 to 65535")
    if parts.scheme not in ("mysql", "mysql+pymysql"):
        raise InvalidRequest(field, f"{field} must start with mysql://; use {_FORM}")
    if parts.password is not None:
        raise InvalidRequest(
            field,
            f"{field} must not contain a password: remove it from the URI; the service reads "
            "credentials for each server from Secrets Manager",
        )
    host = parts.hostname or ""
    if not _HOST.match(host):
        raise InvalidRequest(field, f"{field} has no valid host name; use {_FORM}")
    if parts.username is not None and not _USER.match(parts.username):
        raise InvalidRequest(field, f"{field} has an invalid user name; use {_FORM}")
    if parts.query or parts.fragment:
        raise InvalidRequest(field, f"{field} must not have a query or fragment; use {_FORM}")
    database = parts.path.lstrip("/") or None
    if database is not None and not _DBNAME.match(database):
        raise InvalidRequest(
            field, f"{field} names the database {database!r}: use letters, digits and _ only"
        )
    if require_database and database is None:
        raise InvalidRequest(field, f"{field} names no database; use {_FORM}")
    return DatabaseURI(host, port or DEFAULT_PORT, database, parts.username)


_FORM = "mysql://user@host:port/database_name"
