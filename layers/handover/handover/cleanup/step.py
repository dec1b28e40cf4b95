"""What the cleanup function runs: a failure caught by the state machine, a DELETE's cancel,
and the hourly sweep. Each leaves nothing half-written on staging."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from handover.config import Settings
from handover.copying.leftovers import drop_temporary, leftovers
from handover.copying.publish import finish_replacement, unpublish
from handover.dal.executions import ExecutionStatus
from handover.dal.jobs import JobStore
from handover.dal.slots import CHECK_SLOT_PREFIX, CopySlots, check_slot_key
from handover.errors import HandoverError
from handover.models.job import STEP_OF_STATUS, Job, JobStatus, Step
from handover.models.workflow import FailureInput, ResolvedTarget, StepInput
from handover.staging import StagingServers, server_key, target_server
from handover.uris import parse_uri, redact


def _error_message(error: dict[str, Any]) -> tuple[str, str]:
    """The error name and message from a Catch's {Error, Cause}; Lambda errors wrap JSON."""
    name = str(error.get("Error", "Error"))
    cause = str(error.get("Cause", ""))
    try:
        parsed = json.loads(cause)
        if isinstance(parsed, dict):
            cause = str(parsed.get("errorMessage", cause))
    except ValueError:
        pass
    return name, redact(cause) or name


def record_failure(inp: FailureInput, settings: Settings, jobs: JobStore) -> dict[str, Any]:
    """Close a job whose step failed: record the step and reason, and leave nothing on staging.

    The failure is recorded first, so the submitter learns of it even when staging is down
    too. A cleanup that could not reach staging raises, so the state machine retries it.
    """
    job = jobs.get(inp.token)
    failed_step = STEP_OF_STATUS.get(job.status, Step.SUBMIT) if job else Step.SUBMIT
    if job is not None and job.failed_step:
        failed_step = Step(job.failed_step)  # a retry of this step: the job already says
    name, message = _error_message(inp.error)
    cleanup_error: HandoverError | None = None
    # A failed copy or registration keeps its temporary copy and checkpoints for a retry,
    # KeepFailedCopyHours long (the sweep then drops them).
    keep = settings.keep_failed_copy_hours > 0 and failed_step in (Step.COPY, Step.REGISTER)
    try:
        cleanup = _remove_copies(
            inp, settings, jobs, published=failed_step is Step.REGISTER, keep=keep
        )
    except HandoverError as exc:
        cleanup = f"staging not cleaned up yet, the scheduled sweep will finish it: {exc}"
        cleanup_error = exc
    recorded = False
    if job is not None:
        text = f"{failed_step.value} failed: {message}" + (f" ({cleanup})" if cleanup else "")
        recorded = jobs.finish(
            inp.token,
            JobStatus.FAILED,
            step=failed_step,
            message=text,
            failed_step=failed_step.value,
            error_type=name,
        )
        if not recorded and cleanup and cleanup_error is None:
            jobs.note(inp.token, step=failed_step, message=cleanup)
    if cleanup_error is not None:
        raise cleanup_error
    return {"recorded": recorded, "failed_step": failed_step.value, "error": name}


def cancel(token: str, settings: Settings, jobs: JobStore) -> dict[str, Any]:
    """Stop a job for DELETE: drop its temporary copy and mark it CANCELLED."""
    job = jobs.get(token)
    if job is None:
        return {"cancelled": False}
    inp = StepInput(token=token, src_uri=job.src_uri, tgt_uri=job.tgt_uri)
    if job.tgt_uri:
        inp.target = ResolvedTarget(
            db_type=job.db_type, division=job.division or "", tgt_uri=job.tgt_uri
        )
    cleanup = _remove_copies(inp, settings, jobs, published=False)
    cancelled = jobs.finish(
        token,
        JobStatus.CANCELLED,
        step="cancel",
        message="Cancelled" + (f" ({cleanup})" if cleanup else ""),
    )
    return {"cancelled": cancelled, "cleanup": cleanup}


