"""Check step: is the source database one production would accept?"""

from typing import Any

from aws_lambda_powertools.utilities.parser import event_parser
from aws_lambda_powertools.utilities.typing import LambdaContext

from handover.check.step import run_check
from handover.config import settings
from handover.errors import CheckFailed
from handover.models.checks import critical_failures
from handover.models.workflow import StepInput
from handover.runtime import count, job_store, logger, metrics, tracer


@logger.inject_lambda_context(correlation_id_path="token")
@tracer.capture_lambda_handler
@metrics.log_metrics
@event_parser(model=StepInput)
def lambda_handler(event: StepInput, context: LambdaContext) -> dict[str, Any]:
    try:
        return run_check(event, settings(), job_store()).model_dump()
    except CheckFailed:
        for check in critical_failures(job_store().checks(event.token) or []):
            count("CheckFailures", check=check.name)
        raise
