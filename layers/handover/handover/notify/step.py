"""The notify function's work: an email to the contact (SES) and an event for pipelines
(EventBridge). A failure to do either is recorded on the job and never raised."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from botocore.exceptions import BotoCoreError, ClientError

from handover.config import Settings
from handover.dal.jobs import JobStore
from handover.models.job import JobStatus, Step
from handover.notify.message import compose, outcome_event

if TYPE_CHECKING:
    from mypy_boto3_events import EventBridgeClient
    from mypy_boto3_ses import SESClient


def notify_outcome(
    token: str, settings: Settings, jobs: JobStore, ses: SESClient, eventbridge: EventBridgeClient
) -> dict[str, Any]:
    """Tell the contact how the handover ended (by email) and pipelines (by an EventBridge
    event). A failure to do either is recorded on the job and never raised: the handover's
    own result stands."""
    job = jobs.get(token)
    if job is None or not job.status.finished:
        return {"sent": False, "reason": "the job is gone or not finished"}
    result: dict[str, Any] = {"status": job.status.value, "sent": False, "announced": False}
    if settings.event_bus_name:
        try:
            reply = eventbridge.put_events(Entries=[outcome_event(job, settings.event_bus_name)])
            result["announced"] = not reply.get("FailedEntryCount")
        except (BotoCoreError, ClientError) as exc:
            jobs.note(
                token,
                step="notify",
                level="WARNING",
                message=f"Could not publish the outcome: {exc}",
            )
    if job.status is JobStatus.CANCELLED:
        result["reason"] = "cancelled by a DELETE: nobody to tell"
        return result
    if job.status is JobStatus.SUCCEEDED and not settings.notify_on_success:
        result["reason"] = "NotifyOnSuccess is off"
        return result
    if not settings.notify_sender:
        jobs.note(
            token, step="notify", level="WARNING", message="No email sent: NotifySender is not set"
        )
        result["reason"] = "no sender"
        return result
    checks = jobs.checks(token) if job.failed_step == Step.CHECK.value else None
    email = compose(job, checks, settings.web_base_url)
    try:
        ses.send_email(
            Source=settings.notify_sender,
            Destination={"ToAddresses": [email.to]},
            Message={
                "Subject": {"Data": email.subject, "Charset": "UTF-8"},
                "Body": {"Text": {"Data": email.body, "Charset": "UTF-8"}},
            },
        )
    except (BotoCoreError, ClientError) as exc:
        jobs.note(
            token, step="notify", level="WARNING", message=f"Could not email {email.to}: {exc}"
        )
        result["reason"] = str(exc)
        result["email_failed"] = True
        return result
    jobs.note(token, step="notify", message=f"Emailed {email.to}: {email.subject}")
    result["sent"] = True
    return result
