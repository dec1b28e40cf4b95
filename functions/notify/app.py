"""Notify: tell the contact (SES) and pipelines (EventBridge) how a handover ended.

The state machine's last state before Succeed or Fail; it never fails the handover."""

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from handover.config import settings
from handover.notify.step import notify_outcome
from handover.runtime import count, eventbridge_client, job_store, logger, ses_client, tracer


@logger.inject_lambda_context(correlation_id_path="token")
@tracer.capture_lambda_handler
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    result = notify_outcome(
        str(event["token"]), settings(), job_store(), ses_client(), eventbridge_client()
    )
    if result.get("email_failed"):
        count("EmailsNotSent")  # EmailFailuresAlarm
    return result
