"""Schema-level checks, for every database type."""

from __future__ import annotations

from handover.check.datachecks.framework import Connection, Context, Finding, datacheck
from handover.check.reference import MissingReference, compare, family_of, snapshot
from handover.dbnames import ALL_TYPES


@datacheck(
    "SchemaMatchesReference",
    "The schema is the release's reference schema for the database type (its table.sql): "
    "tables, columns (type, null, default), indexes and engines, none missing, none extra.",
    groups=("schema",),
    db_types=ALL_TYPES,
    needs_reference=True,
)
def schema_matches_reference(conn: Connection, ctx: Context) -> list[Finding]:
    if ctx.reference is None:
        return []
    if isinstance(ctx.reference, MissingReference):
        return [ctx.reference.finding()]
    return compare(ctx.reference, snapshot(conn, ctx.database))


@datacheck(
    "SchemaVersion",
    "meta holds exactly one schema_version, and it is the release being handed over.",
    groups=("schema",),
    db_types=ALL_TYPES,
)
def schema_version(conn: Connection, ctx: Context) -> list[Finding]:
    with conn.cursor() as cur:
        cur.execute("SELECT meta_value FROM meta WHERE meta_key = 'schema_version'")
        values = [r[0] for r in cur.fetchall()]
    wrong = [v for v in values if v != str(ctx.release)]
    return [
        Finding(problem="no schema_version", count=int(not values)),
        Finding(
            problem="several schema_version values",
            count=max(len(values) - 1, 0),
            examples=values[:10],
        ),
        Finding(
            problem=f"schema_version is not {ctx.release}", count=len(wrong), examples=wrong[:10]
        ),
    ]


@datacheck(
    "SchemaType",
    "meta.schema_type names the schema the database type uses (core for core-like databases).",
    groups=("schema",),
    db_types=ALL_TYPES,
)
def schema_type(conn: Connection, ctx: Context) -> list[Finding]:
    with conn.cursor() as cur:
        cur.execute("SELECT meta_value FROM meta WHERE meta_key = 'schema_type'")
        values = [r[0] for r in cur.fetchall()]
    expected = family_of(ctx.db_type)  # ancestral and core-like databases say "core"
    return [
        Finding(problem="no schema_type", count=int(not values)),
        Finding(
            problem=f"schema_type is not {expected}",
            count=sum(v != expected for v in values),
            examples=values[:10],
        ),
    ]


_OK_STATUS = ("OK", "Table is already up to date")


@datacheck(
    "CheckTables",
    "MySQL's CHECK TABLE reports every table OK (no corruption, no crashed MyISAM tables).",
    groups=("schema",),
    db_types=ALL_TYPES,
)
def check_tables(conn: Connection, ctx: Context) -> list[Finding]:
    with conn.cursor() as cur:
        cur.execute(
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s AND TABLE_TYPE = 'BASE TABLE'",
            (ctx.database,),
        )
        tables = [r[0] for r in cur.fetchall()]
        bad: dict[str, str] = {}  # table -> its first error
        # QUICK reads the index and the data file's size, not every row; FAST would skip
        # tables that were closed properly, which is how files damaged on disk look.
        for start in range(0, len(tables), 50):
            cur.execute(
                "CHECK TABLE "
                + ", ".join(ctx.table(t) for t in tables[start : start + 50])
                + " QUICK"
            )
            for name, _op, kind, text in cur.fetchall():
                failed = kind.lower() == "error" or (
                    kind.lower() == "status" and text not in _OK_STATUS
                )
                if failed:
                    bad.setdefault(name.split(".", 1)[-1], text)
    examples = [f"{table}: {text}" for table, text in sorted(bad.items())[:10]]
    return [Finding(problem="tables that fail CHECK TABLE", count=len(bad), examples=examples)]