def sweep(
    settings: Settings, jobs: JobStore, execution_status: ExecutionStatus | None = None
) -> dict[str, list[str]]:
    """Finish the clean-up that ended handovers could not do (staging was down): drop their
    temporary copies, drop what a successful re-handover replaced, and put back what a failed
    one replaced. First, close the jobs whose execution has ended without closing them (the
    EventBridge rule does this at once; the sweep catches what it missed). Runs on a
    schedule; a handover still at work is left alone."""
    staging = StagingServers.from_settings(settings)
    report: dict[str, list[str]] = {
        "reconciled": [],
        "long_running": [],
        "dropped": [],
        "restored": [],
        "kept": [],
        "slots_freed": [],
    }
    if execution_status is not None:
        long_ago = datetime.now(UTC) - timedelta(hours=settings.long_handover_hours)
        # Handovers are pinned to the release they were submitted for: those of the release
        # before a Release upgrade may still run.
        in_flight = jobs.unfinished(settings.release - 1) + jobs.unfinished(settings.release)
        for running in in_flight:
            arn = running.execution_arn
            if not arn:
                continue
            status, cause = execution_status(arn)
            if status in ENDED_ELSEWHERE:
                if reconcile(arn, status, settings, jobs, cause=cause)["reconciled"]:
                    report["reconciled"].append(running.handover_token)
            elif datetime.fromisoformat(running.submitted_at) < long_ago:
                report["long_running"].append(running.handover_token)
    slots = CopySlots(jobs.table)
    for server in staging.all():
        # Slots held, or waited for, by handovers that have ended (an execution stopped
        # from the console, say) go back to the others.
        key = server_key(server)
        _free_slots_of_ended(slots, key, jobs, report)
        for database, kind, token in leftovers(server):
            job = jobs.get(token)
            if job is not None and not job.status.finished:
                report["kept"].append(database)
            elif kind == "tmp" and job is not None and _kept_for_retry(job, settings):
                report["kept"].append(database)
            elif kind == "tmp":
                drop_temporary(server, token)
                report["dropped"].append(database)
            elif job is not None and job.status is JobStatus.SUCCEEDED:
                finish_replacement(server, token)
                report["dropped"].append(database)
            elif job is not None and job.tgt_uri:
                target = staging.for_uri(parse_uri(job.tgt_uri, "tgt_uri"))
                report["restored"].append(unpublish(target, token))
            else:
                # Parked by a job that is gone: which database it replaced is unknown.
                report["kept"].append(database)
    # Check slots are per source server, which only the slots themselves list.
    for key in slots.servers(CHECK_SLOT_PREFIX):
        _free_slots_of_ended(slots, key, jobs, report)
    return report


# Failures that are the submitter's news, not the operators': a datacheck that failed, a
# registration the database's own content refused.
SUBMITTERS_ERRORS = {"CheckFailed", "RegistrationFailed"}


def is_service_failure(error_type: str) -> bool:
    return error_type not in SUBMITTERS_ERRORS


# Execution statuses that end it outside the state machine's own catch.
ENDED_ELSEWHERE = {"ABORTED": "stopped", "TIMED_OUT": "timed out", "FAILED": "failed"}


def token_of_execution(name: str) -> str:
    """The handover token an execution is named by (a retry's name adds -<attempt>)."""
    return name[:36]


def reconcile(
    execution_arn: str, status: str, settings: Settings, jobs: JobStore, *, cause: str = ""
) -> dict[str, Any]:
    """Close the job of an execution that ended outside the state machine's catch (stopped
    from the console, timed out, or failed in a state without a Catch): FAILED, with the
    step it was at, its copy dropped or kept for a retry as for any failure, its database
    freed. A job the execution closed itself, or that a later attempt owns, is left alone.
    Returns whether it was reconciled; the caller tells the contact."""
    token = token_of_execution(execution_arn.rsplit(":", 1)[-1])
    job = jobs.record(token)
    if job is None or job.status.finished or status not in ENDED_ELSEWHERE:
        return {"reconciled": False, "token": token}
    if job.execution_arn and job.execution_arn != execution_arn:
        return {"reconciled": False, "token": token}  # an earlier attempt's execution
    failure = FailureInput(
        token=token,
        src_uri=job.src_uri,
        tgt_uri=job.tgt_uri,
        target=job.resolved_target,
        error={
            "Error": "Execution" + status.title().replace("_", ""),
            "Cause": f"its execution {ENDED_ELSEWHERE[status]} outside the service"
            + (f" ({cause})" if cause else "")
            + f"; POST /handovers/{token}/retry starts it again",
        },
    )
    recorded = record_failure(failure, settings, jobs)
    return {"reconciled": recorded["recorded"], "token": token, **recorded}


def _kept_for_retry(job: Job, settings: Settings) -> bool:
    """A failed handover's temporary copy is kept KeepFailedCopyHours after it failed."""
    if job.status is not JobStatus.FAILED or settings.keep_failed_copy_hours <= 0:
        return False
    failed_at = datetime.fromisoformat(job.updated_at)
    return datetime.now(UTC) - failed_at < timedelta(hours=settings.keep_failed_copy_hours)


def _free_slots_of_ended(
    slots: CopySlots, key: str, jobs: JobStore, report: dict[str, list[str]]
) -> None:
    for holder in {**slots.holders(key), **slots.waiting(key)}:
        job = jobs.get(holder)
        if job is None or job.status.finished:
            slots.release(key, holder)
            report["slots_freed"].append(f"{key} {holder}")


def _remove_copies(
    inp: StepInput, settings: Settings, jobs: JobStore, *, published: bool, keep: bool = False
) -> str:
    """Drop what the handover put on staging (or with `keep`, leave its temporary copy for
    a retry), and give its check and copy slots back."""
    source = parse_uri(inp.src_uri, "src_uri").server
    CopySlots(jobs.table).release(check_slot_key(source), inp.token)
    if inp.target is None:
        return ""
    target = target_server(inp, settings)
    CopySlots(jobs.table).release(server_key(target), inp.token)
    kept = (
        f"kept for {settings.keep_failed_copy_hours:g} h: "
        f"POST /handovers/{inp.token}/retry resumes from here"
    )
    if published:
        return unpublish(target, inp.token, keep=keep) + (f", {kept}" if keep else "")
    if keep:
        return f"the temporary copy and its checkpoints are {kept}"
    return "removed the temporary copy" if drop_temporary(target, inp.token) else ""
