"""The `handover` client against the local stack's API, as a production team would use it."""

from __future__ import annotations

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from handover_cli.client import HandoverClient
from handover_cli.local.fixtures import create_core_database
from handover_cli.local.servers import free_port
from handover_cli.main import main

from .conftest import RELEASE, unique_core_name


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def two_cores(source):
    names = [unique_core_name(), unique_core_name()]
    with source.connect() as conn:
        for name in names:
            create_core_database(conn, name, release=RELEASE, genes_per_species=10)
    yield names
    for name in names:
        source.query(f"DROP DATABASE IF EXISTS `{name}`")


def test_every_subcommand_against_the_local_stack(
    api, source, staging, two_cores, capsys, tmp_path
):
    contact = f"team{uuid.uuid4().hex[:6]}@example.org"
    good, other = two_cores
    # submit --wait follows it to the end and exits 0 on success
    code, out, _ = run(
        capsys,
        "submit",
        source.src_uri(good),
        "--contact",
        contact,
        "--comment",
        "client test",
        "--wait",
        "--json",
        "--api",
        api.url,
    )
    job = json.loads(out)
    assert code == 0 and job["status"] == "SUCCEEDED"
    token = job["handover_token"]

    code, out, _ = run(capsys, "status", token, "--api", api.url)
    assert code == 0 and "SUCCEEDED" in out and f"new_genome {good.split('_core_')[0]}" in out
    assert (
        json.loads(run(capsys, "status", token, "--json", "--api", api.url)[1])["database"] == good
    )

    code, out, _ = run(capsys, "checks", token, "--json", "--api", api.url)
    assert code == 0 and json.loads(out)["passed"] is True
    code, out, _ = run(capsys, "checks", token, "--api", api.url)
    assert "GenesHaveTranscripts" in out and "critical" in out

    # bulk: one database a line; a refused one is reported, the others go ahead
    listing = tmp_path / "databases.txt"
    listing.write_text(
        f"# release {RELEASE}\n{source.src_uri(other)}\nmysql://ensro@h:3306/not a name\n"
    )
    code, out, _ = run(
        capsys,
        "submit",
        "--from-file",
        str(listing),
        "--contact",
        contact,
        "--comment",
        "bulk",
        "--json",
        "--api",
        api.url,
    )
    bulk = json.loads(out)
    assert code == 1  # one was refused
    assert bulk[0]["src_uri"] == source.src_uri(other) and bulk[0]["handover_token"]
    assert bulk[1]["http_status"] == 422 and "src_uri" in bulk[1]["error"]

    # watch exits 0 on success too, and shows the steps as they pass
    code, out, _ = run(
        capsys, "watch", bulk[0]["handover_token"], "--interval", "0.2", "--api", api.url
    )
    assert code == 0 and "SUCCEEDED" in out.splitlines()[-1]

    code, out, _ = run(capsys, "list", "--contact", contact, "--json", "--api", api.url)
    assert sorted(j["handover_token"] for j in json.loads(out)) == sorted(
        [token, bulk[0]["handover_token"]]
    )
    code, out, _ = run(capsys, "list", "--contact", contact, "--api", api.url)
    assert token in out and good in out

    code, out, _ = run(capsys, "summary", "--contact", contact, "--json", "--api", api.url)
    assert {j["database"]: j["status"] for j in json.loads(out)} == {
        good: "SUCCEEDED",
        other: "SUCCEEDED",
    }
    code, out, _ = run(capsys, "summary", "--contact", contact, "--api", api.url)
    assert out.index("success:") < out.index(good) < out.index("failed:")

    code, out, _ = run(capsys, "delete", token, "--json", "--api", api.url)
    assert code == 0 and json.loads(out)["handover_token"] == token
    # errors print the API's message, not a traceback
    code, _, err = run(capsys, "status", token, "--api", api.url)
    assert code == 1 and err.startswith("handover: no handover has the token")
    # the emails the local stack sent, as a developer reads them
    # (the execution notifies after the job is SUCCEEDED, so the mail may trail a little)
    deadline = time.monotonic() + 60
    while True:
        code, out, _ = run(capsys, "local", "mail", "--api", api.url, "--json")
        mine = [m for m in json.loads(out) if token in m["body"]]
        if mine or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert code == 0 and [m["subject"] for m in mine] == [f"Handover of {good} succeeded"]
    code, out, _ = run(capsys, "local", "mail", "--api", api.url, "--last", "1")
    assert out.startswith("From: handover@example.org")
    for name in (good, other):
        staging.query(f"DROP DATABASE IF EXISTS `{name}`")


def test_a_failed_handover_exits_non_zero_and_a_bad_request_names_the_field(api, source, capsys):
    code, out, _ = run(
        capsys,
        "submit",
        source.src_uri(f"nosuch{uuid.uuid4().hex[:6]}_core_{RELEASE}_1"),
        "--contact",
        "team@example.org",
        "--comment",
        "missing",
        "--wait",
        "--api",
        api.url,
    )
    assert code == 1 and "FAILED" in out
    code, _, err = run(
        capsys,
        "submit",
        "mysql://u:secret@h:3306/x_core_115_1",
        "--contact",
        "not-an-email",
        "--comment",
        "c",
        "--api",
        api.url,
    )
    assert code == 1 and "contact" in err and "Traceback" not in err and "secret" not in err
    code, _, err = run(capsys, "status", "x")
    assert code == 2 and "HANDOVER_API_URL" in err


class _Capture(BaseHTTPRequestHandler):
    seen: list[tuple[str, str, dict[str, str], bytes]] = []

    def _any(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.seen.append((self.command, self.path, dict(self.headers), body))
        reply = b'{"items": [], "next_token": null}'
        self.send_response(200)
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    do_GET = do_POST = _any  # noqa: N815

    def log_message(self, *args: object) -> None:
        pass


def test_requests_to_aws_are_signed_as_botocore_signs_them():
    assert HandoverClient("https://abc123.execute-api.eu-west-2.amazonaws.com/Prod").sign
    assert (
        HandoverClient("https://abc123.execute-api.eu-west-2.amazonaws.com/Prod").region
        == "eu-west-2"
    )
    assert not HandoverClient("http://127.0.0.1:3000").sign

    port = free_port()
    server = ThreadingHTTPServer(("127.0.0.1", port), _Capture)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    credentials = Credentials(
        "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token"
    )
    client = HandoverClient(
        f"http://127.0.0.1:{port}/Prod", sign=True, credentials=credentials, region="eu-west-2"
    )
    client.request("POST", "/handovers", {"src_uri": "mysql://u@h:1/x_core_115_1"})
    list(client.jobs(contact="a@b.org"))
    server.shutdown()

    for method, path, headers, body in _Capture.seen:
        assert headers["X-Amz-Security-Token"] == "session-token"
        authorization = headers["Authorization"]
        assert authorization.startswith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
        assert "/eu-west-2/execute-api/aws4_request" in authorization
        signed = authorization.split("SignedHeaders=")[1].split(",")[0].split(";")
        # Recompute the signature with botocore from what the server received.
        request = AWSRequest(
            method=method,
            url=f"http://127.0.0.1:{port}{path}",
            data=body or None,
            headers={k: v for k, v in headers.items() if k.lower() in signed},
        )
        request.context["timestamp"] = headers["X-Amz-Date"]
        signer = SigV4Auth(credentials, "execute-api", "eu-west-2")
        expected = signer.signature(
            signer.string_to_sign(request, signer.canonical_request(request)), request
        )
        assert authorization.endswith(f"Signature={expected}")
    assert len(_Capture.seen) == 2
