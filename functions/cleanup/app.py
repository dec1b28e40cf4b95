"""Cleanup: close a failed or cancelled handover and leave nothing half-written on staging.

Invoked by the state machine's Catch (a step failed), by DELETE (the API cannot reach MySQL),
and on a schedule to sweep up what a cleanup could not reach while staging was down.
"""

from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from handover.cleanup.step import cancel, record_failure, sweep
from handover.config import settings
from handover.models.workflow import FailureInput
from handover.runtime import count, job_store, logger, metrics, tracer


@logger.inject_lambda_context(correlation_id_path="token")
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    if event.get("action") == "sweep":
        return sweep(settings(), job_store())
    if event.get("action") == "cancel":
        metrics.add_metric(name="HandoversCancelled", unit=MetricUnit.Count, value=1)
        return cancel(str(event["token"]), settings(), job_store())
    failure = FailureInput.model_validate(event)
    job = job_store().get(failure.token)
    count("HandoversFailed", db_type=job.db_type if job else "unknown")
    return record_failure(failure, settings(), job_store())
