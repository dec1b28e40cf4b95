"""Reference schemas: the release's own table.sql files, compared as Ensembl's CompareSchema
datacheck compares them.

A deployment names where the files are (`ReferenceSchemaUri`, an S3 prefix holding core.sql,
variation.sql, funcgen.sql and compara.sql). A file is never parsed here: the server runs it
in a scratch schema on staging, so any file MySQL accepts is understood, comments and all.
The scratch schema is named by release, family and the file's checksum, so each file is
loaded once and every later check reuses it. Then the two schemas' information_schema is
compared: tables, columns (type, nullability, default), indexes and engine.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import boto3
import pymysql
from botocore.exceptions import ClientError
from pymysql.constants import CLIENT

from handover.dal.credentials import ServerCredentials
from handover.dal.mysql import connect, database_exists, fetch_one, quote_identifier
from handover.errors import CheckFailed
from handover.models.checks import Finding

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

# Which reference a database type is compared against.
FAMILY_OF_TYPE = {
    "core": "core",
    "rnaseq": "core",
    "cdna": "core",
    "otherfeatures": "core",
    "ancestral": "core",
    "variation": "variation",
    "funcgen": "funcgen",
    "compara": "compara",
}
SCRATCH_PREFIX = "_handover_reference_"
# Set after the whole file has run; a scratch schema without it is a load that died.
_LOADED_MARKER = "_handover_reference_loaded"
# The modes old table.sql files were written for (zero-date defaults and the like).
_LOAD_SQL_MODE = "NO_AUTO_VALUE_ON_ZERO,ALLOW_INVALID_DATES"
EXAMPLES = 10


@dataclass(frozen=True)
class ReferenceFile:
    name: str  # e.g. core.sql
    location: str  # where it was read, for messages
    text: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()


@dataclass(frozen=True)
class MissingReference:
    """No reference file for the database's family: said, never guessed."""

    name: str
    location: str

    def finding(self) -> Finding:
        where = f"under {self.location}" if self.location else "(ReferenceSchemaUri is not set)"
        return Finding(
            problem=f"no reference schema {self.name} {where}: the schema was not compared; "
            f"put the release's {self.name} there",
            count=1,
            examples=[self.name],
            advisory=True,
        )


@dataclass
class SchemaSnapshot:
    """What a schema is made of, as information_schema says."""

    engines: dict[str, str] = field(default_factory=dict)
    # table -> column -> (COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT)
    columns: dict[str, dict[str, tuple[str, str, str | None]]] = field(default_factory=dict)
    # table -> index name -> (unique, columns in order)
    indexes: dict[str, dict[str, tuple[bool, tuple[str, ...]]]] = field(default_factory=dict)


def family_of(db_type: str) -> str:
    return FAMILY_OF_TYPE[db_type]


def read_reference(uri: str, family: str) -> ReferenceFile | MissingReference:
    """The `family`.sql file under `uri` (s3://bucket/prefix/), or what is missing."""
    name = f"{family}.sql"
    if not uri:
        return MissingReference(name, "")
    parts = urlsplit(uri)
    if parts.scheme != "s3" or not parts.netloc:
        raise CheckFailed(f"ReferenceSchemaUri {uri!r} is not an s3://bucket/prefix/ URI")
    key = parts.path.lstrip("/")
    key = (key if not key or key.endswith("/") else key + "/") + name
    location = f"s3://{parts.netloc}/{key}"
    s3: S3Client = boto3.session.Session().client("s3")
    try:
        body = s3.get_object(Bucket=parts.netloc, Key=key)["Body"].read()
    except ClientError as exc:
        if exc.response["Error"]["Code"] in ("NoSuchKey", "404"):
            return MissingReference(name, uri)
        raise CheckFailed(f"could not read {location}: {exc.response['Error']['Code']}") from None
    return ReferenceFile(name, location, body.decode("utf-8"))


def scratch_schema(server: ServerCredentials, release: int, family: str, ref: ReferenceFile) -> str:
    """Load `ref` into its scratch schema on `server` unless an earlier check did; its name."""
    name = f"{SCRATCH_PREFIX}{release}_{family}_{ref.checksum[:16]}"
    with connect(server, "staging", client_flag=CLIENT.MULTI_STATEMENTS) as conn:
        with conn.cursor() as cur:
            # Checks of one release start together: one loads, the others wait for it.
            cur.execute("SELECT GET_LOCK(%s, 300)", (name,))
            try:
                if not _loaded(conn, name):
                    _load(conn, name, ref)
            finally:
                cur.execute("SELECT RELEASE_LOCK(%s)", (name,))
    return name


def _loaded(conn: pymysql.connections.Connection, name: str) -> bool:
    if not database_exists(conn, name):
        return False
    with conn.cursor() as cur:
        cur.execute(
            "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s "
            "AND TABLE_NAME = %s",
            (name, _LOADED_MARKER),
        )
        return bool(fetch_one(cur)[0])


