"""The copy engine against two real servers: identical data, resumable, atomic publish."""

import threading
import time
import uuid

import pymysql
import pytest

from handover.copying.engine import CopyEngine, pages_by_key, source_digest
from handover.copying.leftovers import drop_temporary
from handover.copying.names import replaced_database, temporary_database
from handover.copying.publish import finish_replacement, unpublish
from handover.copying.transfer import (
    SCAN_CHUNKS,
    Column,
    TableInfo,
    fetch_chunk,
    load,
    prepare_session,
    row_digest,
    table_info,
)
from handover.dal.credentials import ServerCredentials
from handover.dal.mysql import connect as connect_to
from handover.errors import CopyFailed
from handover.models.workflow import CopyCursor
from handover_cli.local.parallel import copy_all
from handover_cli.local.servers import secret_for_uri

from .conftest import Server, leftovers, table_checksums


def creds(server: Server, database: str) -> ServerCredentials:
    s = secret_for_uri(server.uri)
    return ServerCredentials(s["host"], s["port"], s["username"], s["password"], database)


@pytest.fixture
def awkward_db(source: Server):
    """Every kind of table the copy must get right."""
    name = f"awkward_{uuid.uuid4().hex[:8]}"
    source.query(f"CREATE DATABASE `{name}` CHARACTER SET latin1")
    statements = [
        "CREATE TABLE plain (id INT PRIMARY KEY, txt VARCHAR(50) NULL, n DOUBLE NULL) ENGINE=MyISAM",
        "CREATE TABLE blobs (id INT PRIMARY KEY, data LONGBLOB NULL) ENGINE=InnoDB",
        "CREATE TABLE unicode (id INT PRIMARY KEY, s VARCHAR(100) CHARACTER SET utf8mb4) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
        "CREATE TABLE latin (id INT PRIMARY KEY, s VARCHAR(100)) ENGINE=MyISAM DEFAULT CHARSET=latin1",
        "CREATE TABLE empty_one (id INT PRIMARY KEY) ENGINE=MyISAM",
        "CREATE TABLE composite (a INT, b VARCHAR(20), c INT, PRIMARY KEY (a, b)) ENGINE=InnoDB",
        "CREATE TABLE nokey (x INT, y VARCHAR(20)) ENGINE=MyISAM",
        "CREATE TABLE dates (d DATE, t DATETIME(3), v DECIMAL(10,3), PRIMARY KEY (d)) ENGINE=InnoDB",
        "CREATE TABLE generated (id INT PRIMARY KEY, a INT, doubled INT AS (a * 2) VIRTUAL) ENGINE=InnoDB",
        "CREATE TABLE floats (id INT PRIMARY KEY, f FLOAT, ts TIMESTAMP NULL) ENGINE=InnoDB",
        "CREATE TABLE bits (id INT PRIMARY KEY, b BIT(5)) ENGINE=MyISAM",
        "CREATE TABLE escapes (id INT PRIMARY KEY, s TEXT CHARACTER SET utf8mb4, raw VARBINARY(20)) ENGINE=MyISAM",
        # Integers only: loaded as INSERT tuples made of the LOAD DATA lines.
        "CREATE TABLE numbers (id INT PRIMARY KEY, small TINYINT NULL, big BIGINT UNSIGNED NULL, "
        "neg BIGINT NOT NULL, m MEDIUMINT NULL) ENGINE=MyISAM",
        "CREATE TABLE int_pairs (a INT NULL, b SMALLINT NULL) ENGINE=MyISAM",
        "CREATE TABLE indexed (id INT PRIMARY KEY, a INT, b VARCHAR(10), KEY a_idx (a), UNIQUE KEY b_idx (b)) ENGINE=InnoDB",
        # Rows long enough (like dna's) to travel as INSERT literals rather than LOAD DATA.
        "CREATE TABLE long_rows (id INT PRIMARY KEY, seq LONGTEXT, raw LONGBLOB, note VARCHAR(40) "
        "CHARACTER SET utf8mb4, f FLOAT, at DATETIME, amount DECIMAL(8,2)) ENGINE=MyISAM",
    ]
    for sql in statements:
        source.query(sql, database=name)
    with source.connect(name) as conn, conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO plain VALUES (%s, %s, %s)",
            [
                (i, None if i % 7 == 0 else f"row {i}", None if i % 5 == 0 else i / 3)
                for i in range(1, 1001)
            ],
        )
        cur.executemany(
            "INSERT INTO blobs VALUES (%s, %s)",
            [(i, None if i == 3 else bytes(range(256)) * i) for i in range(1, 41)],
        )
        cur.executemany(
            "INSERT INTO unicode VALUES (%s, %s)",
            [(i, f"Ωmega 🧬 {i} ü 中文") for i in range(1, 301)],
        )
        cur.executemany(
            "INSERT INTO latin VALUES (%s, %s)", [(i, f"Güell Ñandú {i}") for i in range(1, 301)]
        )
        cur.executemany(
            "INSERT INTO composite VALUES (%s, %s, %s)",
            [(i % 17, f"k{i}", i) for i in range(1, 801)],
        )
        cur.executemany("INSERT INTO nokey VALUES (%s, %s)", [(i % 10, "dup") for i in range(500)])
        cur.executemany(
            "INSERT INTO dates VALUES (DATE_ADD('2000-01-01', INTERVAL %s DAY), NOW(3), %s)",
            [(i, i * 1.125) for i in range(300)],
        )
        cur.executemany(
            "INSERT INTO generated (id, a) VALUES (%s, %s)", [(i, i) for i in range(1, 101)]
        )
        cur.executemany(
            "INSERT INTO floats VALUES (%s, %s, FROM_UNIXTIME(%s))",
            [(i, 3.14159265 / i, 1_600_000_000 + i) for i in range(1, 201)],
        )
        cur.executemany("INSERT INTO bits VALUES (%s, %s)", [(i, i % 32) for i in range(1, 51)])
        cur.executemany(
            "INSERT INTO escapes VALUES (%s, %s, %s)",
            [
                (1, "tab\there\nnewline \\ backslash \0 nul", b"\t\n\\\x00N"),
                (2, "\\N", b"\\N"),
                (3, "", b""),
                (4, None, None),
                (5, "ends with backslash\\", b"\xff\\"),
            ],
        )
        cur.executemany(
            "INSERT INTO numbers VALUES (%s, %s, %s, %s, %s)",
            [
                (
                    i,
                    None if i % 3 == 0 else i % 256 - 128,
                    None if i % 5 == 0 else 18446744073709551615 - i,
                    -9223372036854775808 + i,
                    None if i % 7 == 0 else -i,
                )
                for i in range(1, 401)
            ],
        )
        cur.executemany(
            "INSERT INTO int_pairs VALUES (%s, %s)",
            [(None if i % 4 == 0 else i, None if i % 6 == 0 else -i) for i in range(300)],
        )
        cur.executemany(
            "INSERT INTO indexed VALUES (%s, %s, %s)", [(i, i % 7, f"b{i}") for i in range(1, 501)]
        )
        cur.executemany(
            "INSERT INTO long_rows VALUES (%s, %s, %s, %s, %s, %s, %s)",
            [
                (
                    i,
                    "ACGTN'\"\\\x1a\t\n" * (2000 + i) if i % 9 else None,
                    bytes(range(256)) * 40 if i % 4 else b"",
                    None if i % 5 == 0 else f"Ωmega 🧬 '{i}'",
                    None if i % 6 == 0 else 1 / i,
                    f"2024-02-{i % 28 + 1:02d} 12:34:56",
                    i * 1.25,
                )
                for i in range(1, 61)
            ],
        )
        cur.execute("CREATE VIEW plain_named AS SELECT id, txt FROM plain WHERE txt IS NOT NULL")
    yield name
    source.query(f"DROP DATABASE IF EXISTS `{name}`")


