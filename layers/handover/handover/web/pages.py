"""What the web page shows of a handover, derived from its job: the steps with their times,
the copy's rate, the emails sent, and where its execution is in the console."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from handover.models.job import STEP_OF_STATUS, Job, JobStatus, Report, Step

STEPS = (Step.CHECK, Step.COPY, Step.REGISTER)
NOTIFY_STEP = "notify"


@dataclass(frozen=True)
class StepView:
    name: str
    state: str  # pending, running, done, failed or skipped
    started: str | None
    ended: str | None
    seconds: float | None


@dataclass(frozen=True)
class CopyRate:
    megabytes_per_second: float
    rows_per_second: float


def _time(text: str) -> datetime:
    parsed = datetime.fromisoformat(text)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def steps(job: Job, now: datetime | None = None) -> list[StepView]:
    """Each step's state and times, from the job's reports (every attempt's)."""
    now = now or datetime.now(UTC)
    current = STEP_OF_STATUS.get(job.status)
    views = []
    for step in STEPS:
        times = [r.time for r in job.reports if r.step == step.value]
        started = times[0] if times else None
        if job.failed_step == step.value:
            state = "failed"
        elif step is current:
            state = "running"
        elif times:
            state = "done"
        else:
            state = "skipped" if job.status.finished else "pending"
        ended = times[-1] if times and state != "running" else None
        end = _time(ended) if ended else now
        seconds = (end - _time(started)).total_seconds() if started else None
        views.append(StepView(step.value, state, started, ended, seconds))
    return views


def copy_rate(job: Job, views: list[StepView]) -> CopyRate | None:
    """What the copy moved per second of the copy step so far (`views`: the job's steps);
    None before any chunk."""
    progress = job.copy_progress
    copy = next((s for s in views if s.name == Step.COPY.value), None)
    if progress is None or copy is None or not copy.seconds or progress.bytes_copied == 0:
        return None
    return CopyRate(
        megabytes_per_second=progress.bytes_copied / 1e6 / copy.seconds,
        rows_per_second=progress.rows_copied / copy.seconds,
    )


def emails(job: Job) -> list[Report]:
    """The emails the contact was sent (or why one was not)."""
    return [r for r in job.reports if r.step == NOTIFY_STEP]


def console_url(execution_arn: str | None) -> str | None:
    """The execution's page in the Step Functions console."""
    if not execution_arn:
        return None
    region = execution_arn.split(":")[3]
    return (
        f"https://{region}.console.aws.amazon.com/states/home?region={region}"
        f"#/v2/executions/details/{execution_arn}"
    )


def in_flight(jobs: list[Job]) -> bool:
    """Whether a page showing these jobs should keep updating itself."""
    return any(not j.status.finished for j in jobs)


def retryable(job: Job) -> bool:
    return job.status is JobStatus.FAILED
