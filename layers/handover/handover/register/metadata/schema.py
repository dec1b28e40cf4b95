"""The metadata database's schema: plain SQL migrations, applied once each, in order."""

from __future__ import annotations

import re
from importlib import resources

import pymysql

from handover.dal.mysql import database_exists, quote_identifier
from handover.errors import RegistrationFailed

MIGRATIONS = "handover.register.metadata.migrations"
_LOCK = "handover_metadata_migrations"


def migrations() -> list[tuple[int, str, str]]:
    found = []
    for entry in resources.files(MIGRATIONS).iterdir():
        match = re.match(r"^(\d+)_.*\.sql$", entry.name)
        if match:
            found.append((int(match[1]), entry.name, entry.read_text()))
    return sorted(found)


def ensure_database(conn: pymysql.connections.Connection, name: str) -> bool:
    """Create the metadata database if it is not there yet, as migration tools do, and make it
    the connection's database. True when it was created."""
    created = False
    if not database_exists(conn, name):
        try:
            with conn.cursor() as cur:
                cur.execute(
                    f"CREATE DATABASE IF NOT EXISTS {quote_identifier(name)} CHARACTER SET utf8mb4"
                )
            created = True
        except pymysql.err.OperationalError as exc:
            if exc.args[0] not in (1044, 1045):  # access denied
                raise
            raise RegistrationFailed(
                f"the metadata database {name} does not exist, and the service's user may not "
                f"create it: create it (CREATE DATABASE {quote_identifier(name)}) or grant the "
                "user CREATE on it"
            ) from None
    conn.select_db(name)
    return created


def migrate(conn: pymysql.connections.Connection) -> list[str]:
    """Apply the migrations not yet recorded in schema_version. Returns the ones applied."""
    applied: list[str] = []
    with conn.cursor() as cur:
        # Concurrent registrations on a fresh database must not race to create tables.
        cur.execute("SELECT GET_LOCK(%s, 60)", (_LOCK,))
        try:
            cur.execute(
                "CREATE TABLE IF NOT EXISTS schema_version (version INT UNSIGNED PRIMARY KEY, "
                "name VARCHAR(255) NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP"
                ") ENGINE=InnoDB"
            )
            cur.execute("SELECT version FROM schema_version")
            done = {row[0] for row in cur.fetchall()}
            for version, name, sql in migrations():
                if version in done:
                    continue
                for statement in _statements(sql):
                    cur.execute(statement)
                cur.execute(
                    "INSERT INTO schema_version (version, name) VALUES (%s, %s)", (version, name)
                )
                applied.append(name)
        finally:
            cur.execute("SELECT RELEASE_LOCK(%s)", (_LOCK,))
    return applied


def _statements(sql: str) -> list[str]:
    without_comments = re.sub(r"^\s*--.*$", "", sql, flags=re.MULTILINE)
    return [s.strip() for s in without_comments.split(";") if s.strip()]
