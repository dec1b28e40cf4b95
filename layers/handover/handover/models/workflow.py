"""The state machine's payloads: small pointers, never rows or reports."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class ResolvedTarget(BaseModel):
    """What the check step settles: the database's type and division, where it goes, and
    whether it is registered (GRCh37 databases are not: their handover ends with the copy)."""

    db_type: str
    division: str
    tgt_uri: str
    register_in_metadata: bool = True


class ExecutionInput(BaseModel):
    token: str
    src_uri: str
    tgt_uri: str | None = None
    # The release the handover was submitted for: it is checked and registered for this one,
    # whatever the stack's Release is by then (a new release deployed while it runs).
    release: int | None = None
    # A retry's execution starts at the step that failed (POST /handovers/{token}/retry):
    # "copy" resumes the kept temporary copy from its checkpoints, "register" publishes it
    # again and registers. None: from the check, as a new handover.
    resume: Literal["copy", "register"] | None = None
    # Set by the check step; every later step reads where the copy goes from here (a retry
    # that skips the check is given what the check settled before).
    target: ResolvedTarget | None = None


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
    """What a step's function is given: the execution's input, its target included."""


class CheckInput(StepInput):
    """The check function's event: apply the handover rules and list the datachecks; run one
    datacheck for a bounded time; or conclude from their results."""

    action: Literal["rules", "acquire", "datacheck", "conclude"] = "rules"
    datacheck: str | None = None


class CopyInput(StepInput):
    """The copy function's event: prepare, copy a part, finish a table, or publish."""

    action: Literal["acquire", "prepare", "copy", "finish", "publish", "release"]
    part: CopyPart | None = None
    cursor: CopyCursor | None = None
    table: str | None = None


class RegisterInput(StepInput):
    """The register function's event: register the published copy, or (GRCh37) end the
    handover with the copy."""

    action: Literal["register", "finish_unregistered"] = "register"


class FailureInput(StepInput):
    error: dict[str, Any] = Field(default_factory=dict)
