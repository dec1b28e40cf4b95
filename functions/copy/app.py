"""Copy step: prepare the temporary copy, copy one part for a bounded time, finish (index and
verify) a table, or publish the copy. Returns small pointers: a plan, a cursor, a count."""

import time
from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.parser import event_parser
from aws_lambda_powertools.utilities.typing import LambdaContext

from handover.config import settings
from handover.copying.step import run_copy
from handover.models.workflow import CopyInput
from handover.runtime import job_store, logger, metrics, tracer


@logger.inject_lambda_context(correlation_id_path="token")
@tracer.capture_lambda_handler
@metrics.log_metrics
@event_parser(model=CopyInput)
def lambda_handler(event: CopyInput, context: LambdaContext) -> dict[str, Any]:
    remaining = context.get_remaining_time_in_millis() / 1000
    started = time.monotonic()
    result = run_copy(event, settings(), job_store(), remaining)
    if event.action == "copy":
        # Per invocation, so that sums over time are the copy's throughput.
        before = event.cursor.bytes_copied if event.cursor else 0
        metrics.add_metric(
            name="CopyBytes", unit=MetricUnit.Bytes, value=result["bytes_copied"] - before
        )
    metrics.add_metric(
        name="CopySeconds", unit=MetricUnit.Seconds, value=round(time.monotonic() - started, 3)
    )
    logger.info(
        f"copy {event.action} done", extra={"result": result if event.action != "prepare" else None}
    )
    return result
