"""End to end through the local stack's HTTP API: moto runs statemachine/handover.asl.json,
which calls the real handlers, against real MariaDB servers."""

import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import boto3
import pytest

from handover.check.datachecks.framework import applicable
from handover_cli.local.fixtures import Species, create_core_database, create_other_database
from handover_cli.local.servers import secret_for_uri

from .conftest import (
    RELEASE,
    create_speciesless_variation,
    leftovers,
    metadata_rows,
    secondary_staging_uri,
    table_checksums,
    unique_core_name,
)

pytestmark = pytest.mark.e2e


def secret_host_port(uri: str) -> str:
    s = secret_for_uri(uri)
    return f"{s['host']}:{s['port']}"


def submit(api, uri: str, **extra) -> dict:
    status, reply = api.call(
        "POST",
        "/handovers",
        {
            "src_uri": uri,
            "contact": "team@example.org",
            "comment": "e2e handover",
            **extra,
        },
    )
    assert status == 201, reply
    return reply


def submit_and_wait_for_rows(api, uri: str) -> str:
    """Submit a handover and return its token once its copy has committed rows."""
    token = submit(api, uri)["handover_token"]
    wait_until(
        lambda: (api.call("GET", f"/handovers/{token}")[1].get("copy_progress") or {}).get(
            "rows_copied"
        ),
        what="the copy to make progress",
    )
    return token


