"""AWS_IAM authorization, through the local gateway's IAM mode: moto's IAM holds the users and
their access keys, verifies the SigV4 signature and evaluates the caller's policies, as API
Gateway has IAM do for every method of the API (tests/test_template.py checks the template
asks for that)."""

import json
import urllib.error
import urllib.request
import uuid

import boto3
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from handover_cli.local.gateway import Gateway
from handover_cli.local.servers import free_port

pytestmark = pytest.mark.e2e

API_ARN = "arn:aws:execute-api:us-east-1:123456789012:local-handoverapi/v1"


@pytest.fixture(scope="module")
def iam_api(stack):
    port = free_port()
    server = Gateway(stack, iam=True).serve(port)
    yield f"http://127.0.0.1:{port}"
    server.shutdown()


def user(may: list[str] | None, policy: dict | None = None) -> Credentials:
    """A new IAM user and its access key; `may` lists the execute-api resources it may invoke
    (or `policy` is its whole policy document)."""
    iam = boto3.client("iam")
    name = f"caller-{uuid.uuid4().hex[:8]}"
    iam.create_user(UserName=name)
    if may is not None:
        policy = {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": may}],
        }
    if policy is not None:
        iam.put_user_policy(UserName=name, PolicyName="invoke", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return Credentials(key["AccessKeyId"], key["SecretAccessKey"])


def call(url: str, method: str = "GET", body: bytes | None = None, *, signer=None, tamper=None):
    headers = {"Content-Type": "application/json"}
    if signer is not None:
        request = AWSRequest(method=method, url=url, data=body, headers=headers)
        SigV4Auth(signer, "execute-api", "us-east-1").add_auth(request)
        headers = dict(request.headers)
    if tamper is not None:
        body = tamper
    try:
        with urllib.request.urlopen(
            urllib.request.Request(url, data=body, method=method, headers=headers), timeout=30
        ) as reply:
            return reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_unsigned_requests_are_refused(iam_api):
    assert call(f"{iam_api}/ping") == (403, {"message": "Missing Authentication Token"})
    status, _ = call(f"{iam_api}/handovers", "POST", b"{}")
    assert status == 403


def test_a_permitted_caller_gets_through_and_others_are_refused(iam_api):
    permitted = user([f"{API_ARN}/*"])
    assert call(f"{iam_api}/ping", signer=permitted) == (200, {"status": "ok"})
    status, reply = call(f"{iam_api}/handovers?limit=1", signer=permitted)
    assert status == 200 and "items" in reply

    stranger = user(None)  # a valid identity without permission
    status, reply = call(f"{iam_api}/ping", signer=stranger)
    assert status == 403 and "is not authorized to perform: execute-api:Invoke" in reply["message"]

    reader = user([f"{API_ARN}/GET/*"])  # may read, may not submit
    assert call(f"{iam_api}/ping", signer=reader)[0] == 200
    status, reply = call(f"{iam_api}/handovers", "POST", b"{}", signer=reader)
    assert status == 403 and "/v1/POST/handovers" in reply["message"]


def test_a_forged_or_altered_signature_is_refused(iam_api):
    permitted = user([f"{API_ARN}/*"])
    forged = Credentials(permitted.access_key, "not-the-secret")
    status, reply = call(f"{iam_api}/ping", signer=forged)
    assert status == 403 and "signature" in reply["message"]
    # Signed for one body, sent with another.
    status, reply = call(
        f"{iam_api}/handovers", "POST", b'{"a": 1}', signer=permitted, tamper=b'{"a": 2}'
    )
    assert status == 403 and "signature" in reply["message"]
    unknown = Credentials("AKIAUNKNOWNKEY000000", "whatever")
    status, reply = call(f"{iam_api}/ping", signer=unknown)
    assert status == 403 and "security token" in reply["message"]


def test_the_templates_caller_and_reader_policies_do_what_their_outputs_say(iam_api, stack):
    """The managed policies of the stack's outputs, as CloudFormation would resolve them."""
    resources = stack.template["Resources"]
    caller, reader = (
        user(None, stack.resolver.resolve(resources[name]["Properties"]["PolicyDocument"]))
        for name in ("HandoverCallerPolicy", "HandoverReaderPolicy")
    )
    assert call(f"{iam_api}/ping", signer=reader) == (200, {"status": "ok"})
    assert call(f"{iam_api}/handovers", signer=reader)[0] == 200
    status, reply = call(f"{iam_api}/handovers", "POST", b"{}", signer=reader)
    assert status == 403 and "not authorized" in reply["message"], reply
    # The caller's POST reaches the API (which then refuses the empty body itself).
    assert call(f"{iam_api}/handovers", "POST", b"{}", signer=caller)[0] == 422
    assert call(f"{iam_api}/apidocs?format=json", signer=caller)[0] == 200
