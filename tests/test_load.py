"""Load: 200 handovers submitted at once by 20 clients through the local stack's HTTP API.

Each names a database the source does not have, so that every execution runs (check, record
the failure, notify) and ends quickly. benchmarks/api_load.py measures the latencies."""

import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import boto3
import pytest

from .conftest import unique_core_name
from .test_e2e import execution_status, wait_until

pytestmark = pytest.mark.e2e

HANDOVERS, CLIENTS = 200, 20


def every_listed_token(api, contact: str, page_size: int) -> list[str]:
    tokens, next_token = [], None
    while True:
        path = f"/handovers?contact={quote(contact)}&limit={page_size}"
        if next_token:
            path += f"&next_token={quote(next_token)}"
        status, page = api.call("GET", path)
        assert status == 200, page
        assert len(page["items"]) <= page_size
        tokens.extend(job["handover_token"] for job in page["items"])
        next_token = page.get("next_token")
        if not next_token:
            return tokens


def test_200_concurrent_submissions_each_get_one_record_and_one_execution(api, stack, source):
    contact = f"load-{uuid.uuid4().hex[:8]}@example.org"
    names = [unique_core_name() for _ in range(HANDOVERS)]

    def submit(name: str) -> tuple[int, dict]:
        return api.call(
            "POST",
            "/handovers",
            {"src_uri": source.src_uri(name), "contact": contact, "comment": "load test"},
        )

    with ThreadPoolExecutor(CLIENTS) as clients:
        replies = list(clients.map(submit, names))

    refused = [(status, reply) for status, reply in replies if status != 201]
    assert not refused, refused
    tokens = [reply["handover_token"] for _, reply in replies]
    assert len(set(tokens)) == HANDOVERS

    # Every record, once, through the list endpoint's pages.
    listed = every_listed_token(api, contact, page_size=37)
    assert Counter(listed) == Counter(tokens)

    # Every execution, once, named by its token.
    sfn = boto3.client("stepfunctions")
    executions = [
        e["name"]
        for page in sfn.get_paginator("list_executions").paginate(
            stateMachineArn=stack.state_machine_arn
        )
        for e in page["executions"]
    ]
    counts = Counter(executions)
    assert all(counts[token] == 1 for token in tokens)

    # Each runs to its end: the check finds no such database, and the contact is told.
    for token in tokens:
        job = api.wait(token, timeout=300)
        assert job["status"] == "FAILED" and job["failed_step"] == "check", job
    wait_until(
        lambda: all(execution_status(stack, t) == "FAILED" for t in tokens),
        timeout=120,
        what="every execution to end",
    )
    mailed = Counter(m["to"][0] for m in stack.sent_mail() if m["subject"].startswith("Handover"))
    assert mailed[contact] == HANDOVERS