def _load(conn: pymysql.connections.Connection, name: str, ref: ReferenceFile) -> None:
    schema = quote_identifier(name)
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {schema}")
        cur.execute(f"CREATE DATABASE {schema} CHARACTER SET latin1")
        cur.execute(f"USE {schema}")
        cur.execute(f"SET SESSION sql_mode = '{_LOAD_SQL_MODE}', SESSION foreign_key_checks = 0")
        try:
            # The whole file in one request: the server splits it, as the mysql client would.
            cur.execute(ref.text)
            while cur.nextset():
                pass
        except pymysql.err.MySQLError as exc:
            cur.execute(f"DROP DATABASE IF EXISTS {schema}")
            raise CheckFailed(
                f"the reference schema {ref.location} does not load: {exc.args[-1]}; fix the file"
            ) from None
        cur.execute(f"CREATE TABLE {quote_identifier(_LOADED_MARKER)} (loaded_at DATETIME)")


def snapshot(conn: pymysql.connections.Connection, database: str) -> SchemaSnapshot:
    shot = SchemaSnapshot()
    with conn.cursor() as cur:
        cur.execute(
            "SELECT TABLE_NAME, ENGINE FROM information_schema.TABLES "
            "WHERE TABLE_SCHEMA = %s AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME != %s",
            (database, _LOADED_MARKER),
        )
        shot.engines = {str(t): str(e) for t, e in cur.fetchall()}
        cur.execute(
            "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT "
            "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = %s ORDER BY ORDINAL_POSITION",
            (database,),
        )
        for table, column, column_type, nullable, default in cur.fetchall():
            if table in shot.engines:
                shot.columns.setdefault(table, {})[column] = (
                    str(column_type),
                    str(nullable),
                    None if default is None else str(default),
                )
        cur.execute(
            "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME FROM information_schema.STATISTICS "
            "WHERE TABLE_SCHEMA = %s ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
            (database,),
        )
        for table, index, non_unique, column in cur.fetchall():
            if table in shot.engines:
                unique, columns = shot.indexes.setdefault(table, {}).get(index, (False, ()))
                shot.indexes[table][index] = (not int(non_unique), (*columns, str(column)))
    return shot


def compare(reference: SchemaSnapshot, actual: SchemaSnapshot) -> list[Finding]:
    """The differences of `actual` from `reference`, one finding per kind."""
    ref_tables, tables = set(reference.engines), set(actual.engines)
    both = sorted(ref_tables & tables)
    problems: dict[str, list[str]] = {
        "missing tables": sorted(ref_tables - tables),
        "tables not in the reference schema": sorted(tables - ref_tables),
        "missing columns": [],
        "columns not in the reference schema": [],
        "columns that differ (type, null or default)": [],
        "missing indexes": [],
        "indexes not in the reference schema": [],
        "indexes that differ (columns or uniqueness)": [],
        "tables of another engine": [],
    }
    for table in both:
        ref_cols, cols = reference.columns.get(table, {}), actual.columns.get(table, {})
        problems["missing columns"] += [f"{table}.{c}" for c in ref_cols if c not in cols]
        problems["columns not in the reference schema"] += [
            f"{table}.{c}" for c in cols if c not in ref_cols
        ]
        problems["columns that differ (type, null or default)"] += [
            f"{table}.{c}: {_column(cols[c])}, reference {_column(ref_cols[c])}"
            for c in ref_cols
            if c in cols and cols[c] != ref_cols[c]
        ]
        ref_idx, idx = reference.indexes.get(table, {}), actual.indexes.get(table, {})
        problems["missing indexes"] += [f"{table}.{i}" for i in ref_idx if i not in idx]
        problems["indexes not in the reference schema"] += [
            f"{table}.{i}" for i in idx if i not in ref_idx
        ]
        problems["indexes that differ (columns or uniqueness)"] += [
            f"{table}.{i}" for i in ref_idx if i in idx and idx[i] != ref_idx[i]
        ]
        if reference.engines[table] != actual.engines[table]:
            problems["tables of another engine"].append(
                f"{table}: {actual.engines[table]}, reference {reference.engines[table]}"
            )
    return [
        Finding(problem=problem, count=len(found), examples=found[:EXAMPLES])
        for problem, found in problems.items()
    ]


def _column(spec: tuple[str, str, str | None]) -> str:
    column_type, nullable, default = spec
    null = "NULL" if nullable == "YES" else "NOT NULL"
    return f"{column_type} {null}" + (f" DEFAULT {default}" if default is not None else "")


def reference_snapshot(
    server: ServerCredentials, uri: str, release: int, db_type: str
) -> SchemaSnapshot | MissingReference:
    """The reference schema of `db_type`'s family, loaded (once) on `server` and read."""
    family = family_of(db_type)
    ref = read_reference(uri, family)
    if isinstance(ref, MissingReference):
        return ref
    name = scratch_schema(server, release, family, ref)
    with connect(server, "staging") as conn:
        return snapshot(conn, name)
