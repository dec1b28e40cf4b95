"""Datachecks in bounded, resumable steps (issue 15): a check over ranges of its driving
table's key finds what it finds over the whole table, and one whose statement is cut off
resumes from its last range with a smaller span."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator

import pymysql
import pytest

from handover.check import progress
from handover.check.datachecks import registry, run_suite
from handover.check.datachecks.framework import Context, Datacheck
from handover.errors import MySQLUnavailable
from handover.models.checks import CheckCursor, CheckResult
from handover_cli.local.fixtures import create_core_database

from .conftest import RELEASE, Server
from .test_faults import table_locked

# Problems spread over the key ranges, so that ranges each find some and the merge adds up.
SPREAD_BREAKERS = [
    "DELETE FROM transcript WHERE gene_id IN (1, 15)",  # genes without transcripts
    "DELETE FROM exon_transcript WHERE transcript_id IN (7, 33)",  # transcripts without exons
    "INSERT INTO exon VALUES (99990, 1, 10, 20, 1, -1, -1, 1, 0, 'ENSE_A', 1, NOW(), NOW()),"
    " (99991, 1, 10, 20, 1, -1, -1, 1, 0, 'ENSE_B', 1, NOW(), NOW())",  # exons alone
    "UPDATE exon SET seq_region_end = 999999999 WHERE exon_id IN (1, 4)",
    "INSERT INTO seq_region VALUES (9998, 'orphan1', 998, 100), (9999, 'orphan2', 999, 100)",
    "UPDATE gene SET canonical_transcript_id = 1 WHERE gene_id IN (2, 18)",
    "UPDATE translation SET start_exon_id = 4 WHERE translation_id IN (10, 35)",
    "DELETE FROM dna ORDER BY seq_region_id LIMIT 1",  # sequence without dna
]


@pytest.fixture(scope="module")
def broken_core(source: Server) -> Iterator[str]:
    name = f"ranged_{uuid.uuid4().hex[:8]}_core_{RELEASE}_38"
    with source.connect() as conn:
        create_core_database(conn, name, release=RELEASE)
    for statement in SPREAD_BREAKERS:
        source.query(statement, database=name)
    yield name
    source.query(f"DROP DATABASE IF EXISTS `{name}`")


def ranged_checks() -> list[Datacheck]:
    return [c for c in registry.values() if c.driving and "core" in c.db_types]


def run_to_the_end(conn, ctx: Context, check: Datacheck, cursor: CheckCursor, saved: list):
    while not cursor.done:
        cursor = progress.run_for(
            conn, ctx, check, cursor, budget_seconds=0, range_rows=1, save=saved.append
        )
    return cursor


def summary(result: CheckResult) -> tuple:
    return (
        result.passed,
        result.critical,
        result.error,
        sorted((f.problem, f.count) for f in result.findings),
    )


def test_ranged_checks_are_the_core_checks_over_big_tables() -> None:
    names = {c.name for c in ranged_checks()}
    assert {"GenesHaveTranscripts", "ExonsInTranscripts", "FeatureCoordinates"} <= names


@pytest.mark.parametrize("check", ranged_checks(), ids=lambda c: c.name)
def test_a_check_over_key_ranges_finds_what_it_finds_over_the_whole_table(
    source: Server, broken_core: str, check: Datacheck
) -> None:
    ctx = Context(broken_core, "core", RELEASE)
    with source.connect(broken_core) as conn:
        (whole,) = run_suite(conn, ctx, names=[check.name])
        saved: list[CheckCursor] = []
        ranged = run_to_the_end(conn, ctx, check, CheckCursor(name=check.name), saved)
    assert ranged.result is not None
    assert ranged.ranges > 2, "the check ran over one range only"
    assert summary(ranged.result) == summary(whole)
    assert not whole.passed, "the breakers should make every ranged check fail"
    # Examples come from every range in key order, up to the first ten.
    for mine, theirs in zip(ranged.result.findings, whole.findings, strict=True):
        assert len(mine.examples) == min(mine.count, 10)
        if mine.count <= 10:
            assert sorted(map(str, mine.examples)) == sorted(map(str, theirs.examples))
    assert [c.invocations for c in saved][-1] == ranged.invocations


def test_a_check_cut_off_mid_statement_resumes_from_its_last_range_with_half_the_span(
    source: Server, broken_core: str
) -> None:
    check = registry["GenesHaveTranscripts"]
    ctx = Context(broken_core, "core", RELEASE)
    saved: list[CheckCursor] = []
    with source.connect(broken_core) as conn:
        (whole,) = run_suite(conn, ctx, names=[check.name])
        # Two ranges done, then the third's statement is held by a lock and its connection cut,
        # as a Lambda that times out mid-statement cuts it.
        first = progress.run_for(
            conn,
            ctx,
            check,
            CheckCursor(name=check.name),
            budget_seconds=0,
            range_rows=1,
            save=saved.append,
        )
        second = progress.run_for(
            conn, ctx, check, first, budget_seconds=0, range_rows=1, save=saved.append
        )
    failure: list[BaseException] = []
    with table_locked(source, broken_core, "transcript"):
        victim = source.connect(broken_core)

        def run() -> None:
            try:
                progress.run_for(
                    victim, ctx, check, second, budget_seconds=0, range_rows=1, save=saved.append
                )
            except BaseException as exc:  # noqa: BLE001 - kept for the assertion
                failure.append(exc)

        worker = threading.Thread(target=run)
        worker.start()
        while not source.query(
            "SELECT ID FROM information_schema.PROCESSLIST WHERE ID = %s AND STATE LIKE "
            "'Waiting for table%%'",
            (victim.thread_id(),),
        ):
            pass
        source.query(f"KILL CONNECTION {int(victim.thread_id())}")
        worker.join()
    assert failure and isinstance(failure[0], (pymysql.err.OperationalError, MySQLUnavailable))
    cut = saved[-1]
    assert cut.running and cut.ranges == second.ranges == 2 and not cut.done

    assert cut.connection_id == victim.thread_id()  # what the next invocation stops
    before = len(saved)
    with source.connect(broken_core) as conn:
        resumed = progress.run_for(
            conn, ctx, check, cut, budget_seconds=60, range_rows=1, save=saved.append
        )
    # The range that was cut off is run again from where it began, with half its span.
    again = saved[before]
    assert again.running and again.next_lower == cut.next_lower
    assert again.span == max(1, (cut.span or 1) // 2)
    assert resumed.done
    assert resumed.result is not None and summary(resumed.result) == summary(whole)


def test_a_missing_driving_table_fails_the_check_with_the_servers_words(
    source: Server, broken_core: str
) -> None:
    check = registry["TranslationExons"]
    name = f"notl_{uuid.uuid4().hex[:8]}_core_{RELEASE}_38"
    with source.connect() as conn:
        create_core_database(conn, name, release=RELEASE)
    source.query("DROP TABLE translation", database=name)
    with source.connect(name) as conn:
        done = run_to_the_end(
            conn, Context(name, "core", RELEASE), check, CheckCursor(name=check.name), []
        )
    assert done.result is not None and not done.result.passed
    assert "translation" in (done.result.error or "") and "doesn't exist" in (
        done.result.error or ""
    )
    source.query(f"DROP DATABASE `{name}`")
