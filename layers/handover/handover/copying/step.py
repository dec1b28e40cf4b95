"""The copy step as its Lambda runs it: one invocation prepares the copy, copies a part for a
bounded time, finishes (indexes and verifies) a table, or publishes the copy."""

from __future__ import annotations

from typing import Any

from handover.config import Settings
from handover.copying.engine import CopyEngine, source_digest
from handover.copying.leftovers import drop_temporary
from handover.dal.credentials import source_server
from handover.dal.jobs import JobStore
from handover.dal.slots import CopySlots
from handover.errors import HandoverCancelled, HandoverError
from handover.models.job import JobStatus, Step
from handover.models.workflow import CopyCursor, CopyInput, CopyPlan, StepInput
from handover.staging import server_key, target_server
from handover.uris import parse_uri

# Leave this much of a Lambda's time for saving the cursor and returning it.
COPY_SAFETY_MARGIN_SECONDS = 30.0


def _copy_engine(inp: StepInput, settings: Settings, jobs: JobStore, budget: float) -> CopyEngine:
    return CopyEngine(
        source_server(parse_uri(inp.src_uri, "src_uri"), settings.source_credentials_secret_arn),
        target_server(inp, settings),
        inp.token,
        batch_rows=settings.copy_batch_rows,
        budget_seconds=budget,
        split_rows=settings.copy_split_rows,
        index_sort_bytes=settings.copy_index_sort_mb * 1024 * 1024,
        # Every committed chunk is checkpointed on the job; a deleted job stops the copy here.
        on_chunk=lambda cursor: jobs.checkpoint(inp.token, cursor),
    )


def _planned(plan: CopyPlan) -> str:
    return f"Copying to staging: {len(plan.tables)} tables in {len(plan.parts)} parts"


def take_slot(inp: CopyInput, settings: Settings, jobs: JobStore) -> dict[str, Any]:
    """Take a copy slot on the target's staging server, or say how long the queue is."""
    server = server_key(target_server(inp, settings))
    state = CopySlots(jobs.table).acquire(
        server, inp.token, settings.max_concurrent_copies_per_server
    )
    if state.acquired:
        jobs.update(
            inp.token,
            step=Step.COPY,
            status=JobStatus.COPYING,
            message=f"Copy slot taken on staging {server}",
        )
    else:
        jobs.update(
            inp.token,
            step=Step.COPY,
            status=JobStatus.COPYING,
            report=False,  # said at every retry: the message shows it, the reports need not
            message=f"Waiting for a copy slot on staging {server} ({state.ahead} ahead, "
            f"{state.running} copying)",
        )
    return {"acquired": state.acquired, "running": state.running, "ahead": state.ahead}


def give_slot_back(inp: StepInput, settings: Settings, jobs: JobStore) -> dict[str, Any]:
    CopySlots(jobs.table).release(server_key(target_server(inp, settings)), inp.token)
    return {"released": True}


def run_copy(
    inp: CopyInput, settings: Settings, jobs: JobStore, remaining_seconds: float
) -> dict[str, Any]:
    """One invocation of the copy function: take or give back a copy slot, prepare, copy a
    part, finish a table, or publish."""
    if inp.action == "acquire":
        return take_slot(inp, settings, jobs)
    if inp.action == "release":
        return give_slot_back(inp, settings, jobs)
    # A short time limit (a test's, or --lambda-timeout) keeps a quarter of itself in hand.
    margin = min(COPY_SAFETY_MARGIN_SECONDS, remaining_seconds / 4)
    budget = min(settings.copy_chunk_seconds, max(remaining_seconds - margin, 0.5))
    engine = _copy_engine(inp, settings, jobs, budget)
    try:
        if inp.action == "prepare":
            jobs.update(
                inp.token, step=Step.COPY, status=JobStatus.COPYING, message="Copying to staging"
            )
            planned = jobs.copy_plan(inp.token)
            if planned is not None and engine.temporary_exists():
                # A retry of a failed copy (or of this invocation): the parts go on from
                # their checkpoints.
                kept = jobs.copy_checkpoints(inp.token)
                jobs.update(
                    inp.token,
                    step=Step.COPY,
                    message=f"Resuming the copy: {sum(c.done for c in kept)} of "
                    f"{len(planned.parts)} parts done, {sum(c.chunks for c in kept)} chunks kept"
                    if kept
                    else _planned(planned),
                )
                return planned.model_dump(mode="json")
            if planned is not None:
                jobs.forget_copy(inp.token)  # its temporary database is gone: start afresh
            plan = engine.prepare()
            jobs.save_copy_plan(inp.token, plan)
            jobs.update(
                inp.token,
                step=Step.COPY,
                copy_parts=[part.id for part in plan.parts],
                copy_parts_total=len(plan.parts),
                copy_tables_total=len(plan.tables),
                message=_planned(plan),
            )
            return plan.model_dump(mode="json")
        if inp.action == "copy":
            if inp.cursor is not None:
                cursor = inp.cursor
            elif inp.part is not None:
                cursor = CopyCursor(part=inp.part)
            else:
                raise HandoverError("a copy invocation needs a part or a cursor")
            # An invocation that died after committing chunks (timeout, lost connection) is
            # resumed from the job's checkpoint, which is ahead of the state machine's cursor.
            saved = jobs.copy_checkpoint(inp.token, cursor.part.id)
            if saved is not None and saved.chunks > cursor.chunks:
                cursor = saved.model_copy(update={"invocations": cursor.invocations})
            return engine.copy_part(cursor).model_dump(mode="json")
        if inp.action == "finish":
            if not inp.table:
                raise HandoverError("a finish invocation needs a table")
            cursors = jobs.copy_checkpoints(inp.token)
            # Waiting on an index build is cheap: wait as long as the invocation may, not
            # a chunk's time.
            engine.budget_seconds = max(remaining_seconds - margin, 0.5)
            rows = engine.finish_table(inp.table, source_digest(inp.table, cursors))
            if rows is None:  # an index build or digest still runs on staging
                return {"table": inp.table, "done": False}
            jobs.table_verified(inp.token, inp.table)
            return {"table": inp.table, "rows": rows, "done": True}
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
        # (A job that failed meanwhile, in another part, keeps its copy for a retry.)
        job = jobs.get(inp.token)
        failed = job is not None and job.status is JobStatus.FAILED
        if not failed or settings.keep_failed_copy_hours <= 0:
            drop_temporary(engine.target, inp.token)
        raise
