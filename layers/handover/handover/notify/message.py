"""Telling people how a handover ended: an email to the contact, and an EventBridge event for
pipelines. Neither may change the handover's own result."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from handover.models.checks import CheckResult, critical_failures
from handover.models.job import PROGRESS_TOTAL, Job, JobStatus
from handover.register.announce import SOURCE

if TYPE_CHECKING:
    from mypy_boto3_events.type_defs import PutEventsRequestEntryTypeDef

HANDOVER_SUCCEEDED = "Handover Succeeded"
HANDOVER_FAILED = "Handover Failed"

NEXT_STEPS = {
    "submit": "Submit the handover again; if it keeps failing, tell the handover service's operators.",
    "check": (
        "Fix what the datachecks found in the source database (every finding is listed on the "
        "Details page below), then submit the handover again."
    ),
    "copy": (
        "If a server was unavailable, make sure it is up and reachable from the service, then "
        "submit again. If the copy did not match the source, make sure nothing writes to the "
        "source database while it is handed over. Nothing was left on staging."
    ),
    "register": (
        "Fix what the registration refused (for a variation, funcgen or other non-core "
        "database, hand over its core database first), then submit again. The copy published "
        "on staging was taken back (or the previous database restored)."
    ),
}


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    body: str


def job_link(web_base_url: str, token: str) -> str:
    return f"{web_base_url.rstrip('/')}/handovers/{token}" if web_base_url else f"handover {token}"


def compose(job: Job, checks: list[CheckResult] | None, web_base_url: str) -> Email:
    """The email for a finished handover: what happened, what to do next, token and link."""
    link = job_link(web_base_url, job.handover_token)
    if job.status is JobStatus.SUCCEEDED:
        events = ", ".join(f"{e.type} {e.genome or e.dbname}" for e in job.events)
        registered = (
            f"registered for release {job.release}" + (f" ({events})." if events else ".")
            if job.progress_total == PROGRESS_TOTAL
            else "not registered in the metadata database (GRCh37 databases never are)."
        )
        return Email(
            job.contact,
            f"Handover of {job.database} succeeded",
            "\n".join(
                [
                    f"{job.database} is on staging at {job.tgt_uri} and {registered}",
                    "",
                    f"Token: {job.handover_token}",
                    f"Details: {link}",
                    f"Your comment: {job.comment}",
                ]
            ),
        )
    step = job.failed_step or "submit"
    lines = [
        f"The handover of {job.database} failed at the {step} step.",
        "",
        f"What failed: {job.message}",
    ]
    failed_checks = critical_failures(checks or [])
    if step == "check" and failed_checks:
        lines += ["", "Critical datachecks that failed:"]
        for check in failed_checks:
            lines.append(f"- {check.name}: {check.description}")
            for finding in check.findings:
                examples = ", ".join(str(x) for x in finding.examples[:5])
                lines.append(
                    f"    {finding.problem} ({finding.count})"
                    + (f", e.g. {examples}" if examples else "")
                )
            if check.error:
                lines.append(f"    could not run: {check.error}")
    lines += [
        "",
        f"What to do next: {NEXT_STEPS.get(step, NEXT_STEPS['submit'])}",
        "",
        f"Token: {job.handover_token}",
        f"Details: {link}",
        f"Source: {job.src_uri}",
        f"Your comment: {job.comment}",
    ]
    return Email(job.contact, f"Handover of {job.database} failed at {step}", "\n".join(lines))


def outcome_event(job: Job, bus: str) -> PutEventsRequestEntryTypeDef:
    """The EventBridge entry for a handover's end."""
    return {
        "Source": SOURCE,
        "DetailType": HANDOVER_SUCCEEDED if job.status is JobStatus.SUCCEEDED else HANDOVER_FAILED,
        "EventBusName": bus,
        "Detail": json.dumps(
            {
                "handover_token": job.handover_token,
                "database": job.database,
                "db_type": job.db_type,
                "release": job.release,
                "status": job.status.value,
                "failed_step": job.failed_step,
                "message": job.message,
            }
        ),
    }