def finish(copier: CopyEngine, table: str, cursors: list[CopyCursor]) -> int:
    """Index and verify a table, calling again while its statements run on."""
    while (rows := copier.finish_table(table, source_digest(table, cursors))) is None:
        pass
    return rows


def engine(
    source, staging, src_db: str, target: str, token: str | None = None, **options
) -> CopyEngine:
    return CopyEngine(
        creds(source, src_db), creds(staging, target), token or str(uuid.uuid4()), **options
    )


def test_copy_with_tiny_chunks_is_identical(source, staging, awkward_db):
    token = str(uuid.uuid4())
    target = f"copy_{uuid.uuid4().hex[:8]}"
    cursors = []
    copier = engine(
        source, staging, awkward_db, target, token, batch_rows=37, budget_seconds=0, split_rows=300
    )
    plan = copy_all(copier, parallel=3, on_progress=cursors.append)
    assert len(cursors) > 20  # it really was done in many invocations
    assert sum(p.parts > 1 for p in plan.parts) > 2  # and big tables in key ranges
    assert table_checksums(staging, target) == table_checksums(source, awkward_db)
    # The digests the copy added up chunk by chunk (the client's CRCs on the LOAD DATA path,
    # the source's on the INSERT path) are the source's own.
    final = {c.part.id: c for c in cursors if c.done}
    with source.connect(awkward_db) as conn:
        assert table_info(conn, awkward_db, "long_rows").chunk_format == "insert"
        assert table_info(conn, awkward_db, "plain").chunk_format == "load"
        assert table_info(conn, awkward_db, "numbers").integers_only
        for table in plan.tables:
            # Every table's, those copied by position (bits: types LOAD DATA cannot take) too.
            summed = source_digest(table, final.values())
            assert summed == row_digest(conn, awkward_db, table_info(conn, awkward_db, table))
    assert sum(c.chunks for c in final.values() if c.part.table == "long_rows") > 1
    assert staging.query("SELECT COUNT(*) FROM plain_named", database=target)[0][0] == 858
    assert staging.query("SELECT SUM(doubled) FROM `generated`", database=target)[0][0] == 10100
    for table in ("indexed", "plain", "composite"):
        create = f"SHOW CREATE TABLE `{table}`"
        assert (
            staging.query(create, database=target)[0][1]
            == source.query(create, database=awkward_db)[0][1]
        )
    assert staging.query("SELECT s FROM escapes WHERE id = 2", database=target) == [("\\N",)]
    assert staging.query("SELECT s, raw FROM escapes WHERE id = 4", database=target) == [
        (None, None)
    ]
    engines = dict(
        staging.query(
            "SELECT TABLE_NAME, ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s AND ENGINE IS NOT NULL",
            (target,),
        )
    )
    assert engines["plain"] == "MyISAM" and engines["blobs"] == "InnoDB"
    assert temporary_database(token) not in staging.databases()
    staging.query(f"DROP DATABASE `{target}`")


