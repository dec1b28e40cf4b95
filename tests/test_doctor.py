"""`handover doctor` (issue 17) against the local stack and its real MariaDB servers: healthy,
it passes every check and exits 0; each fault, injected alone, turns exactly its own lines
red and names the fix."""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Iterator

import boto3
import pytest

from handover.dal.credentials import secrets_provider
from handover.register.metadata.schema import migrate
from handover_cli import doctor
from handover_cli.local.fixtures import create_core_database
from handover_cli.local.servers import free_port
from handover_cli.main import main

from .conftest import FIXTURE_SCHEMAS, RELEASE, SERVICE_USER, unique_core_name

pytestmark = pytest.mark.e2e
STAGING_LINES = ("StagingSecretArn", "SecondaryStagingSecretArn")  # one server, two names


@pytest.fixture(scope="module", autouse=True)
def disks_visible(staging) -> None:
    """MariaDB's DISKS plugin, so that the free-disk check reads the real disk."""
    if not staging.query("SELECT 1 FROM information_schema.PLUGINS WHERE PLUGIN_NAME = 'DISKS'"):
        with contextlib.suppress(Exception):
            staging.query("INSTALL SONAME 'disks'")


def red(target: doctor.Target) -> dict[str, doctor.Finding]:
    return {f.check: f for f in doctor.run(target) if not f.ok}


@pytest.fixture
def target(stack, api) -> doctor.Target:
    return doctor.local_target(stack, api.url)


def test_a_healthy_local_stack_passes_every_check_and_exits_0(api, stack, staging, source):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(["doctor", "--api", api.url])
    text = out.getvalue()
    assert status == 0, text
    assert "FAIL" not in text
    for check in (
        "secret StagingSecretArn",
        "secret MetadataSecretArn",
        f"source credentials {source.host_port}",
        "grants on StagingSecretArn",
        "grants on MetadataSecretArn",
        "local_infile on StagingSecretArn",
        "max_allowed_packet on StagingSecretArn",
        "metadata schema",
        "reference schemas",
        "SES sender",
        "free disk on StagingSecretArn",
        "API",
    ):
        assert f"ok   {check}" in text or f"warn {check}" in text, (check, text)
    # The service's user may not read the disk (DISKS needs FILE): a warning, with the size
    # staging needs.
    assert "warn free disk on StagingSecretArn: cannot be read by the service's user" in text
    assert "warn SES sandbox" in text  # moto's account is in the sandbox, as a new one is


def test_local_infile_off_on_staging_is_named_with_its_fix(target, staging):
    staging.query("SET GLOBAL local_infile = 0")
    try:
        found = red(target)
    finally:
        staging.query("SET GLOBAL local_infile = 1")
    assert set(found) == {f"local_infile on {s}" for s in STAGING_LINES}
    assert "local_infile is OFF" in found["local_infile on StagingSecretArn"].detail
    assert "SET GLOBAL local_infile = ON" in found["local_infile on StagingSecretArn"].fix


def test_a_missing_grant_is_named_with_its_fix(target, staging):
    staging.query(f"REVOKE INDEX ON *.* FROM '{SERVICE_USER}'@'%'")
    try:
        found = red(target)
    finally:
        staging.query(f"GRANT INDEX ON *.* TO '{SERVICE_USER}'@'%'")
    assert set(found) == {f"grants on {s}" for s in STAGING_LINES}
    finding = found["grants on StagingSecretArn"]
    assert finding.detail.endswith("lacks INDEX")
    assert finding.fix.startswith("GRANT INDEX ON *.*") and "sql/grants.sql" in finding.fix
    assert not [d for d in staging.databases() if d.startswith("_handover_doctor_")]


@contextlib.contextmanager
def secret_changed(secret_id: str, change) -> Iterator[None]:
    secrets = boto3.client("secretsmanager")
    original = secrets.get_secret_value(SecretId=secret_id)["SecretString"]
    secrets.put_secret_value(
        SecretId=secret_id, SecretString=json.dumps(change(json.loads(original)))
    )
    secrets_provider().clear_cache()
    try:
        yield
    finally:
        secrets.put_secret_value(SecretId=secret_id, SecretString=original)
        secrets_provider().clear_cache()


