"""The copy step: source database → temporary database on staging → published under its name.

Every invocation does a bounded amount of work and returns a cursor, so a copy of any size fits
Lambda's time limit. Resuming is idempotent: before continuing a table, rows beyond the cursor
(written by an invocation that died after its last commit) are removed from the temporary copy.

- Tables with a primary key are copied in key order (keyset pagination), `batch_rows` at a time.
- Tables without one are copied whole within one invocation; a resumed copy starts such a table
  again from empty. (They are small in Ensembl schemas: meta_coord and the like.)
- Views are created after the tables, when the copy is published.
- Publishing is one `RENAME TABLE` statement, atomic on the server: nobody sees a half-copied
  database under the final name. A database already there (a re-handover) is swapped into a
  parking database in the same statement, and dropped only after registration succeeds.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pymysql
import pymysql.cursors

from handover.credentials import ServerCredentials
from handover.errors import CopyFailed
from handover.models import CopyCursor
from handover.mysql import connect, database_exists, quote_identifier
from handover.rules import replaced_database, temporary_database

Connection = pymysql.connections.Connection


@dataclass(frozen=True)
class TableInfo:
    name: str
    columns: list[str]
    primary_key: list[str]


def list_tables(conn: Connection, database: str) -> tuple[list[str], list[str]]:
    """Base tables and views of a database, in a stable order."""
    with conn.cursor() as cur:
        cur.execute(
            "SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES "
            "WHERE TABLE_SCHEMA = %s ORDER BY TABLE_NAME",
            (database,),
        )
        rows = cur.fetchall()
    return [n for n, t in rows if t != "VIEW"], [n for n, t in rows if t == "VIEW"]


def table_info(conn: Connection, database: str, table: str) -> TableInfo:
    with conn.cursor() as cur:
        # Generated columns are computed by the target itself and cannot be inserted into.
        cur.execute(
            "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = %s "
            "AND TABLE_NAME = %s AND EXTRA NOT LIKE '%%GENERATED%%' ORDER BY ORDINAL_POSITION",
            (database, table),
        )
        columns = [r[0] for r in cur.fetchall()]
        cur.execute(
            "SELECT COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = %s "
            "AND TABLE_NAME = %s AND INDEX_NAME = 'PRIMARY' ORDER BY SEQ_IN_INDEX",
            (database, table),
        )
        primary_key = [r[0] for r in cur.fetchall()]
    return TableInfo(table, columns, primary_key)


def row_count(conn: Connection, database: str, table: str) -> int:
    with conn.cursor() as cur:
        cur.execute(f"SELECT COUNT(*) FROM {quote_identifier(database)}.{quote_identifier(table)}")
        return int(cur.fetchone()[0])


# Keys travel in the cursor as JSON; bytes, decimals and dates are tagged so they come back.
def _encode_key(values: Sequence[Any]) -> list[Any]:
    out: list[Any] = []
    for v in values:
        if isinstance(v, bytes):
            out.append({"b64": base64.b64encode(v).decode()})
        elif isinstance(
            v, decimal.Decimal | datetime.date | datetime.datetime | datetime.timedelta
        ):
            out.append({"s": str(v)})
        else:
            out.append(v)
    return out


def _decode_key(values: Sequence[Any]) -> list[Any]:
    out: list[Any] = []
    for v in values:
        if isinstance(v, dict) and "b64" in v:
            out.append(base64.b64decode(v["b64"]))
        elif isinstance(v, dict) and "s" in v:
            out.append(v["s"])
        else:
            out.append(v)
    return out


class CopyEngine:
    def __init__(
        self,
        source: ServerCredentials,
        target: ServerCredentials,
        token: str,
        *,
        batch_rows: int = 5000,
        budget_seconds: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if source.database is None or target.database is None:
            raise ValueError("source and target must both name a database")
        self.source = source
        self.target = target
        self.src_db: str = source.database
        self.final_db: str = target.database
        self.tmp_db = temporary_database(token)
        self.old_db = replaced_database(token)
        self.batch_rows = batch_rows
        self.budget_seconds = budget_seconds
        self.clock = clock

    # --- the step ---

    def step(self, cursor: CopyCursor) -> CopyCursor:
        """Copy until the time budget is spent, and say where to go on from."""
        deadline = self.clock() + self.budget_seconds
        cursor = cursor.model_copy(update={"invocations": cursor.invocations + 1})
        with connect(self.source, "source") as src, connect(self.target, "staging") as tgt:
            if not database_exists(src, self.src_db):
                raise CopyFailed(f"source database {self.src_db} has disappeared")
            tables, _views = list_tables(src, self.src_db)
            if cursor.table_index == 0 and cursor.table is None:
                self._prepare(src, tgt, tables)
            while cursor.table_index < len(tables):
                cursor = self._copy_table(src, tgt, tables[cursor.table_index], cursor, deadline)
                if self.clock() >= deadline and cursor.table_index < len(tables):
                    return cursor
            self._verify(src, tgt, tables)
            self._publish(src, tgt, tables)
        return cursor.model_copy(update={"done": True, "table": None, "last_key": None})

    def _prepare(self, src: Connection, tgt: Connection, tables: list[str]) -> None:
        """Create the temporary database and every table, as the source defines them."""
        with src.cursor() as cur:
            cur.execute(
                "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME "
                "FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = %s",
                (self.src_db,),
            )
            charset, collation = cur.fetchone()
        tmp = quote_identifier(self.tmp_db)
        with tgt.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS {tmp}")
            cur.execute(
                f"CREATE DATABASE {tmp} CHARACTER SET {quote_identifier(charset)} "
                f"COLLATE {quote_identifier(collation)}"
            )
            cur.execute(f"USE {tmp}")
            cur.execute("SET SESSION foreign_key_checks = 0")
            for table in tables:
                cur.execute(self._create_statement(src, table))

    def _create_statement(self, src: Connection, table: str) -> str:
        with src.cursor() as cur:
            cur.execute(
                f"SHOW CREATE TABLE {quote_identifier(self.src_db)}.{quote_identifier(table)}"
            )
            return cur.fetchone()[1]

    def _copy_table(
        self, src: Connection, tgt: Connection, table: str, cursor: CopyCursor, deadline: float
    ) -> CopyCursor:
        info = table_info(src, self.src_db, table)
        resuming = cursor.table == table
        if not info.primary_key:
            return self._copy_without_key(src, tgt, info, cursor, resuming)
        key_at = [info.columns.index(k) for k in info.primary_key]
        last_key = _decode_key(cursor.last_key) if resuming and cursor.last_key else None
        self._trim_beyond(tgt, info, last_key)
        rows_copied = cursor.rows_copied
        while True:
            rows = self._fetch_batch(src, info, last_key)
            if rows:
                self._insert(tgt, info, rows)
                rows_copied += len(rows)
                last_key = [rows[-1][i] for i in key_at]
            if len(rows) < self.batch_rows:
                return CopyCursor(
                    table_index=cursor.table_index + 1,
                    rows_copied=rows_copied,
                    invocations=cursor.invocations,
                )
            if self.clock() >= deadline:
                return CopyCursor(
                    table_index=cursor.table_index,
                    table=table,
                    last_key=_encode_key(last_key),
                    rows_copied=rows_copied,
                    invocations=cursor.invocations,
                )

    def _copy_without_key(
        self, src: Connection, tgt: Connection, info: TableInfo, cursor: CopyCursor, resuming: bool
    ) -> CopyCursor:
        self._trim_beyond(tgt, info, None)
        columns = ", ".join(quote_identifier(c) for c in info.columns)
        copied = 0
        stream = src.cursor(pymysql.cursors.SSCursor)
        try:
            stream.execute(
                f"SELECT {columns} FROM {quote_identifier(self.src_db)}.{quote_identifier(info.name)}"
            )
            while rows := stream.fetchmany(self.batch_rows):
                self._insert(tgt, info, rows)
                copied += len(rows)
        finally:
            stream.close()
        return CopyCursor(
            table_index=cursor.table_index + 1,
            rows_copied=cursor.rows_copied + copied,
            invocations=cursor.invocations,
        )

    def _trim_beyond(self, tgt: Connection, info: TableInfo, last_key: list[Any] | None) -> None:
        """Remove rows a dead invocation wrote after its last reported cursor."""
        table = f"{quote_identifier(self.tmp_db)}.{quote_identifier(info.name)}"
        with tgt.cursor() as cur:
            if last_key is None:
                cur.execute(f"DELETE FROM {table}")
            else:
                key = ", ".join(quote_identifier(k) for k in info.primary_key)
                marks = ", ".join(["%s"] * len(last_key))
                cur.execute(f"DELETE FROM {table} WHERE ({key}) > ({marks})", last_key)

    def _fetch_batch(
        self, src: Connection, info: TableInfo, last_key: list[Any] | None
    ) -> list[tuple]:
        columns = ", ".join(quote_identifier(c) for c in info.columns)
        key = ", ".join(quote_identifier(k) for k in info.primary_key)
        sql = f"SELECT {columns} FROM {quote_identifier(self.src_db)}.{quote_identifier(info.name)}"
        params: list[Any] = []
        if last_key is not None:
            sql += f" WHERE ({key}) > ({', '.join(['%s'] * len(last_key))})"
            params = list(last_key)
        sql += f" ORDER BY {key} LIMIT %s"
        with src.cursor() as cur:
            cur.execute(sql, [*params, self.batch_rows])
            return list(cur.fetchall())

    def _insert(self, tgt: Connection, info: TableInfo, rows: Sequence[tuple]) -> None:
        columns = ", ".join(quote_identifier(c) for c in info.columns)
        marks = ", ".join(["%s"] * len(info.columns))
        sql = (
            f"INSERT INTO {quote_identifier(self.tmp_db)}.{quote_identifier(info.name)} "
            f"({columns}) VALUES ({marks})"
        )
        with tgt.cursor() as cur:
            cur.executemany(sql, rows)

    def _verify(self, src: Connection, tgt: Connection, tables: list[str]) -> None:
        if not database_exists(tgt, self.tmp_db):
            return  # already published by an invocation that died before it could say so
        mismatches = []
        for table in tables:
            expected, found = row_count(src, self.src_db, table), row_count(tgt, self.tmp_db, table)
            if expected != found:
                mismatches.append(f"{table}: {expected} rows on the source, {found} copied")
        if mismatches:
            raise CopyFailed("the copy does not match the source: " + "; ".join(mismatches[:10]))

    def _publish(self, src: Connection, tgt: Connection, tables: list[str]) -> None:
        if not database_exists(tgt, self.tmp_db):
            if database_exists(tgt, self.final_db):
                return
            raise CopyFailed(f"the temporary copy {self.tmp_db} has gone before it was published")
        final, tmp, old = (quote_identifier(n) for n in (self.final_db, self.tmp_db, self.old_db))
        with tgt.cursor() as cur:
            renames = [
                f"{tmp}.{quote_identifier(t)} TO {final}.{quote_identifier(t)}" for t in tables
            ]
            if database_exists(tgt, self.final_db):
                old_tables, old_views = list_tables(tgt, self.final_db)
                for view in old_views:
                    cur.execute(f"DROP VIEW {final}.{quote_identifier(view)}")
                cur.execute(f"CREATE DATABASE IF NOT EXISTS {old}")
                renames = [
                    f"{final}.{quote_identifier(t)} TO {old}.{quote_identifier(t)}"
                    for t in old_tables
                ] + renames
            else:
                cur.execute(f"CREATE DATABASE {final} CHARACTER SET {self._charset(tgt)}")
            if renames:
                cur.execute("RENAME TABLE " + ", ".join(renames))
            cur.execute(f"USE {final}")
            for definition in self._view_definitions(src):
                cur.execute(definition)
            cur.execute(f"DROP DATABASE {tmp}")

    def _charset(self, tgt: Connection) -> str:
        with tgt.cursor() as cur:
            cur.execute(
                "SELECT DEFAULT_CHARACTER_SET_NAME FROM information_schema.SCHEMATA "
                "WHERE SCHEMA_NAME = %s",
                (self.tmp_db,),
            )
            return quote_identifier(cur.fetchone()[0])

    def _view_definitions(self, src: Connection) -> list[str]:
        _tables, views = list_tables(src, self.src_db)
        definitions = []
        qualified = re.compile(re.escape(quote_identifier(self.src_db)) + r"\.")
        with src.cursor() as cur:
            for view in views:
                cur.execute(
                    f"SHOW CREATE VIEW {quote_identifier(self.src_db)}.{quote_identifier(view)}"
                )
                ddl = cur.fetchone()[1]
                # Views name their tables with the source database; point them at the copy, and
                # drop the definer, which may not exist on staging.
                ddl = qualified.sub("", ddl)
                ddl = re.sub(r"DEFINER=`[^`]*`@`[^`]*`\s*", "", ddl)
                definitions.append(ddl)
        return definitions


def drop_temporary(target: ServerCredentials, token: str) -> bool:
    """Remove what an unfinished copy left on staging. True when there was something."""
    tmp = temporary_database(token)
    with connect(target, "staging") as conn:
        existed = database_exists(conn, tmp)
        with conn.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS {quote_identifier(tmp)}")
    return existed


def finish_replacement(target: ServerCredentials, token: str) -> bool:
    """After registration: drop the database a re-handover replaced."""
    old = replaced_database(token)
    with connect(target, "staging") as conn:
        existed = database_exists(conn, old)
        with conn.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS {quote_identifier(old)}")
    return existed


def unpublish(target: ServerCredentials, token: str) -> str:
    """Undo a publish whose registration failed: restore what it replaced, or drop it.

    The swap back is one RENAME TABLE, so readers see either the new tables or the old ones.
    (Views of the replaced database were dropped at publish and are not restored.)
    """
    assert target.database is not None
    final, old, tmp = target.database, replaced_database(token), temporary_database(token)
    q_final, q_old, q_tmp = (quote_identifier(n) for n in (final, old, tmp))
    with connect(target, "staging") as conn, conn.cursor() as cur:
        if not database_exists(conn, final):
            return "nothing was published"
        if not database_exists(conn, old):
            cur.execute(f"DROP DATABASE {q_final}")
            return f"dropped {final}"
        new_tables, new_views = list_tables(conn, final)
        old_tables, _ = list_tables(conn, old)
        for view in new_views:
            cur.execute(f"DROP VIEW {q_final}.{quote_identifier(view)}")
        cur.execute(f"CREATE DATABASE IF NOT EXISTS {q_tmp}")
        renames = [
            f"{q_final}.{quote_identifier(t)} TO {q_tmp}.{quote_identifier(t)}" for t in new_tables
        ]
        renames += [
            f"{q_old}.{quote_identifier(t)} TO {q_final}.{quote_identifier(t)}" for t in old_tables
        ]
        if renames:
            cur.execute("RENAME TABLE " + ", ".join(renames))
        cur.execute(f"DROP DATABASE {q_tmp}")
        cur.execute(f"DROP DATABASE {q_old}")
        return f"restored the previous {final}"
