"""The steps of a handover, as the Lambda handlers run them: each moves the job along in
DynamoDB and calls the domain code. Handlers stay thin; this is where a step's story lives."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from handover import announce, notify
from handover import copy as copy_engine
from handover.check import check_source, failed_critical
from handover.config import Settings
from handover.credentials import ServerCredentials, server_from_secret, source_server
from handover.dbnames import DatabaseName, parse_database_name
from handover.errors import CheckFailed, HandoverCancelled, HandoverError
from handover.jobs import JobStore
from handover.metadata.facts import read_genomes
from handover.metadata.registry import Event, Registration, Registry
from handover.metadata.schema import migrate
from handover.models import (
    STEP_OF_STATUS,
    CheckOutput,
    CopyCursor,
    CopyInput,
    FailureInput,
    JobStatus,
    Step,
    StepInput,
)
from handover.mysql import connect
from handover.staging import StagingServers, drop_database, superseded_databases
from handover.uris import parse_uri, redact

# Leave this much of a Lambda's time for saving the cursor and returning it.
COPY_SAFETY_MARGIN_SECONDS = 30.0


def _source(inp: StepInput, settings: Settings) -> ServerCredentials:
    return source_server(parse_uri(inp.src_uri, "src_uri"), settings.source_credentials_secret_arn)


def _target(inp: StepInput, settings: Settings) -> ServerCredentials:
    if inp.check is None:
        raise HandoverError("the copy needs the check step's target; run check first")
    staging = StagingServers.from_settings(settings)
    return staging.for_uri(parse_uri(inp.check.tgt_uri, "tgt_uri"))


def run_check(inp: StepInput, settings: Settings, jobs: JobStore) -> CheckOutput:
    jobs.update(
        inp.token, step=Step.CHECK, status=JobStatus.CHECKING, message="Datachecks in progress"
    )
    src = parse_uri(inp.src_uri, "src_uri")
    requested = parse_uri(inp.tgt_uri, "tgt_uri") if inp.tgt_uri else None
    result, checks = check_source(
        _source(inp, settings),
        parse_database_name(src.database or ""),
        requested,
        StagingServers.from_settings(settings),
        settings,
    )
    stored = [c.model_dump() for c in checks]
    failed = failed_critical(checks)
    advisory = [c for c in checks if not c.critical and not c.passed]
    if advisory:
        jobs.update(
            inp.token,
            step=Step.CHECK,
            level="WARNING",
            checks=stored,
            message="Advisory datachecks failed: " + "; ".join(c.summary for c in advisory),
        )
    if failed:
        jobs.update(
            inp.token,
            step=Step.CHECK,
            checks=stored,
            report=False,
            message="Datachecks found problems",
        )
        raise CheckFailed(
            f"Datachecks found problems: {len(failed)} critical check(s) failed: "
            + "; ".join(c.summary for c in failed)
        )
    jobs.update(
        inp.token,
        step=Step.CHECK,
        progress_complete=1,
        message="Datachecks successful, starting copy",
        checks=stored,
        division=result.division,
        tgt_uri=result.tgt_uri,
    )
    return result


def _copy_engine(
    inp: StepInput, settings: Settings, jobs: JobStore, budget: float
) -> copy_engine.CopyEngine:
    return copy_engine.CopyEngine(
        _source(inp, settings),
        _target(inp, settings),
        inp.token,
        batch_rows=settings.copy_batch_rows,
        budget_seconds=budget,
        split_rows=settings.copy_split_rows,
        index_sort_bytes=settings.copy_index_sort_mb * 1024 * 1024,
        # Every committed chunk is checkpointed on the job; a deleted job stops the copy here.
        on_chunk=lambda cursor: jobs.checkpoint(
            inp.token, cursor.part.id, cursor.model_dump(mode="json")
        ),
    )


def run_copy(
    inp: CopyInput, settings: Settings, jobs: JobStore, remaining_seconds: float
) -> dict[str, Any]:
    """One invocation of the copy function: prepare, copy a part, finish a table, or publish."""
    budget = min(
        settings.copy_chunk_seconds, max(remaining_seconds - COPY_SAFETY_MARGIN_SECONDS, 1.0)
    )
    engine = _copy_engine(inp, settings, jobs, budget)
    try:
        if inp.action == "prepare":
            jobs.update(
                inp.token, step=Step.COPY, status=JobStatus.COPYING, message="Copying to staging"
            )
            plan = engine.prepare()
            jobs.update(
                inp.token,
                step=Step.COPY,
                copy_checkpoints={},
                copy_parts_total=len(plan.parts),
                copy_tables_total=len(plan.tables),
                message=f"Copying to staging: {len(plan.tables)} tables in {len(plan.parts)} parts",
            )
            return plan.model_dump(mode="json")
        if inp.action == "copy":
            if inp.part is None and inp.cursor is None:
                raise HandoverError("a copy invocation needs a part or a cursor")
            cursor = inp.cursor or CopyCursor(part=inp.part)
            # An invocation that died after committing chunks (timeout, lost connection) is
            # resumed from the job's checkpoint, which is ahead of the state machine's cursor.
            saved = jobs.copy_checkpoint(inp.token, cursor.part.id)
            if saved is not None and saved.get("chunks", 0) > cursor.chunks:
                cursor = CopyCursor.model_validate(saved).model_copy(
                    update={"invocations": cursor.invocations}
                )
            return engine.copy_part(cursor).model_dump(mode="json")
        if inp.action == "finish":
            if not inp.table:
                raise HandoverError("a finish invocation needs a table")
            cursors = [
                CopyCursor.model_validate(c) for c in jobs.copy_checkpoints(inp.token).values()
            ]
            rows = engine.finish_table(inp.table, copy_engine.source_digest(inp.table, cursors))
            jobs.table_verified(inp.token, inp.table)
            return {"table": inp.table, "rows": rows}
        engine.publish()
        jobs.update(
            inp.token,
            step=Step.COPY,
            progress_complete=2,
            message="Copying complete, submitting metadata job",
        )
        return {"published": str(engine.target.uri)}
    except HandoverCancelled:
        # Deleted while this invocation ran: its cleanup may have come before our last write.
        copy_engine.drop_temporary(engine.target, inp.token)
        raise


def run_register(
    inp: StepInput, settings: Settings, jobs: JobStore, events_client: Any = None
) -> dict[str, Any]:
    """Register the published database, announce it, and deal with what it supersedes.

    Idempotent under retries: registration updates rather than duplicates, and reports the
    events its first try recorded, so a retried announcement says the same thing."""
    job = jobs.require(inp.token)
    if job.status is JobStatus.SUCCEEDED and job.registered is not None:
        # A retry of a registration that finished (its reply was lost): the same reply again.
        return job.registered
    jobs.update(
        inp.token,
        step=Step.REGISTER,
        status=JobStatus.REGISTERING,
        message="Registering in the metadata database",
    )
    target = _target(inp, settings)
    metadata = server_from_secret(settings.metadata_secret_arn, "metadata database")
    name = parse_database_name(target.database or "")
    genomes = []
    if name.db_type != "compara":
        with connect(target, "staging", database=target.database) as conn:
            genomes = read_genomes(conn) if name.db_type != "ancestral" else []
    with connect(metadata, "metadata", database=metadata.database) as conn:
        migrate(conn)
        events = Registry(conn).register(
            Registration(
                dbname=name.name,
                db_type=name.db_type,
                release=settings.release,
                division=inp.check.division if inp.check else "",
                token=inp.token,
                contact=job.contact,
                comment=job.comment,
            ),
            genomes,
        )
    if settings.event_bus_name and events_client is not None:
        announce.database_registered(
            events_client,
            settings.event_bus_name,
            token=inp.token,
            release=settings.release,
            events=events,
        )
    replaced = copy_engine.finish_replacement(target, inp.token)
    superseded = _supersede(inp.token, settings, jobs, target, name, events)
    summary = ", ".join(f"{e.type} {e.genome or e.dbname}" for e in events)
    result = {"events": summary, "replaced_previous": replaced, "superseded": superseded}
    jobs.finish(
        inp.token,
        JobStatus.SUCCEEDED,
        step=Step.REGISTER,
        progress_complete=3,
        message="Metadata load complete, Handover successful",
        events=[asdict(e) for e in events],
        registered=result,
    )
    return result


def _supersede(
    token: str,
    settings: Settings,
    jobs: JobStore,
    target: ServerCredentials,
    name: DatabaseName,
    events: list[Event],
) -> list[str]:
    """List (or, with DropSupersededDatabases, drop) the databases on this staging server that
    a new assembly or genebuild supersedes; each is recorded in the job's reports."""
    if not any(e.type in ("new_assembly", "new_genebuild") for e in events):
        return []
    superseded = superseded_databases(target, name)
    for database in superseded:
        if settings.drop_superseded_databases:
            drop_database(target, database)
            jobs.note(token, step=Step.REGISTER, message=f"Dropped superseded database {database}")
        else:
            jobs.note(
                token,
                step=Step.REGISTER,
                level="WARNING",
                message=f"Superseded database {database} is still on staging "
                "(DropSupersededDatabases is off)",
            )
    return superseded


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
    try:
        cleanup = _remove_copies(inp, settings, published=failed_step is Step.REGISTER)
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