def test_a_source_secret_whose_host_port_matches_no_server_is_named(target, source):
    entry = next(
        iter(
            json.loads(
                boto3.client("secretsmanager").get_secret_value(SecretId="handover/sources")[
                    "SecretString"
                ]
            ).values()
        )
    )
    wrong = f"127.0.0.1:{free_port()}"  # how a user might mistype it: nothing answers there
    with secret_changed("handover/sources", lambda s: {**s, wrong: entry}):
        found = red(target)
    assert set(found) == {f"source credentials {wrong}"}
    assert "exactly as users type it in src_uri" in found[f"source credentials {wrong}"].fix


def test_a_wrong_password_in_a_secret_is_named(target):
    with secret_changed("handover/staging", lambda s: {**s, "password": "not-it"}):
        found = red(target)
    # The staging secret's own login, and what cannot be tried without it.
    assert "secret StagingSecretArn" in found
    assert "refused the secret's user and password" in found["secret StagingSecretArn"].detail
    assert not [c for c in found if "Secondary" in c or "Metadata" in c]


def test_missing_reference_schemas_are_named(target, stack, tmp_path):
    (tmp_path / "core.sql").write_text((FIXTURE_SCHEMAS / "core.sql").read_text())
    target.parameters["ReferenceSchemaUri"] = stack.use_reference_schemas(tmp_path)
    try:
        found = red(target)
    finally:
        stack.use_reference_schemas(FIXTURE_SCHEMAS)
    assert set(found) == {"reference schemas"}
    assert "variation.sql, funcgen.sql, compara.sql" in found["reference schemas"].fix


def test_an_unverified_sender_is_named(target):
    target.parameters["NotifySender"] = "nobody@unverified.example.org"
    found = red(target)
    assert set(found) == {"SES sender"}
    assert "aws ses verify-email-identity" in found["SES sender"].fix


def test_a_metadata_schema_behind_the_code_is_named(target, staging, metadata_uri):
    database = metadata_uri.rsplit("/", 1)[1]
    with staging.connect(database) as conn:
        migrate(conn)  # current, as after a first registration
    staging.query("DELETE FROM schema_version WHERE version = 1", database=database)
    try:
        found = red(target)
    finally:
        with staging.connect(database) as conn:
            migrate(conn)
    assert set(found) == {"metadata schema"}
    assert "lacks migrations [1]" in found["metadata schema"].detail


def test_too_little_disk_for_the_largest_database_waiting_is_named(
    target, source, staging, monkeypatch
):
    """Read by a user allowed to read the disk (FILE, here only for this test)."""
    staging.query(f"GRANT FILE ON *.* TO '{SERVICE_USER}'@'%'")
    monkeypatch.setattr(doctor, "DISK_HEADROOM", 1)
    assert "free disk on StagingSecretArn" not in red(target)  # read, and enough
    name = unique_core_name()
    with source.connect() as conn:
        create_core_database(conn, name, release=RELEASE)
    target.waiting_sources = lambda: [source.src_uri(name)]
    # The fault: a database waiting that needs more than staging has (here, by a headroom no
    # disk meets, since the fixture is small).
    monkeypatch.setattr(doctor, "DISK_HEADROOM", 1e12)
    try:
        found = red(target)
    finally:
        staging.query(f"REVOKE FILE ON *.* FROM '{SERVICE_USER}'@'%'")
    assert set(found) == {f"free disk on {s}" for s in STAGING_LINES}
    assert name in found["free disk on StagingSecretArn"].detail


def test_an_api_that_does_not_answer_is_named(target):
    target.api_url = f"http://127.0.0.1:{free_port()}"
    target.call_api = doctor.api_caller(target.api_url)
    found = red(target)
    assert set(found) == {"API"}


def test_a_deployed_stack_is_read_from_cloudformation(api, stack):
    """--stack-name reads the parameters and outputs CloudFormation holds (here moto's, for a
    stack with the local stack's parameters and outputs)."""
    parameters = {
        k: ",".join(v) if isinstance(v, list) else str(v) for k, v in stack.parameters.items()
    }
    template = {
        "Parameters": {k: {"Type": "String"} for k in parameters},
        "Resources": {"Placeholder": {"Type": "AWS::SQS::Queue"}},
        "Outputs": {
            "ApiUrl": {"Value": api.url},
            "JobTableName": {"Value": stack.table_name},
        },
    }
    boto3.client("cloudformation").create_stack(
        StackName="handover-doctor",
        TemplateBody=json.dumps(template),
        Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in parameters.items()],
    )
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(["doctor", "--stack-name", "handover-doctor"])
    assert status == 0, out.getvalue()
    assert f"ok   API: {api.url}/ping answered 200" in out.getvalue()
