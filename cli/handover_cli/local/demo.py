"""`handover local demo`: a whole handover, offline, through the HTTP API."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from handover_cli.local import schemas as fixture_schemas
from handover_cli.local.fixtures import create_core_database
from handover_cli.local.gateway import Gateway
from handover_cli.local.servers import MariaDBServer, connect, free_port, secret_for_uri
from handover_cli.local.stack import LocalStack


def http(method: str, url: str, body: Any = None) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as reply:  # noqa: S310 - our own local URL
            return reply.status, json.loads(reply.read() or b"null")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null")


def run_demo(source_uri: str | None, staging_uri: str | None, release: int) -> int:
    with ExitStack() as stack:
        if source_uri is None:
            print("starting a throwaway MariaDB for the source ...")
            source_uri = stack.enter_context(MariaDBServer("demo-source")).uri
        if staging_uri is None:
            print("starting a throwaway MariaDB for staging and metadata ...")
            staging_uri = stack.enter_context(MariaDBServer("demo-staging")).uri
        dbname = f"homo_sapiens_core_{release}_38"
        src_conn = connect(source_uri)
        create_core_database(src_conn, dbname, release=release, genes_per_species=200)
        src_conn.close()
        # The service creates the metadata database at its first registration.
        meta_uri = staging_uri.rstrip("/") + "/handover_metadata"
        print(f"source database: {source_uri.rstrip('/')}/{dbname}")

        local = stack.enter_context(
            LocalStack(
                staging_uri=staging_uri,
                metadata_uri=meta_uri,
                parameters={
                    "Release": str(release),
                    "RetryIntervalSeconds": "1",
                    "CopyBatchRows": "500",
                },
                # The demo's database is built from these files: they are its reference.
                reference_schemas=Path(fixture_schemas.__file__).resolve().parent,
            )
        )
        port = free_port()
        server = Gateway(local).serve(port)
        stack.callback(server.shutdown)
        api = f"http://127.0.0.1:{port}"
        local.serve_web_at(f"{api}/web/")  # the email's "Details" link opens the local page
        print(f"local API: {api}")

        s = secret_for_uri(source_uri)
        status, reply = http(
            "POST",
            f"{api}/handovers",
            {
                "src_uri": f"mysql://{s['username']}@{s['host']}:{s['port']}/{dbname}",
                "contact": "demo@example.org",
                "comment": "handover demo",
            },
        )
        print(f"POST /handovers -> {status} {json.dumps(reply)}")
        if status != 201:
            return 1
        token = reply["handover_token"]
        last = None
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            _, job = http("GET", f"{api}/handovers/{token}")
            seen = (job["status"], job["progress_complete"], job["message"])
            if seen != last:
                print(
                    f"  {job['status']:<12} {job['progress_complete']}/{job['progress_total']}  {job['message']}"
                )
                last = seen
            if job["status"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
                break
            time.sleep(0.2)
        # The execution ends by emailing the contact; show what they got.
        while time.monotonic() < deadline and not any(
            token in m["body"] for m in local.sent_mail()
        ):
            time.sleep(0.2)
        _, job = http("GET", f"{api}/handovers/{token}")
        print("final record:")
        print(json.dumps(job, indent=2))
        for mail in (m for m in local.sent_mail() if token in m["body"]):
            print(f"email to {', '.join(mail['to'])}: {mail['subject']}\n{mail['body']}")
        return 0 if job["status"] == "SUCCEEDED" else 1
