"""The release is pinned per handover at submit (issue 17): deploying the next Release while
handovers run changes only new submissions. A running handover is checked against, and
registered for, the release it was submitted for."""

from __future__ import annotations

import pytest

from handover.config import settings
from handover_cli.local.fixtures import create_core_database

from .conftest import RELEASE, unique_core_name
from .test_e2e import submit

pytestmark = pytest.mark.e2e


@pytest.fixture
def next_release_deployed_midway(stack, monkeypatch):
    """Redeploys the stack with Release + 1 at the first invocation of the check, so that the
    handover submitted before is checked and registered after the upgrade. Restored after."""
    fn = stack.function("CheckFunction")
    real_run = fn.run

    def upgrade_then_run(event, context):
        if settings().release == RELEASE:
            stack.redeploy_variable("RELEASE", str(RELEASE + 1))
        return real_run(event, context)

    monkeypatch.setattr(fn, "run", upgrade_then_run)
    yield
    stack.redeploy_variable("RELEASE", str(RELEASE))


def registered_release(staging, metadata_uri: str, dbname: str) -> list[int]:
    database = metadata_uri.rsplit("/", 1)[1]
    return [
        r[0]
        for r in staging.query(
            "SELECT DISTINCT r.ensembl_version FROM genome_database d JOIN genome g "
            "USING (genome_id) JOIN data_release r USING (data_release_id) WHERE d.dbname = %s",
            (dbname,),
            database=database,
        )
    ]


def test_a_handover_running_through_a_release_upgrade_keeps_the_release_it_was_submitted_for(
    api, stack, source, staging, metadata_uri, next_release_deployed_midway
):
    name = unique_core_name()
    with source.connect() as conn:
        create_core_database(conn, name, release=RELEASE)
    token = submit(api, source.src_uri(name))["handover_token"]
    job = api.wait(token)
    assert settings().release == RELEASE + 1  # the upgrade happened while it ran
    assert job["status"] == "SUCCEEDED", job["message"]
    assert job["release"] == RELEASE
    assert registered_release(staging, metadata_uri, name) == [RELEASE]
    # A new submission of a database of the old release is refused by the new deployment.
    other = unique_core_name()
    with source.connect() as conn:
        create_core_database(conn, other, release=RELEASE)
    status, reply = api.call(
        "POST",
        "/handovers",
        {"src_uri": source.src_uri(other), "contact": "team@example.org", "comment": "late"},
    )
    assert status == 422 and f"this service takes release {RELEASE + 1}" in reply["message"]
