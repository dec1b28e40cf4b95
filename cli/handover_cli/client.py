"""A client of the handover API: what the `handover` command's subcommands call.

Against AWS the API uses IAM authorization, so requests are signed with SigV4 from the
standard AWS credential chain. The local stack's API is not signed."""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from typing import Any

FINISHED = ("SUCCEEDED", "FAILED", "CANCELLED")
_AWS_API = re.compile(r"^[a-z0-9]+\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$")


class ApiError(Exception):
    """The API said no: its status and its own message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"{message} (HTTP {status})")
        self.status = status
        self.message = message


def api_message(status: int, body: Any) -> str:
    """The API's own words for an error: the message, and for a 422 each field and its fix."""
    if not isinstance(body, dict):
        return str(body or f"HTTP {status}")
    message = str(body.get("message") or body.get("detail") or f"HTTP {status}")
    details = body.get("detail")
    if isinstance(details, list):
        fields = [
            f"{'.'.join(str(p) for p in d.get('loc', [])[1:]) or 'body'}: {d.get('msg', '')}"
            for d in details
            if isinstance(d, dict)
        ]
        if fields:
            message += ": " + "; ".join(fields)
    return message


class HandoverClient:
    def __init__(
        self,
        api_url: str,
        *,
        sign: bool | None = None,
        credentials: Any = None,
        region: str | None = None,
        timeout: float = 60,
    ) -> None:
        self.api_url = api_url.rstrip("/")
        host = urllib.parse.urlsplit(self.api_url).hostname or ""
        aws = _AWS_API.match(host)
        self.sign = bool(aws) if sign is None else sign
        self.region = region or (aws[1] if aws else None)
        self._credentials = credentials
        self.timeout = timeout

    # --- HTTP ---

    def _signed_headers(self, method: str, url: str, data: bytes | None) -> dict[str, str]:
        import botocore.session
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest

        session = botocore.session.Session()
        credentials = self._credentials or session.get_credentials()
        if credentials is None:
            raise ApiError(
                401, "no AWS credentials found (the API uses IAM): set AWS_PROFILE or keys"
            )
        region = self.region or session.get_config_variable("region") or "us-east-1"
        request = AWSRequest(
            method=method, url=url, data=data, headers={"Content-Type": "application/json"}
        )
        SigV4Auth(credentials, "execute-api", region).add_auth(request)
        return dict(request.headers.items())

    def request(
        self, method: str, path: str, body: Any = None, query: dict[str, Any] | None = None
    ) -> Any:
        """The decoded reply; an ApiError with the API's own message when it is not a 2xx."""
        pairs = {k: str(v) for k, v in (query or {}).items() if v is not None}
        url = self.api_url + path + (f"?{urllib.parse.urlencode(pairs)}" if pairs else "")
        data = json.dumps(body).encode() if body is not None else None
        headers = (
            self._signed_headers(method, url, data)
            if self.sign
            else {"Content-Type": "application/json"}
        )
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as reply:  # noqa: S310
                return json.loads(reply.read() or b"null")
        except urllib.error.HTTPError as exc:
            text = exc.read()
            try:
                body = json.loads(text or b"null")
            except ValueError:
                body = text.decode(errors="replace")
            raise ApiError(exc.code, api_message(exc.code, body)) from None
        except urllib.error.URLError as exc:
            raise ApiError(0, f"cannot reach {self.api_url}: {exc.reason}") from None

    # --- the API's operations ---

    def submit(
        self, src_uri: str, contact: str, comment: str, tgt_uri: str | None = None
    ) -> dict[str, Any]:
        body = {"src_uri": src_uri, "contact": contact, "comment": comment}
        if tgt_uri:
            body["tgt_uri"] = tgt_uri
        return dict(self.request("POST", "/handovers", body))

    def status(self, token: str) -> dict[str, Any]:
        return dict(self.request("GET", f"/handovers/{urllib.parse.quote(token, safe='')}"))

    def checks(self, token: str) -> dict[str, Any]:
        return dict(self.request("GET", f"/handovers/{urllib.parse.quote(token, safe='')}/checks"))

    def retry(self, token: str) -> dict[str, Any]:
        return dict(self.request("POST", f"/handovers/{urllib.parse.quote(token, safe='')}/retry"))

    def delete(self, token: str) -> dict[str, Any]:
        return dict(self.request("DELETE", f"/handovers/{urllib.parse.quote(token, safe='')}"))

    def jobs(
        self,
        *,
        release: int | None = None,
        contact: str | None = None,
        status: str | None = None,
        page_size: int = 200,
    ) -> Iterator[dict[str, Any]]:
        """Every handover that matches, following the pages."""
        next_token: str | None = None
        while True:
            page = self.request(
                "GET",
                "/handovers",
                query={
                    "release": release,
                    "contact": contact,
                    "status": status,
                    "limit": page_size,
                    "next_token": next_token,
                },
            )
            yield from page["items"]
            next_token = page.get("next_token")
            if not next_token:
                return

    def summary(self, contact: str, release: int | None = None) -> list[dict[str, Any]]:
        """The latest handover of each database this contact submitted, like Ensembl's client."""
        latest: dict[str, dict[str, Any]] = {}
        for job in self.jobs(release=release, contact=contact):
            seen = latest.get(job["database"])
            if seen is None or job["submitted_at"] > seen["submitted_at"]:
                latest[job["database"]] = job
        return sorted(latest.values(), key=lambda j: j["database"])

    def watch(
        self,
        token: str,
        on_update: Callable[[dict[str, Any]], None],
        *,
        interval: float = 2.0,
        timeout: float | None = None,
    ) -> dict[str, Any]:
        """Poll until the handover ends, calling on_update whenever what it shows changes."""
        deadline = None if timeout is None else time.monotonic() + timeout
        last = None
        while True:
            job = self.status(token)
            progress = job.get("copy_progress") or {}
            seen = (
                job["status"],
                job["progress_complete"],
                job["message"],
                progress.get("rows_copied"),
            )
            if seen != last:
                on_update(job)
                last = seen
            if job["status"] in FINISHED:
                return job
            if deadline is not None and time.monotonic() > deadline:
                raise ApiError(0, f"handover {token} is still {job['status']} after {timeout} s")
            time.sleep(interval)
