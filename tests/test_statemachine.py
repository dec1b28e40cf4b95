"""statemachine/handover.asl.json is what deploys; handover.asl.yaml is what is written."""

import json
import re

from handover_cli.local.asl import RENDERED, SOURCE, render


def test_the_deployed_definition_is_rendered_from_the_yaml_source():
    assert RENDERED.read_text() == render(SOURCE.read_text()), "run `make asl`"


def test_each_retry_policy_is_written_once():
    source = SOURCE.read_text()
    # The Lambda-transient errors are listed in two policies (with and without a died
    # invocation), and every state refers to them by alias.
    assert source.count("Lambda.ServiceException") == 2
    assert source.count("ErrorEquals: [MySQLUnavailable]") == 1
    assert source.count("ErrorEquals: [ServerBusy]") == 1
    rendered = RENDERED.read_text()
    assert rendered.count('"Lambda.ServiceException"') == 14  # every task but Record failure


def test_the_rendered_definition_is_asl_with_readable_state_names():
    text = re.sub(r"\$\{\w+\}", "1", RENDERED.read_text())
    definition = json.loads(text)
    assert not any(key.startswith("x-") for key in definition)
    assert list(definition["States"])[:9] == [
        "Resume where?",
        "Check database",
        "Acquire check slot",
        "Check slot taken?",
        "Wait for a check slot",
        "Run datachecks",
        "Conclude datachecks",
        "Acquire copy slot",
        "Copy slot taken?",
    ]
    busy, unavailable = definition["States"]["Check database"]["Retry"][:2]
    assert busy["ErrorEquals"] == ["ServerBusy"] and busy["MaxAttempts"] == 99999999
    assert unavailable["ErrorEquals"] == ["MySQLUnavailable"]
    assert '"IntervalSeconds": ${RetryIntervalSeconds}' in RENDERED.read_text()
