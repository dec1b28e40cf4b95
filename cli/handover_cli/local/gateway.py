"""API Gateway, locally: each HTTP request becomes a REST proxy event for the API function."""

from __future__ import annotations

import base64
import json
import re
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from handover_cli.local.stack import ACCOUNT, REGION, LocalStack

MAX_BODY_BYTES = 10 * 1024 * 1024  # API Gateway's payload limit
# Not an API route: what the local stack's SES has sent, for `handover local mail`.
LOCAL_MAIL_PATH = "/_local/mail"


_CANONICAL = {"authorization": "Authorization", "x-amz-date": "X-Amz-Date", "host": "Host"}


def _refused(message: str) -> tuple[int, dict[str, str], bytes]:
    return 403, {"Content-Type": "application/json"}, json.dumps({"message": message}).encode()


def _route_pattern(path: str) -> re.Pattern[str]:
    pattern = re.sub(r"\\\{(\w+)\\\+\\\}", r"(?P<\1>.+)", re.escape(path))
    pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", pattern)
    return re.compile(f"^{pattern}$")


class Gateway:
    """`iam=True` makes it refuse what API Gateway's AWS_IAM authorization refuses: requests
    without a SigV4 signature, with a signature that does not verify, or from a principal
    whose policies do not allow execute-api:Invoke on the route. moto's IAM does the work:
    it knows the users and access keys created in it, and evaluates their policies."""

    def __init__(self, stack: LocalStack, *, iam: bool = False) -> None:
        self.stack = stack
        self.iam = iam
        self.function = stack.api_function()
        self.routes = [(m, p, _route_pattern(p)) for m, p in stack.api_routes()]

    def route(self, method: str, path: str) -> tuple[str, re.Match[str]] | None:
        """The template's resource path for a request, as API Gateway would match it."""
        for route_method, resource, pattern in self.routes:
            match = pattern.match(path)
            if match and route_method in (method, "ANY"):
                return resource, match
        return None

    def event(
        self, method: str, raw_path: str, headers: dict[str, str], body: bytes
    ) -> dict[str, Any] | None:
        parts = urlsplit(raw_path)
        path = parts.path.rstrip("/") or "/"
        found = self.route(method, path)
        if found is None:
            return None
        resource, match = found
        query = parse_qs(parts.query, keep_blank_values=True)
        try:
            text, is_b64 = body.decode(), False
        except UnicodeDecodeError:
            text, is_b64 = base64.b64encode(body).decode(), True
        return {
            "resource": resource,
            "path": path,
            "httpMethod": method,
            "headers": headers,
            "multiValueHeaders": {k: [v] for k, v in headers.items()},
            "queryStringParameters": {k: v[-1] for k, v in query.items()} or None,
            "multiValueQueryStringParameters": query or None,
            "pathParameters": match.groupdict() or None,
            "stageVariables": None,
            "requestContext": {
                "resourcePath": resource,
                "httpMethod": method,
                "path": f"/v1{path}",
                "stage": "v1",
                "requestId": str(uuid.uuid4()),
                "requestTimeEpoch": int(time.time() * 1000),
                "identity": {"sourceIp": "127.0.0.1", "userAgent": headers.get("User-Agent", "")},
                "accountId": "123456789012",
                "apiId": "local",
            },
            "body": text or None,
            "isBase64Encoded": is_b64,
        }

    def handle(
        self, method: str, raw_path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        if method == "GET" and urlsplit(raw_path).path == LOCAL_MAIL_PATH:
            mail = json.dumps(self.stack.sent_mail()).encode()
            return 200, {"Content-Type": "application/json"}, mail
        event = self.event(method, raw_path, headers, body)
        if event is None:  # what API Gateway answers for a route it does not have
            return _refused("Missing Authentication Token")
        if self.iam and (refusal := self.refusal(method, raw_path, headers, body)):
            return _refused(refusal)
        reply = self.stack.invoke(self.function.logical_id, event)
        out = reply.get("body") or ""
        data = base64.b64decode(out) if reply.get("isBase64Encoded") else out.encode()
        response_headers = {k: v for k, v in (reply.get("headers") or {}).items()}
        for key, values in (reply.get("multiValueHeaders") or {}).items():
            response_headers[key] = ", ".join(values)
        return int(reply.get("statusCode", 502)), response_headers, data

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
        resource = f"arn:aws:execute-api:{REGION}:{ACCOUNT}:local/v1/{method}{path}"
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

            def _send(self, status: int, headers: dict[str, str], data: bytes) -> None:
                self.send_response(status)
                for key, value in headers.items():
                    if key.lower() not in ("content-length", "connection"):
                        self.send_header(key, value)
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