def notify_outcome(
    token: str, settings: Settings, jobs: JobStore, ses: Any, events: Any
) -> dict[str, Any]:
    """Tell the contact how the handover ended (by email) and pipelines (by an EventBridge
    event). A failure to do either is recorded on the job and never raised: the handover's
    own result stands."""
    job = jobs.get(token)
    if job is None or not job.status.finished:
        return {"sent": False, "reason": "the job is gone or not finished"}
    result: dict[str, Any] = {"status": job.status.value, "sent": False, "announced": False}
    if settings.event_bus_name and events is not None:
        try:
            reply = events.put_events(Entries=[notify.outcome_event(job, settings.event_bus_name)])
            result["announced"] = not reply.get("FailedEntryCount")
        except (BotoCoreError, ClientError) as exc:
            jobs.note(
                token,
                step="notify",
                level="WARNING",
                message=f"Could not publish the outcome: {exc}",
            )
    if job.status is JobStatus.CANCELLED:
        result["reason"] = "cancelled by a DELETE: nobody to tell"
        return result
    if job.status is JobStatus.SUCCEEDED and not settings.notify_on_success:
        result["reason"] = "NotifyOnSuccess is off"
        return result
    if not settings.notify_sender:
        jobs.note(
            token, step="notify", level="WARNING", message="No email sent: NotifySender is not set"
        )
        result["reason"] = "no sender"
        return result
    checks = jobs.checks(token) if job.failed_step == Step.CHECK.value else None
    email = notify.compose(job, checks, settings.api_base_url)
    try:
        ses.send_email(
            Source=settings.notify_sender,
            Destination={"ToAddresses": [email.to]},
            Message={
                "Subject": {"Data": email.subject, "Charset": "UTF-8"},
                "Body": {"Text": {"Data": email.body, "Charset": "UTF-8"}},
            },
        )
    except (BotoCoreError, ClientError) as exc:
        jobs.note(
            token, step="notify", level="WARNING", message=f"Could not email {email.to}: {exc}"
        )
        result["reason"] = str(exc)
        return result
    jobs.note(token, step="notify", message=f"Emailed {email.to}: {email.subject}")
    result["sent"] = True
    return result


