"""The bodies of the HTTP API."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from handover.models.checks import CheckResult, advisory_failures, critical_failures
from handover.models.job import Job, JobStatus

_TOKEN = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def is_token(text: str) -> bool:
    """Whether a path's token is shaped like one (a UUID): anything else is not looked up."""
    return _TOKEN.match(text.lower()) is not None


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


class CheckResults(BaseModel):
    """GET /handovers/{token}/checks: every datacheck run on the source, with its findings."""

    handover_token: str
    passed: bool
    failed_critical: list[str]
    failed_advisory: list[str]
    results: list[CheckResult]

    @classmethod
    def of(cls, token: str, results: list[CheckResult]) -> CheckResults:
        critical = critical_failures(results)
        return cls(
            handover_token=token,
            passed=not critical,
            failed_critical=[r.name for r in critical],
            failed_advisory=[r.name for r in advisory_failures(results)],
            results=results,
        )


class SubmitResponse(BaseModel):
    handover_token: str
    status: JobStatus
    execution_arn: str


class RetryResponse(SubmitResponse):
    """POST /handovers/{token}/retry: the new execution, and where it starts."""

    attempt: int
    resume_from: str  # check, copy or register


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
