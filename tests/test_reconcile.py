"""Executions that end outside the state machine's catch (stopped from the console, timed
out) are reconciled (issue 16): the job is closed FAILED at the step it was at, its database
freed, its copy dropped, and its contact told. On two paths: Step Functions' "Execution
Status Change" event (which the local stack emits as EventBridge delivers it), and the
hourly sweep, for an event that never came."""

from __future__ import annotations

import threading
import time

import boto3
import pytest

from handover.dal.jobs import JobStore
from handover_cli.local.fixtures import create_core_database

from .conftest import RELEASE, leftovers, unique_core_name
from .test_e2e import submit, wait_until
from .test_faults import table_locked, waiting_for_lock

pytestmark = pytest.mark.e2e


def stop_from_the_console(stack, token: str) -> None:
    arn = JobStore(stack.table_name).get(token).execution_arn
    boto3.client("stepfunctions").stop_execution(
        executionArn=arn, error="Stopped", cause="stopped by an operator"
    )


def test_an_execution_stopped_from_the_console_is_reconciled_at_once(api, stack, source, staging):
    name = unique_core_name()
    with source.connect() as conn:
        create_core_database(conn, name, release=RELEASE)
    with table_locked(source, name, "meta"):
        token = submit(api, source.src_uri(name))["handover_token"]
        wait_until(lambda: waiting_for_lock(source, "meta"), what="the check to wait on meta")
        stop_from_the_console(stack, token)
    job = api.wait(token, timeout=60)
    assert (job["status"], job["failed_step"], job["error_type"]) == (
        "FAILED",
        "check",
        "ExecutionAborted",
    ), job
    assert "its execution stopped outside the service" in job["message"]
    assert f"POST /handovers/{token}/retry starts it again" in job["message"]
    # The contact is told, as for any failure.
    wait_until(
        lambda: [m for m in stack.sent_mail() if token in m["body"]],
        what="the contact to be told",
    )
    # The database is free again: a new handover of it is accepted, and succeeds.
    again = submit(api, source.src_uri(name), comment="after the stop")["handover_token"]
    assert api.wait(again)["status"] == "SUCCEEDED"
    assert not leftovers(staging)
    source.query(f"DROP DATABASE `{name}`")
    staging.query(f"DROP DATABASE `{name}`")


def test_the_sweep_reconciles_a_copy_whose_execution_ended_unseen(
    api, stack, source, staging, monkeypatch
):
    """No event arrives (the rule was missed); the hourly sweep finds the job COPYING with its
    execution over, closes it, and drops its temporary copy."""
    name = unique_core_name()
    with source.connect() as conn:
        create_core_database(conn, name, release=RELEASE)
    fn = stack.function("CopyFunction")
    real_run, holding, let_go = fn.run, threading.Event(), threading.Event()

    def held(event, context):
        if event.get("action") == "copy" and not let_go.is_set():
            holding.set()
            let_go.wait(30)
        return real_run(event, context)

    monkeypatch.setattr(fn, "run", held)
    monkeypatch.setattr(stack, "emit_execution_events", False)
    token = submit(api, source.src_uri(name))["handover_token"]
    assert holding.wait(60), "the copy never started"
    stop_from_the_console(stack, token)
    let_go.set()
    time.sleep(1)
    store = JobStore(stack.table_name)
    assert store.get(token).status.value == "COPYING"  # nobody has noticed yet
    report = stack.invoke("CleanupFunction", {"action": "sweep"})
    assert token in report["reconciled"]
    job = store.get(token)
    assert (job.status.value, job.failed_step) == ("FAILED", "copy")
    # moto ends a stop mid-Map as FAILED, AWS as ABORTED: either is an execution that ended
    # outside the service's catch.
    assert job.error_type in ("ExecutionAborted", "ExecutionFailed")
    wait_until(lambda: not leftovers(staging), what="the temporary copy to be dropped")
    assert name not in staging.databases()
    wait_until(
        lambda: [m for m in stack.sent_mail() if token in m["body"]],
        what="the contact to be told",
    )
    # A second sweep has nothing more to do.
    assert token not in stack.invoke("CleanupFunction", {"action": "sweep"})["reconciled"]
    source.query(f"DROP DATABASE `{name}`")
