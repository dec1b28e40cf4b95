"""The local stack enforces each function's Timeout as Lambda does: an invocation that outlasts
it fails with Lambda.Unknown ("Task timed out after N seconds"), its Python work stops, and
the state machine's Retry and Catch take it from there."""

import time
from collections.abc import Iterator
from contextlib import contextmanager

import boto3
import pytest

from handover.dal.jobs import JobStore
from handover_cli.local.fixtures import create_core_database

from .conftest import RELEASE, leftovers, table_checksums, unique_core_name
from .test_e2e import submit, wait_until
from .test_faults import table_locked, waiting_for_lock

pytestmark = pytest.mark.e2e
TIMEOUT = 2


@contextmanager
def timeout_of(stack, logical_id: str, seconds: float) -> Iterator[None]:
    fn = stack.function(logical_id)
    saved, fn.timeout = fn.timeout, seconds
    try:
        yield
    finally:
        fn.timeout = saved


def task_errors(stack, token: str) -> list[str]:
    arn = stack.state_machine_arn.replace(":stateMachine:", ":execution:") + f":{token}"
    events = boto3.client("stepfunctions").get_execution_history(executionArn=arn, maxResults=1000)
    return [
        e[key]["error"]
        for e in events["events"]
        for key in ("lambdaFunctionFailedEventDetails", "taskFailedEventDetails")
        if key in e
    ]


def test_a_check_that_outlasts_its_timeout_is_caught_and_recorded(api, stack, source, staging):
    name = unique_core_name()
    with source.connect() as conn:
        create_core_database(conn, name, release=RELEASE)
    started = time.time()
    with timeout_of(stack, "CheckFunction", TIMEOUT), table_locked(source, name, "meta"):
        token = submit(api, source.src_uri(name))["handover_token"]
        wait_until(lambda: waiting_for_lock(source, "meta"), what="the check to wait on meta")
        job = api.wait(token, timeout=60)
    assert (job["status"], job["failed_step"], job["error_type"]) == (
        "FAILED",
        "check",
        "Lambda.Unknown",
    )
    assert f"Task timed out after {TIMEOUT:.2f} seconds" in job["message"]
    assert "Lambda.Unknown" in task_errors(stack, token)
    (timed_out,) = [
        i
        for i in stack.invocations
        if i.logical_id == "CheckFunction" and i.started >= started and i.timed_out
    ]
    # Its thread stopped once the statement it waited on came back (the lock was released).
    wait_until(lambda: timed_out.seconds > 0, what="the timed-out check to stop")
    assert name not in staging.databases() and not leftovers(staging)
    source.query(f"DROP DATABASE `{name}`")


def test_a_copy_that_outlasts_its_timeout_is_retried_and_resumes(
    api, stack, source, staging, monkeypatch
):
    """The first copy of a chunk outlasts its timeout (it is held up, as a slow statement
    would hold it); Step Functions retries it, and the retry resumes from the checkpoint."""
    name = unique_core_name()
    with source.connect() as conn:
        create_core_database(conn, name, release=RELEASE)
    fn = stack.function("CopyFunction")
    real_run, held, went_on = fn.run, [], []

    def held_up_once(event, context):
        if event.get("action") == "copy" and not held:
            held.append(event["part"]["table"])
            for _ in range(TIMEOUT * 30):  # Python work; the stack stops it at TIMEOUT
                time.sleep(0.1)
            went_on.append(True)
        return real_run(event, context)

    monkeypatch.setattr(fn, "run", held_up_once)
    started = time.time()
    with timeout_of(stack, "CopyFunction", TIMEOUT):
        token = submit(api, source.src_uri(name))["handover_token"]
        job = api.wait(token, timeout=120)
    assert job["status"] == "SUCCEEDED", job["message"]
    assert held and "Lambda.Unknown" in task_errors(stack, token)
    copies = [
        i for i in stack.invocations if i.logical_id == "CopyFunction" and i.started >= started
    ]
    (timed_out,) = [i for i in copies if i.timed_out]
    wait_until(lambda: timed_out.seconds > 0, what="the timed-out copy to stop")
    assert timed_out.seconds - TIMEOUT < 1 and not went_on  # stopped at its timeout
    assert table_checksums(staging, name) == table_checksums(source, name)
    source.query(f"DROP DATABASE `{name}`")
    staging.query(f"DROP DATABASE `{name}`")


def test_a_datacheck_that_outlasts_its_timeout_is_retried_and_resumes(api, stack, source, staging):
    """A datacheck's statement is held up (by a lock) past its invocation's timeout; Step
    Functions retries the invocation, which resumes the check from its last saved range."""
    name = unique_core_name()
    with source.connect() as conn:
        create_core_database(conn, name, release=RELEASE)
    started = time.time()

    def a_check_timed_out() -> bool:
        return any(
            i.logical_id == "CheckFunction" and i.started >= started and i.timed_out
            for i in stack.invocations
        )

    with timeout_of(stack, "CheckFunction", TIMEOUT):
        with table_locked(source, name, "transcript"):
            token = submit(api, source.src_uri(name))["handover_token"]
            wait_until(a_check_timed_out, what="a datacheck to outlast its timeout")
        job = api.wait(token, timeout=120)
    assert job["status"] == "SUCCEEDED", job["message"]
    assert "Lambda.Unknown" in task_errors(stack, token)
    status, body = api.call("GET", f"/handovers/{token}/checks")
    checks = body["results"]
    assert checks and all(c["passed"] or not c["critical"] for c in checks)
    store_cursors = JobStore(stack.table_name).check_cursors(token, [c["name"] for c in checks])
    assert len(store_cursors) == len(checks) and all(c.done for c in store_cursors)
    # The held check was resumed, not started over: its cursor counts the invocations it took.
    assert max(c.invocations for c in store_cursors) > 1
    assert table_checksums(staging, name) == table_checksums(source, name)
    source.query(f"DROP DATABASE `{name}`")
    staging.query(f"DROP DATABASE `{name}`")