def wait_until(predicate, timeout: float = 60, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def execution_status(stack, token: str) -> str:
    arn = stack.state_machine_arn.replace(":stateMachine:", ":execution:") + f":{token}"
    return boto3.client("stepfunctions").describe_execution(executionArn=arn)["status"]


def mail_about(stack, token: str) -> list[dict]:
    """The emails about a handover, once its execution (which ends by notifying) is over."""
    wait_until(lambda: execution_status(stack, token) != "RUNNING", what="the execution to end")
    return [m for m in stack.sent_mail() if token in m["body"]]


def states_entered(stack, token: str) -> list[str]:
    arn = stack.state_machine_arn.replace(":stateMachine:", ":execution:") + f":{token}"
    events = boto3.client("stepfunctions").get_execution_history(executionArn=arn, maxResults=1000)[
        "events"
    ]
    return [
        e["stateEnteredEventDetails"]["name"] for e in events if "stateEnteredEventDetails" in e
    ]


def test_happy_path(api, stack, source, staging, metadata_uri, core_db, announcements):
    reply = submit(api, source.src_uri(core_db))
    token = reply["handover_token"]
    assert reply["status"] == "SUBMITTED"
    assert reply["execution_arn"].endswith(
        f":{token}"
    )  # named by the token, findable in the console

    job = api.wait(token)
    assert job["status"] == "SUCCEEDED", job
    (mail,) = mail_about(stack, token)
    job = api.call("GET", f"/handovers/{token}")[1]
    assert (job["progress_complete"], job["progress_total"]) == (3, 3)
    assert job["tgt_uri"] == staging.src_uri(core_db)
    assert [r["message"] for r in job["reports"]] == [
        "Datachecks in progress",
        f"Handover rules passed; running {len(applicable('core'))} datachecks",
        f"Check slot taken on source {source.host_port}",
        "Datachecks successful, starting copy",
        f"Copy slot taken on staging {staging.host_port}",
        "Copying to staging",
        "Copying to staging: 16 tables in 16 parts",
        "Copying complete, submitting metadata job",
        "Registering in the metadata database",
        "Metadata load complete, Handover successful",
        f"Emailed team@example.org: Handover of {core_db} succeeded",
    ]
    assert (mail["from"], mail["to"], mail["subject"]) == (
        "handover@example.org",
        ["team@example.org"],
        f"Handover of {core_db} succeeded",
    )
    assert f"/handovers/{token}" in mail["body"] and "new_genome" in mail["body"]
    assert job["copy_progress"]["invocations"] > 1
    assert execution_status(stack, token) == "SUCCEEDED"
    genome = core_db.split("_core_")[0]
    assert [(e["type"], e["genome"], e["dbname"]) for e in job["events"]] == [
        ("new_genome", genome, core_db)
    ]
    announced = announcements.for_token(token)
    assert [(e["detail-type"], e["detail"].get("event_type")) for e in announced] == [
        ("Database Registered", "new_genome"),
        ("Handover Succeeded", None),
    ]
    assert announced[1]["detail"]["status"] == "SUCCEEDED"

    # The target is identical to the source ...
    assert table_checksums(staging, core_db) == table_checksums(source, core_db)
    assert not leftovers(staging)
    # ... and the metadata database knows it, with who handed it over and why.
    meta_db = metadata_uri.rsplit("/", 1)[1]
    rows = staging.query(
        "SELECT o.production_name, a.assembly_default, a.base_count, a.assembly_level, gd.type, gd.species_id, "
        "e.type, JSON_VALUE(e.details, '$.contact'), JSON_VALUE(e.details, '$.comment') "
        "FROM genome_database gd JOIN genome g USING (genome_id) JOIN organism o USING (organism_id) "
        "JOIN assembly a USING (assembly_id) JOIN genome_event e ON e.genome_id = g.genome_id AND e.handover_token = %s "
        "WHERE gd.dbname = %s",
        (token, core_db),
        database=meta_db,
    )
    assert rows == [
        (
            core_db.split("_core_")[0],
            "GRCh38",
            60000,
            "chromosome",
            "core",
            1,
            "new_genome",
            "team@example.org",
            "e2e handover",
        )
    ]
    staging.query(f"DROP DATABASE `{core_db}`")


def test_a_database_that_fails_check_leaves_nothing_on_staging(
    api, stack, source, staging, core_db
):
    source.query(
        "UPDATE meta SET meta_value = 'EnsemblMars' WHERE meta_key = 'species.division'",
        database=core_db,
    )
    token = submit(api, source.src_uri(core_db))["handover_token"]
    job = api.wait(token)
    assert job["status"] == "FAILED"
    assert job["failed_step"] == "check"
    assert "division mars is not handed over by this service" in job["message"]
    assert any(r["level"] == "ERROR" for r in job["reports"])
    (mail,) = mail_about(stack, token)
    assert execution_status(stack, token) == "FAILED"
    assert mail["subject"] == f"Handover of {core_db} failed at check"
    assert "division mars is not handed over by this service" in mail["body"]
    assert "What to do next: Fix what the datachecks found" in mail["body"]
    assert core_db not in staging.databases() and not leftovers(staging)


def test_source_lost_during_copy_is_retried_then_fails_cleanly(api, stack, staging, doomed_source):
    name = unique_core_name()
    with doomed_source.connect() as conn:
        create_core_database(conn, name, release=RELEASE, genes_per_species=300)
    token = submit_and_wait_for_rows(api, doomed_source.src_uri(name))
    doomed_source.process.stop_server()
    stopped_at = time.time()

    job = api.wait(token, timeout=120)
    assert job["status"] == "FAILED"
    assert job["failed_step"] == "copy"
    assert f"source server {doomed_source.host_port} is unavailable" in job["message"]
    assert job["error_type"] == "MySQLUnavailable"
    (mail,) = mail_about(stack, token)
    assert mail["subject"].endswith("failed at copy")
    assert f"source server {doomed_source.host_port} is unavailable" in mail["body"]
    assert "make sure it is up and reachable" in mail["body"]
    copies_after_stop = [
        i for i in stack.invocations if i.logical_id == "CopyFunction" and i.started > stopped_at
    ]
    # RetryMaxAttempts=2 retries came after the stop (the first failing try may have begun before it)
    assert len(copies_after_stop) >= 2
    assert name not in staging.databases() and not leftovers(staging)


def test_delete_while_running_stops_and_cleans_up(api, stack, source, staging):
    name = unique_core_name()
    with source.connect() as conn:
        create_core_database(conn, name, release=RELEASE, genes_per_species=300)
    token = submit(api, source.src_uri(name))["handover_token"]
    wait_until(
        lambda: api.call("GET", f"/handovers/{token}")[1]["status"] == "COPYING", what="COPYING"
    )

    status, reply = api.call("DELETE", f"/handovers/{token}")
    assert status == 200, reply
    assert reply["execution_stopped"] is True
    assert api.call("GET", f"/handovers/{token}")[0] == 404
    # AWS marks a stopped execution ABORTED at once. moto lets the running task end first and
    # then, if that task failed, calls it FAILED; either way no further state may run.
    wait_until(
        lambda: execution_status(stack, token) in ("ABORTED", "FAILED"),
        what="the execution to stop",
    )
    assert "Record failure" not in states_entered(stack, token)
    # A chunk already running when the delete came finishes on its own and removes its work.
    wait_until(lambda: not leftovers(staging), what="no temporary database on staging")
    assert name not in staging.databases()
    # The database is free to be handed over again.
    again = submit(api, source.src_uri(name))["handover_token"]
    api.call("DELETE", f"/handovers/{again}")
    wait_until(lambda: not leftovers(staging), what="no temporary database on staging")
    source.query(f"DROP DATABASE `{name}`")


def test_duplicate_submission_is_refused_while_in_flight(api, source, staging, core_db):
    first = submit(api, source.src_uri(core_db))["handover_token"]
    status, reply = api.call(
        "POST",
        "/handovers",
        {"src_uri": source.src_uri(core_db), "contact": "team@example.org", "comment": "again"},
    )
    assert status == 409
    assert reply["handover_token"] == first
    assert first in reply["message"]
    assert api.wait(first)["status"] == "SUCCEEDED"
    # Finished: it may be handed over again, and the re-handover replaces it. (The very same
    # request again would get the first reply: POST is idempotent within a window.)
    second = submit(api, source.src_uri(core_db), comment="re-handover")["handover_token"]
    assert api.wait(second)["status"] == "SUCCEEDED"
    assert not leftovers(staging)
    staging.query(f"DROP DATABASE `{core_db}`")


def test_collection_database_registers_every_species(api, source, staging, metadata_uri):
    name = f"bacteria_{uuid.uuid4().hex[:6]}_collection_core_{RELEASE - 53}_{RELEASE}_1"
    species = tuple(
        Species(
            production_name=f"bug_{i}_{name[9:15]}",
            scientific_name=f"Bug {i}",
            division="EnsemblBacteria",
            assembly=f"ASM{i}v1",
        )
        for i in range(3)
    )
    with source.connect() as conn:
        create_core_database(conn, name, release=RELEASE, species=species, genes_per_species=5)
    # bacteria go to the secondary staging server, and are registered like any other
    token = submit(api, source.src_uri(name))["handover_token"]
    job = api.wait(token)
    assert job["status"] == "SUCCEEDED", job
    assert job["tgt_uri"].endswith(f"@{on_secondary(staging)}/{name}"), job["tgt_uri"]
    assert (job["progress_complete"], job["progress_total"]) == (3, 3)
    assert metadata_rows(staging, metadata_uri, name) == len(species)  # one per species
    source.query(f"DROP DATABASE `{name}`")
    staging.query(f"DROP DATABASE `{name}`")


def on_secondary(staging) -> str:
    """host:port of the secondary staging server."""
    return secret_host_port(secondary_staging_uri(staging))


@pytest.mark.parametrize("kind", ["human core", "compara with human GRCh37"])
def test_grch37_goes_to_the_secondary_server_and_ends_with_its_copy(
    api, stack, source, staging, metadata_uri, kind
):
    with source.connect() as conn:
        if kind == "human core":
            name = f"homo_sapiens_core_{RELEASE}_37"
            create_core_database(
                conn,
                name,
                release=RELEASE,
                species=(Species(production_name="homo_sapiens", assembly="GRCh37"),),
            )
        else:
            name = f"ensembl_compara_{RELEASE}"
            create_other_database(conn, name, "compara", release=RELEASE, grch37=True)
    try:
        token = submit(api, source.src_uri(name))["handover_token"]
        job = api.wait(token)
        assert job["status"] == "SUCCEEDED", job
        assert (job["progress_complete"], job["progress_total"]) == (2, 2)
        assert "GRCh37: not registered" in job["message"]
        assert job["tgt_uri"].endswith(f"@{on_secondary(staging)}/{name}"), job["tgt_uri"]
        assert table_checksums(staging, name) == table_checksums(source, name)
        assert metadata_rows(staging, metadata_uri, name) == 0
        assert job["events"] == [] and job["registered"]["events"] == ""
        (mail,) = mail_about(stack, token)
        assert "not registered in the metadata database" in mail["body"]
    finally:
        source.query(f"DROP DATABASE IF EXISTS `{name}`")
        staging.query(f"DROP DATABASE IF EXISTS `{name}`")


def test_a_critical_datacheck_failure_fails_the_handover_and_names_the_check(
    api, stack, source, staging, core_db
):
    source.query("DELETE FROM transcript WHERE gene_id IN (1, 2)", database=core_db)
    token = submit(api, source.src_uri(core_db))["handover_token"]
    job = api.wait(token)
    assert job["status"] == "FAILED" and job["failed_step"] == "check"
    assert "Datachecks found problems" in job["message"]
    assert "GenesHaveTranscripts: genes without transcripts (2)" in job["message"]
    status, checks = api.call("GET", f"/handovers/{token}/checks")
    assert status == 200
    assert checks["passed"] is False
    assert "GenesHaveTranscripts" in checks["failed_critical"]
    failing = next(r for r in checks["results"] if r["name"] == "GenesHaveTranscripts")
    assert failing["findings"][0]["count"] == 2 and sorted(failing["findings"][0]["examples"]) == [
        1,
        2,
    ]
    assert core_db not in staging.databases() and not leftovers(staging)
    # The contact's email lists the check with its findings, and where to read them all: the
    # handover's page.
    (mail,) = mail_about(stack, token)
    assert "- GenesHaveTranscripts:" in mail["body"]
    assert "genes without transcripts (2), e.g." in mail["body"]
    assert (
        f"Details: https://local-webapi.execute-api.us-east-1.amazonaws.com/web/handovers/{token}\n"
        in mail["body"]
    )


def test_an_advisory_failure_is_reported_but_does_not_stop_the_handover(
    api, source, staging, core_db
):
    source.query("UPDATE gene SET canonical_transcript_id = 3 WHERE gene_id = 1", database=core_db)
    token = submit(api, source.src_uri(core_db))["handover_token"]
    job = api.wait(token)
    assert job["status"] == "SUCCEEDED"
    warnings = [r["message"] for r in job["reports"] if r["level"] == "WARNING"]
    assert len(warnings) == 1 and "CanonicalTranscript" in warnings[0]
    status, checks = api.call("GET", f"/handovers/{token}/checks")
    assert (checks["passed"], checks["failed_advisory"], checks["failed_critical"]) == (
        True,
        ["CanonicalTranscript"],
        [],
    )
    assert len(checks["results"]) >= 15
    staging.query(f"DROP DATABASE `{core_db}`")


def test_staging_lost_during_copy_fails_then_the_sweep_removes_the_copy(
    api, stack, source, staging
):
    if staging.process is None:
        pytest.skip("needs a throwaway staging server to stop")
    name = unique_core_name()
    with source.connect() as conn:
        create_core_database(conn, name, release=RELEASE, genes_per_species=300)
    token = submit_and_wait_for_rows(api, source.src_uri(name))
    staging.process.stop_server()
    try:
        job = api.wait(token, timeout=120)
    finally:
        staging.process.restart()
    assert job["status"] == "FAILED"
    assert job["failed_step"] == "copy"
    assert job["error_type"] == "MySQLUnavailable"
    assert f"staging server {staging.host_port} is unavailable" in job["message"]
    assert "the scheduled sweep will finish it" in job["message"]
    # What the failure's cleanup could not reach, the scheduled sweep removes.
    report = stack.invoke("CleanupFunction", {"action": "sweep"})
    assert name not in staging.databases() and not leftovers(staging), report
    source.query(f"DROP DATABASE `{name}`")


def test_a_registration_that_fails_takes_the_published_copy_back(
    api, stack, source, staging, core_db
):
    """A variation database that states no species: its core is registered, so the check
    passes; copied, published, refused by registration, and dropped again."""
    assert api.wait(submit(api, source.src_uri(core_db))["handover_token"])["status"] == "SUCCEEDED"
    name = create_speciesless_variation(source, core_db)
    token = submit(api, source.src_uri(name))["handover_token"]
    job = api.wait(token)
    assert job["status"] == "FAILED"
    assert job["failed_step"] == "register"
    assert "states no species in its meta table" in job["message"]
    assert f"dropped {name}" in job["message"]
    assert name not in staging.databases() and not leftovers(staging)
    (mail,) = mail_about(stack, token)
    assert mail["subject"] == f"Handover of {name} failed at register"
    assert "states no species" in mail["body"]
    source.query(f"DROP DATABASE `{name}`")
    staging.query(f"DROP DATABASE `{core_db}`")


def test_a_database_whose_core_is_not_handed_over_is_refused_before_its_copy(
    api, stack, source, staging
):
    name = f"lonely{uuid.uuid4().hex[:8]}_variation_{RELEASE}_38"
    with source.connect() as conn:
        create_other_database(conn, name, "variation", release=RELEASE)
    token = submit(api, source.src_uri(name))["handover_token"]
    job = api.wait(token)
    assert (job["status"], job["failed_step"]) == ("FAILED", "check"), job
    core = name.replace("_variation_", "_core_")
    assert f"hand over {core} first" in job["message"]
    assert "Copying" not in [r["message"].split(":")[0] for r in job["reports"]]
    assert name not in staging.databases() and not leftovers(staging)
    (mail,) = mail_about(stack, token)
    assert f"hand over {core} first" in mail["body"]
    source.query(f"DROP DATABASE `{name}`")


def test_the_same_request_sent_many_times_at_once_makes_one_handover(
    api, stack, source, staging, core_db
):
    body = {"src_uri": source.src_uri(core_db), "contact": "team@example.org", "comment": "once"}
    with ThreadPoolExecutor(max_workers=6) as pool:
        replies = list(pool.map(lambda _: api.call("POST", "/handovers", body), range(6)))
    assert {status for status, _ in replies} <= {201, 409}, replies
    tokens = {reply["handover_token"] for status, reply in replies if status == 201}
    assert len(tokens) == 1, replies
    (token,) = tokens
    # A 409 is either 'an identical request is being handled' or the in-flight guard's answer
    # naming the same token: never a second handover.
    for status, reply in replies:
        if status == 409:
            assert reply.get("handover_token", token) == token, reply
    again_status, again = api.call("POST", "/handovers", body)
    assert (again_status, again["handover_token"]) == (201, token)
    executions = boto3.client("stepfunctions").list_executions(
        stateMachineArn=stack.state_machine_arn, maxResults=1000
    )["executions"]
    assert [e["name"] for e in executions if e["name"] == token] == [token]
    status, page = api.call("GET", "/handovers?contact=team@example.org&limit=200")
    assert sum(j["comment"] == "once" and j["database"] == core_db for j in page["items"]) == 1
    assert api.wait(token)["status"] == "SUCCEEDED"
    staging.query(f"DROP DATABASE `{core_db}`")


def test_different_requests_for_one_database_at_once_start_exactly_one(
    api, stack, source, staging, core_db
):
    """Five teams' requests for the same database at once: one wins, four get 409 naming it."""

    def request(n: int) -> tuple[int, dict]:
        body = {"src_uri": source.src_uri(core_db), "contact": f"t{n}@example.org", "comment": "x"}
        return api.call("POST", "/handovers", body)

    with ThreadPoolExecutor(max_workers=5) as pool:
        replies = list(pool.map(request, range(5)))
    assert sorted(status for status, _ in replies) == [201, 409, 409, 409, 409], replies
    (winner,) = [reply["handover_token"] for status, reply in replies if status == 201]
    assert all(reply["handover_token"] == winner for status, reply in replies if status == 409)
    executions = boto3.client("stepfunctions").list_executions(
        stateMachineArn=stack.state_machine_arn, maxResults=1000
    )["executions"]
    assert sum(e["name"] in {r.get("handover_token") for _, r in replies} for e in executions) == 1
    assert api.wait(winner)["status"] == "SUCCEEDED"
    staging.query(f"DROP DATABASE `{core_db}`")
