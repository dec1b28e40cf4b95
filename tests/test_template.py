"""template.yaml as AWS will see it: the SAM transform's output, checked for what matters."""

import json
import re

import pytest
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse

from .conftest import ROOT

MANAGED = {
    name: f"arn:aws:iam::aws:policy/{path}{name}"
    for name, path in [
        ("AWSLambdaBasicExecutionRole", "service-role/"),
        ("AWSXrayWriteOnlyAccess", ""),
        ("AWSLambdaVPCAccessExecutionRole", "service-role/"),
    ]
}


class _Policies:
    def load(self) -> dict[str, str]:
        return MANAGED


def transformed(monkeypatch, **parameters: str) -> dict:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    # The transform wants code in S3; `sam build`/`sam deploy` put it there.
    text = re.sub(
        r"(CodeUri|ContentUri|DefinitionUri): \S+",
        r"\1: s3://bucket/key",
        (ROOT / "template.yaml").read_text(),
    )
    values = {"StagingSecretArn": "arn:staging", "MetadataSecretArn": "arn:metadata", **parameters}
    return transform(yaml_parse(text), values, _Policies())


def test_api_uses_iam_authorization_by_default(monkeypatch):
    body = transformed(monkeypatch)["Resources"]["HandoverApi"]["Properties"]["Body"]
    for path, methods in body["paths"].items():
        for method, spec in methods.items():
            assert spec.get("security") == [{"AWS_IAM": []}], f"{method} {path} is open"


def test_authorization_can_be_switched_off_for_development(monkeypatch):
    body = transformed(monkeypatch, ApiAuthorization="NONE")["Resources"]["HandoverApi"][
        "Properties"
    ]["Body"]
    assert all(
        "security" not in spec for methods in body["paths"].values() for spec in methods.values()
    )


def _policy_text(resources: dict, function: str) -> str:
    role = resources[f"{function}Role"]["Properties"]
    return json.dumps(role.get("Policies", [])) + json.dumps(role.get("ManagedPolicyArns", []))


@pytest.mark.parametrize(
    "function",
    [
        "ApiFunction",
        "CheckFunction",
        "CopyFunction",
        "RegisterFunction",
        "CleanupFunction",
        "NotifyFunction",
    ],
)
def test_each_function_gets_only_what_it_needs(monkeypatch, function):
    resources = transformed(
        monkeypatch, SubnetIds="subnet-1", SecurityGroupIds="sg-1", NotifySender="h@example.org"
    )["Resources"]
    policy = _policy_text(resources, function)
    vpc = "VpcConfig" in resources[function]["Properties"]
    assert ("ses:SendEmail" in policy) is (function == "NotifyFunction")
    if function == "NotifyFunction":
        # Mail and events only: no MySQL, no secrets, no executions, one sender.
        assert "secretsmanager" not in policy and not vpc and "states:" not in policy
        assert (
            '"ses:FromAddress": {"Ref": "NotifySender"}' in policy and "HasNotifySender" in policy
        )
    elif function == "ApiFunction":
        assert "secretsmanager" not in policy and not vpc  # the API never reaches MySQL
        assert "states:StartExecution" in policy and "states:StopExecution" in policy
    else:
        assert "states:StartExecution" not in policy and vpc
        # Register writes the metadata database; check reads it (is a variation's core there?).
        assert ("MetadataSecretArn" in policy) is (
            function in ("RegisterFunction", "CheckFunction")
        )
        assert '"Resource": "*"' not in policy.replace("xray", "")  # no wildcard outside X-Ray


def test_state_machine_gets_every_substitution_its_definition_uses():
    template = yaml_parse((ROOT / "template.yaml").read_text())
    machine = template["Resources"]["HandoverStateMachine"]["Properties"]
    definition = (ROOT / machine["DefinitionUri"]).read_text()
    used = set(re.findall(r"\$\{(\w+)\}", definition))
    assert used <= set(machine["DefinitionSubstitutions"])


def test_the_dashboard_shows_every_metric_the_functions_emit_and_failures_alarm(monkeypatch):
    resources = transformed(monkeypatch)["Resources"]
    template, values = resources["HandoverDashboard"]["Properties"]["DashboardBody"]["Fn::Sub"]
    body = json.loads(
        template.replace("${AWS::Region}", "us-east-1").replace(
            "${StateMachine}", "arn:aws:states:us-east-1:1:stateMachine:handover"
        )
    )
    text = json.dumps(body)
    emitted = {
        name
        for code in [
            *(ROOT / "functions").glob("*/app.py"),
            *(ROOT / "layers" / "handover" / "handover").rglob("*.py"),
        ]
        for pair in re.findall(r'count\("(\w+)"|add_metric\(\s*name="(\w+)"', code.read_text())
        for name in pair
        if name
    }
    assert {
        "HandoversSubmitted",
        "HandoversSucceeded",
        "HandoversFailed",
        "CheckFailures",
    } <= emitted
    for metric in emitted - {"HandoversCancelled"}:
        assert metric in text, f"{metric} is emitted but not on the dashboard"
    alarms = {
        k: v["Properties"] for k, v in resources.items() if v["Type"] == "AWS::CloudWatch::Alarm"
    }
    # Only the service's own failures: a failed datacheck is the submitter's news.
    failed = alarms["FailedExecutionsAlarm"]
    assert (failed["Namespace"], failed["MetricName"]) == ("Handover", "ServiceFailures")
    assert "ServiceFailures" in emitted
    watched = {a["MetricName"] for a in alarms.values()}
    assert {
        "ApproximateNumberOfMessagesVisible",
        "EmailsNotSent",
        "LongRunningHandovers",
    } <= watched
    for name, alarm in alarms.items():  # every alarm reaches someone, when a topic is given
        assert alarm["AlarmActions"] == {
            "Fn::If": ["HasAlarmTopic", [{"Ref": "AlarmTopicArn"}], {"Ref": "AWS::NoValue"}]
        }, name


