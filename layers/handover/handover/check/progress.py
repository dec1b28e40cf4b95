"""Datachecks in bounded, resumable steps.

On a billion-row table one check's statement outlasts any Lambda. So a check with a driving
table runs over ranges of that table's integer key, each range one bounded statement, and
merges the ranges' findings; its cursor (handover.models.checks.CheckCursor) is saved after
every range, so an invocation that dies loses at most the range it was running. One that
died inside a statement leaves its cursor marked `running`: the next invocation halves the
span, so a check makes progress under any time limit. Checks run in parallel (a Map state,
one item per check), each by a loop of invocations.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import replace

import pymysql

from handover.check.datachecks.framework import (
    EXAMPLES,
    Connection,
    Context,
    Datacheck,
    is_connection_loss,
)
from handover.dal import statements
from handover.dal.mysql import fetch_one, quote_identifier
from handover.models.checks import CheckCursor, CheckResult, Finding

Save = Callable[[CheckCursor], None]


def run_for(
    conn: Connection,
    ctx: Context,
    check: Datacheck,
    cursor: CheckCursor,
    *,
    budget_seconds: float,
    range_rows: int,
    save: Save,
    clock: Callable[[], float] = time.monotonic,
) -> CheckCursor:
    """Run `check` from `cursor` until it is done or the budget is spent; save as it goes."""
    if cursor.done:
        return cursor
    deadline = clock() + budget_seconds
    cursor = cursor.model_copy(update={"invocations": cursor.invocations + 1})
    if cursor.running and cursor.connection_id is not None:
        # The invocation that died left its statement running on the source: its result
        # is lost with it, so stop it rather than let it compete with this one.
        statements.kill_query(conn, cursor.connection_id)
    running = {"running": True, "connection_id": conn.thread_id()}
    if check.driving is None:
        save(cursor.model_copy(update=running))
        done = cursor.model_copy(
            update={"done": True, "running": False, "result": check.execute(conn, ctx)}
        )
        save(done)
        return done
    if cursor.span is None:
        planned = _plan(conn, ctx, check, range_rows)
        if isinstance(planned, CheckResult):  # the driving table cannot be read
            done = cursor.model_copy(update={"done": True, "result": planned})
            save(done)
            return done
        cursor = planned.model_copy(update={"invocations": cursor.invocations})
    elif cursor.running:
        cursor = cursor.model_copy(update={"span": max(1, (cursor.span or 1) // 2)})
    # A statement should take about a quarter of the budget; the first range is small, and
    # the span then follows how long ranges take.
    target_seconds = max(budget_seconds / 4, 0.05)
    while True:
        started = clock()
        lower = cursor.next_lower
        base = lower if lower is not None else (cursor.lowest or 0)
        upper: int | None = base + (cursor.span or 1)
        last = cursor.highest is None or (upper is not None and upper > cursor.highest)
        if last:
            upper = None
        save(cursor.model_copy(update=running))
        result = check.execute(conn, replace(ctx, span=(lower, upper)))
        took = clock() - started
        span = cursor.span or 1
        if took > 0:
            span = max(1, min(span * 4, int(span * target_seconds / took)))
        cursor = cursor.model_copy(
            update={
                "next_lower": upper,
                "done": last or result.error is not None,
                "running": False,
                "connection_id": None,
                "ranges": cursor.ranges + 1,
                "result": merge(cursor.result, result),
                "span": span,
            }
        )
        save(cursor)
        if cursor.done or clock() + took >= deadline:
            return cursor


def _plan(
    conn: Connection, ctx: Context, check: Datacheck, range_rows: int
) -> CheckCursor | CheckResult:
    """The check's cursor at its start: the driving key's range and the span of a statement,
    so that each covers about `range_rows` rows (by the server's estimate)."""
    assert check.driving is not None
    table, column = check.driving
    try:
        with conn.cursor() as cur:
            cur.execute(
                f"SELECT MIN({quote_identifier(column)}), MAX({quote_identifier(column)}) "
                f"FROM {ctx.table(table)}"
            )
            lowest, highest = fetch_one(cur)
            cur.execute(
                "SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s "
                "AND TABLE_NAME = %s",
                (ctx.database, table),
            )
            estimate = int((cur.fetchone() or (0,))[0] or 0)
    except pymysql.err.MySQLError as exc:
        if is_connection_loss(exc):
            raise
        return CheckResult(
            name=check.name,
            description=check.description,
            critical=check.critical,
            passed=False,
            error=str(exc.args[-1] if exc.args else exc),
        )
    if lowest is None:  # an empty table: one range, open at both ends
        return CheckCursor(name=check.name, highest=None, span=1)
    width = int(highest) - int(lowest) + 1
    ranges = max(1, math.ceil(max(estimate, 1) / max(range_rows, 1)))
    # The first range is an eighth of the planned span: how long it takes sizes the next.
    return CheckCursor(
        name=check.name,
        lowest=int(lowest),
        highest=int(highest),
        span=max(1, math.ceil(width / ranges) // 8),
    )


def merge(so_far: CheckResult | None, more: CheckResult) -> CheckResult:
    """One check's results over two ranges as one: counts added, examples up to EXAMPLES."""
    if so_far is None:
        return more
    findings = {f.problem: f.model_copy() for f in so_far.findings}
    for f in more.findings:
        if f.problem in findings:
            mine = findings[f.problem]
            mine.count += f.count
            mine.examples = (mine.examples + f.examples)[:EXAMPLES]
        else:
            findings[f.problem] = f.model_copy()
    merged: list[Finding] = list(findings.values())
    error = so_far.error or more.error
    return so_far.model_copy(
        update={
            "findings": merged,
            "passed": not merged and error is None,
            # A critical check is downgraded only when all it found is advisory.
            "critical": (so_far.critical or more.critical)
            and not (merged and all(f.advisory for f in merged)),
            "error": error,
            "seconds": round(so_far.seconds + more.seconds, 3),
        }
    )
