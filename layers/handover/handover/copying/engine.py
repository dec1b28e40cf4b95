"""The copy engine: source database → temporary database on staging, a part at a time.

Every invocation does a bounded amount of work and returns a cursor, so a copy of any size fits
Lambda's time limit. Resuming is idempotent: before continuing a table, rows beyond the cursor
(written by an invocation that died after its last commit) are removed from the temporary copy.

- The work is cut into parts: a table, or for a big table with an integer key, a range of its
  first key column. Parts run in parallel (a Map state, or threads in the CLI), the costliest
  first.
- A part with a primary key is copied in key order (keyset pagination), a chunk at a time:
  the source builds each chunk as LOAD DATA text, or INSERT tuples for long rows
  (handover.copying.transfer), and the target loads it. Each chunk's checksum goes into the cursor.
- Tables without one (or with columns LOAD DATA cannot take) are copied in chunks of the
  source's scan order, resumed by position (`_copy_scan`).
- Secondary indexes are built after a table's rows are in (MyISAM: DISABLE/ENABLE KEYS;
  InnoDB: created without them, then added in one ALTER ... ADD KEY IF NOT EXISTS).
- Each finished table is verified: its row count and row digest (a sum of CRC32 over the
  rows) on the target must equal the sums of its parts' chunks, which the source computed as
  it sent them; so verifying reads the copy once and the source not at all.
- No statement is bound to one invocation: each is tagged (handover.dal.statements), so that
  the next invocation stops a dead one's load, or waits for its index build or digest.
- Views are created after the tables, when the copy is published (handover.copying.publish).
"""

from __future__ import annotations

import re
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import pymysql

from handover.copying import transfer
from handover.copying.keys import decode_key, encode_key
from handover.copying.names import temporary_database
from handover.copying.publish import publish_copy
from handover.copying.transfer import TableInfo, table_info
from handover.dal import statements
from handover.dal.credentials import ServerCredentials
from handover.dal.mysql import connect, database_exists, fetch_one, list_tables, quote_identifier
from handover.errors import CopyFailed
from handover.models.workflow import CopyCursor, CopyPart, CopyPlan

Connection = pymysql.connections.Connection
KEYS_DISABLED_ENGINES = ("MyISAM", "Aria")
# The most memory one index build may sort in on staging (see CopyEngine._sort_buffer).
DEFAULT_INDEX_SORT_BYTES = 512 * 1024 * 1024
QUERY_INTERRUPTED = 1317
# The copy's own table in the temporary database: each finished table's rows and row digest,
# written there by the server itself, so that a digest outlasting its invocation is not lost.
DIGESTS_TABLE = "_handover_digests"