def cancel(token: str, settings: Settings, jobs: JobStore) -> dict[str, Any]:
    """Stop a job for DELETE: drop its temporary copy and mark it CANCELLED."""
    job = jobs.get(token)
    if job is None:
        return {"cancelled": False}
    inp = StepInput(token=token, src_uri=job.src_uri, tgt_uri=job.tgt_uri)
    if job.tgt_uri:
        inp.check = CheckOutput(
            db_type=job.db_type, division=job.division or "", tgt_uri=job.tgt_uri
        )
    cleanup = _remove_copies(inp, settings, published=False)
    cancelled = jobs.finish(
        token,
        JobStatus.CANCELLED,
        step="cancel",
        message="Cancelled" + (f" ({cleanup})" if cleanup else ""),
    )
    return {"cancelled": cancelled, "cleanup": cleanup}


def sweep(settings: Settings, jobs: JobStore) -> dict[str, list[str]]:
    """Finish the clean-up that ended handovers could not do (staging was down): drop their
    temporary copies, drop what a successful re-handover replaced, and put back what a failed
    one replaced. Runs on a schedule; a handover still at work is left alone."""
    staging = StagingServers.from_settings(settings)
    report: dict[str, list[str]] = {"dropped": [], "restored": [], "kept": []}
    for server in staging.all():
        for database, kind, token in copy_engine.leftovers(server):
            job = jobs.get(token)
            if job is not None and not job.status.finished:
                report["kept"].append(database)
            elif kind == "tmp":
                copy_engine.drop_temporary(server, token)
                report["dropped"].append(database)
            elif job is not None and job.status is JobStatus.SUCCEEDED:
                copy_engine.finish_replacement(server, token)
                report["dropped"].append(database)
            elif job is not None and job.tgt_uri:
                target = staging.for_uri(parse_uri(job.tgt_uri, "tgt_uri"))
                report["restored"].append(copy_engine.unpublish(target, token))
            else:
                # Parked by a job that is gone: which database it replaced is unknown.
                report["kept"].append(database)
    return report


def _remove_copies(inp: StepInput, settings: Settings, *, published: bool) -> str:
    if inp.check is None:
        return ""
    target = _target(inp, settings)
    if published:
        return copy_engine.unpublish(target, inp.token)
    return "removed the temporary copy" if copy_engine.drop_temporary(target, inp.token) else ""
