"""Register step: record the published database in the metadata database."""

from typing import Any

from aws_lambda_powertools.utilities.parser import event_parser
from aws_lambda_powertools.utilities.typing import LambdaContext

from handover.config import settings
from handover.models import StepInput
from handover.runtime import count, events_client, job_store, logger, metrics, tracer
from handover.steps import run_register


@logger.inject_lambda_context(correlation_id_path="token")
@tracer.capture_lambda_handler
@metrics.log_metrics
@event_parser(model=StepInput)
def lambda_handler(event: StepInput, context: LambdaContext) -> dict[str, Any]:
    result = run_register(event, settings(), job_store(), events_client())
    count("HandoversSucceeded", db_type=event.check.db_type if event.check else "unknown")
    return result
