"""Datacheck results. They travel as these models from the check to the job record, the API
and the email; `critical_failures` is the one place that decides what failed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, Field


class Finding(BaseModel):
    """One kind of problem: how many, and the first offending ids or names."""

    problem: str
    count: int
    examples: list[Any] = Field(default_factory=list)
    # A finding that informs but never fails a handover, even from a critical check.
    advisory: bool = False


class CheckResult(BaseModel):
    name: str
    description: str
    critical: bool
    passed: bool
    findings: list[Finding] = Field(default_factory=list)
    seconds: float = 0.0
    error: str | None = None

    @property
    def summary(self) -> str:
        if self.error:
            return f"{self.name}: could not run ({self.error})"
        return f"{self.name}: " + "; ".join(f"{f.problem} ({f.count})" for f in self.findings)


def critical_failures(results: Iterable[CheckResult]) -> list[CheckResult]:
    """The checks that fail a handover."""
    return [r for r in results if r.critical and not r.passed]


def advisory_failures(results: Iterable[CheckResult]) -> list[CheckResult]:
    """The checks that failed without failing the handover: warnings for the submitter."""
    return [r for r in results if not r.critical and not r.passed]


class CheckCursor(BaseModel):
    """Where one datacheck stands between invocations.

    A check with a driving table runs over ranges of that table's integer key, `span` keys a
    statement, and merges each range's findings into `result`. The first range is open below
    (and takes NULL keys), the last open above, so no row is missed whatever the key holds.
    """

    name: str
    done: bool = False
    # The next range starts here; None: the first range, open below, whose width is counted
    # from `lowest`, the driving key's smallest value when the check began.
    next_lower: int | None = None
    lowest: int | None = None
    # The driving key's largest value when the check began: the range reaching past it is
    # open above, and the last.
    highest: int | None = None
    span: int | None = None
    # A range's statement was begun and has not ended: the invocation running it died. The
    # next invocation halves the span, so a check progresses under any time limit.
    running: bool = False
    # The server connection that ran it: a dead invocation's statement goes on there until
    # the next invocation kills it.
    connection_id: int | None = None
    ranges: int = 0
    invocations: int = 0
    result: CheckResult | None = None
