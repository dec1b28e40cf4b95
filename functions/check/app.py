"""Check step: is the source database one production would accept?"""

from typing import Any

from aws_lambda_powertools.utilities.parser import event_parser
from aws_lambda_powertools.utilities.typing import LambdaContext

from handover.config import settings
from handover.errors import CheckFailed
from handover.models import StepInput
from handover.runtime import count, job_store, logger, metrics, tracer
from handover.steps import run_check


@logger.inject_lambda_context(correlation_id_path="token")
@tracer.capture_lambda_handler
@metrics.log_metrics
@event_parser(model=StepInput)
def lambda_handler(event: StepInput, context: LambdaContext) -> dict[str, Any]:
    try:
        return run_check(event, settings(), job_store()).model_dump()
    except CheckFailed:
        for check in job_store().checks(event.token) or []:
            if check.get("critical") and not check.get("passed"):
                count("CheckFailures", check=str(check["name"]))
        raise
