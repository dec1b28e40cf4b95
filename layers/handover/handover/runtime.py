"""What every Lambda container shares: powertools' logger, tracer and metrics, and the job store."""

from __future__ import annotations

import threading
import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import boto3
from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit, single_metric
from aws_lambda_powertools.metrics.functions import is_metrics_disabled

from handover.config import settings
from handover.dal.jobs import JobStore

if TYPE_CHECKING:
    from mypy_boto3_events import EventBridgeClient
    from mypy_boto3_lambda import LambdaClient
    from mypy_boto3_ses import SESClient

# Read-only routes emit no metric; that is expected, not worth a warning on every call.
warnings.filterwarnings("ignore", message="No application metrics to publish")

logger = Logger()
tracer = Tracer()
metrics = Metrics()


_lock = threading.RLock()  # re-entrant: the service is made with the job store
_shared: dict[str, Any] = {}
T = TypeVar("T")


def shared(name: str, make: Callable[[], T]) -> T:
    """A value made once per container, under a lock: the local stack runs handlers on many
    threads at once (a Map's parts, concurrent API calls), and boto3 sessions are not safe to
    build concurrently. Clients, once built, are."""
    with _lock:
        if name not in _shared:
            _shared[name] = make()
        value: T = _shared[name]
        return value


def new_containers() -> None:
    """Forget every shared value, as Lambda's new containers after a redeploy would (the
    local stack runs every function in one process, and redeploys without restarting it)."""
    with _lock:
        _shared.clear()


def count(name: str, **dimensions: str) -> None:
    """One of something, by dimension (db_type, check), in a metric of its own, so that
    the dimension does not spread to the invocation's other metrics."""
    if is_metrics_disabled():  # single_metric does not ask, unlike Metrics' flush
        return
    with single_metric(name=name, unit=MetricUnit.Count, value=1) as metric:
        for key, value in dimensions.items():
            metric.add_dimension(name=key, value=value or "unknown")


def eventbridge_client() -> EventBridgeClient:
    return shared("eventbridge", lambda: boto3.client("events"))


def lambda_client() -> LambdaClient:
    return shared("lambda", lambda: boto3.client("lambda"))


def ses_client() -> SESClient:
    return shared("ses", lambda: boto3.client("ses"))


def job_store() -> JobStore:
    return shared("job_store", lambda: JobStore(settings().job_table_name))
