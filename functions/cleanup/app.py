"""Cleanup: close a failed or cancelled handover and leave nothing half-written on staging.

Invoked by the state machine's Catch (a step failed), by DELETE (the API cannot reach MySQL),
by EventBridge when an execution ends outside the state machine's catch (stopped from the
console, timed out), and on a schedule to sweep up what a cleanup could not reach while
staging was down, and executions that ended unseen.
"""

import json
from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from handover.cleanup.step import (
    cancel,
    is_service_failure,
    reconcile,
    record_failure,
    sweep,
)
from handover.config import settings
from handover.dal.executions import execution_status
from handover.models.workflow import FailureInput
from handover.runtime import count, job_store, lambda_client, logger, metrics, tracer

EXECUTION_STATUS_CHANGE = "Step Functions Execution Status Change"


def _tell_the_contact(token: str) -> None:
    """The notify function, asynchronously: how the handover ended, as after any failure."""
    if settings().notify_function_name:
        lambda_client().invoke(
            FunctionName=settings().notify_function_name,
            InvocationType="Event",
            Payload=json.dumps({"token": token}).encode(),
        )


@logger.inject_lambda_context(correlation_id_path="token")
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    if event.get("detail-type") == EXECUTION_STATUS_CHANGE:
        detail = event["detail"]
        result = reconcile(
            str(detail["executionArn"]),
            str(detail["status"]),
            settings(),
            job_store(),
            cause=str(detail.get("cause") or detail.get("error") or ""),
        )
        if result["reconciled"]:
            count("ExecutionsReconciled", status=str(detail["status"]))
            count("ServiceFailures")
            _tell_the_contact(result["token"])
        return result
    if event.get("action") == "sweep":
        report = sweep(settings(), job_store(), execution_status)
        for token in report["reconciled"]:
            count("ServiceFailures")
            _tell_the_contact(token)
        metrics.add_metric(
            name="LongRunningHandovers", unit=MetricUnit.Count, value=len(report["long_running"])
        )
        return report
    if event.get("action") == "cancel":
        metrics.add_metric(name="HandoversCancelled", unit=MetricUnit.Count, value=1)
        return cancel(str(event["token"]), settings(), job_store())
    failure = FailureInput.model_validate(event)
    job = job_store().get(failure.token)
    count("HandoversFailed", db_type=job.db_type if job else "unknown")
    result = record_failure(failure, settings(), job_store())
    if is_service_failure(str(result["error"])):
        count("ServiceFailures")  # FailedExecutionsAlarm: the operators' news
    return result
