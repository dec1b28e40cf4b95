"""The local stack: template.yaml's resources created in moto, its state machine executed by
moto, and every Lambda invocation dispatched to the project's real handler in-process."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import os
import sys
import threading
import time
import traceback
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import boto3
from moto import mock_aws
from moto.awslambda_simple.models import LambdaSimpleBackend
from moto.dynamodb.responses import DynamoHandler

from handover_cli.local.template import Resolver, load_template, parameter_values

REGION = "us-east-1"
ACCOUNT = "123456789012"
STACK = "handover-local"
LOCAL_SENDER = "handover@example.org"  # verified in moto's SES at start
PROJECT_ROOT = Path(__file__).resolve().parents[3]


@dataclass
class LocalFunction:
    logical_id: str
    name: str
    arn: str
    code_dir: Path
    handler: str
    timeout: int
    memory: int
    environment: dict[str, str]
    # Lambda never gives one container two requests at once, and a handler may rely on that:
    # the API's router (powertools' resolver) keeps the request it routes on its module's app.
    # Here a function is one module, so such a function takes its requests one at a time.
    one_at_a_time: bool = False
    _module: ModuleType | None = field(default=None, repr=False)
    _gate: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def entry(self) -> Callable[[Any, Any], Any]:
        if self._module is None:
            module_file, attribute = self.handler.rsplit(".", 1)
            path = self.code_dir / f"{module_file}.py"
            spec = importlib.util.spec_from_file_location(f"handover_fn_{self.logical_id}", path)
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            self._module = module
        return getattr(self._module, self.handler.rsplit(".", 1)[1])

    def run(self, event: Any, context: Any) -> Any:
        with self._gate if self.one_at_a_time else contextlib.nullcontext():
            return self.entry()(event, context)


class SandboxStopped(BaseException):
    """Raised into a handler's thread when its invocation timed out: the Python work stops,
    as Lambda freezes the sandbox (a MySQL statement already sent goes on on the server).
    A BaseException, so that no handler's `except Exception` carries on past its timeout."""


class FunctionTimedOut(Exception):
    def __init__(self, timeout: float) -> None:
        super().__init__(f"Task timed out after {timeout:.2f} seconds")


@dataclass
class Invocation:
    """One call of a function, as the local stack ran it."""

    logical_id: str
    started: float  # time.time()
    seconds: float = 0.0  # until the handler returned, or until its thread stopped
    timed_out: bool = False
    action: str = ""  # the event's action and unit, when it has them ("copy exon")
    stack_at_timeout: str = ""  # the handler's innermost frames when it timed out


def _stop_thread(thread: threading.Thread) -> None:
    """Raise SandboxStopped in `thread` at its next Python instruction."""
    import ctypes

    assert thread.ident is not None
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread.ident), ctypes.py_object(SandboxStopped)
    )


@dataclass
class LambdaContext:
    """What Lambda hands a handler; the deadline comes from the function's Timeout."""

    function_name: str
    invoked_function_arn: str
    memory_limit_in_mb: int
    timeout: int
    function_version: str = "$LATEST"
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    log_group_name: str = ""
    log_stream_name: str = "local"
    _deadline: float = 0.0

    def __post_init__(self) -> None:
        self._deadline = time.monotonic() + self.timeout
        self.log_group_name = f"/aws/lambda/{self.function_name}"

    def get_remaining_time_in_millis(self) -> int:
        return max(int((self._deadline - time.monotonic()) * 1000), 0)


