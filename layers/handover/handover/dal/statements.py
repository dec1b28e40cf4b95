"""Statements that may outlive the invocation that started them.

A Lambda that times out is gone, but the statement it sent keeps running on the server: an
ALTER TABLE or an INSERT ... SELECT runs to its end even after the client has disconnected
(seen on MariaDB 10.11, tests/test_statements.py). So such a statement is tagged with a
marker, a comment at its start that the server's processlist shows, and the next invocation
finds it there: it waits for an index build or a digest rather than starting it again, and
stops a half-done load before it trims and resumes.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Callable

import pymysql

from handover.dal.credentials import ServerCredentials
from handover.dal.mysql import connect

Connection = pymysql.connections.Connection
POLL_SECONDS = 0.2
SENT_GRACE_SECONDS = 0.1


def marker(token: str, *what: str) -> str:
    """A comment naming a handover's unit of work; safe to put before any statement.

    Table names may hold anything a comment must not, so they go in as a digest."""
    unit = hashlib.sha1("\0".join(what).encode()).hexdigest()[:16]
    return f"/* handover {re.sub(r'[^A-Za-z0-9-]', '', token)} {unit} */"


def running(conn: Connection, tag: str) -> list[int]:
    """Connection ids of the statements now running under `tag`, this connection's aside."""
    with conn.cursor() as cur:
        cur.execute(
            "SELECT ID FROM information_schema.PROCESSLIST "
            "WHERE INFO LIKE CONCAT(%s, '%%') AND ID <> CONNECTION_ID()",
            (tag,),
        )
        return [int(row[0]) for row in cur.fetchall()]


def wait_for(
    conn: Connection,
    tag: str,
    deadline: float,
    *,
    clock: Callable[[], float] = time.monotonic,
) -> bool:
    """Wait until no statement under `tag` runs; False if one still runs at `deadline`."""
    while running(conn, tag):
        if clock() >= deadline:
            return False
        time.sleep(POLL_SECONDS)
    return True


def stop(conn: Connection, tag: str) -> int:
    """Kill the statements under `tag` (left by an invocation that died), and wait until they
    have gone: a killed LOAD DATA stops at a row, an InnoDB one rolls back. Returns how many."""
    ids = running(conn, tag)
    for connection_id in ids:
        kill_query(conn, connection_id)
    while running(conn, tag):
        time.sleep(POLL_SECONDS)
    return len(ids)


def kill_query(conn: Connection, connection_id: int) -> None:
    """Stop the statement a connection runs (left by an invocation that died); nothing if the
    connection has gone, or is another user's."""
    with conn.cursor() as cur:
        try:
            cur.execute(f"KILL QUERY {int(connection_id)}")
        except pymysql.err.OperationalError as exc:
            if exc.args[0] not in (1094, 1095):  # unknown thread; not the owner
                raise


class Detached:
    """One statement run on a connection of its own, in a thread the caller need not wait
    for: if the invocation ends first, the statement goes on (and is found by its tag)."""

    def __init__(
        self,
        server: ServerCredentials,
        role: str,
        statement: str,
        setup: Callable[[Connection], object] | None = None,
    ) -> None:
        self.error: BaseException | None = None
        self._sent = threading.Event()
        self._done = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(server, role, statement, setup), daemon=True
        )
        self._thread.start()

    def _run(
        self,
        server: ServerCredentials,
        role: str,
        statement: str,
        setup: Callable[[Connection], object] | None,
    ) -> None:
        try:
            with connect(server, role) as conn:
                if setup is not None:
                    setup(conn)
                with conn.cursor() as cur:
                    # No locks on what an INSERT ... SELECT reads: nothing else writes there.
                    cur.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED")
                    self._sent.set()
                    cur.execute(statement)
        except BaseException as exc:  # handed to the waiter, who raises it
            self.error = exc
        finally:
            self._sent.set()
            self._done.set()

    def wait(self, deadline: float, *, clock: Callable[[], float] = time.monotonic) -> bool:
        """True once the statement has ended (raising its error); False at the deadline.

        Never False before the statement is on the server (connecting takes at most the
        connect timeout, and the server shows it in its processlist within SENT_GRACE): else
        the next invocation would not find it there, and would start it again."""
        self._sent.wait()
        self._done.wait(max(SENT_GRACE_SECONDS, deadline - clock()))
        if not self._done.is_set():
            return False
        if self.error is not None:
            raise self.error
        return True
