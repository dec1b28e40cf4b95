"""Step Functions executions, as the sweep needs them: how one ended."""

from __future__ import annotations

from collections.abc import Callable

import boto3
from botocore.exceptions import ClientError

# An execution's status and the cause it ended with ("" while it runs).
ExecutionStatus = Callable[[str], tuple[str, str]]


def execution_status(execution_arn: str) -> tuple[str, str]:
    """RUNNING, SUCCEEDED, FAILED, TIMED_OUT or ABORTED, and its cause; an execution Step
    Functions no longer knows (expired history) counts as ABORTED."""
    try:
        reply = (
            boto3.session.Session()
            .client("stepfunctions")
            .describe_execution(executionArn=execution_arn)
        )
    except ClientError as exc:
        if exc.response["Error"]["Code"] == "ExecutionDoesNotExist":
            return "ABORTED", "Step Functions no longer knows the execution"
        raise
    return str(reply["status"]), str(reply.get("cause") or reply.get("error") or "")
