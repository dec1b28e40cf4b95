"""The shapes that cross boundaries: API bodies, job records, and state machine payloads."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field

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


class HandoverRequest(BaseModel):
    """POST /handovers. Unknown fields are refused so that typos are not silently ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    src_uri: str = Field(
        min_length=1,
        max_length=512,
        description="mysql://user@host:port/dbname of the database to hand over; no password",
        examples=["mysql://ensro@mysql-build:3306/homo_sapiens_core_115_38"],
    )
    contact: EmailStr = Field(description="Who is told when the handover fails or succeeds")
    comment: str = Field(
        min_length=1, max_length=2000, description="Why this database is handed over"
    )
    tgt_uri: str | None = Field(
        default=None,
        max_length=512,
        description="Where to copy it; by default the staging server plus the database name",
    )


class Report(BaseModel):
    time: str
    level: str
    step: str
    message: str


class Job(BaseModel):
    """A handover as GET /handovers/{token} shows it."""

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
    copy_progress: dict[str, Any] | None = None
    events: list[dict[str, Any]] = Field(default_factory=list)
    # What registration returned: its events, the copy it replaced, the databases superseded.
    registered: dict[str, Any] | None = None
    reports: list[Report] = Field(default_factory=list)


class CheckResults(BaseModel):
    """GET /handovers/{token}/checks: every datacheck run on the source, with its findings."""

    handover_token: str
    passed: bool
    failed_critical: list[str]
    failed_advisory: list[str]
    results: list[dict[str, Any]]


class SubmitResponse(BaseModel):
    handover_token: str
    status: JobStatus
    execution_arn: str


class JobPage(BaseModel):
    items: list[Job]
    next_token: str | None = None


class ErrorBody(BaseModel):
    message: str
    field: str | None = None
    handover_token: str | None = None


class FieldError(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorBody(ErrorBody):
    """422: `message` says what to fix; `detail` names each invalid field."""

    detail: list[FieldError]


# --- payloads of the state machine: small pointers, never rows or reports ---


class ExecutionInput(BaseModel):
    token: str
    src_uri: str
    tgt_uri: str | None = None


class CheckOutput(BaseModel):
    db_type: str
    division: str
    tgt_uri: str


class CopyPart(BaseModel):
    """One unit of copy work: a table, or a range of its first primary key column."""

    table: str
    part: int = 0
    parts: int = 1
    # [lower, upper) on the first primary key column; None is open-ended.
    lower: int | None = None
    upper: int | None = None

    @property
    def id(self) -> str:
        return f"{self.table}#{self.part}"


class CopyPlan(BaseModel):
    """What Prepare copy hands the Map states: the parts, and the tables to finish."""

    parts: list[CopyPart]
    tables: list[str]


class CopyCursor(BaseModel):
    """Where the copy of one part stands between invocations."""

    part: CopyPart
    done: bool = False
    # The primary key of the last row copied; None before the first chunk.
    last_key: list[Any] | None = None
    rows_copied: int = 0
    bytes_copied: int = 0
    chunks: int = 0
    invocations: int = 0
    # Sum of CRC32 over the copied rows' LOAD DATA lines, as the source sent them. None when
    # unknown (a cursor saved before checksums, or rows copied by INSERT ... SELECT-like
    # fallbacks): the source's table is then digested at verification instead.
    checksum: int | None = None


class StepInput(ExecutionInput):
    check: CheckOutput | None = None


class CopyInput(StepInput):
    """The copy function's event: prepare, copy a part, finish a table, or publish."""

    action: Literal["prepare", "copy", "finish", "publish"]
    part: CopyPart | None = None
    cursor: CopyCursor | None = None
    table: str | None = None


class FailureInput(StepInput):
    error: dict[str, Any] = Field(default_factory=dict)
