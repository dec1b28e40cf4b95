"""The datacheck framework: a check is a name, a description, groups, the db types it applies
to, whether it is critical, and a function that runs SQL against the source database."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pymysql

from handover.check.reference import MissingReference, SchemaSnapshot
from handover.dal.mysql import fetch_one, quote_identifier
from handover.models.checks import CheckResult, Finding

Connection = pymysql.connections.Connection
EXAMPLES = 10  # offending ids shown per finding


@dataclass(frozen=True)
class Context:
    """What a check may know beyond the connection."""

    database: str
    db_type: str
    release: int
    # The reference schema of the database's family, or which file is missing (None: the
    # suite runs without one, as in the datachecks' own tests).
    reference: SchemaSnapshot | MissingReference | None = None

    def table(self, name: str) -> str:
        return f"{quote_identifier(self.database)}.{quote_identifier(name)}"


CheckFunction = Callable[[Connection, Context], list[Finding]]


@dataclass(frozen=True)
class Datacheck:
    name: str
    description: str
    groups: tuple[str, ...]
    db_types: tuple[str, ...]
    critical: bool
    run: CheckFunction = field(repr=False)

    def applies_to(self, db_type: str, groups: Sequence[str] | None = None) -> bool:
        return db_type in self.db_types and (not groups or bool(set(groups) & set(self.groups)))

    def execute(self, conn: Connection, ctx: Context) -> CheckResult:
        started = time.perf_counter()
        result = CheckResult(
            name=self.name, description=self.description, critical=self.critical, passed=True
        )
        try:
            findings = [f for f in self.run(conn, ctx) if f.count]
        except pymysql.err.MySQLError as exc:
            # A check that cannot run (a missing table, say) has failed: the database is not
            # as the check needs it. Connection loss is re-raised for the step to retry.
            if (
                isinstance(exc, pymysql.err.OperationalError)
                and exc.args
                and exc.args[0] in (2006, 2013, 2003)
            ):
                raise
            result.passed, result.error = False, str(exc.args[-1] if exc.args else exc)
        else:
            result.passed, result.findings = not findings, findings
            if findings and all(f.advisory for f in findings):
                result.critical = False
        result.seconds = round(time.perf_counter() - started, 3)
        return result


registry: dict[str, Datacheck] = {}


def datacheck(
    name: str,
    description: str,
    *,
    groups: Sequence[str],
    db_types: Sequence[str],
    critical: bool = True,
) -> Callable[[CheckFunction], CheckFunction]:
    def register(fn: CheckFunction) -> CheckFunction:
        if name in registry:
            raise ValueError(f"two datachecks are called {name}")
        registry[name] = Datacheck(name, description, tuple(groups), tuple(db_types), critical, fn)
        return fn

    return register


def run_suite(
    conn: Connection,
    ctx: Context,
    *,
    groups: Sequence[str] | None = None,
    names: Sequence[str] | None = None,
) -> list[CheckResult]:
    checks = [
        c
        for c in registry.values()
        if c.applies_to(ctx.db_type, groups) and (not names or c.name in names)
    ]
    return [check.execute(conn, ctx) for check in sorted(checks, key=lambda c: c.name)]


# --- helpers for writing checks as set-based SQL ---


def count_and_examples(
    conn: Connection, problem: str, sql: str, args: Sequence[Any] = ()
) -> Finding:
    """`sql` selects one offending id per row; count them all, keep the first few.

    A passing database (the usual case) costs one pass: the count is only run when the
    examples fill up.
    """
    with conn.cursor() as cur:
        cur.execute(f"{sql} LIMIT {EXAMPLES}", args)
        examples = [row[0] if len(row) == 1 else list(row) for row in cur.fetchall()]
        count = len(examples)
        if count == EXAMPLES:
            cur.execute(f"SELECT COUNT(*) FROM ({sql}) AS offending", args)
            count = int(fetch_one(cur)[0])
    return Finding(problem=problem, count=count, examples=_jsonable(examples))


def _jsonable(values: list[Any]) -> list[Any]:
    out: list[Any] = []
    for v in values:
        if isinstance(v, list):
            out.append(_jsonable(v))
        elif isinstance(v, int | float | str) or v is None:
            out.append(v)
        else:
            out.append(v.decode(errors="replace") if isinstance(v, bytes) else str(v))
    return out
