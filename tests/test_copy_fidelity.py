"""Values that real databases hold survive the copy byte for byte: ENUM error values, zero
and invalid dates stored under old SQL modes, AUTO_INCREMENT zeros, trailing spaces and
padding, and every character set, on both of the engine's data paths (LOAD DATA text, and
INSERT literals for long rows)."""

import uuid

import pytest

from handover.copying.engine import CopyEngine
from handover.copying.transfer import table_info
from handover.dal.credentials import ServerCredentials
from handover_cli.local.parallel import copy_all
from handover_cli.local.servers import secret_for_uri

from .conftest import Server, table_checksums

# The SQL modes under which each kind of value gets into a database at all.
PERMISSIVE = "ALLOW_INVALID_DATES,NO_AUTO_VALUE_ON_ZERO"
LONG = "x" * 20_000  # makes a row long enough to travel as INSERT literals

KINDS: dict[str, tuple[list[str], list[str]]] = {
    # An ENUM keeps a value it does not list as its error value '' (index 0); so do rows
    # written by LOAD DATA or a non-strict INSERT. A strict session refuses to store it again.
    "enum_error_values": (
        [
            "CREATE TABLE xref_like (xref_id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, "
            "info_type ENUM('NONE','PROJECTION','MISC','DEPENDENT','DIRECT','SEQUENCE_MATCH',"
            "'INFERRED_PAIR','PROBE','UNMAPPED','COORDINATE_OVERLAP','CHECKSUM') NOT NULL DEFAULT 'NONE', "
            "status ENUM('KNOWN','NOVEL') NULL, flags SET('default_version','sequence_level') NULL, "
            "note TEXT) ENGINE=MyISAM",
        ],
        [
            "INSERT INTO xref_like (info_type, status, flags, note) VALUES "
            "('DIRECT', 'KNOWN', 'default_version,sequence_level', 'plain'), "
            "('not a type', 'lost', 'sequence_level', 'error values'), "
            "('', NULL, '', 'empty enum and set'), "
            f"('bogus', 'KNOWN', NULL, '{LONG}')",
        ],
    ),
    # Zero dates, zero parts and impossible days, as MySQL 5.x stored them by default.
    "zero_and_invalid_dates": (
        [
            "CREATE TABLE dated (id INT NOT NULL PRIMARY KEY, d DATE NOT NULL DEFAULT '0000-00-00', "
            "dt DATETIME NOT NULL DEFAULT '0000-00-00 00:00:00', ts TIMESTAMP NULL, "
            "y YEAR NULL, note LONGTEXT) ENGINE=MyISAM",
            "CREATE TABLE dated_innodb (id INT NOT NULL PRIMARY KEY, d DATE, dt DATETIME(6)) ENGINE=InnoDB",
        ],
        [
            "INSERT INTO dated VALUES (1, '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00', 0, 'zero'), "
            "(2, '2020-00-15', '2020-05-00 10:00:00', NULL, 2155, 'zero month and day'), "
            "(3, '2021-02-31', '2019-04-31 23:59:59', '2020-01-01 00:00:00', 1901, 'invalid days'), "
            f"(4, '0000-00-00', '2021-02-30 00:00:00', NULL, NULL, '{LONG}')",
            "INSERT INTO dated_innodb VALUES (1, '0000-00-00', '0000-00-00 00:00:00.000000'), "
            "(2, '2022-02-29', '2022-11-31 12:00:00.123456')",
        ],
    ),
    # NO_AUTO_VALUE_ON_ZERO: an id 0 is data, not a request for the next id.
    "auto_increment_zero": (
        [
            "CREATE TABLE attrib_type_like (attrib_type_id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT, "
            "code VARCHAR(20) NOT NULL, note TEXT, PRIMARY KEY (attrib_type_id)) ENGINE=MyISAM",
            "CREATE TABLE unmapped_like (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, n INT) ENGINE=InnoDB",
        ],
        [
            "INSERT INTO attrib_type_like VALUES (0, 'zero', NULL), (1, 'one', ''), (7, 'seven', 'x')",
            "INSERT INTO unmapped_like VALUES (0, 0), (5, 5)",
        ],
    ),
    # Trailing spaces (VARCHAR, TEXT keep them), padding (CHAR trims, BINARY keeps zero bytes).
    "trailing_spaces_and_padding": (
        [
            "CREATE TABLE padded (id INT NOT NULL PRIMARY KEY, v VARCHAR(20), c CHAR(8), "
            "t TEXT, vb VARBINARY(10), b BINARY(6), note LONGTEXT) ENGINE=MyISAM",
        ],
        [
            "INSERT INTO padded VALUES (1, 'two  ', 'c  ', 'tab\\t \\t ', 'vb\\0\\0', 'b', 'short'), "
            "(2, ' ', '', '  ', '', '\\0\\0\\0\\0\\0\\0', NULL), "
            f"(3, 'end ', 'x', 'long ', 'z ', 'zz', '{LONG}  ')",
        ],
    ),
}

