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
    # The range of the driving table's key this run covers, [lower, upper); None at either
    # end is open (see `within`). None: the whole table.
    span: tuple[int | None, int | None] | None = None

    def table(self, name: str) -> str:
        return f"{quote_identifier(self.database)}.{quote_identifier(name)}"

    def within(self, column: str) -> str:
        """SQL limiting `column` (the check's own, e.g. "g.gene_id") to this run's range;
        TRUE for the whole table. A range open below also takes the NULLs."""
        if self.span is None:
            return "TRUE"
        lower, upper = self.span
        if lower is None and upper is None:
            return "TRUE"
        if lower is None:
            return f"({column} < {int(upper or 0)} OR {column} IS NULL)"
        if upper is None:
            return f"{column} >= {int(lower)}"
        return f"{column} >= {int(lower)} AND {column} < {int(upper)}"


CheckFunction = Callable[[Connection, Context], list[Finding]]


@dataclass(frozen=True)
class Datacheck:
    name: str
    description: str
    groups: tuple[str, ...]
    db_types: tuple[str, ...]
    critical: bool
    run: CheckFunction = field(repr=False)
    # (table, integer key column) whose key ranges the check can run over, a range at a
    # time (handover.check.progress); None: the check runs in one statement or a few.
    driving: tuple[str, str] | None = None
    # Whether it compares the database with the release's reference schema.
    needs_reference: bool = False

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
            if is_connection_loss(exc):
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
    driving: tuple[str, str] | None = None,
    needs_reference: bool = False,
) -> Callable[[CheckFunction], CheckFunction]:
    def register(fn: CheckFunction) -> CheckFunction:
        if name in registry:
            raise ValueError(f"two datachecks are called {name}")
        registry[name] = Datacheck(
            name,
            description,
            tuple(groups),
            tuple(db_types),
            critical,
            fn,
            driving,
            needs_reference,
        )
        return fn

    return register


def applicable(
    db_type: str, *, groups: Sequence[str] | None = None, names: Sequence[str] | None = None
) -> list[Datacheck]:
    """The checks a database of `db_type` gets, by name."""
    checks = [
        c
        for c in registry.values()
        if c.applies_to(db_type, groups) and (not names or c.name in names)
    ]
    return sorted(checks, key=lambda c: c.name)


def run_suite(
    conn: Connection,
    ctx: Context,
    *,
    groups: Sequence[str] | None = None,
    names: Sequence[str] | None = None,
) -> list[CheckResult]:
    """Every applicable check, each over its whole tables, in this process."""
    return [
        check.execute(conn, ctx) for check in applicable(ctx.db_type, groups=groups, names=names)
    ]


def is_connection_loss(exc: BaseException) -> bool:
    """A lost connection is the step's to retry; any other MySQL error fails the check."""
    return (
        isinstance(exc, pymysql.err.OperationalError)
        and bool(exc.args)
        and exc.args[0] in (2006, 2013, 2003)
    )


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
