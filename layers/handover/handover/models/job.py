"""The job: one record per handover, as DynamoDB stores it (`JobRecord`) and as the API shows
it (`Job`). Every attribute the store writes is declared here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from pydantic import BaseModel, Field
from typing_extensions import TypedDict  # pydantic reads only this one on Python 3.11

from handover.models.checks import CheckResult
from handover.models.workflow import CopyCursor, ResolvedTarget

PROGRESS_TOTAL = 3  # datachecks, copy, metadata


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class JobStatus(StrEnum):
    SUBMITTED = "SUBMITTED"
    CHECKING = "CHECKING"
    COPYING = "COPYING"
    REGISTERING = "REGISTERING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"

    @property
    def finished(self) -> bool:
        return self in (JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED)


class Step(StrEnum):
    SUBMIT = "submit"
    CHECK = "check"
    COPY = "copy"
    REGISTER = "register"


STEP_OF_STATUS = {
    JobStatus.SUBMITTED: Step.SUBMIT,
    JobStatus.CHECKING: Step.CHECK,
    JobStatus.COPYING: Step.COPY,
    JobStatus.REGISTERING: Step.REGISTER,
}


class Report(BaseModel):
    time: str
    level: str
    step: str
    message: str


@dataclass(frozen=True)
class GenomeEvent:
    """What registration recorded in the metadata database: new_genome, new_assembly,
    new_genebuild or updated, for a genome (None for compara and other release databases)."""

    type: str
    genome: str | None
    dbname: str


class Registered(BaseModel):
    """What the register step did: its events, the copy it replaced, what it superseded."""

    events: str
    replaced_previous: bool
    superseded: list[str] = Field(default_factory=list)


class CopyProgress(BaseModel):
    """The copy's per-part checkpoints, added up for the API."""

    rows_copied: int
    bytes_copied: int
    chunks: int
    invocations: int
    parts_done: int
    parts_total: int
    tables_verified: int
    tables_total: int | None = None


class _JobFields(BaseModel):
    """What the stored record and the API's view have in common."""

    handover_token: str
    src_uri: str
    tgt_uri: str | None = None
    contact: str
    comment: str
    database: str
    db_type: str
    release: int
    division: str | None = None
    status: JobStatus
    progress_complete: int = 0
    progress_total: int = PROGRESS_TOTAL
    message: str
    failed_step: str | None = None
    error_type: str | None = None
    submitted_at: str
    updated_at: str
    execution_arn: str | None = None
    # Executions run for this handover: 1, then one more per retry (named <token>-<n>).
    attempt: int = 1
    events: list[GenomeEvent] = Field(default_factory=list)
    registered: Registered | None = None
    reports: list[Report] = Field(default_factory=list)


class Job(_JobFields):
    """A handover as GET /handovers/{token} shows it."""

    copy_progress: CopyProgress | None = None


class JobRecord(_JobFields):
    """A handover as the job table stores it (pk = the token)."""

    checks: list[CheckResult] = Field(default_factory=list)
    # What the check settled, for a retry that starts after it.
    resolved_target: ResolvedTarget | None = None
    # The datachecks being run; each one's cursor is an item of its own while it runs.
    datachecks: list[str] = Field(default_factory=list)
    # The copy's parts, from Prepare copy on; each part's cursor is an item of its own, which
    # JobStore.record reads into copy_checkpoints (by part id).
    copy_parts: list[str] = Field(default_factory=list)
    copy_checkpoints: dict[str, CopyCursor] | None = None
    copy_parts_total: int | None = None
    copy_tables_total: int | None = None
    copy_verified: set[str] = Field(default_factory=set)

    def view(self) -> Job:
        """The job as the API shows it: the checkpoints summed into progress."""
        fields = self.model_dump(include=set(_JobFields.model_fields))
        progress = None
        if self.copy_parts and self.copy_checkpoints is not None:
            cursors = list(self.copy_checkpoints.values())
            progress = CopyProgress(
                rows_copied=sum(c.rows_copied for c in cursors),
                bytes_copied=sum(c.bytes_copied for c in cursors),
                chunks=sum(c.chunks for c in cursors),
                invocations=sum(c.invocations for c in cursors),
                parts_done=sum(c.done for c in cursors),
                parts_total=self.copy_parts_total
                if self.copy_parts_total is not None
                else len(cursors),
                tables_verified=len(self.copy_verified),
                tables_total=self.copy_tables_total,
            )
        return Job(**fields, copy_progress=progress)


class JobChanges(TypedDict, total=False):
    """The attributes a step may set on a job besides its status, step and message; each is
    a field of JobRecord (tests/test_jobs.py holds them to that)."""

    division: str
    tgt_uri: str
    progress_total: int
    execution_arn: str
    checks: list[CheckResult]
    resolved_target: ResolvedTarget
    datachecks: list[str]
    copy_parts: list[str]
    copy_parts_total: int
    copy_tables_total: int
    failed_step: str
    error_type: str
    events: list[GenomeEvent]
    registered: Registered
