"""Register step: record the published database in the metadata database."""

from typing import Any

from aws_lambda_powertools.utilities.parser import event_parser
from aws_lambda_powertools.utilities.typing import LambdaContext

from handover.config import settings
from handover.models.workflow import RegisterInput
from handover.register.step import finish_unregistered, run_register
from handover.runtime import count, eventbridge_client, job_store, logger, metrics, tracer


@logger.inject_lambda_context(correlation_id_path="token")
@tracer.capture_lambda_handler
@metrics.log_metrics
@event_parser(model=RegisterInput)
def lambda_handler(event: RegisterInput, context: LambdaContext) -> dict[str, Any]:
    if event.action == "finish_unregistered":
        result = finish_unregistered(event, settings(), job_store())
    else:
        result = run_register(event, settings(), job_store(), eventbridge_client())
    count("HandoversSucceeded", db_type=event.target.db_type if event.target else "unknown")
    return result.model_dump(mode="json")