def test_a_table_of_few_chunks_is_scanned_for_each_and_gives_the_same_rows(source, awkward_db):
    """MyISAM reads a row at a time through the key; a table of at most SCAN_CHUNKS chunks is
    scanned instead. Both ways must give the same chunks."""

    def chunks(conn, info, rows: int) -> tuple[list[bytes], int, int]:
        lines, checksum, after = [], 0, None
        with conn.cursor() as cur:
            cur.execute("FLUSH STATUS")
        while True:
            chunk, data = fetch_chunk(conn, awkward_db, info, after, rows, 1 << 20)
            lines += data.splitlines()
            checksum += chunk.checksum
            after = chunk.last_key
            if after is None:
                break
        with conn.cursor() as cur:
            cur.execute("SHOW SESSION STATUS LIKE 'Handler_read_rnd_next'")
            scanned = int(cur.fetchone()[1])
        return sorted(lines), checksum, scanned

    with source.connect(awkward_db) as conn:
        prepare_session(conn)
        info = table_info(conn, awkward_db, "plain")
        assert info.engine == "MyISAM" and info.rows == 1000
        by_scan = chunks(conn, info, 1000 // SCAN_CHUNKS)
        by_key = chunks(conn, info, 1000 // SCAN_CHUNKS - 1)
    assert len(by_scan[0]) == 1000 and by_scan[:2] == by_key[:2]
    assert by_scan[2] >= SCAN_CHUNKS * 1000  # every chunk read the whole table
    assert by_key[2] == 0  # no chunk did


def test_rows_of_integers_are_loaded_as_inserts_of_the_same_rows(source, staging, awkward_db):
    """LOAD DATA into MyISAM writes row by row; integer rows go as INSERT tuples instead."""
    database = f"ints_{uuid.uuid4().hex[:8]}"
    with source.connect(awkward_db) as src:
        prepare_session(src)
        info = table_info(src, awkward_db, "numbers")
        create = source.query("SHOW CREATE TABLE numbers", database=awkward_db)[0][1]
        chunk, data = fetch_chunk(src, awkward_db, info, None, 1000, 1 << 20)
        expected = row_digest(src, awkward_db, info)
    staging.query(f"CREATE DATABASE `{database}`")
    staging.query(create, database=database)
    try:
        with staging.connect(database) as tgt:
            prepare_session(tgt)
            with tgt.cursor() as cur:
                cur.execute("FLUSH STATUS")
            assert load(tgt, database, info, data) == chunk.rows == 400
            with tgt.cursor() as cur:
                cur.execute("SHOW SESSION STATUS WHERE Variable_name IN ('Com_insert', 'Com_load')")
                statements = dict(cur.fetchall())
            assert statements == {"Com_insert": "1", "Com_load": "0"}
            assert row_digest(tgt, database, info) == expected
            assert chunk.checksum == expected[1]
    finally:
        staging.query(f"DROP DATABASE `{database}`")


def test_a_connection_lost_in_the_middle_of_a_load_is_reported_as_lost(staging):
    """pymysql hides a lost LOAD DATA connection behind an AttributeError (PyMySQL #989);
    the service's retries and messages need the lost connection itself."""
    database = f"lost_{uuid.uuid4().hex[:8]}"
    staging.query(f"CREATE DATABASE `{database}`")
    staging.query(
        "CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(40)) ENGINE=MyISAM", database=database
    )
    # The server stops reading the file at row 1000, long before the client has sent it all.
    staging.query(
        "CREATE TRIGGER stall BEFORE INSERT ON t FOR EACH ROW "
        "BEGIN IF NEW.id = 1000 THEN DO SLEEP(60); END IF; END",
        database=database,
    )
    info = TableInfo(
        "t", [Column("id", "int", False), Column("s", "varchar")], ["id"], "MyISAM", 0, ["int"]
    )
    lines = b"".join(b"%d\tsome text of row %d\n" % (i, i) for i in range(1, 600_000))
    try:
        with connect_to(creds(staging, database), "staging", local_infile=True) as tgt:
            prepare_session(tgt)
            thread_id = tgt.thread_id()

            def kill_when_stalled() -> None:
                deadline = time.monotonic() + 30
                while time.monotonic() < deadline:
                    state = staging.query(
                        "SELECT STATE FROM information_schema.PROCESSLIST WHERE ID = %s",
                        (thread_id,),
                    )
                    if state and state[0][0] == "User sleep":
                        staging.query(f"KILL CONNECTION {int(thread_id)}")
                        return
                    time.sleep(0.05)

            killer = threading.Thread(target=kill_when_stalled)
            killer.start()
            with pytest.raises(pymysql.err.OperationalError) as lost:
                load(tgt, database, info, lines)
            killer.join()
        assert lost.value.args[0] in (2006, 2013), lost.value
    finally:
        staging.query(f"DROP DATABASE `{database}`")


def test_index_builds_sort_in_the_memory_the_copy_allows(source, staging):
    """MyISAM merges sorted runs through temporary files when an index's keys do not fit its
    sort buffer; the copy raises the buffer for its own index builds."""
    name = f"sorted_{uuid.uuid4().hex[:8]}"
    source.query(f"CREATE DATABASE `{name}`")
    source.query(
        "CREATE TABLE named (id INT PRIMARY KEY, label VARCHAR(100), KEY label_idx (label)) "
        "ENGINE=MyISAM",
        database=name,
    )
    with source.connect(name) as conn, conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO named VALUES (%s, %s)",
            [(i, f"{uuid.uuid4().hex} {i}") for i in range(20_000)],
        )
    server_setting = staging.query("SELECT @@GLOBAL.myisam_sort_buffer_size")[0][0]
    staging.query("SET GLOBAL myisam_sort_buffer_size = 65536")

    def temporary_files() -> int:
        return int(staging.query("SHOW GLOBAL STATUS LIKE 'Created_tmp_files'")[0][1])

    try:
        made = {}
        for sort_bytes in (0, 64 * 1024 * 1024):
            target = f"copy_{uuid.uuid4().hex[:8]}"
            before = temporary_files()
            copy_all(engine(source, staging, name, target, index_sort_bytes=sort_bytes))
            made[sort_bytes] = temporary_files() - before
            assert table_checksums(staging, target) == table_checksums(source, name)
            staging.query(f"DROP DATABASE `{target}`")
        assert made[0] > 0  # the server's 64 KB: merged through files
        assert made[64 * 1024 * 1024] == 0  # sorted in memory
    finally:
        staging.query(f"SET GLOBAL myisam_sort_buffer_size = {int(server_setting)}")
        source.query(f"DROP DATABASE `{name}`")


def test_resume_discards_rows_written_after_the_last_cursor(source, staging, awkward_db):
    """An invocation that dies after committing rows but before returning its cursor."""
    target = f"copy_{uuid.uuid4().hex[:8]}"
    copier = engine(source, staging, awkward_db, target, batch_rows=50, budget_seconds=0)
    plan = copier.prepare()
    finals = []
    with source.connect(awkward_db) as conn:
        by_position = {t for t in plan.tables if not pages_by_key(table_info(conn, awkward_db, t))}
    assert by_position  # the awkward database has tables without a key to page on
    for part in plan.parts:
        cursor = CopyCursor(part=part)
        for _ in range(3):
            if not cursor.done:
                cursor = copier.copy_part(cursor)
        # Repeat the last invocation from the cursor before it, as Step Functions' retry would:
        before = cursor
        if not before.done:
            after = copier.copy_part(before)
            again = copier.copy_part(before)
            if part.table in by_position:
                # Rows past the old cursor are counted as they are, then one more chunk.
                assert again.rows_copied == after.rows_copied + 50
                assert again.chunks == after.chunks
            else:  # trimmed, then copied again alike
                assert again.model_dump(exclude={"invocations"}) == after.model_dump(
                    exclude={"invocations"}
                )
            cursor = again
        while not cursor.done:
            cursor = copier.copy_part(cursor)
        finals.append(cursor)
    for table in plan.tables:
        finish(copier, table, finals)
    copier.publish()
    assert table_checksums(staging, target) == table_checksums(source, awkward_db)
    staging.query(f"DROP DATABASE `{target}`")


def test_a_copy_that_does_not_match_fails_verification(source, staging, awkward_db):
    target = f"copy_{uuid.uuid4().hex[:8]}"
    copier = engine(source, staging, awkward_db, target)
    plan = copier.prepare()
    cursors = []
    for part in plan.parts:
        cursor = CopyCursor(part=part)
        while not cursor.done:
            cursor = copier.copy_part(cursor)
        cursors.append(cursor)
    staging.query(
        "UPDATE plain SET txt = 'tampered' WHERE id = 3", database=temporary_database_of(copier)
    )
    staging.query(
        "UPDATE long_rows SET seq = CONCAT(seq, 'x') WHERE id = 2",
        database=temporary_database_of(copier),
    )
    for table in ("plain", "long_rows"):
        with pytest.raises(CopyFailed, match=f"the copy of {table} does not match the source"):
            finish(copier, table, cursors)
    staging.query("DELETE FROM latin WHERE id = 3", database=temporary_database_of(copier))
    with pytest.raises(CopyFailed, match="the copy of latin has 299 rows, the source 300"):
        finish(copier, "latin", cursors)
    with pytest.raises(CopyFailed, match="lacks its parts' checksums"):
        copier.finish_table("latin", None)
    assert drop_temporary(creds(staging, target), copier.tmp_db.removeprefix("_handover_tmp_"))


def test_a_row_larger_than_a_chunk_is_refused_with_the_fix(source, staging, awkward_db):
    copier = engine(source, staging, awkward_db, "never_published", chunk_bytes=4096)
    plan = copier.prepare()
    part = next(p for p in plan.parts if p.table == "long_rows")
    with pytest.raises(
        CopyFailed, match="a row of long_rows is larger than .* raise max_allowed_packet"
    ):
        copier.copy_part(CopyCursor(part=part))
    assert drop_temporary(
        creds(staging, "never_published"), copier.tmp_db.removeprefix("_handover_tmp_")
    )


def temporary_database_of(copier: CopyEngine) -> str:
    return copier.tmp_db


def test_rehandover_swaps_atomically_and_parks_the_old_copy(source, staging, awkward_db):
    target = f"copy_{uuid.uuid4().hex[:8]}"
    first = str(uuid.uuid4())
    copy_all(engine(source, staging, awkward_db, target, first, batch_rows=500))
    source.query("INSERT INTO plain VALUES (5000, 'new row', 1)", database=awkward_db)
    second = str(uuid.uuid4())
    copy_all(engine(source, staging, awkward_db, target, second, batch_rows=500))
    assert table_checksums(staging, target) == table_checksums(source, awkward_db)
    parked = replaced_database(second)
    assert staging.query(f"SELECT COUNT(*) FROM `{parked}`.plain")[0][0] == 1000
    assert finish_replacement(creds(staging, target), second) is True
    assert parked not in staging.databases()
    staging.query(f"DROP DATABASE `{target}`")


def test_a_publish_that_died_after_its_rename_is_finished_by_a_retry(source, staging, awkward_db):
    target = f"copy_{uuid.uuid4().hex[:8]}"
    copy_all(engine(source, staging, awkward_db, target))
    source.query("INSERT INTO plain VALUES (5000, 'new row', 1)", database=awkward_db)
    token = str(uuid.uuid4())
    copier = engine(source, staging, awkward_db, target, token)
    copy_all(copier)
    # What a death between the RENAME and the DROP of the temporary database leaves behind.
    staging.query(f"CREATE DATABASE `{temporary_database(token)}`")
    copier.publish()
    assert table_checksums(staging, target) == table_checksums(source, awkward_db)
    parked = replaced_database(token)
    assert staging.query(f"SELECT COUNT(*) FROM `{parked}`.plain")[0][0] == 1000
    assert temporary_database(token) not in staging.databases()
    assert finish_replacement(creds(staging, target), token) is True
    staging.query(f"DROP DATABASE `{target}`")


def test_unpublish_restores_the_previous_database(source, staging, awkward_db):
    target = f"copy_{uuid.uuid4().hex[:8]}"
    copy_all(engine(source, staging, awkward_db, target))
    before = table_checksums(staging, target)
    source.query("DELETE FROM plain WHERE id > 10", database=awkward_db)
    token = str(uuid.uuid4())
    copy_all(engine(source, staging, awkward_db, target, token))
    assert staging.query(f"SELECT COUNT(*) FROM `{target}`.plain")[0][0] == 10
    assert "restored" in unpublish(creds(staging, target), token)
    assert table_checksums(staging, target) == before
    assert not leftovers(staging)
    staging.query(f"DROP DATABASE `{target}`")


def test_unpublish_of_a_first_handover_drops_it(source, staging, awkward_db):
    target = f"copy_{uuid.uuid4().hex[:8]}"
    token = str(uuid.uuid4())
    copy_all(engine(source, staging, awkward_db, target, token))
    assert unpublish(creds(staging, target), token) == f"dropped {target}"
    assert target not in staging.databases()


def test_drop_temporary_removes_a_partial_copy(source, staging, awkward_db):
    token = str(uuid.uuid4())
    copier = engine(
        source, staging, awkward_db, "never_published", token, batch_rows=10, budget_seconds=0
    )
    plan = copier.prepare()
    cursor = copier.copy_part(CopyCursor(part=next(p for p in plan.parts if p.table == "plain")))
    assert not cursor.done and temporary_database(token) in staging.databases()
    assert drop_temporary(creds(staging, "never_published"), token) is True
    assert temporary_database(token) not in staging.databases()
    assert "never_published" not in staging.databases()
    with pytest.raises(CopyFailed, match="is gone"):
        copier.copy_part(cursor)