def pages_by_key(info: TableInfo) -> bool:
    """Whether a table is copied in primary key order; if not, by position in a scan."""
    return bool(info.primary_key) and info.loadable


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
        self.token = token
        self.tmp_db = temporary_database(token)
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
                charset, collation = fetch_one(cur)
            tmp = quote_identifier(self.tmp_db)
            with tgt.cursor() as cur:
                cur.execute(f"DROP DATABASE IF EXISTS {tmp}")
                cur.execute(
                    f"CREATE DATABASE {tmp} CHARACTER SET {quote_identifier(charset)} "
                    f"COLLATE {quote_identifier(collation)}"
                )
                cur.execute(f"USE {tmp}")
                cur.execute("SET SESSION foreign_key_checks = 0")
                if DIGESTS_TABLE in tables:
                    raise CopyFailed(
                        f"the source has a table named {DIGESTS_TABLE}, a name the copy keeps "
                        "for its own bookkeeping; rename or drop it, then hand over again"
                    )
                cur.execute(
                    f"CREATE TABLE {quote_identifier(DIGESTS_TABLE)} (table_name VARCHAR(64) "
                    "PRIMARY KEY, row_count BIGINT NOT NULL, digest DECIMAL(40) NOT NULL)"
                )
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

    def temporary_exists(self) -> bool:
        """Whether the temporary database is on staging (a failed copy kept for a retry)."""
        with connect(self.target, "staging") as tgt:
            return database_exists(tgt, self.tmp_db)

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
            low, high, rows = fetch_one(cur)
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
            create = fetch_one(cur)[1]
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
        tag = self.tag("copy", part.id)
        with self._connections() as (src, tgt):
            if not database_exists(tgt, self.tmp_db):
                raise CopyFailed(
                    f"the temporary database {self.tmp_db} is gone (cancelled or cleaned up)"
                )
            # A load of an invocation that died may still be running: stop it before looking
            # at what the copy holds.
            statements.stop(tgt, tag)
            info = table_info(src, self.src_db, part.table)
            if not pages_by_key(info):
                return self._copy_scan(src, tgt, info, cursor, deadline, tag)
            last_key = decode_key(cursor.last_key) if cursor.last_key else None
            self._trim_beyond(tgt, info, part, last_key)
            rows = self.batch_rows
            # The source builds the next chunk while the target loads this one: the prefetch
            # runs on this source connection, which nothing else uses meanwhile.
            with ThreadPoolExecutor(max_workers=1) as fetcher:

                def fetch(after: Sequence[Any] | None, rows: int) -> tuple[transfer.Chunk, bytes]:
                    return transfer.fetch_chunk(
                        src,
                        self.src_db,
                        info,
                        after,
                        rows,
                        self.max_bytes,
                        lower=part.lower,
                        upper=part.upper,
                    )

                upcoming = fetcher.submit(fetch, last_key, rows)
                while True:
                    started = self.clock()
                    chunk, data = upcoming.result()
                    rows = self._next_chunk_rows(chunk.rows, started, deadline)
                    more = chunk.last_key is not None and self._time_for_more(started, deadline)
                    if more:
                        upcoming = fetcher.submit(fetch, chunk.last_key, rows)
                    transfer.load(tgt, self.tmp_db, info, data, format=chunk.format, tag=tag)
                    del data
                    cursor = cursor.model_copy(
                        update={
                            "done": chunk.last_key is None,
                            "last_key": encode_key(chunk.last_key)
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

    def _time_for_more(self, chunk_started: float, deadline: float) -> bool:
        """Whether another chunk ends before the deadline even if it takes twice as long as
        the last (servers and the Lambda's CPU are shared: a chunk's time varies)."""
        now = self.clock()
        return now + 2 * (now - chunk_started) < deadline

    def _next_chunk_rows(self, rows: int, chunk_started: float, deadline: float) -> int:
        """Rows for the next chunk: about a sixth of the invocation's budget long, so that
        a short time limit still ends between chunks rather than in one."""
        took = self.clock() - chunk_started
        if rows <= 0 or took <= 0:
            return self.batch_rows
        target = max(self.budget_seconds / 6, 0.05)
        return min(self.batch_rows, max(1_000, int(rows * target / took)))

    def _copy_scan(
        self,
        src: Connection,
        tgt: Connection,
        info: TableInfo,
        cursor: CopyCursor,
        deadline: float,
        tag: str,
    ) -> CopyCursor:
        """Tables with no key to page on (no primary key, or types LOAD DATA cannot take):
        chunks of the source's scan order, resumed by position.

        The copy holds the first `rows_copied` rows of that order, plus any rows a dead
        invocation loaded after its last checkpoint: loads only ever append, in order, and a
        killed one stops at a row (`statements.stop` has ended it). So the copy's row count
        says where to go on from; the rows beyond the checkpoint are read again only to add
        their checksums, never loaded twice."""
        table = f"{quote_identifier(self.tmp_db)}.{quote_identifier(info.name)}"
        with tgt.cursor() as cur:
            cur.execute(f"SELECT COUNT(*) FROM {table}")
            present = int(fetch_one(cur)[0])
        if present < cursor.rows_copied:
            raise CopyFailed(
                f"the copy of {info.name} holds {present} rows, fewer than the "
                f"{cursor.rows_copied} its checkpoint says were copied"
            )
        most = max(1, self.max_bytes // (2 * max(info.avg_row_length, 1)))  # by bytes
        rows = min(self.batch_rows, most)
        stream = transfer.stream_from(src, self.src_db, info, cursor.rows_copied)
        finished = False
        try:
            # Rows already in the copy: counted, not loaded.
            behind = present - cursor.rows_copied
            while behind > 0:
                batch = stream.fetchmany(min(behind, rows))
                if not batch:
                    raise CopyFailed(f"the copy of {info.name} holds more rows than its source")
                cursor = self._advance(cursor, batch, info)
                behind -= len(batch)
            while True:
                started = self.clock()
                batch = stream.fetchmany(rows)
                if info.loadable:
                    data = b"\n".join(line for (line,) in batch)
                    transfer.load(tgt, self.tmp_db, info, data + b"\n" if batch else b"", tag=tag)
                else:
                    values = ",".join(tgt.escape(tuple(row[1:])) for row in batch)
                    if values:
                        transfer.insert_tuples(
                            tgt,
                            self.tmp_db,
                            info,
                            values.encode("utf8", "surrogateescape"),
                            tag=tag,
                        )
                cursor = self._advance(cursor, batch, info, chunk=True)
                finished = len(batch) < rows
                cursor = cursor.model_copy(update={"done": finished})
                if self.on_chunk:
                    self.on_chunk(cursor)
                if finished or not self._time_for_more(started, deadline):
                    return cursor
                rows = min(most, self._next_chunk_rows(len(batch), started, deadline))
        finally:
            if not finished:
                self._abandon(stream, src)

    def _abandon(self, stream: pymysql.cursors.SSCursor, src: Connection) -> None:
        """End a stream part-read. Closing it would read it to its end first, and a billion
        rows would outlast the invocation: so its statement is killed first."""
        try:
            with connect(self.source, "source") as other:
                statements.kill_query(other, src.thread_id())
            stream.close()
        except (pymysql.err.MySQLError, OSError, AttributeError) as exc:
            # The stream's connection may be gone already (a lost target, a net timeout);
            # the invocation's own error, if any, is the one worth raising.
            if isinstance(exc, pymysql.err.OperationalError) and exc.args[0] not in (
                QUERY_INTERRUPTED,
                *range(2000, 2100),
            ):
                raise

    @staticmethod
    def _advance(
        cursor: CopyCursor, batch: Sequence[tuple[Any, ...]], info: TableInfo, chunk: bool = False
    ) -> CopyCursor:
        """The cursor after `batch` (rows of `transfer.stream_from`) is in the copy."""
        if info.loadable:
            size = sum(len(line) + 1 for (line,) in batch)
            checksum = sum(zlib.crc32(line) for (line,) in batch)
        else:
            size = sum(sum(len(v) for v in row[1:] if isinstance(v, bytes)) for row in batch)
            checksum = sum(int(row[0]) for row in batch)
        return cursor.model_copy(
            update={
                "rows_copied": cursor.rows_copied + len(batch),
                "bytes_copied": cursor.bytes_copied + size,
                "chunks": cursor.chunks + int(chunk),
                "checksum": (cursor.checksum or 0) + checksum,
            }
        )

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

    def finish_table(self, table: str, expected: tuple[int, int] | None) -> int | None:
        """Build the table's secondary indexes, then verify it: its rows and row digest on the
        target must be `expected`, the source's as the copy added them up (`source_digest`).
        Returns the rows, or None when the work outlasts this invocation's budget: call again.

        The index build and the digest run on the server in statements of their own
        (`statements.Detached`), tagged: one that outlasts its invocation keeps running, and
        the next invocation waits for it instead of starting it again. The digest is written
        into the copy's DIGESTS_TABLE by the server, so it survives the invocation too."""
        if expected is None:
            raise CopyFailed(
                f"the copy of {table} lacks its parts' checksums; hand the database over again"
            )
        deadline = self.clock() + self.budget_seconds
        tag = self.tag("finish", table)
        with self._connections() as (src, tgt):
            if not statements.wait_for(tgt, tag, deadline, clock=self.clock):
                return None
            info = table_info(src, self.src_db, table)
            build = self._index_build(src, tgt, info)
            if build is not None:
                running = statements.Detached(
                    self.target, "staging", f"{tag} {build}", self._session_for(info.engine)
                )
                if not running.wait(deadline, clock=self.clock):
                    return None
            digest = self._stored_digest(tgt, table)
            if digest is None:
                running = statements.Detached(
                    self.target,
                    "staging",
                    f"{tag} {self.digest_statement(tgt, info)}",
                    transfer.prepare_session,
                )
                if not running.wait(deadline, clock=self.clock):
                    return None
                digest = self._stored_digest(tgt, table)
        assert digest is not None  # the statement that writes it has ended without error
        (rows, source_sum), (found, copy_sum) = expected, digest
        if rows != found:
            raise CopyFailed(f"the copy of {table} has {found} rows, the source {rows}")
        if source_sum != copy_sum:
            raise CopyFailed(
                f"the copy of {table} does not match the source (row digest {copy_sum} != {source_sum})"
            )
        return rows

    def _index_build(self, src: Connection, tgt: Connection, info: TableInfo) -> str | None:
        """The statement that builds the table's secondary indexes, or None if they are built."""
        tmp_table = f"{quote_identifier(self.tmp_db)}.{quote_identifier(info.name)}"
        with tgt.cursor() as cur:
            if info.engine in KEYS_DISABLED_ENGINES:
                cur.execute(
                    "SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = %s "
                    "AND TABLE_NAME = %s AND COMMENT = 'disabled'",
                    (self.tmp_db, info.name),
                )
                disabled = int(fetch_one(cur)[0])
                return f"ALTER TABLE {tmp_table} ENABLE KEYS" if disabled else None
        _create, deferred = transfer.split_secondary_indexes(
            self._create_statement(src, info.name)[0]
        )
        if not deferred or self._index_count(tgt, self.tmp_db, info.name) >= self._index_count(
            src, self.src_db, info.name
        ):
            return None
        return f"ALTER TABLE {tmp_table} " + ", ".join(deferred)

    @staticmethod
    def _index_count(conn: Connection, database: str, table: str) -> int:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT COUNT(DISTINCT INDEX_NAME) FROM information_schema.STATISTICS "
                "WHERE TABLE_SCHEMA = %s AND TABLE_NAME = %s",
                (database, table),
            )
            return int(fetch_one(cur)[0])

    def digest_statement(self, tgt: Connection, info: TableInfo) -> str:
        """The statement by which the server digests a table of the copy into DIGESTS_TABLE
        (run in a session prepared by `transfer.prepare_session`)."""
        tmp = quote_identifier(self.tmp_db)
        return (
            f"REPLACE INTO {tmp}.{quote_identifier(DIGESTS_TABLE)} SELECT {tgt.escape(info.name)}, "
            f"COUNT(*), IFNULL(SUM(CRC32({info.digest_expression})), 0) "
            f"FROM {tmp}.{quote_identifier(info.name)}"
        )

    def _stored_digest(self, tgt: Connection, table: str) -> tuple[int, int] | None:
        with tgt.cursor() as cur:
            cur.execute(
                f"SELECT row_count, digest FROM {quote_identifier(self.tmp_db)}."
                f"{quote_identifier(DIGESTS_TABLE)} WHERE table_name = %s",
                (table,),
            )
            row = cur.fetchone()
        return (int(row[0]), int(row[1])) if row else None

    def _session_for(self, engine: str) -> Callable[[Connection], None]:
        def prepare(conn: Connection) -> None:
            transfer.prepare_session(conn)
            if engine in KEYS_DISABLED_ENGINES:
                with conn.cursor() as cur:
                    self._sort_buffer(cur, engine)

        return prepare

    def tag(self, *unit: str) -> str:
        """The marker of this copy's statements for one unit of work (handover.dal.statements)."""
        return statements.marker(self.token, *unit)

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
        """Move the verified copy under its final name (handover.copying.publish)."""
        with self._connections() as (src, tgt):
            publish_copy(src, tgt, self.src_db, self.final_db, self.token)
