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
