"""No password anywhere the service writes.

The secrets of every test run hold SERVICE_PASSWORD (tests/conftest.py). This test hands over
databases that succeed and fail in different ways, one of them with a wrong password that is
just as recognisable, and then searches every place the service writes: both DynamoDB tables,
every execution's input, output and history, the functions' logs at DEBUG, the emails, the
events and the API's replies. Records and executions of earlier tests in the session are
searched too.
"""

import io
import json
import logging
import uuid

import boto3
import pytest

from handover.dal.credentials import secrets_provider
from handover.runtime import logger

from .conftest import (
    SERVICE_PASSWORD,
    SERVICE_USER,
    create_speciesless_variation,
    unique_core_name,
)
from .test_e2e import submit

pytestmark = pytest.mark.e2e

WRONG_PASSWORD = f"WrongCanary{uuid.uuid4().hex[:12]}"


def everything_the_service_wrote(stack, api, tokens) -> dict[str, str]:
    dynamodb = boto3.client("dynamodb")
    written: dict[str, str] = {}
    for logical_id, table in stack.tables.items():
        items = []
        for page in dynamodb.get_paginator("scan").paginate(TableName=table):
            items.extend(page["Items"])
        written[f"DynamoDB {logical_id}"] = json.dumps(items, default=str)

    sfn = boto3.client("stepfunctions")
    executions = []
    for page in sfn.get_paginator("list_executions").paginate(
        stateMachineArn=stack.state_machine_arn
    ):
        for execution in page["executions"]:
            arn = execution["executionArn"]
            executions.append(sfn.describe_execution(executionArn=arn))
            executions.append(sfn.get_execution_history(executionArn=arn, maxResults=1000))
    written["executions"] = json.dumps(executions, default=str)

    written["emails"] = json.dumps(stack.sent_mail())
    replies = [api.call("GET", f"/handovers/{token}") for token in tokens]
    replies.append(api.call("GET", "/handovers?limit=100"))
    written["API replies"] = json.dumps(replies)
    return written


def test_no_password_in_records_executions_logs_mail_or_errors(
    api, stack, source, staging, core_db, announcements
):
    if source.service_user is None:
        pytest.skip("the servers' administrator may not create the service's own user")
    secrets = boto3.client("secretsmanager")
    sources_arn = secrets.describe_secret(SecretId="handover/sources")["ARN"]
    assert SERVICE_PASSWORD in secrets.get_secret_value(SecretId=sources_arn)["SecretString"]
    assert SERVICE_PASSWORD in secrets.get_secret_value(SecretId="handover/staging")["SecretString"]

    log = io.StringIO()
    handler = logging.StreamHandler(log)
    handler.setFormatter(logger.registered_formatter)
    level = logger.log_level
    logger.addHandler(handler)
    logger.setLevel("DEBUG")
    original_sources = secrets.get_secret_value(SecretId=sources_arn)["SecretString"]
    # A server the sources' secret knows with a wrong password: staging's, as if it were a source.
    secrets.put_secret_value(
        SecretId=sources_arn,
        SecretString=json.dumps(
            {
                **json.loads(original_sources),
                staging.host_port: {"username": SERVICE_USER, "password": WRONG_PASSWORD},
            }
        ),
    )
    secrets_provider().clear_cache()
    try:
        succeeded = submit(api, source.src_uri(core_db))["handover_token"]
        assert api.wait(succeeded)["status"] == "SUCCEEDED"

        wrong_password = submit(api, staging.src_uri(unique_core_name()))["handover_token"]
        refused = api.wait(wrong_password)
        assert refused["status"] == "FAILED"
        assert "Access denied" in refused["message"], refused

        missing = submit(api, source.src_uri(unique_core_name()))["handover_token"]
        assert api.wait(missing)["status"] == "FAILED"

        speciesless = create_speciesless_variation(source, core_db)
        unregistered = submit(api, source.src_uri(speciesless))["handover_token"]
        assert api.wait(unregistered)["failed_step"] == "register"
        source.query(f"DROP DATABASE `{speciesless}`")
    finally:
        secrets.put_secret_value(SecretId=sources_arn, SecretString=original_sources)
        secrets_provider().clear_cache()
        logger.setLevel(level)
        logger.removeHandler(handler)

    tokens = [succeeded, wrong_password, missing, unregistered]
    written = everything_the_service_wrote(stack, api, tokens)
    written["logs"] = log.getvalue()
    written["events"] = json.dumps([announcements.for_token(t) for t in tokens])

    # Each place holds what the runs did, so the search below looks at real output.
    for place, text in written.items():
        assert succeeded in text, place
    assert staging.host_port in written["logs"]
    assert "Access denied" in written["executions"] and "Access denied" in written["emails"]
    for place, text in written.items():
        for password in (SERVICE_PASSWORD, WRONG_PASSWORD):
            assert password not in text, f"a password appears in {place}"
