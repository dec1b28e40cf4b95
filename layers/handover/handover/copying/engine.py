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
- Tables without one are streamed whole within one invocation; a resumed copy starts such a
  table again from empty. (They are small in Ensembl schemas: meta_coord and the like.)
- Secondary indexes are built after a table's rows are in (MyISAM: DISABLE/ENABLE KEYS;
  InnoDB: created without them, then added in one ALTER ... ADD KEY IF NOT EXISTS).
- Each finished table is verified: its row count and row digest (a sum of CRC32 over the
  rows) on the target must equal the sums of its parts' chunks, which the source computed as
  it sent them; so verifying reads the copy once and the source not at all. Parts copied
  without chunk checksums (tables of BIT or spatial columns) are digested on the source.
- Views are created after the tables, when the copy is published (handover.copying.publish).
"""

from __future__ import annotations

import re
import time
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
from handover.dal.credentials import ServerCredentials
from handover.dal.mysql import connect, database_exists, fetch_one, list_tables, quote_identifier
from handover.errors import CopyFailed
from handover.models.workflow import CopyCursor, CopyPart, CopyPlan

Connection = pymysql.connections.Connection
KEYS_DISABLED_ENGINES = ("MyISAM", "Aria")
# The most memory one index build may sort in on staging (see CopyEngine._sort_buffer).
DEFAULT_INDEX_SORT_BYTES = 512 * 1024 * 1024


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
        with self._connections() as (src, tgt):
            if not database_exists(tgt, self.tmp_db):
                raise CopyFailed(
                    f"the temporary database {self.tmp_db} is gone (cancelled or cleaned up)"
                )
            info = table_info(src, self.src_db, part.table)
            if not info.primary_key or not info.loadable:
                return self._copy_whole(src, tgt, info, cursor)
            last_key = decode_key(cursor.last_key) if cursor.last_key else None
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
                source = on_source.result() if on_source is not None else expected
        assert source is not None  # one of the two is always there
        rows, source_sum = source
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
        """Move the verified copy under its final name (handover.copying.publish)."""
        with self._connections() as (src, tgt):
            publish_copy(src, tgt, self.src_db, self.final_db, self.token)
