"""Copy step: one bounded chunk of the copy to staging; returns the cursor to resume from."""

from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.parser import event_parser
from aws_lambda_powertools.utilities.typing import LambdaContext

from handover.config import settings
from handover.models import StepInput
from handover.runtime import job_store, logger, metrics, tracer
from handover.steps import run_copy


@logger.inject_lambda_context(correlation_id_path="token")
@tracer.capture_lambda_handler
@metrics.log_metrics
@event_parser(model=StepInput)
def lambda_handler(event: StepInput, context: LambdaContext) -> dict[str, Any]:
    remaining = context.get_remaining_time_in_millis() / 1000
    cursor = run_copy(event, settings(), job_store(), remaining)
    logger.info("copy chunk done", extra={"cursor": cursor.model_dump()})
    metrics.add_metric(name="CopyInvocations", unit=MetricUnit.Count, value=1)
    return cursor.model_dump()
