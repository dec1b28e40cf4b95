"""Connections to MySQL/MariaDB, with failures translated into the service's named errors."""

from __future__ import annotations

import re
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

import pymysql
import pymysql.cursors

from handover.dal.credentials import ServerCredentials
from handover.errors import HandoverError, MySQLUnavailable, ServerBusy

CONNECT_TIMEOUT_SECONDS = 10
# Client errors meaning the server is gone or unreachable (CR_* codes) and server errors
# meaning it is shutting down or out of connections: all worth a retry.
_CONNECTION_CODES = {2002, 2003, 2005, 2006, 2013, 2055}
_TRANSIENT_CODES = _CONNECTION_CODES | {1040, 1053, 1205, 1213, 1927}
_IDENTIFIER = re.compile(r"^[A-Za-z0-9_$]{1,64}$")


class _Connection(pymysql.connections.Connection):
    """pymysql's connection, mended where it costs the service time or hides a failure.

    - One TLS context for its PREFERRED mode. Without TLS options pymysql 1.2 builds a new
      context for every connection, loading the system's CA bundle into it although it never
      verifies (CERT_NONE): measured with py-spy, 2.4 s of a 545 MB copy's client CPU went
      there. The shared context behaves the same.
    - A write on a connection already closed by a lost server is a lost connection (2013).
      pymysql ends a LOAD DATA LOCAL file with an empty packet in a `finally`: when the
      server went away mid-file, that write raised AttributeError on the closed socket and
      hid the lost connection from the retries (PyMySQL issue 989, fix unmerged).
    """

    # Both methods are pymysql's private ones, which its type stubs do not declare.
    def _create_ssl_ctx(self, sslp: Any) -> ssl.SSLContext:
        if sslp == {}:
            return _preferred_tls_context()
        context: ssl.SSLContext = super()._create_ssl_ctx(sslp)  # type: ignore[misc]
        return context

    def _write_bytes(self, data: bytes) -> None:
        if self._sock is None:  # type: ignore[attr-defined]
            raise pymysql.err.OperationalError(2013, "Lost connection to the server")
        super()._write_bytes(data)  # type: ignore[misc]


@cache
def _preferred_tls_context() -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def quote_identifier(name: str) -> str:
    """Backquote a table, column or database name; refuse anything that could break out."""
    if not _IDENTIFIER.match(name):
        raise ValueError(
            f"refusing unsafe SQL identifier {name!r}: names may hold only letters, digits, "
            "_ and $ (at most 64); rename it in the source database"
        )
    return f"`{name}`"


def _code(exc: BaseException) -> int | None:
    """The MySQL error number of a pymysql error, if it has one."""
    return exc.args[0] if exc.args and isinstance(exc.args[0], int) else None


def is_transient(exc: BaseException) -> bool:
    if isinstance(exc, pymysql.err.OperationalError | pymysql.err.InterfaceError):
        return _code(exc) in _TRANSIENT_CODES or isinstance(exc, pymysql.err.InterfaceError)
    return isinstance(exc, ConnectionError | TimeoutError)


def _connection_lost(exc: BaseException) -> bool:
    return _code(exc) in _CONNECTION_CODES or not isinstance(exc, pymysql.err.MySQLError)


TOO_MANY_CONNECTIONS = 1040


def unavailable(server: ServerCredentials, role: str, exc: BaseException) -> MySQLUnavailable:
    detail = exc.args[1] if len(exc.args) > 1 else str(exc)
    if _code(exc) == TOO_MANY_CONNECTIONS:
        return ServerBusy(f"{role} server {server.host}:{server.port} is busy: {detail}")
    return MySQLUnavailable(f"{role} server {server.host}:{server.port} is unavailable: {detail}")


@contextmanager
def connect(
    server: ServerCredentials, role: str, *, database: str | None = None, **options: Any
) -> Iterator[pymysql.connections.Connection]:
    """Open a connection; any lost or refused connection surfaces as MySQLUnavailable."""
    try:
        conn = _Connection(
            host=server.host,
            port=server.port,
            user=server.user,
            password=server.password,
            database=database,
            connect_timeout=CONNECT_TIMEOUT_SECONDS,
            charset="utf8mb4",
            autocommit=True,
            **options,
        )
    except pymysql.err.MySQLError as exc:
        if is_transient(exc):
            raise unavailable(server, role, exc) from None
        detail = exc.args[1] if len(exc.args) > 1 else str(exc)
        raise HandoverError(
            f"{role} server {server.host}:{server.port} refused user {server.user}: {detail}"
        ) from None
    try:
        yield conn
    except (pymysql.err.MySQLError, ConnectionError, TimeoutError) as exc:
        # With connections to two servers nested, a lost connection is blamed on the server
        # whose connection is closed, not on whichever context it passes through first.
        if is_transient(exc) and not (_connection_lost(exc) and conn.open):
            raise unavailable(server, role, exc) from None
        raise
    finally:
        try:
            conn.close()
        except Exception:  # noqa: BLE001 - the connection may already be dead
            pass


def database_exists(conn: pymysql.connections.Connection, name: str) -> bool:
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = %s", (name,))
        return cur.fetchone() is not None


def list_tables(conn: pymysql.connections.Connection, database: str) -> tuple[list[str], list[str]]:
    """Base tables and views of a database, in a stable order."""
    with conn.cursor() as cur:
        cur.execute(
            "SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES "
            "WHERE TABLE_SCHEMA = %s ORDER BY TABLE_NAME",
            (database,),
        )
        rows = cur.fetchall()
    return [n for n, t in rows if t != "VIEW"], [n for n, t in rows if t == "VIEW"]


def drop_database(server: ServerCredentials, name: str, role: str = "staging") -> bool:
    """Drop a database if it is there. True when it was."""
    with connect(server, role) as conn:
        existed = database_exists(conn, name)
        with conn.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS {quote_identifier(name)}")
    return existed


def fetch_one(cur: pymysql.cursors.Cursor) -> tuple[Any, ...]:
    """The row of a query that always returns one (an aggregate, SHOW CREATE of a table
    just listed): a missing row is the server's fault, said as such."""
    row = cur.fetchone()
    if row is None:
        raise HandoverError("the server returned no row where one was certain")
    return row
