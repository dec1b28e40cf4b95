"""What every Lambda container shares: powertools' logger, tracer and metrics, and the job store."""

from __future__ import annotations

import warnings
from functools import cache

from aws_lambda_powertools import Logger, Metrics, Tracer

from handover.config import settings
from handover.jobs import JobStore

# Read-only routes emit no metric; that is expected, not worth a warning on every call.
warnings.filterwarnings("ignore", message="No application metrics to publish")

logger = Logger()
tracer = Tracer()
metrics = Metrics()


@cache
def job_store() -> JobStore:
    return JobStore(settings().job_table_name)