class LocalStack:
    """Build it, `start()` it, use `sfn`, `dynamodb`, `invoke_api()`, then `stop()` it."""

    def __init__(
        self,
        *,
        staging_uri: str,
        metadata_uri: str,
        source_credentials: dict[str, dict[str, str]] | None = None,
        secondary_staging_uri: str | None = None,
        parameters: dict[str, str] | None = None,
        reference_schemas: Path | None = None,
        lambda_timeout: float | None = None,
        root: Path = PROJECT_ROOT,
    ) -> None:
        self.root = root
        self.template = load_template(root / "template.yaml")
        self._staging_uri = staging_uri
        self._secondary_uri = secondary_staging_uri
        self._metadata_uri = metadata_uri
        self._source_credentials = source_credentials or {}
        self._overrides = dict(parameters or {})
        self._reference_schemas = reference_schemas
        self.functions: dict[str, LocalFunction] = {}
        self.tables: dict[str, str] = {}  # logical id -> table name
        self.invocations: list[Invocation] = []
        # Every function's Timeout, instead of the template's (a small one stands in for a
        # huge database on a small machine).
        self.lambda_timeout = lambda_timeout
        self._mock = mock_aws(
            config={
                "stepfunctions": {"execute_state_machine": True},
                "lambda": {"use_docker": False},
            }
        )
        self._original_invoke = LambdaSimpleBackend.invoke
        self._original_dynamodb_action = DynamoHandler.call_action
        self._saved_env: dict[str, str | None] = {}
        self._lock = threading.Lock()
        # EventBridge rules of template.yaml's functions: (function name, event pattern).
        self.rules: list[tuple[str, dict[str, Any]]] = []
        # Whether execution status changes are emitted to them (a test of the sweep's own
        # reconciliation turns it off).
        self.emit_execution_events = True
        self._watching = threading.Event()
        self._watcher: threading.Thread | None = None

    # --- life cycle ---

    def start(self) -> LocalStack:
        for name, value in {
            "AWS_DEFAULT_REGION": REGION,
            "AWS_REGION": REGION,
            "AWS_ACCESS_KEY_ID": "local",
            "AWS_SECRET_ACCESS_KEY": "local",
        }.items():
            self._setenv(name, value)
        self._mock.start()
        stack = self
        # Every Lambda call of the state machine (or the API) lands here, and goes to the
        # real handler instead of moto's echo.
        LambdaSimpleBackend.invoke = (
            lambda backend, function_name, qualifier, body, headers, response_headers: (  # type: ignore[method-assign]
                stack._dispatch(function_name, body, response_headers)
            )
        )
        # moto's DynamoDB is not thread-safe: two Map iterations checkpointing one job at once
        # made it deep-copy an item while the other changed it ("dictionary changed size
        # during iteration"). DynamoDB applies each request atomically; so does this lock.
        original_action, dynamodb_lock = self._original_dynamodb_action, threading.Lock()

        def one_at_a_time(handler: DynamoHandler) -> Any:
            with dynamodb_lock:
                return original_action(handler)

        DynamoHandler.call_action = one_at_a_time  # type: ignore[method-assign]
        try:
            self._create()
        except BaseException:
            self.stop()
            raise
        self._watching.set()
        self._watcher = threading.Thread(
            target=self._emit_execution_events, name="execution-events", daemon=True
        )
        self._watcher.start()
        return self

    def stop(self) -> None:
        self._watching.clear()
        if self._watcher is not None:
            self._watcher.join()
            self._watcher = None
        LambdaSimpleBackend.invoke = self._original_invoke  # type: ignore[method-assign]
        DynamoHandler.call_action = self._original_dynamodb_action  # type: ignore[method-assign]
        try:
            self._mock.stop()
        except RuntimeError:
            pass
        for name, value in self._saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        self._saved_env.clear()

    def __enter__(self) -> LocalStack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _setenv(self, name: str, value: str) -> None:
        self._saved_env.setdefault(name, os.environ.get(name))
        os.environ[name] = value

    # --- building the resources of template.yaml ---

    def _create(self) -> None:
        resources = self.template["Resources"]
        secrets = boto3.client("secretsmanager")
        from handover_cli.local.servers import secret_for_uri

        arns = {
            "StagingSecretArn": secrets.create_secret(
                Name="handover/staging", SecretString=json.dumps(secret_for_uri(self._staging_uri))
            )["ARN"],
            "MetadataSecretArn": secrets.create_secret(
                Name="handover/metadata",
                SecretString=json.dumps(secret_for_uri(self._metadata_uri)),
            )["ARN"],
            "SourceCredentialsSecretArn": secrets.create_secret(
                Name="handover/sources", SecretString=json.dumps(self._source_credentials)
            )["ARN"],
        }
        if self._secondary_uri:
            arns["SecondaryStagingSecretArn"] = secrets.create_secret(
                Name="handover/secondary-staging",
                SecretString=json.dumps(secret_for_uri(self._secondary_uri)),
            )["ARN"]
        if self._reference_schemas is not None:
            self._overrides.setdefault(
                "ReferenceSchemaUri", self._upload_reference_schemas(self._reference_schemas)
            )
        params = parameter_values(
            self.template,
            {**arns, "ApiAuthorization": "NONE", "NotifySender": LOCAL_SENDER, **self._overrides},
        )
        self.parameters = params
        if params.get("NotifySender"):
            # Deploying needs the sender verified in SES by hand; here moto's SES is told.
            boto3.client("ses").verify_email_identity(EmailAddress=params["NotifySender"])

        # Physical names first: functions and the state machine refer to each other.
        resolver = Resolver(
            self.template,
            params,
            pseudo={
                "AWS::Region": REGION,
                "AWS::AccountId": ACCOUNT,
                "AWS::Partition": "aws",
                "AWS::URLSuffix": "amazonaws.com",
                "AWS::StackName": STACK,
            },
            secret_string=lambda secret_id: secrets.get_secret_value(SecretId=secret_id)[
                "SecretString"
            ],
        )
        for logical_id, resource in resources.items():
            kind = resource["Type"]
            if kind == "AWS::DynamoDB::Table":
                resolver.refs[logical_id] = f"{STACK}-{logical_id}"
            elif kind == "AWS::Serverless::Function":
                name = f"{STACK}-{logical_id}"
                resolver.refs[logical_id] = name
                resolver.attributes[(logical_id, "Arn")] = (
                    f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"
                )
            elif kind == "AWS::Serverless::Api":
                resolver.refs[logical_id] = f"local-{logical_id.lower()}"
            elif kind == "AWS::Serverless::StateMachine":
                name = f"{STACK}-{logical_id}"
                arn = f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{name}"
                resolver.refs[logical_id] = arn
                resolver.attributes[(logical_id, "Name")] = name
                resolver.attributes[(logical_id, "Arn")] = arn
        self.resolver = resolver
        self._create_user_pools(resources, resolver)

        for logical_id, resource in resources.items():
            if resource["Type"] == "AWS::DynamoDB::Table":
                self._create_table(
                    resolver.refs[logical_id], resolver.resolve(resource["Properties"])
                )
        self._create_functions(resources, resolver)
        for logical_id, resource in resources.items():
            if resource["Type"] == "AWS::Serverless::StateMachine":
                wanted = ("DefinitionUri", "DefinitionSubstitutions", "Type")
                props = {k: v for k, v in resource["Properties"].items() if k in wanted}
                self._create_state_machine(logical_id, resolver.resolve(props))

    def _create_user_pools(self, resources: dict[str, Any], resolver: Resolver) -> None:
        """The web page's Cognito user pool and its app client, in moto's cognito-idp (which
        issues and verifies tokens offline). Pools first: a client names its pool."""
        cognito = boto3.client("cognito-idp")
        for kind in ("AWS::Cognito::UserPool", "AWS::Cognito::UserPoolClient"):
            for logical_id, resource in resources.items():
                if resource["Type"] != kind:
                    continue
                props = resolver.resolve(resource.get("Properties", {}))
                if kind == "AWS::Cognito::UserPool":
                    props["PoolName"] = props.pop("UserPoolName", logical_id)
                    created = cognito.create_user_pool(**props)["UserPool"]["Id"]
                    self.user_pool_id = created
                else:
                    created = cognito.create_user_pool_client(**props)["UserPoolClient"]["ClientId"]
                    self.user_pool_client_id = created
                resolver.refs[logical_id] = created

    def serve_web_at(self, url: str) -> None:
        """Where the local web page is served, for the links in the emails (a deployment's
        WEB_BASE_URL is its WebApi stage)."""
        self.redeploy_variable("WEB_BASE_URL", url.rstrip("/"))

    def add_web_user(self, email: str, password: str) -> None:
        """A user of the web page who can sign in at once (an operator gives real users a
        temporary password, which they change at their first sign-in)."""
        cognito = boto3.client("cognito-idp")
        cognito.admin_create_user(
            UserPoolId=self.user_pool_id,
            Username=email,
            UserAttributes=[
                {"Name": "email", "Value": email},
                {"Name": "email_verified", "Value": "true"},
            ],
            MessageAction="SUPPRESS",
        )
        cognito.admin_set_user_password(
            UserPoolId=self.user_pool_id, Username=email, Password=password, Permanent=True
        )

    def _upload_reference_schemas(self, directory: Path) -> str:
        """Put a directory's reference schemas (core.sql, ...) where a deployment keeps them:
        under an S3 prefix, here moto's (a prefix of its own per upload, as a deployment keeps
        one per release). Returns the prefix for ReferenceSchemaUri."""
        files = sorted(directory.glob("*.sql"))
        if not files:
            raise ValueError(f"{directory} holds no .sql files (core.sql, variation.sql, ...)")
        s3 = boto3.client("s3")
        bucket = f"{STACK}-reference-schemas"
        if bucket not in [b["Name"] for b in s3.list_buckets().get("Buckets", [])]:
            s3.create_bucket(Bucket=bucket)
        prefix = f"schemas-{uuid.uuid4().hex[:8]}/"
        for path in files:
            s3.put_object(Bucket=bucket, Key=prefix + path.name, Body=path.read_bytes())
        return f"s3://{bucket}/{prefix}"

    def use_reference_schemas(self, directory: Path | None) -> str:
        """Point the running stack at a directory's reference schemas (None: at none), as a
        redeploy with another ReferenceSchemaUri would. Returns the URI."""
        uri = self._upload_reference_schemas(directory) if directory is not None else ""
        self.parameters["ReferenceSchemaUri"] = uri
        self.redeploy_variable("REFERENCE_SCHEMA_URI", uri)
        return uri

    def redeploy_variable(self, name: str, value: str) -> None:
        """Change an environment variable of every function that has it, as a redeploy
        would."""
        for fn in self.functions.values():
            if name in fn.environment:
                fn.environment[name] = value
        self._setenv(name, value)
        from handover.config import settings
        from handover.runtime import new_containers

        settings.cache_clear()
        new_containers()

    def _create_table(self, name: str, props: dict[str, Any]) -> None:
        keep = ("AttributeDefinitions", "KeySchema", "GlobalSecondaryIndexes", "BillingMode")
        boto3.client("dynamodb").create_table(
            TableName=name, **{k: props[k] for k in keep if k in props}
        )
        self.tables[name.removeprefix(f"{STACK}-")] = name

    def _create_functions(self, resources: dict[str, Any], resolver: Resolver) -> None:
        globals_ = self.template.get("Globals", {}).get("Function", {})
        lam = boto3.client("lambda")
        role = boto3.client("iam").create_role(
            RoleName=f"{STACK}-role",
            AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": []}),
        )["Role"]["Arn"]
        shared_env: dict[str, str] = {}
        for logical_id, resource in resources.items():
            if resource["Type"] != "AWS::Serverless::Function":
                continue
            # Only what running the code needs, and its EventBridge rules (see
            # _emit_execution_events); policies, other events and VPC are AWS's business.
            wanted = ("CodeUri", "Handler", "Timeout", "MemorySize", "Runtime", "Environment")
            props = resolver.resolve(
                {k: v for k, v in resource["Properties"].items() if k in wanted}
            )
            for event in resource["Properties"].get("Events", {}).values():
                if event.get("Type") == "EventBridgeRule":
                    pattern = resolver.resolve(event["Properties"]["Pattern"])
                    self.rules.append((f"{STACK}-{logical_id}", pattern))
            env = {
                **resolver.resolve(globals_.get("Environment", {}).get("Variables", {})),
                **props.get("Environment", {}).get("Variables", {}),
            }
            env = {k: str(v) for k, v in env.items()}
            fn = LocalFunction(
                logical_id=logical_id,
                name=resolver.refs[logical_id],
                arn=resolver.attributes[(logical_id, "Arn")],
                code_dir=self.root / props["CodeUri"],
                handler=props["Handler"],
                timeout=self.lambda_timeout
                or int(props.get("Timeout", globals_.get("Timeout", 3))),
                memory=int(props.get("MemorySize", globals_.get("MemorySize", 128))),
                environment=env,
            )
            lam.create_function(
                FunctionName=fn.name,
                Runtime=props.get("Runtime", globals_.get("Runtime")),
                Role=role,
                Handler=fn.handler,
                Code={"ZipFile": _placeholder_zip()},
                Timeout=max(1, int(fn.timeout)),
                MemorySize=fn.memory,
                Environment={"Variables": env},
            )
            self.functions[fn.name] = fn
            # The handlers run in this one process, so their environments must agree: the
            # template gives each function only variables that no other sets differently.
            for key, value in env.items():
                if shared_env.get(key, value) != value:
                    raise ValueError(
                        f"functions disagree on {key}; the local stack cannot run both"
                    )
                shared_env[key] = value
        shared_env.update(
            {"POWERTOOLS_TRACE_DISABLED": "true", "POWERTOOLS_METRICS_DISABLED": "true"}
        )
        for key, value in shared_env.items():
            self._setenv(key, value)
        for resource_id, resource in resources.items():
            if any(
                e.get("Type") == "Api"
                for e in resource.get("Properties", {}).get("Events", {}).values()
            ):
                self.function(resource_id).one_at_a_time = True
        from handover.config import settings

        settings.cache_clear()

    def _create_state_machine(self, logical_id: str, props: dict[str, Any]) -> None:
        definition = (self.root / props["DefinitionUri"]).read_text()
        for key, value in props.get("DefinitionSubstitutions", {}).items():
            definition = definition.replace("${" + key + "}", str(value))
        json.loads(definition)  # a substitution left out would make this fail here, loudly
        sfn = boto3.client("stepfunctions")
        self.state_machine_arn = sfn.create_state_machine(
            name=self.resolver.attributes[(logical_id, "Name")],
            definition=definition,
            roleArn=f"arn:aws:iam::{ACCOUNT}:role/{STACK}-role",
            type=props.get("Type", "STANDARD"),
        )["stateMachineArn"]

    # --- invoking ---

    @property
    def table_name(self) -> str:
        """The job table."""
        return self.tables["JobTable"]

    def function(self, logical_id: str) -> LocalFunction:
        return self.functions[f"{STACK}-{logical_id}"]

    def _dispatch(self, function_name: str, body: Any, response_headers: dict[str, str]) -> bytes:
        name = function_name.split(":function:")[-1].split(":")[0]
        fn = self.functions[name]
        event = json.loads(body) if body else {}
        context = LambdaContext(fn.name, fn.arn, fn.memory, fn.timeout)
        invocation = Invocation(fn.logical_id, time.time(), action=_what(event))
        with self._lock:
            self.invocations.append(invocation)
        try:
            result = self._run_within_timeout(fn, event, context, invocation)
        except FunctionTimedOut as exc:
            # What Step Functions sees of a Lambda that timed out: an unhandled Lambda.Unknown.
            response_headers["x-amz-function-error"] = "Unhandled"
            return json.dumps({"errorType": "Lambda.Unknown", "errorMessage": str(exc)}).encode()
        except Exception as exc:  # noqa: BLE001 - reported to the caller as Lambda does
            response_headers["x-amz-function-error"] = "Unhandled"
            return json.dumps(
                {
                    "errorType": type(exc).__name__,
                    "errorMessage": str(exc),
                    "stackTrace": traceback.format_exception(exc)[-3:],
                }
            ).encode()
        finally:
            # Metrics are disabled here, so nothing flushes them: cleared, they never reach
            # powertools' 100-value limit, which prints them (to this process's stdout).
            from handover.runtime import metrics

            metrics.clear_metrics()
        return json.dumps(result).encode()

    def _run_within_timeout(
        self, fn: LocalFunction, event: Any, context: LambdaContext, invocation: Invocation
    ) -> Any:
        """The handler's result, or FunctionTimedOut once it outlasts the function's Timeout
        (its thread is then stopped, and the invocation records when it did stop)."""
        outcome: dict[str, Any] = {}
        started = time.monotonic()

        def run() -> None:
            try:
                outcome["result"] = fn.run(event, context)
            except SandboxStopped:
                pass
            except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
                outcome["error"] = exc
            finally:
                invocation.seconds = time.monotonic() - started

        thread = threading.Thread(target=run, name=f"lambda-{fn.logical_id}", daemon=True)
        thread.start()
        thread.join(fn.timeout)
        if thread.is_alive():
            invocation.timed_out = True
            frame = sys._current_frames().get(thread.ident or 0)
            if frame is not None:  # where it was when its time ran out, for reports
                invocation.stack_at_timeout = "".join(traceback.format_stack(frame)[-6:])
            _stop_thread(thread)
            raise FunctionTimedOut(fn.timeout)
        if "error" in outcome:
            raise outcome["error"]
        return outcome.get("result")

    def invoke(self, logical_id: str, event: dict[str, Any]) -> Any:
        """Call a function through moto's Lambda, as AWS would."""
        reply = boto3.client("lambda").invoke(
            FunctionName=self.function(logical_id).name, Payload=json.dumps(event).encode()
        )
        payload = json.loads(reply["Payload"].read() or b"null")
        if reply.get("FunctionError"):
            raise RuntimeError(f"{logical_id} failed: {payload}")
        return payload

    def sent_mail(self) -> list[dict[str, Any]]:
        """Every email the service sent through moto's SES, oldest first."""
        from moto.ses.models import ses_backends

        backend = ses_backends[ACCOUNT][REGION]
        return [
            {
                "from": m.source,
                "to": list(m.destinations.get("ToAddresses", [])),
                "subject": m.subject,
                "body": m.body,
            }
            for m in backend.sent_messages
        ]

    def _emit_execution_events(self) -> None:
        """Step Functions' "Execution Status Change" events, delivered as EventBridge would
        to every function whose EventBridgeRule matches: moto runs the executions but emits
        no events. Polled; each change is delivered once, asynchronously."""
        sfn = boto3.client("stepfunctions")
        seen: dict[str, str] = {}
        while self._watching.is_set():
            time.sleep(0.25)
            arn = getattr(self, "state_machine_arn", None)
            if not arn or not self.rules or not self.emit_execution_events:
                continue
            try:
                pages = sfn.get_paginator("list_executions").paginate(stateMachineArn=arn)
                executions = [e for page in pages for e in page["executions"]]
            except Exception:  # noqa: BLE001 - the mock is stopping
                continue
            for execution in executions:
                status = execution["status"]
                if status == "RUNNING" or seen.get(execution["executionArn"]) == status:
                    continue
                seen[execution["executionArn"]] = status
                self._deliver(_status_change_event(execution, arn))

    def _deliver(self, event: dict[str, Any]) -> None:
        for function_name, pattern in self.rules:
            if _matches(pattern, event):
                threading.Thread(
                    target=self._dispatch,
                    args=(function_name, json.dumps(event).encode(), {}),
                    name=f"event-{function_name}",
                    daemon=True,
                ).start()

    def api_routes(self) -> list[Route]:
        """Every API event in template.yaml: its API, method, path, function and authorizer."""
        routes = []
        resources = self.template["Resources"]
        for function_id, resource in resources.items():
            for event in resource.get("Properties", {}).get("Events", {}).values():
                if event.get("Type") != "Api":
                    continue
                props = event["Properties"]
                api_id = props["RestApiId"]["Ref"]
                api = resources[api_id]["Properties"]
                auth = api.get("Auth", {})
                authorizer = self.resolver.resolve(
                    props.get("Auth", {}).get("Authorizer", auth.get("DefaultAuthorizer", "NONE"))
                )
                spec = auth.get("Authorizers", {}).get(authorizer)
                routes.append(
                    Route(
                        api=api_id,
                        stage=api["StageName"],
                        method=props["Method"].upper(),
                        path=props["Path"],
                        function=function_id,
                        authorizer=authorizer,
                        authorizer_function=spec["FunctionArn"]["Fn::GetAtt"][0] if spec else None,
                        identity_headers=tuple(spec.get("Identity", {}).get("Headers", []))
                        if spec
                        else (),
                        gateway_responses=self.resolver.resolve(api.get("GatewayResponses", {})),
                    )
                )
        return routes