# Character sets and a few characters of each, those whose bytes hold a backslash, a tab or
# a NUL (second bytes of Shift-JIS, Big5 and GBK; every UCS-2/UTF-16/UTF-32 code unit) first.
CHARSETS = {
    "latin1": "Ñandú Güell ÿ",
    "latin2": "Łódź Žluťoučký",
    "cp1251": "Москва Ёж",
    "koi8r": "Привет",
    "greek": "Ωμέγα",
    "hebrew": "שלום",
    "utf8mb3": "Ωmega ü 中文",
    "utf8mb4": "🧬 DNA Ω ü 中文 𝔸",
    "ucs2": "Ωmega 中文 \\ tab",
    "utf16": "🧬 surrogate 中文",
    "utf16le": "中文 Ω",
    "utf32": "🧬 Ω 中",
    "sjis": "表示 ソ 能",
    "cp932": "表 ソ ①",
    "big5": "功能 許",
    "gbk": "丂 乗 中文",
    "gb2312": "中文 汉字",
    "euckr": "한국어",
    "ujis": "日本語",
    "tis620": "ภาษาไทย",
}


def creds(server: Server, database: str) -> ServerCredentials:
    s = secret_for_uri(server.uri)
    return ServerCredentials(s["host"], s["port"], s["username"], s["password"], database)


def copied(source: Server, staging: Server, name: str, **options: int) -> str:
    """Copy `name` with the service's engine and publish it under a new name on staging."""
    target = f"{name}_copy"
    copy_all(
        CopyEngine(creds(source, name), creds(staging, target), str(uuid.uuid4()), **options),
        parallel=2,
    )
    return target


def build(source: Server, name: str, statements: list[str]) -> None:
    """The tables, and for each with a `note` a twin whose every row is long (like dna's),
    so that both of the engine's data paths carry every kind of value."""
    source.query(f"CREATE DATABASE `{name}` CHARACTER SET latin1")
    with source.connect(name) as conn, conn.cursor() as cur:
        cur.execute(f"SET SESSION sql_mode = '{PERMISSIVE}'")
        for sql in statements:
            cur.execute(sql)
        cur.execute(
            "SELECT TABLE_NAME FROM information_schema.COLUMNS "
            "WHERE TABLE_SCHEMA = %s AND COLUMN_NAME = 'note'",
            (name,),
        )
        for (table,) in cur.fetchall():
            cur.execute(f"CREATE TABLE `{table}_long` LIKE `{table}`")
            cur.execute(f"INSERT INTO `{table}_long` SELECT * FROM `{table}`")
            cur.execute(
                f"UPDATE `{table}_long` SET note = CONCAT(REPEAT('x', 20000), IFNULL(note, ''))"
            )
        cur.execute("FLUSH TABLES")  # so that information_schema has the tables' row lengths


