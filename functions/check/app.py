"""Check step: is the source database one production would accept? Applies the rules, runs
one datacheck for a bounded time, or concludes from the datachecks' results."""

from typing import Any

from aws_lambda_powertools.utilities.parser import event_parser
from aws_lambda_powertools.utilities.typing import LambdaContext

from handover.check.step import run_check
from handover.config import settings
from handover.errors import CheckFailed
from handover.models.checks import critical_failures
from handover.models.workflow import CheckInput
from handover.runtime import count, job_store, logger, metrics, tracer


@logger.inject_lambda_context(correlation_id_path="token")
@tracer.capture_lambda_handler
@metrics.log_metrics
@event_parser(model=CheckInput)
def lambda_handler(event: CheckInput, context: LambdaContext) -> dict[str, Any]:
    remaining = context.get_remaining_time_in_millis() / 1000
    try:
        result: dict[str, Any] = run_check(event, settings(), job_store(), remaining)
        return result
    except CheckFailed:
        for check in critical_failures(job_store().checks(event.token) or []):
            count("CheckFailures", check=check.name)
        raise
