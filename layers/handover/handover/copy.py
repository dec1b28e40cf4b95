"""The copy step: source database → temporary database on staging → published under its name.

Every invocation does a bounded amount of work and returns a cursor, so a copy of any size fits
Lambda's time limit. Resuming is idempotent: before continuing a table, rows beyond the cursor
(written by an invocation that died after its last commit) are removed from the temporary copy.

- The work is cut into parts: a table, or for a big table with an integer key, a range of its
  first key column. Parts run in parallel (a Map state, or threads in the CLI), the costliest
  first; in the CLI a thread that copies a table's last part then finishes that table.
- A part with a primary key is copied in key order (keyset pagination), a chunk at a time:
  the source builds each chunk as LOAD DATA text, or INSERT tuples for long rows
  (handover.transfer), and the target loads it. Each chunk's checksum goes into the cursor.
- Tables without one are streamed whole within one invocation; a resumed copy starts such a
  table again from empty. (They are small in Ensembl schemas: meta_coord and the like.)
- Secondary indexes are built after a table's rows are in (MyISAM: DISABLE/ENABLE KEYS;
  InnoDB: created without them, then added in one ALTER ... ADD KEY IF NOT EXISTS).
- Each finished table is verified: its row count and row digest (a sum of CRC32 over the
  rows) on the target must equal the sums of its parts' chunks, which the source computed as
  it sent them; so verifying reads the copy once and the source not at all. Parts copied
  without chunk checksums (tables of BIT or spatial columns) are digested on the source.
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
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import pymysql

from handover import transfer
from handover.credentials import ServerCredentials
from handover.errors import CopyFailed
from handover.models import CopyCursor, CopyPart, CopyPlan
from handover.mysql import connect, database_exists, quote_identifier
from handover.rules import replaced_database, temporary_database
from handover.transfer import TableInfo, table_info

Connection = pymysql.connections.Connection
KEYS_DISABLED_ENGINES = ("MyISAM", "Aria")
# The most memory one index build may sort in on staging (see CopyEngine._sort_buffer).
DEFAULT_INDEX_SORT_BYTES = 512 * 1024 * 1024


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


def source_digest(table: str, cursors: Iterable[CopyCursor]) -> tuple[int, int] | None:
    """Rows and row digest of a table's source, added up from its parts' final cursors; None
    unless every part is done with a checksum."""
    mine = [c for c in cursors if c.part.table == table]
    if not mine or len(mine) != mine[0].part.parts:
        return None
    if not all(c.done and c.checksum is not None for c in mine):
        return None
    return sum(c.rows_copied for c in mine), sum(c.checksum or 0 for c in mine)


def _copy_cost(info: TableInfo) -> int:
    """A rough measure of the work of copying a table and building its indexes: the rows and
    values that both servers handle one by one (a row costs about as much as 8 values), and
    the bytes. Over the benchmark's tables it ranks them as they took: exon (7.3 s),
    exon_transcript and transcript (2.5 and 4.5 s), translation, dna, gene (1.4 s)."""
    return info.rows * (len(info.columns) + 8) + info.rows * info.avg_row_length // 64


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
    """Copies one database into a temporary one on staging, in parts, then publishes it.

    prepare() → parts; copy_part() for each part, until its cursor is done (parts may run in
    parallel, each on its own connections); finish_table() for each table; publish().
    """

    def __init__(
        self,
        source: ServerCredentials,
        target: ServerCredentials,
        token: str,
        *,
        batch_rows: int = 1_000_000,
        budget_seconds: float = 60.0,
        chunk_bytes: int | None = None,
        split_rows: int = 2_000_000,
        index_sort_bytes: int = DEFAULT_INDEX_SORT_BYTES,
        clock: Callable[[], float] = time.monotonic,
        on_chunk: Callable[[CopyCursor], None] | None = None,
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
        self.chunk_bytes = chunk_bytes
        self.split_rows = split_rows
        self.index_sort_bytes = index_sort_bytes
        self.clock = clock
        # Called after every committed chunk, e.g. to checkpoint the cursor on the job.
        self.on_chunk = on_chunk

    @contextmanager
    def _connections(self) -> Iterator[tuple[Connection, Connection]]:
        with (
            connect(self.source, "source") as src,
            connect(self.target, "staging", local_infile=True) as tgt,
        ):
            if not database_exists(src, self.src_db):
                raise CopyFailed(f"source database {self.src_db} has disappeared")
            # An INSERT chunk is one statement, so it must fit the target's packet too.
            self.max_bytes = min(
                transfer.prepare_session(src, packet=self.chunk_bytes),
                transfer.prepare_session(tgt),
            )
            yield src, tgt

    # --- prepare ---

    def prepare(self) -> CopyPlan:
        """Create the temporary database and every table, as the source defines them, and
        cut the work into parts: big tables with an integer key into key ranges."""
        with self._connections() as (src, tgt):
            tables, _views = list_tables(src, self.src_db)
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
                    create, engine = self._create_statement(src, table)
                    if engine not in KEYS_DISABLED_ENGINES:
                        create, _deferred = transfer.split_secondary_indexes(create)
                    cur.execute(create)
                    if engine in KEYS_DISABLED_ENGINES:
                        cur.execute(f"ALTER TABLE {quote_identifier(table)} DISABLE KEYS")
            infos = [table_info(src, self.src_db, table) for table in tables]
            # The costliest first, so that the copy does not end with one big part (and its
            # table's index build) running alone while the other threads idle.
            infos.sort(key=lambda info: -_copy_cost(info))
            parts = [part for info in infos for part in self._parts(src, info)]
        return CopyPlan(parts=parts, tables=tables)

    def _parts(self, src: Connection, info: TableInfo) -> list[CopyPart]:
        table = info.name
        key_type = info.key_types[0] if info.key_types else ""
        if not info.primary_key or not info.loadable or key_type not in transfer.INTEGER_TYPES:
            return [CopyPart(table=table)]
        with src.cursor() as cur:
            first = quote_identifier(info.primary_key[0])
            cur.execute(
                f"SELECT MIN({first}), MAX({first}), COUNT(*) FROM "
                f"{quote_identifier(self.src_db)}.{quote_identifier(table)}"
            )
            low, high, rows = cur.fetchone()
        count = min(16, -(-int(rows) // self.split_rows)) if rows else 1
        if count <= 1 or low is None or high - low < count:
            return [CopyPart(table=table)]
        step = (int(high) - int(low) + 1) // count
        bounds = [int(low) + i * step for i in range(1, count)]
        edges: list[int | None] = [None, *bounds, None]
        return [
            CopyPart(table=table, part=i, parts=count, lower=edges[i], upper=edges[i + 1])
            for i in range(count)
        ]

    def _create_statement(self, src: Connection, table: str) -> tuple[str, str]:
        with src.cursor() as cur:
            cur.execute(
                f"SHOW CREATE TABLE {quote_identifier(self.src_db)}.{quote_identifier(table)}"
            )
            create = cur.fetchone()[1]
        match = re.search(r"\) ENGINE=(\w+)", create)
        return create, match[1] if match else ""

    # --- copy ---

    def copy_part(self, cursor: CopyCursor) -> CopyCursor:
        """Copy one part until it is done or the time budget is spent."""
        if cursor.done:
            # A retry of the invocation that finished the part (its reply was lost): starting
            # over would trim the part and count its rows twice.
            return cursor
        deadline = self.clock() + self.budget_seconds
        cursor = cursor.model_copy(update={"invocations": cursor.invocations + 1})
        if cursor.chunks == 0:
            cursor = cursor.model_copy(update={"checksum": 0})  # a fresh start knows its sum
        part = cursor.part
        with self._connections() as (src, tgt):
            if not database_exists(tgt, self.tmp_db):
                raise CopyFailed(
                    f"the temporary database {self.tmp_db} is gone (cancelled or cleaned up)"
                )
            info = table_info(src, self.src_db, part.table)
            if not info.primary_key or not info.loadable:
                return self._copy_whole(src, tgt, info, cursor)
            last_key = _decode_key(cursor.last_key) if cursor.last_key else None
            self._trim_beyond(tgt, info, part, last_key)
            # The source builds the next chunk while the target loads this one: the prefetch
            # runs on this source connection, which nothing else uses meanwhile.
            with ThreadPoolExecutor(max_workers=1) as fetcher:

                def fetch(after: Sequence[Any] | None) -> tuple[transfer.Chunk, bytes]:
                    return transfer.fetch_chunk(
                        src,
                        self.src_db,
                        info,
                        after,
                        self.batch_rows,
                        self.max_bytes,
                        lower=part.lower,
                        upper=part.upper,
                    )

                upcoming = fetcher.submit(fetch, last_key)
                while True:
                    chunk, data = upcoming.result()
                    more = chunk.last_key is not None and self.clock() < deadline
                    if more:
                        upcoming = fetcher.submit(fetch, chunk.last_key)
                    transfer.load(tgt, self.tmp_db, info, data, format=chunk.format)
                    del data
                    cursor = cursor.model_copy(
                        update={
                            "done": chunk.last_key is None,
                            "last_key": _encode_key(chunk.last_key)
                            if chunk.last_key is not None
                            else None,
                            "rows_copied": cursor.rows_copied + chunk.rows,
                            "bytes_copied": cursor.bytes_copied + chunk.bytes,
                            "chunks": cursor.chunks + 1,
                            "checksum": None
                            if cursor.checksum is None
                            else cursor.checksum + chunk.checksum,
                        }
                    )
                    if self.on_chunk:
                        self.on_chunk(cursor)
                    if not more:
                        return cursor

    def _copy_whole(
        self, src: Connection, tgt: Connection, info: TableInfo, cursor: CopyCursor
    ) -> CopyCursor:
        """Tables without a primary key (or with types LOAD DATA cannot take): all at once."""
        self._trim_beyond(tgt, info, cursor.part, None)
        rows = size = 0
        checksum: int | None = 0
        if info.loadable:
            stream = transfer.stream_all_lines(src, self.src_db, info)
            try:
                while lines := stream.fetchmany(10_000):
                    data = b"\n".join(line for (line,) in lines)
                    checksum = (checksum or 0) + transfer.lines_checksum(data)
                    transfer.load(tgt, self.tmp_db, info, data + b"\n")
                    rows, size = rows + len(lines), size + len(data) + 1
            finally:
                stream.close()
        else:
            rows, checksum = self._insert_all(src, tgt, info), None
        cursor = cursor.model_copy(
            update={
                "done": True,
                "rows_copied": rows,
                "bytes_copied": size,
                "chunks": cursor.chunks + 1,
                "checksum": checksum,
            }
        )
        if self.on_chunk:
            self.on_chunk(cursor)
        return cursor

    def _insert_all(self, src: Connection, tgt: Connection, info: TableInfo) -> int:
        columns = ", ".join(quote_identifier(c) for c in info.column_names)
        marks = ", ".join(["%s"] * len(info.columns))
        insert = (
            f"INSERT INTO {quote_identifier(self.tmp_db)}.{quote_identifier(info.name)} "
            f"({columns}) VALUES ({marks})"
        )
        copied = 0
        stream = src.cursor(pymysql.cursors.SSCursor)
        try:
            stream.execute(
                f"SELECT {columns} FROM {quote_identifier(self.src_db)}.{quote_identifier(info.name)}"
            )
            while rows := stream.fetchmany(1000):
                with tgt.cursor() as cur:
                    cur.executemany(insert, rows)
                copied += len(rows)
        finally:
            stream.close()
        return copied

    def _trim_beyond(
        self, tgt: Connection, info: TableInfo, part: CopyPart, last_key: list[Any] | None
    ) -> None:
        """Remove rows of this part that a dead invocation wrote after its last cursor."""
        table = f"{quote_identifier(self.tmp_db)}.{quote_identifier(info.name)}"
        params: list[Any] = []
        where = transfer.part_range(info, params, part.lower, part.upper)
        if last_key is not None:
            where += " AND " + transfer.key_after(info.primary_key, params, last_key)
        with tgt.cursor() as cur:
            cur.execute(f"DELETE FROM {table} WHERE {where}", params)

    # --- finish and publish ---

    def finish_table(self, table: str, expected: tuple[int, int] | None = None) -> int:
        """Build the table's secondary indexes, then verify it against the source. Idempotent.

        `expected` is the source's rows and row digest as the copy added them up
        (`source_digest`); without it the source digests its table while the target builds
        indexes.
        """
        with self._connections() as (src, tgt):
            info = table_info(src, self.src_db, table)
            deferred: list[str] = []
            if info.engine not in KEYS_DISABLED_ENGINES:
                _create, deferred = transfer.split_secondary_indexes(
                    self._create_statement(src, table)[0]
                )
            tmp_table = f"{quote_identifier(self.tmp_db)}.{quote_identifier(table)}"
            with ThreadPoolExecutor(max_workers=1) as other:
                on_source = (
                    None
                    if expected is not None
                    else other.submit(transfer.row_digest, src, self.src_db, info)
                )
                with tgt.cursor() as cur:
                    if info.engine in KEYS_DISABLED_ENGINES:
                        self._sort_buffer(cur, info.engine)
                        cur.execute(f"ALTER TABLE {tmp_table} ENABLE KEYS")
                    elif deferred:
                        cur.execute(f"ALTER TABLE {tmp_table} " + ", ".join(deferred))
                found, copy_sum = transfer.row_digest(tgt, self.tmp_db, info)
                rows, source_sum = expected if on_source is None else on_source.result()
        if rows != found:
            raise CopyFailed(f"the copy of {table} has {found} rows, the source {rows}")
        if source_sum != copy_sum:
            raise CopyFailed(
                f"the copy of {table} does not match the source (row digest {copy_sum} != {source_sum})"
            )
        return rows

    def _sort_buffer(self, cur: pymysql.cursors.Cursor, engine: str) -> None:
        """Let the index build sort in memory, up to `index_sort_bytes` (never less than the
        server's own setting).

        MyISAM sorts each index's keys in its sort buffer, merging runs through temporary
        files when they do not fit. Rebuilding exon's indexes (1M rows, a VARCHAR(128) key)
        took 2.4 s of CPU with the default 128 MB, 1.2 s with 256 MB or more. The server
        allocates only what the keys need, so a small table never takes the whole amount.
        """
        variable = "aria_sort_buffer_size" if engine == "Aria" else "myisam_sort_buffer_size"
        if self.index_sort_bytes:
            cur.execute(
                f"SET SESSION {variable} = GREATEST(@@{variable}, %s)", (self.index_sort_bytes,)
            )

    def publish(self) -> None:
        with self._connections() as (src, tgt):
            tables, _views = list_tables(src, self.src_db)
            self._publish(src, tgt, tables)

    # --- all of it, here and now (the CLI, tests and benchmarks) ---

    def copy_all(
        self, *, parallel: int = 1, on_progress: Callable[[CopyCursor], None] | None = None
    ) -> CopyPlan:
        """Prepare, copy and finish every part and table on `parallel` threads, publish."""
        plan = self.prepare()
        self.run_parts(plan, parallel=parallel, on_progress=on_progress)
        self.publish()
        return plan

    def run_parts(
        self,
        plan: CopyPlan,
        *,
        parallel: int = 1,
        resume: Mapping[str, CopyCursor] | None = None,
        verified: Collection[str] = (),
        on_progress: Callable[[CopyCursor], None] | None = None,
        on_verified: Callable[[str], None] | None = None,
    ) -> list[CopyCursor]:
        """Copy every part, resuming from `resume` (cursors by part id), and finish every table
        not yet `verified`, on `parallel` threads.

        The thread that copies a table's last part then finishes that table, before it takes
        another part. So no more than `parallel` things run at once (finishing on extra
        threads while parts still copied measured slower, 28-30 s against 25-26 s, as the
        two fight for CPU), and with the costliest parts first, no big index build is left
        to run alone at the end: idle CPU during the benchmark's copy fell from 1.7-1.9 to
        0.6-0.7 core-seconds against copying everything before finishing anything.
        """
        resume = resume or {}
        left = Counter(part.table for part in plan.parts)
        copied: list[CopyCursor] = []
        lock = threading.Lock()

        def copy(part: CopyPart) -> CopyCursor:
            cursor = resume.get(part.id) or CopyCursor(part=part)
            while not cursor.done:
                cursor = self.copy_part(cursor)
                if on_progress:
                    on_progress(cursor)
            with lock:
                copied.append(cursor)
                left[part.table] -= 1
                # The last part of its table: every other part's cursor is in already.
                done = list(copied) if left[part.table] == 0 else None
            if done is not None and part.table not in verified:
                self.finish_table(part.table, source_digest(part.table, done))
                if on_verified:
                    on_verified(part.table)
            return cursor

        with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
            result = [future.result() for future in [pool.submit(copy, p) for p in plan.parts]]
        return result

    def _publish(self, src: Connection, tgt: Connection, tables: list[str]) -> None:
        if not database_exists(tgt, self.tmp_db):
            if database_exists(tgt, self.final_db):
                return
            raise CopyFailed(f"the temporary copy {self.tmp_db} has gone before it was published")
        final, tmp, old = (quote_identifier(n) for n in (self.final_db, self.tmp_db, self.old_db))
        with tgt.cursor() as cur:
            if tables and not list_tables(tgt, self.tmp_db)[0]:
                # The RENAME (atomic) is done: an invocation died before it dropped the empty
                # temporary database. Renaming again would park the new copy as the old one.
                self._finish_publish(src, cur)
                return
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
            self._finish_publish(src, cur)

    def _finish_publish(self, src: Connection, cur: pymysql.cursors.Cursor) -> None:
        """Create the views in the published database, then drop the temporary one."""
        cur.execute(f"USE {quote_identifier(self.final_db)}")
        for definition in self._view_definitions(src):
            cur.execute(definition)
        cur.execute(f"DROP DATABASE {quote_identifier(self.tmp_db)}")

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
                ddl = re.sub(r"^CREATE ", "CREATE OR REPLACE ", ddl)  # a retried publish
                definitions.append(ddl)
        return definitions


_LEFTOVER = re.compile(r"^_handover_(tmp|old)_([0-9a-f]{32})$")


def leftovers(server: ServerCredentials) -> list[tuple[str, str, str]]:
    """(database, "tmp" or "old", token) of every temporary copy and parked database on a
    staging server."""
    with connect(server, "staging") as conn, conn.cursor() as cur:
        cur.execute("SHOW DATABASES LIKE '\\_handover\\_%'")
        names = [r[0] for r in cur.fetchall()]
    found = []
    for name in names:
        if match := _LEFTOVER.match(name):
            found.append((name, match[1], str(uuid.UUID(match[2]))))
    return found


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
