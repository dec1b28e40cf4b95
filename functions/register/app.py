"""Register step: record the published database in the metadata database."""

from typing import Any

from aws_lambda_powertools.utilities.parser import event_parser
from aws_lambda_powertools.utilities.typing import LambdaContext

from handover.config import settings
from handover.models.workflow import StepInput
from handover.register.step import run_register
from handover.runtime import count, eventbridge_client, job_store, logger, metrics, tracer


@logger.inject_lambda_context(correlation_id_path="token")
@tracer.capture_lambda_handler
@metrics.log_metrics
@event_parser(model=StepInput)
def lambda_handler(event: StepInput, context: LambdaContext) -> dict[str, Any]:
    result = run_register(event, settings(), job_store(), eventbridge_client())
    count("HandoversSucceeded", db_type=event.target.db_type if event.target else "unknown")
    return result.model_dump(mode="json")