def test_links_in_emails_point_at_the_deployed_stage_and_logs_expire(monkeypatch):
    resources = transformed(monkeypatch)["Resources"]
    stage = resources["HandoverApiv1Stage"]["Properties"]
    web_stage = resources["WebApiwebStage"]["Properties"]
    # The email's "Details" link opens the handover's page, where a browser can sign in.
    link = resources["NotifyFunction"]["Properties"]["Environment"]["Variables"]["WEB_BASE_URL"]
    assert link["Fn::Sub"] == "https://${WebApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/web"
    assert web_stage["StageName"] == "web"
    assert stage["MethodSettings"][0]["ThrottlingRateLimit"] == {"Ref": "ApiThrottleRate"}
    assert stage["AccessLogSetting"]["DestinationArn"] == {"Fn::GetAtt": ["ApiAccessLogs", "Arn"]}
    functions = [k for k, v in resources.items() if v["Type"] == "AWS::Lambda::Function"]
    kept = {
        v["Properties"]["LogGroupName"]["Fn::Sub"].removeprefix("/aws/lambda/${").rstrip("}")
        for v in resources.values()
        if v["Type"] == "AWS::Logs::LogGroup" and "LogGroupName" in v["Properties"]
    }
    assert kept == set(functions)
    # The hourly sweep keeps what it could not do in a dead-letter queue, which is alarmed on.
    dead_letters = {"Fn::GetAtt": ["SweepDeadLetterQueue", "Arn"]}
    rules = [v for k, v in resources.items() if v["Type"] == "AWS::Events::Rule"]
    scheduled = [r for r in rules if "ScheduleExpression" in r["Properties"]]
    assert scheduled[0]["Properties"]["Targets"][0]["DeadLetterConfig"]["Arn"] == dead_letters
    invoke = resources["CleanupFunctionEventInvokeConfig"]["Properties"]
    assert invoke["DestinationConfig"]["OnFailure"]["Destination"] == dead_letters


def test_every_page_but_the_sign_in_needs_a_session_and_a_signed_out_visitor_gets_the_sign_in(
    monkeypatch,
):
    resources = transformed(monkeypatch)["Resources"]
    body = resources["WebApi"]["Properties"]["Body"]
    open_routes = {
        (method.upper(), path)
        for path, methods in body["paths"].items()
        for method, spec in methods.items()
        if spec.get("security") != [{"WebSession": []}]
    }
    assert open_routes == {("GET", "/signin"), ("POST", "/signin")}
    authorizer = body["securityDefinitions"]["WebSession"]["x-amazon-apigateway-authorizer"]
    assert (authorizer["type"], authorizer["identitySource"]) == (
        "request",
        "method.request.header.Cookie",
    )
    signed_out = body["x-amazon-apigateway-gateway-responses"]["UNAUTHORIZED"]
    assert signed_out["statusCode"] == "303"
    assert signed_out["responseParameters"]["gatewayresponse.header.Location"] == "'/web/signin'"
    # Only operators create users; nobody signs themselves up.
    pool = resources["WebUserPool"]["Properties"]
    assert pool["AdminCreateUserConfig"] == {"AllowAdminCreateUserOnly": True}
    client = resources["WebUserPoolClient"]["Properties"]
    assert client["GenerateSecret"] is False and client["EnableTokenRevocation"] is True
    # The JSON API keeps IAM: the pages have an API of their own.
    assert "WebSession" not in str(resources["HandoverApi"]["Properties"]["Body"])


def test_vpc_endpoints_cover_what_the_functions_in_the_vpc_call_and_callers_get_a_policy(
    monkeypatch,
):
    resources = transformed(monkeypatch)["Resources"]
    endpoints = {
        v["Properties"]["ServiceName"]["Fn::Sub"].rsplit(".", 1)[-1]: v
        for v in resources.values()
        if v["Type"] == "AWS::EC2::VPCEndpoint"
    }
    # The functions in the VPC call DynamoDB (jobs), Secrets Manager (credentials), S3
    # (reference schemas), Step Functions (the sweep), EventBridge (register) and Lambda
    # (cleanup tells notify).
    assert set(endpoints) == {"dynamodb", "s3", "secretsmanager", "states", "events", "lambda"}
    assert all(v["Condition"] == "MakeVpcEndpoints" for v in endpoints.values())
    in_vpc = {
        k
        for k, v in resources.items()
        if v["Type"] == "AWS::Lambda::Function" and "VpcConfig" in v["Properties"]
    }
    assert in_vpc == {"CheckFunction", "CopyFunction", "RegisterFunction", "CleanupFunction"}
    caller = resources["HandoverCallerPolicy"]["Properties"]["PolicyDocument"]["Statement"][0]
    assert caller["Resource"]["Fn::Sub"].endswith(":${HandoverApi}/v1/*/*")
    reader = resources["HandoverReaderPolicy"]["Properties"]["PolicyDocument"]["Statement"][0]
    assert reader["Resource"]["Fn::Sub"].endswith(":${HandoverApi}/v1/GET/*")


def test_the_deployment_guide_explains_every_parameter_with_an_example():
    guide = (ROOT / "docs" / "deploy.md").read_text()
    rows = {
        m[1]: m[2]
        for m in re.finditer(r"^\| `(\w+)` \| [^|]* \| ([^|]+) \| [^|]+ \|$", guide, re.M)
    }
    parameters = yaml_parse((ROOT / "template.yaml").read_text())["Parameters"]
    assert set(rows) == set(parameters)
    assert all(len(what.strip()) > 10 for what in rows.values())
