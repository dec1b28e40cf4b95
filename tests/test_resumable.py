"""Units of copy work that outlast or lose their invocation: each is killed or cut off
mid-statement, then resumed, and nothing is done twice (issue 15).

A Lambda that times out is gone, but what it sent the server is not: these tests leave the
server in the states a dead invocation leaves, by killing a running statement's connection,
and check that the next invocation stops, or waits for, what is still running."""

from __future__ import annotations

import socket
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pymysql
import pytest

from handover.copying import transfer
from handover.copying.engine import CopyEngine, source_digest
from handover.copying.names import temporary_database
from handover.copying.transfer import row_digest, table_info
from handover.errors import MySQLUnavailable
from handover.models.workflow import CopyCursor
from handover_cli.local.parallel import copy_all

from .conftest import Server, table_checksums
from .test_copy import creds

ROWS = 250_000


@pytest.fixture(scope="module")
def wide_db(source: Server) -> Iterator[str]:
    """Tables big enough that a chunk's load, an index build and a digest each take a while."""
    name = f"wide_{uuid.uuid4().hex[:8]}"
    source.query(f"CREATE DATABASE `{name}`")
    rows = f"SELECT seq, MD5(seq), REPEAT(MD5(seq), 4), IF(seq % 7, seq, NULL) FROM seq_1_to_{ROWS}"
    for engine in ("MyISAM", "InnoDB"):
        source.query(
            f"CREATE TABLE keyless_{engine.lower()} (a INT NOT NULL, b CHAR(32), c TEXT, "
            f"d BIGINT) ENGINE={engine}",
            database=name,
        )
        source.query(f"INSERT INTO keyless_{engine.lower()} {rows}", database=name)
        source.query(
            f"CREATE TABLE indexed_{engine.lower()} (a INT NOT NULL PRIMARY KEY, b CHAR(32), "
            f"c TEXT, d BIGINT, KEY by_b (b), KEY by_c (c(64), d)) ENGINE={engine}",
            database=name,
        )
        source.query(f"INSERT INTO indexed_{engine.lower()} {rows}", database=name)
    yield name
    source.query(f"DROP DATABASE IF EXISTS `{name}`")


def copier_for(source: Server, staging: Server, database: str, **options: object) -> CopyEngine:
    target = f"copy_{uuid.uuid4().hex[:8]}"
    return CopyEngine(creds(source, database), creds(staging, target), str(uuid.uuid4()), **options)


class Watcher:
    """Polls staging's processlist for the copy's tagged statements of one kind."""

    def __init__(self, staging: Server, statement: str) -> None:
        self.staging, self.statement = staging, statement
        self.seen: set[int] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Watcher:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        with self.staging.connect() as conn, conn.cursor() as cur:
            while not self._stop.is_set():
                cur.execute(
                    "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE "
                    "CONCAT('/* handover %%', %s, '%%') AND ID <> CONNECTION_ID()",
                    (self.statement,),
                )
                self.seen.update(connection_id for (connection_id,) in cur.fetchall())
                time.sleep(0.002)


