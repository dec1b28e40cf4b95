"""API Gateway, locally: each HTTP request becomes a REST proxy event for the API function."""

from __future__ import annotations

import base64
import fnmatch
import json
import re
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from handover_cli.local.stack import ACCOUNT, REGION, LocalStack, Route

MAX_BODY_BYTES = 10 * 1024 * 1024  # API Gateway's payload limit
# Not API routes: what the local stack's SES has sent, for `handover local mail`, and
# `handover doctor --api` run inside the local stack (whose AWS is moto, in this process).
LOCAL_MAIL_PATH = "/_local/mail"
LOCAL_DOCTOR_PATH = "/_local/doctor"


_CANONICAL = {"authorization": "Authorization", "x-amz-date": "X-Amz-Date", "host": "Host"}


def _refused(message: str) -> tuple[int, dict[str, str], bytes]:
    return 403, {"Content-Type": "application/json"}, json.dumps({"message": message}).encode()


def _route_pattern(path: str) -> re.Pattern[str]:
    pattern = re.sub(r"\\\{(\w+)\\\+\\\}", r"(?P<\1>.+)", re.escape(path))
    pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", pattern)
    return re.compile(f"^{pattern}$")


class Gateway:
    """template.yaml's APIs on one local port: the handover API at the root, as clients call
    it, and every other API under its stage (the web page under /web), as on execute-api.

    Each route is authorized as the template says. `iam=True` makes the handover API refuse
    what API Gateway's AWS_IAM authorization refuses: requests without a SigV4 signature, with
    a signature that does not verify, or from a principal whose policies do not allow
    execute-api:Invoke on the route. moto's IAM does the work: it knows the users and access
    keys created in it, and evaluates their policies. A route with a Lambda authorizer is
    refused without a call when its identity headers are missing, else by the authorizer's
    answer, and the refusal is the API's own gateway response (the web page's sign-in)."""

    ROOT_API = "HandoverApi"

    def __init__(self, stack: LocalStack, *, iam: bool = False) -> None:
        self.stack = stack
        self.iam = iam
        self.routes = [(r, _route_pattern(r.path)) for r in stack.api_routes()]

    def route(self, method: str, path: str) -> tuple[Route, re.Match[str]] | None:
        """The route a request reaches, as API Gateway would match it."""
        for route, pattern in self.routes:
            mount = "" if route.api == self.ROOT_API else f"/{route.stage}"
            if mount and not (path == mount or path.startswith(mount + "/")):
                continue
            match = pattern.match(path[len(mount) :] or "/")
            if match and route.method in (method, "ANY"):
                return route, match
        return None

    def event(
        self, method: str, raw_path: str, headers: dict[str, str], body: bytes
    ) -> tuple[Route, dict[str, Any]] | None:
        parts = urlsplit(raw_path)
        found = self.route(method, parts.path.rstrip("/") or "/")
        if found is None:
            return None
        route, match = found
        mount = "" if route.api == self.ROOT_API else f"/{route.stage}"
        path = parts.path[len(mount) :].rstrip("/") or "/"
        query = parse_qs(parts.query, keep_blank_values=True)
        try:
            text, is_b64 = body.decode(), False
        except UnicodeDecodeError:
            text, is_b64 = base64.b64encode(body).decode(), True
        return route, {
            "resource": route.path,
            "path": path,
            "httpMethod": method,
            "headers": headers,
            "multiValueHeaders": {k: [v] for k, v in headers.items()},
            "queryStringParameters": {k: v[-1] for k, v in query.items()} or None,
            "multiValueQueryStringParameters": query or None,
            "pathParameters": match.groupdict() or None,
            "stageVariables": None,
            "requestContext": {
                "resourcePath": route.path,
                "httpMethod": method,
                "path": f"/{route.stage}{path}",
                "stage": route.stage,
                "requestId": str(uuid.uuid4()),
                "requestTimeEpoch": int(time.time() * 1000),
                "requestTime": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime()),
                "protocol": "HTTP/1.1",
                "identity": {"sourceIp": "127.0.0.1", "userAgent": headers.get("User-Agent", "")},
                "accountId": ACCOUNT,
                "apiId": self.stack.resolver.refs[route.api],
            },
            "body": text or None,
            "isBase64Encoded": is_b64,
        }

    def handle(
        self, method: str, raw_path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, Any], bytes]:
        if method == "GET" and urlsplit(raw_path).path == LOCAL_MAIL_PATH:
            mail = json.dumps(self.stack.sent_mail()).encode()
            return 200, {"Content-Type": "application/json"}, mail
        if method == "GET" and urlsplit(raw_path).path == LOCAL_DOCTOR_PATH:
            from handover_cli import doctor

            url = f"http://{headers.get('Host') or headers.get('host')}"
            findings = doctor.run(doctor.local_target(self.stack, url))
            return (
                200,
                {"Content-Type": "application/json"},
                json.dumps(doctor.as_json(findings)).encode(),
            )
        found = self.event(method, raw_path, headers, body)
        if found is None:  # what API Gateway answers for a route it does not have
            return _refused("Missing Authentication Token")
        route, event = found
        if self.iam and route.api == self.ROOT_API:
            if refusal := self.refusal(method, raw_path, headers, body):
                return _refused(refusal)
        elif route.authorizer_function is not None:
            refused = self.authorize(route, event)
            if refused is not None:
                return refused
        reply = self.stack.invoke(route.function, event)
        out = reply.get("body") or ""
        data = base64.b64decode(out) if reply.get("isBase64Encoded") else out.encode()
        response_headers: dict[str, Any] = dict(reply.get("headers") or {})
        for key, values in (reply.get("multiValueHeaders") or {}).items():
            response_headers[key] = ", ".join(values) if key.lower() != "set-cookie" else values
        return int(reply.get("statusCode", 502)), response_headers, data

    def authorize(
        self, route: Route, event: dict[str, Any]
    ) -> tuple[int, dict[str, str], bytes] | None:
        """A Lambda REQUEST authorizer's verdict: None lets the request through (with the
        authorizer's context in the event), else the API's gateway response."""
        assert route.authorizer_function is not None
        headers = {k.lower(): v for k, v in event["headers"].items()}
        if any(not headers.get(h.lower()) for h in route.identity_headers):
            return self._gateway_response(route, "UNAUTHORIZED", 401, "Unauthorized")
        request = event["requestContext"]
        method_arn = (
            f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{request['apiId']}/{route.stage}/"
            f"{event['httpMethod']}{event['path']}"
        )
        try:
            answer = self.stack.invoke(
                route.authorizer_function, {**event, "type": "REQUEST", "methodArn": method_arn}
            )
        except RuntimeError as exc:
            if "Unauthorized" in str(exc):
                return self._gateway_response(route, "UNAUTHORIZED", 401, "Unauthorized")
            return self._gateway_response(route, "AUTHORIZER_FAILURE", 500, None)
        if not _allows(answer.get("policyDocument", {}), method_arn):
            return self._gateway_response(
                route,
                "ACCESS_DENIED",
                403,
                "User is not authorized to access this resource with an explicit deny",
            )
        event["requestContext"]["authorizer"] = {
            "principalId": answer.get("principalId"),
            **(answer.get("context") or {}),
        }
        return None

    @staticmethod
    def _gateway_response(
        route: Route, kind: str, status: int, message: str | None
    ) -> tuple[int, dict[str, str], bytes]:
        custom = route.gateway_responses.get(kind, {})
        headers = {
            name: value.strip("'")  # static values are quoted, as API Gateway wants them
            for name, value in custom.get("ResponseParameters", {}).get("Headers", {}).items()
        }
        templates = custom.get("ResponseTemplates", {})
        if templates:
            content_type, body = next(iter(templates.items()))
            headers.setdefault("Content-Type", content_type)
        else:
            headers.setdefault("Content-Type", "application/json")
            body = json.dumps({"message": message})
        return int(custom.get("StatusCode", status)), headers, body.encode()

    def refusal(
        self, method: str, raw_path: str, headers: dict[str, str], body: bytes
    ) -> str | None:
        """Why AWS_IAM authorization refuses the request, or None when it lets it through."""
        from moto.core.exceptions import (
            AccessDeniedError,
            InvalidClientTokenIdError,
            SignatureDoesNotMatchError,
        )
        from moto.iam.access_control import IAMRequest

        headers = {_CANONICAL.get(k.lower(), k): v for k, v in headers.items()}
        if "Authorization" not in headers or "X-Amz-Date" not in headers:
            return "Missing Authentication Token"
        path = urlsplit(raw_path).path
        api_id = self.stack.resolver.refs[self.ROOT_API]
        resource = f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{api_id}/v1/{method}{path}"
        try:
            request = IAMRequest(
                account_id=ACCOUNT,
                method=method,
                path=f"http://{headers.get('Host', 'localhost')}{raw_path}",
                data={},
                body=body,
                headers=headers,
                action="Invoke",
            )
            request.check_signature()
            request.check_action_permitted(resource)
        except AccessDeniedError as exc:
            return f"{exc.message} on resource: {resource}"
        except InvalidClientTokenIdError:
            return "The security token included in the request is invalid."
        except SignatureDoesNotMatchError:
            return "The request signature we calculated does not match the signature you provided."
        return None

    def serve(self, port: int, host: str = "127.0.0.1") -> ThreadingHTTPServer:
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length > MAX_BODY_BYTES:
                    # Read what the client sends before answering, or it meets a closed socket.
                    while length > 0 and (chunk := self.rfile.read(min(length, 1 << 20))):
                        length -= len(chunk)
                    self._send(
                        413,
                        {"Content-Type": "application/json"},
                        json.dumps({"message": "Request Too Long"}).encode(),
                    )
                    return
                body = self.rfile.read(length) if length else b""
                try:
                    status, headers, data = gateway.handle(
                        self.command, self.path, dict(self.headers), body
                    )
                except Exception as exc:  # noqa: BLE001 - API Gateway answers 502 when the function fails
                    status, headers = 502, {"Content-Type": "application/json"}
                    data = json.dumps(
                        {"message": "Internal server error", "detail": str(exc)[:500]}
                    ).encode()
                self._send(status, headers, data)

            def _send(self, status: int, headers: dict[str, Any], data: bytes) -> None:
                self.send_response(status)
                for key, value in headers.items():
                    if key.lower() not in ("content-length", "connection"):
                        for one in value if isinstance(value, list) else [value]:
                            self.send_header(key, one)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = _any  # noqa: N815

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        server = ThreadingHTTPServer((host, port), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True, name="handover-api").start()
        return server


def _allows(policy: dict[str, Any], method_arn: str) -> bool:
    """Whether an authorizer's policy allows execute-api:Invoke on the method (a Deny wins)."""
    allowed = False
    for statement in policy.get("Statement", []):
        resources = statement.get("Resource", [])
        resources = [resources] if isinstance(resources, str) else resources
        if any(fnmatch.fnmatchcase(method_arn, r) for r in resources):
            if statement.get("Effect") == "Deny":
                return False
            allowed = allowed or statement.get("Effect") == "Allow"
    return allowed