@dataclass(frozen=True)
class Route:
    """One route of one of template.yaml's APIs, as API Gateway would serve it."""

    api: str
    stage: str
    method: str
    path: str
    function: str
    # AWS_IAM, NONE, or the name of a Lambda authorizer of the API.
    authorizer: str
    authorizer_function: str | None
    identity_headers: tuple[str, ...]
    gateway_responses: dict[str, Any]


def _what(event: Any) -> str:
    """What an invocation works on, for reports: its action and part, table or datacheck."""
    if not isinstance(event, dict):
        return ""
    part = event.get("part") or (event.get("cursor") or {}).get("part") or {}
    unit = part.get("table") or event.get("table") or event.get("datacheck") or ""
    return " ".join(str(x) for x in (event.get("action") or "", unit) if x)


def _status_change_event(execution: dict[str, Any], state_machine_arn: str) -> dict[str, Any]:
    """An execution's status change as EventBridge delivers it (source aws.states)."""
    detail = boto3.client("stepfunctions").describe_execution(
        executionArn=execution["executionArn"]
    )
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Step Functions Execution Status Change",
        "source": "aws.states",
        "account": ACCOUNT,
        "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": REGION,
        "resources": [execution["executionArn"]],
        "detail": {
            "executionArn": execution["executionArn"],
            "stateMachineArn": state_machine_arn,
            "name": execution["name"],
            "status": execution["status"],
            "error": detail.get("error"),
            "cause": detail.get("cause"),
        },
    }


def _matches(pattern: dict[str, Any], event: dict[str, Any]) -> bool:
    """EventBridge's matching of exact values: each key's value is one of the listed ones,
    nested objects alike."""
    for key, wanted in pattern.items():
        value = event.get(key)
        if isinstance(wanted, dict):
            if not isinstance(value, dict) or not _matches(wanted, value):
                return False
        elif value not in wanted:
            return False
    return True


def _placeholder_zip() -> bytes:
    """moto wants code; the real code is dispatched to in-process."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("app.py", "# dispatched in-process by handover_cli.local.stack\n")
    return buffer.getvalue()
