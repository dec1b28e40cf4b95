"""What the API does: submit, read, list and delete handovers."""

from __future__ import annotations

import json
import uuid
from typing import Any, Literal

import boto3
from botocore.exceptions import ClientError

from handover.api.request import target_database, validate_request
from handover.config import Settings, settings
from handover.dal.jobs import JobStore
from handover.errors import CleanupPending, HandoverInFlight, NotRetryable
from handover.models.api import (
    CheckResults,
    HandoverRequest,
    JobPage,
    RetryResponse,
    SubmitResponse,
)
from handover.models.job import Job, JobRecord, JobStatus, Step, utc_now
from handover.models.workflow import ExecutionInput
from handover.runtime import count, job_store, shared


class HandoverService:
    def __init__(
        self, settings: Settings, jobs: JobStore, sfn: Any = None, lambda_: Any = None
    ) -> None:
        self.settings = settings
        self.jobs = jobs
        session = boto3.session.Session()  # sessions are not thread-safe: one each
        self.sfn = sfn or session.client("stepfunctions")
        self.lambda_ = lambda_ or session.client("lambda")

    def submit(self, request: HandoverRequest) -> SubmitResponse:
        src, name, tgt = validate_request(request, self.settings)
        token = str(uuid.uuid4())
        now = utc_now()
        job = JobRecord(
            handover_token=token,
            src_uri=str(src),
            tgt_uri=str(tgt) if tgt else None,
            contact=str(request.contact),
            comment=request.comment,
            database=target_database(src, tgt),
            db_type=name.db_type,
            release=self.settings.release,
            status=JobStatus.SUBMITTED,
            message="Handover submitted",
            submitted_at=now,
            updated_at=now,
        )
        # The record (and the database's in-flight guard) exist before the execution does, so
        # no execution ever runs without a job; a failed start closes the job instead.
        self.jobs.create(job)
        execution_input = ExecutionInput(
            token=token, src_uri=job.src_uri, tgt_uri=job.tgt_uri, release=job.release
        )
        arn = self._start(token, token, execution_input)
        count("HandoversSubmitted", db_type=name.db_type)
        return SubmitResponse(handover_token=token, status=JobStatus.SUBMITTED, execution_arn=arn)

    def retry(self, token: str) -> RetryResponse | None:
        """Start a FAILED handover again at the step that failed, keeping what was done: a
        new execution named <token>-<attempt>. None for an unknown token."""
        job = self.jobs.record(token)
        if job is None:
            return None
        if job.status is JobStatus.SUCCEEDED:
            raise NotRetryable(f"handover {token} succeeded; there is nothing to retry")
        if job.status is JobStatus.CANCELLED:
            raise NotRetryable(
                f"handover {token} was cancelled, and its copy removed; submit it again"
            )
        if not job.status.finished:
            raise HandoverInFlight(job.database, token)
        resume: Literal["copy", "register"] | None = None
        if job.resolved_target is not None and job.failed_step in ("copy", "register"):
            resume = "copy" if job.failed_step == "copy" else "register"
        attempt = job.attempt + 1
        name = f"{token}-{attempt}"
        self.jobs.reopen(
            job,
            attempt=attempt,
            execution_arn=self.settings.state_machine_arn.replace(":stateMachine:", ":execution:")
            + f":{name}",
            message=f"Retry {attempt - 1} from {resume or 'check'} (execution {name})",
        )
        execution_input = ExecutionInput(
            token=token,
            src_uri=job.src_uri,
            tgt_uri=job.tgt_uri,
            release=job.release,
            resume=resume,
            target=job.resolved_target if resume else None,
        )
        arn = self._start(token, name, execution_input)
        return RetryResponse(
            handover_token=token,
            status=JobStatus.SUBMITTED,
            execution_arn=arn,
            attempt=attempt,
            resume_from=resume or "check",
        )

    def _start(self, token: str, name: str, execution_input: ExecutionInput) -> str:
        """Start the job's execution; a failed start closes the job (no job without a record,
        no record left waiting for an execution that never began)."""
        try:
            started = self.sfn.start_execution(
                stateMachineArn=self.settings.state_machine_arn,
                name=name,
                input=execution_input.model_dump_json(),
            )
        except ClientError as exc:
            self.jobs.finish(
                token,
                JobStatus.FAILED,
                step=Step.SUBMIT,
                failed_step=Step.SUBMIT.value,
                message=f"could not start the workflow: {exc.response['Error']['Code']}",
            )
            raise
        arn = str(started["executionArn"])
        self.jobs.update(
            token, step=Step.SUBMIT, report=False, message="Handover submitted", execution_arn=arn
        )
        return arn

    def get(self, token: str) -> Job | None:
        return self.jobs.get(token, progress=True)

    def checks(self, token: str) -> CheckResults | None:
        results = self.jobs.checks(token)
        return CheckResults.of(token, results) if results is not None else None

    def list(
        self,
        release: int | None,
        contact: str | None,
        status: str | None,
        limit: int,
        next_token: str | None,
        db_type: str | None = None,
    ) -> JobPage:
        return self.jobs.list_release(
            release or self.settings.release,
            contact=contact,
            status=status,
            db_type=db_type,
            limit=limit,
            next_token=next_token,
        )

    def delete(self, token: str) -> dict[str, Any] | None:
        """Stop the execution, remove any temporary copy, and delete the record."""
        job = self.jobs.get(token)
        if job is None:
            return None
        stopped = False
        if job.execution_arn and not job.status.finished:
            try:
                self.sfn.stop_execution(
                    executionArn=job.execution_arn,
                    error="HandoverCancelled",
                    cause="deleted through the API",
                )
                stopped = True
            except ClientError as exc:
                if exc.response["Error"]["Code"] != "ExecutionDoesNotExist":
                    raise
        cleanup: dict[str, Any] = {}
        if not job.status.finished:
            # The API cannot reach MySQL; the cleanup function drops the temporary copy.
            reply = self.lambda_.invoke(
                FunctionName=self.settings.cleanup_function_name,
                Payload=json.dumps({"action": "cancel", "token": token}).encode(),
            )
            cleanup = json.loads(reply["Payload"].read() or b"{}")
            if reply.get("FunctionError"):
                raise CleanupPending(
                    f"handover {token} is stopped, but its temporary copy could not be removed yet "
                    f"({cleanup.get('errorMessage', 'unknown error')}); send the DELETE again"
                )
        self.jobs.delete(token)
        return {
            "handover_token": token,
            "execution_stopped": stopped,
            "cleanup": cleanup.get("cleanup", ""),
        }


def handover_service() -> HandoverService:
    """This container's service, shared by the API and the web page."""
    return shared("service", lambda: HandoverService(settings(), job_store()))