@pytest.mark.parametrize("table", ["keyless_myisam", "keyless_innodb"])
def test_a_keyless_load_cut_off_mid_statement_resumes_without_loading_a_row_twice(
    source: Server, staging: Server, wide_db: str, table: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    copier = copier_for(source, staging, wide_db, batch_rows=40_000, budget_seconds=600)
    plan = copier.prepare()
    (part,) = [p for p in plan.parts if p.table == table]
    checkpoints: list[CopyCursor] = []
    copier.on_chunk = checkpoints.append
    real_load = transfer.load
    cut: list[int] = []

    def dying_load(tgt: pymysql.connections.Connection, *args: Any, **kwargs: Any) -> int:
        # The third load loses its connection as the Lambda running it would: mid-statement.
        if len(checkpoints) == 2 and not cut:
            cut.append(tgt.thread_id())
            threading.Timer(0.02, tgt._sock.shutdown, (socket.SHUT_RDWR,)).start()  # type: ignore[attr-defined]
        return real_load(tgt, *args, **kwargs)

    monkeypatch.setattr(transfer, "load", dying_load)
    with pytest.raises(MySQLUnavailable):
        copier.copy_part(CopyCursor(part=part))
    monkeypatch.setattr(transfer, "load", real_load)
    last = checkpoints[-1]
    assert cut and len(checkpoints) == 2 and 0 < last.rows_copied < ROWS
    held = staging.query(f"SELECT COUNT(*) FROM `{copier.tmp_db}`.`{table}`")[0][0]
    assert held >= last.rows_copied  # the cut load kept a prefix of its rows, or none

    cursor = last
    while not cursor.done:
        cursor = copier.copy_part(cursor)
    assert cursor.rows_copied == ROWS
    # Rows the cut load had stored were counted, not loaded again: every row is there once,
    # and the copy's digest is the source's.
    with source.connect(wide_db) as conn:
        assert source_digest(table, [cursor]) == row_digest(
            conn, wide_db, table_info(conn, wide_db, table)
        )
    while copier.finish_table(table, source_digest(table, [cursor])) is None:
        pass
    assert table_checksums(staging, copier.tmp_db)[table] == table_checksums(source, wide_db)[table]
    staging.query(f"DROP DATABASE `{copier.tmp_db}`")


def _copy_rows(copier: CopyEngine, table: str) -> list[CopyCursor]:
    plan = copier.prepare()
    done = []
    for part in (p for p in plan.parts if p.table == table):
        cursor = CopyCursor(part=part)
        while not cursor.done:
            cursor = copier.copy_part(cursor)
        done.append(cursor)
    return done


@pytest.mark.parametrize("table", ["indexed_myisam", "indexed_innodb"])
def test_an_index_build_outlasting_its_invocation_is_waited_for_not_restarted(
    source: Server, staging: Server, wide_db: str, table: str
) -> None:
    copier = copier_for(source, staging, wide_db)
    cursors = _copy_rows(copier, table)
    expected = source_digest(table, cursors)
    copier.budget_seconds = 0.01  # far shorter than the build
    invocations = 0
    with Watcher(staging, "ALTER TABLE") as builds, Watcher(staging, "REPLACE INTO") as digests:
        while True:
            invocations += 1
            rows = copier.finish_table(table, expected)
            if rows is not None:
                break
    assert rows == ROWS
    assert invocations > 2  # the build and the digest each outlasted an invocation
    assert len(builds.seen) == 1, "an invocation started the index build again"
    assert len(digests.seen) <= 1
    indexes = "SELECT COUNT(DISTINCT INDEX_NAME) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = %s AND TABLE_NAME = %s AND IFNULL(COMMENT, '') <> 'disabled'"
    assert staging.query(indexes, (copier.tmp_db, table)) == [(3,)]
    staging.query(f"DROP DATABASE `{copier.tmp_db}`")


def finish_after_a_dead_invocation(
    copier: CopyEngine, staging: Server, table: str, expected: object, kind: str, statement: str
) -> set[int]:
    """Leave `statement` running as a timed-out invocation leaves it (sent, its connection
    then cut), finish the table as the next invocations would, and return the connections
    seen running statements of `kind` meanwhile."""
    dead = pymysql.connect(**_login(staging))
    sent = threading.Thread(
        target=_run_quietly, args=(dead, f"{copier.tag('finish', table)} {statement}"), daemon=True
    )
    with Watcher(staging, kind) as watcher:
        sent.start()
        while not watcher.seen:
            time.sleep(0.001)
        dead._sock.shutdown(socket.SHUT_RDWR)  # type: ignore[attr-defined]
        copier.budget_seconds = 0.02
        while (rows := copier.finish_table(table, expected)) is None:  # type: ignore[arg-type]
            pass
    assert rows == ROWS
    staging.query(f"DROP DATABASE `{copier.tmp_db}`")
    return watcher.seen


def test_an_index_build_whose_invocation_died_is_found_and_waited_for(
    source: Server, staging: Server, wide_db: str
) -> None:
    table = "indexed_innodb"
    copier = copier_for(source, staging, wide_db)
    expected = source_digest(table, _copy_rows(copier, table))
    build = (
        f"ALTER TABLE `{copier.tmp_db}`.`{table}` "
        "ADD KEY IF NOT EXISTS by_b (b), ADD KEY IF NOT EXISTS by_c (c(64), d)"
    )
    seen = finish_after_a_dead_invocation(copier, staging, table, expected, "ALTER TABLE", build)
    assert len(seen) == 1, "the next invocation built the indexes again"


def test_a_digest_whose_invocation_died_is_found_and_waited_for(
    source: Server, staging: Server, wide_db: str
) -> None:
    table = "keyless_innodb"
    copier = copier_for(source, staging, wide_db)
    expected = source_digest(table, _copy_rows(copier, table))
    with source.connect(wide_db) as conn, staging.connect() as tgt:
        digest = copier.digest_statement(tgt, table_info(conn, wide_db, table))
    seen = finish_after_a_dead_invocation(copier, staging, table, expected, "REPLACE INTO", digest)
    assert len(seen) == 1, "the next invocation digested the table again"


def test_the_keyless_benchmark_shape_copies_identically_in_short_invocations(
    source: Server, staging: Server, wide_db: str
) -> None:
    """Every table of the module's database, at a budget a little above nothing."""
    copier = copier_for(source, staging, wide_db, budget_seconds=0.05)
    copy_all(copier, parallel=2)
    copier.publish()
    target = copier.target.database
    assert target is not None
    assert table_checksums(staging, target) == table_checksums(source, wide_db)
    assert temporary_database(copier.token) not in staging.databases()
    staging.query(f"DROP DATABASE `{target}`")


def _login(server: Server) -> dict[str, object]:
    c = creds(server, "mysql")
    # autocommit, as the service's connections: else the server rolls back what a lost
    # connection left uncommitted.
    return {
        "host": c.host,
        "port": c.port,
        "user": c.user,
        "password": c.password,
        "autocommit": True,
    }


def _run_quietly(conn: pymysql.connections.Connection, sql: str) -> None:
    try:
        with conn.cursor() as cur:
            cur.execute(sql)
    except (pymysql.err.MySQLError, OSError):
        pass  # the connection is cut on purpose