def data_paths(source: Server, name: str) -> set[str]:
    with source.connect() as conn:
        return {
            table_info(conn, name, table).chunk_format
            for (table,) in source.query(f"SHOW TABLES FROM `{name}`")
        }


def values(server: Server, database: str, table: str) -> list[tuple]:
    """Every stored value as its bytes (ENUM and SET also as their numbers)."""
    columns = server.query(
        "SELECT COLUMN_NAME, DATA_TYPE FROM information_schema.COLUMNS "
        "WHERE TABLE_SCHEMA = %s AND TABLE_NAME = %s ORDER BY ORDINAL_POSITION",
        (database, table),
    )
    exprs = []
    for column, data_type in columns:
        exprs.append(f"HEX(`{column}`)")
        if data_type in ("enum", "set"):
            exprs.append(f"`{column}` + 0")
    rows = server.query(f"SELECT {', '.join(exprs)} FROM `{database}`.`{table}` ORDER BY 1")
    return sorted(rows, key=repr)


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("batch_rows", [1_000_000, 1], ids=["one-chunk", "row-chunks"])
def test_values_real_databases_hold_round_trip(source, staging, kind, batch_rows):
    name = f"fidelity_{kind[:12]}_{uuid.uuid4().hex[:6]}"
    create, insert = KINDS[kind]
    build(source, name, create + insert)
    try:
        assert data_paths(source, name) == {"load", "insert"}
        target = copied(source, staging, name, batch_rows=batch_rows)
        tables = [r[0] for r in source.query(f"SHOW TABLES FROM `{name}`")]
        for table in tables:
            assert values(staging, target, table) == values(source, name, table), table
        assert table_checksums(staging, target) == table_checksums(source, name)
    finally:
        source.query(f"DROP DATABASE IF EXISTS `{name}`")
        staging.query(f"DROP DATABASE IF EXISTS `{name}_copy`")


def test_the_error_value_of_an_enum_is_kept_as_the_error_value(source, staging):
    name = f"fidelity_enum_{uuid.uuid4().hex[:6]}"
    build(source, name, KINDS["enum_error_values"][0] + KINDS["enum_error_values"][1])
    try:
        target = copied(source, staging, name)
        query = "SELECT note, info_type + 0, status + 0 FROM xref_like WHERE note = 'error values'"
        assert staging.query(query, database=target) == [("error values", 0, 0)]
    finally:
        source.query(f"DROP DATABASE IF EXISTS `{name}`")
        staging.query(f"DROP DATABASE IF EXISTS `{name}_copy`")


def test_every_character_set_round_trips(source, staging):
    name = f"fidelity_charsets_{uuid.uuid4().hex[:6]}"
    source.query(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
    try:
        with source.connect(name) as conn, conn.cursor() as cur:
            for charset, text in CHARSETS.items():
                cur.execute(
                    f"CREATE TABLE `cs_{charset}` (id INT PRIMARY KEY, "
                    f"s VARCHAR(100) CHARACTER SET {charset}, t TEXT CHARACTER SET {charset}, "
                    f"c CHAR(20) CHARACTER SET {charset}) ENGINE=MyISAM"
                )
                cur.executemany(
                    f"INSERT INTO `cs_{charset}` VALUES (%s, %s, %s, %s)",
                    [
                        (1, text, text + "  ", text[:5]),
                        (2, "", " ", None),
                        (3, text[::-1], None, ""),
                    ],
                )
                cur.execute(f"SELECT COUNT(*) FROM `cs_{charset}` WHERE s = %s", (text,))
                assert cur.fetchone()[0] == 1, f"{charset} cannot hold the test text"
        target = copied(source, staging, name, batch_rows=2)
        for charset in CHARSETS:
            assert values(staging, target, f"cs_{charset}") == values(
                source, name, f"cs_{charset}"
            ), charset
        assert table_checksums(staging, target) == table_checksums(source, name)
    finally:
        source.query(f"DROP DATABASE IF EXISTS `{name}`")
        staging.query(f"DROP DATABASE IF EXISTS `{name}_copy`")
