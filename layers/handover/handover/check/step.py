"""The check step as its Lambda runs it, in four actions:

- rules: move the job to CHECKING, apply the handover rules, settle the target, and list the
  datachecks the database gets;
- acquire: take a check slot on the source server, or say how long the queue is: datachecks
  are admitted through one limit per source server (MaxConcurrentChecksPerServer), shared by
  every handover;
- datacheck: run one datacheck for a bounded time, from its saved cursor (a Map state runs
  the checks in parallel, each by a loop of these);
- conclude: give the check slot back, record every datacheck's result, and either hand the
  target on or fail with the critical findings.
"""

from __future__ import annotations

from typing import Any

from handover.check import progress
from handover.check.datachecks import registry
from handover.check.datachecks.framework import applicable
from handover.check.source import check_source, datacheck_context
from handover.config import Settings
from handover.dal.credentials import source_server
from handover.dal.jobs import JobStore
from handover.dal.mysql import connect
from handover.dal.slots import CopySlots, check_slot_key
from handover.dbnames import parse_database_name
from handover.errors import CheckFailed, HandoverError
from handover.models.checks import CheckCursor, advisory_failures, critical_failures
from handover.models.job import PROGRESS_TOTAL, JobStatus, Step
from handover.models.workflow import CheckInput, ResolvedTarget
from handover.staging import StagingServers
from handover.uris import parse_uri

# Leave this much of a Lambda's time for saving the cursor and returning it.
CHECK_SAFETY_MARGIN_SECONDS = 30.0


def run_check(inp: CheckInput, settings: Settings, jobs: JobStore, remaining_seconds: float) -> Any:
    settings = settings.for_release(inp.release)
    if inp.action == "rules":
        return start_checks(inp, settings, jobs)
    if inp.action == "acquire":
        return take_check_slot(inp, settings, jobs)
    if inp.action == "datacheck":
        return run_datacheck(inp, settings, jobs, remaining_seconds)
    try:
        return conclude_checks(inp, settings, jobs).model_dump()
    finally:
        give_check_slot_back(inp, jobs)


def take_check_slot(inp: CheckInput, settings: Settings, jobs: JobStore) -> dict[str, Any]:
    server = parse_uri(inp.src_uri, "src_uri").server
    state = CopySlots(jobs.table).acquire(
        check_slot_key(server), inp.token, settings.max_concurrent_checks_per_server
    )
    if state.acquired:
        jobs.update(inp.token, step=Step.CHECK, message=f"Check slot taken on source {server}")
    else:
        jobs.update(
            inp.token,
            step=Step.CHECK,
            report=False,  # said at every retry: the message shows it, the reports need not
            message=f"Waiting for a check slot on source {server} ({state.ahead} ahead, "
            f"{state.running} checking)",
        )
    return {"acquired": state.acquired, "running": state.running, "ahead": state.ahead}


def give_check_slot_back(inp: CheckInput, jobs: JobStore) -> None:
    CopySlots(jobs.table).release(
        check_slot_key(parse_uri(inp.src_uri, "src_uri").server), inp.token
    )


def start_checks(inp: CheckInput, settings: Settings, jobs: JobStore) -> dict[str, Any]:
    jobs.update(
        inp.token, step=Step.CHECK, status=JobStatus.CHECKING, message="Datachecks in progress"
    )
    src = parse_uri(inp.src_uri, "src_uri")
    requested = parse_uri(inp.tgt_uri, "tgt_uri") if inp.tgt_uri else None
    name = parse_database_name(src.database or "")
    target = check_source(
        source_server(src, settings.source_credentials_secret_arn),
        name,
        requested,
        StagingServers.from_settings(settings),
        settings,
        jobs,
    )
    names = [check.name for check in applicable(name.db_type)]
    jobs.update(
        inp.token,
        step=Step.CHECK,
        datachecks=names,
        message=f"Handover rules passed; running {len(names)} datachecks",
    )
    return {"target": target.model_dump(), "datachecks": names}


def run_datacheck(
    inp: CheckInput, settings: Settings, jobs: JobStore, remaining_seconds: float
) -> dict[str, Any]:
    check = registry.get(inp.datacheck or "")
    if check is None:
        raise HandoverError(f"there is no datacheck called {inp.datacheck!r}")
    src = parse_uri(inp.src_uri, "src_uri")
    name = parse_database_name(src.database or "")
    cursor = jobs.check_cursor(inp.token, check.name) or CheckCursor(name=check.name)
    margin = min(CHECK_SAFETY_MARGIN_SECONDS, remaining_seconds / 4)
    ctx = datacheck_context(name, check, StagingServers.from_settings(settings), settings)
    with connect(
        source_server(src, settings.source_credentials_secret_arn), "source", database=name.name
    ) as conn:
        cursor = progress.run_for(
            conn,
            ctx,
            check,
            cursor,
            budget_seconds=max(remaining_seconds - margin, 0.5),
            range_rows=settings.check_range_rows,
            save=lambda saved: jobs.save_check_cursor(inp.token, saved),
        )
    return {"datacheck": check.name, "done": cursor.done, "ranges": cursor.ranges}


def conclude_checks(inp: CheckInput, settings: Settings, jobs: JobStore) -> ResolvedTarget:
    if inp.target is None:
        raise HandoverError("concluding the datachecks needs the target the rules settled")
    record = jobs.record(inp.token)
    names = record.datachecks if record is not None else []
    cursors = {c.name: c for c in jobs.check_cursors(inp.token, names)}
    unfinished = [n for n in names if n not in cursors or not cursors[n].done]
    if unfinished:
        raise HandoverError(f"datachecks did not finish: {', '.join(unfinished)}")
    checks = [r for n in names if (r := cursors[n].result) is not None]
    failed = critical_failures(checks)
    advisory = advisory_failures(checks)
    if advisory:
        jobs.update(
            inp.token,
            step=Step.CHECK,
            level="WARNING",
            checks=checks,
            message="Advisory datachecks failed: " + "; ".join(c.summary for c in advisory),
        )
    if failed:
        jobs.update(
            inp.token,
            step=Step.CHECK,
            checks=checks,
            report=False,
            message="Datachecks found problems",
        )
        raise CheckFailed(
            f"Datachecks found problems: {len(failed)} critical check(s) failed: "
            + "; ".join(c.summary for c in failed)
        )
    target = inp.target
    jobs.update(
        inp.token,
        step=Step.CHECK,
        progress_complete=1,
        message="Datachecks successful, starting copy",
        checks=checks,
        division=target.division,
        tgt_uri=target.tgt_uri,
        resolved_target=target,
        # GRCh37: datachecks and copy; Ensembl never registered these in the metadata.
        progress_total=PROGRESS_TOTAL if target.register_in_metadata else PROGRESS_TOTAL - 1,
    )
    return target
