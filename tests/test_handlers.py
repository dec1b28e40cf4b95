"""Each handler, with the sample events of events/, against real servers and moto's AWS."""

import json
import uuid

import boto3
import pytest

from handover.config import Settings
from handover.copying.names import replaced_database, temporary_database
from handover.dal.jobs import JobStore
from handover.models.job import CopyProgress, Job, JobRecord, JobStatus, utc_now
from handover.models.workflow import StepInput
from handover.notify.step import notify_outcome
from handover.register.step import run_register
from handover_cli.local.fixtures import Species, create_core_database, create_other_database

from .conftest import RELEASE, leftovers, load_event, table_checksums


def new_job(stack, source, database: str) -> str:
    token = str(uuid.uuid4())
    now = utc_now()
    JobStore(stack.table_name).create(
        JobRecord(
            handover_token=token,
            src_uri=source.src_uri(database),
            contact="dev@example.org",
            comment="handler test",
            database=database,
            db_type="core",
            release=RELEASE,
            status=JobStatus.SUBMITTED,
            message="Handover submitted",
            submitted_at=now,
            updated_at=now,
        )
    )
    return token


def progress_of(stack, token: str) -> CopyProgress:
    progress = job(stack, token).copy_progress
    assert progress is not None
    return progress


def job(stack, token: str) -> Job:
    found = JobStore(stack.table_name).get(token, progress=True)
    assert found is not None
    return found


def check(stack, event: dict, invoke=None) -> dict:
    """The check step as the state machine runs it: the rules, every datacheck by a loop of
    invocations, then the conclusion. Returns the target."""
    invoke = invoke or stack.invoke
    started = invoke("CheckFunction", event)
    assert set(started) == {"target", "datachecks"} and started["datachecks"]
    for name in started["datachecks"]:
        step = load_event("check_datacheck.json", **event, datacheck=name)
        while not invoke("CheckFunction", step)["done"]:
            pass
    return invoke(
        "CheckFunction", load_event("check_conclude.json", **event, target=started["target"])
    )


def test_check_copy_register_handlers_move_the_job_along(stack, source, staging, core_db):
    token = new_job(stack, source, core_db)
    event = load_event("check.json", token=token, src_uri=source.src_uri(core_db))

    target = check(stack, event)
    assert target == {
        "db_type": "core",
        "division": "vertebrates",
        "tgt_uri": staging.src_uri(core_db),
        "register_in_metadata": True,
    }
    assert job(stack, token).status is JobStatus.CHECKING
    assert job(stack, token).progress_complete == 1

    event["target"] = target
    plan = stack.invoke("CopyFunction", load_event("copy_prepare.json", **event))
    assert job(stack, token).status is JobStatus.COPYING
    assert len(json.dumps(plan)) < 8192  # a plan of parts, not data
    for part in plan["parts"]:
        step = load_event("copy.json", **event, part=part)
        while True:
            cursor = stack.invoke("CopyFunction", step)
            assert len(json.dumps(cursor)) < 1024  # a pointer, not data
            if cursor["done"]:
                break
            step["cursor"] = cursor
    progress = progress_of(stack, token)
    assert progress.parts_done == progress.parts_total == len(plan["parts"])
    source_rows = source.query(
        "SELECT SUM(TABLE_ROWS) FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s", (core_db,)
    )[0][0]
    assert progress.rows_copied == source_rows  # MyISAM's TABLE_ROWS is exact
    for table in plan["tables"]:
        stack.invoke("CopyFunction", load_event("copy_finish.json", **event, table=table))
    assert progress_of(stack, token).tables_verified == len(plan["tables"])
    stack.invoke("CopyFunction", load_event("copy_publish.json", **event))
    assert table_checksums(staging, core_db) == table_checksums(source, core_db)

    result = stack.invoke("RegisterFunction", {**event, "copy": cursor})
    assert result["events"] == f"new_genome {core_db.split('_core_')[0]}"
    finished = job(stack, token)
    assert finished.status is JobStatus.SUCCEEDED
    assert (finished.progress_complete, finished.progress_total) == (3, 3)
    assert [r.message for r in finished.reports][
        -1
    ] == "Metadata load complete, Handover successful"
    staging.query(f"DROP DATABASE `{core_db}`")


def test_check_handler_refuses_a_wrong_release(stack, source, core_db):
    source.query(
        "UPDATE meta SET meta_value = '114' WHERE meta_key = 'schema_version'", database=core_db
    )
    token = new_job(stack, source, core_db)
    with pytest.raises(
        RuntimeError, match="CheckFailed.*schema_version is 114, but this service takes release 115"
    ):
        stack.invoke(
            "CheckFunction", load_event("check.json", token=token, src_uri=source.src_uri(core_db))
        )


def test_cleanup_handler_records_the_failure_and_drops_the_partial_copy(
    stack, source, staging, core_db
):
    token = new_job(stack, source, core_db)
    event = load_event("check.json", token=token, src_uri=source.src_uri(core_db))
    target = check(stack, event)
    stack.invoke("CopyFunction", load_event("copy_prepare.json", **event, target=target))
    assert temporary_database(token) in staging.databases()

    failure = load_event(
        "cleanup_failure.json", token=token, src_uri=source.src_uri(core_db), target=target
    )
    result = stack.invoke("CleanupFunction", failure)
    assert result == {"recorded": True, "failed_step": "copy", "error": "MySQLUnavailable"}
    failed = job(stack, token)
    assert failed.status is JobStatus.FAILED and failed.failed_step == "copy"
    assert failed.message.startswith("copy failed: source server 127.0.0.1:3306 is unavailable")
    assert "removed the temporary copy" in failed.message
    assert temporary_database(token) not in staging.databases()


def test_api_handler_answers_the_sample_events(stack, source, staging, api, core_db):
    event = load_event("api_submit.json")
    event["body"] = json.dumps(
        {"src_uri": source.src_uri(core_db), "contact": "dev@example.org", "comment": "sample"}
    )
    reply = stack.invoke("ApiFunction", event)
    assert reply["statusCode"] == 201, reply
    token = json.loads(reply["body"])["handover_token"]

    missing = stack.invoke("ApiFunction", load_event("api_get.json"))
    assert missing["statusCode"] == 404
    get = load_event("api_get.json", path=f"/handovers/{token}", pathParameters={"token": token})
    assert json.loads(stack.invoke("ApiFunction", get)["body"])["handover_token"] == token
    # The execution it started runs the whole handover; let it end before the fixtures go.
    assert api.wait(token)["status"] == "SUCCEEDED"
    staging.query(f"DROP DATABASE `{core_db}`")


def test_web_handlers_answer_the_sample_events(stack, source, core_db):
    """The page's authorizer refuses the sample's forged session and allows a real one, for
    every page of the stage; the page renders a handover for the signed-in user."""
    with pytest.raises(RuntimeError, match="Unauthorized"):
        stack.invoke("WebAuthorizerFunction", load_event("authorizer_request.json"))
    email = f"handlers-{uuid.uuid4().hex[:6]}@example.org"
    stack.add_web_user(email, "Handler-Passw0rd")
    session = boto3.client("cognito-idp").initiate_auth(
        ClientId=stack.user_pool_client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": email, "PASSWORD": "Handler-Passw0rd"},
    )["AuthenticationResult"]["AccessToken"]
    signed_in = load_event("authorizer_request.json")
    signed_in["headers"]["Cookie"] = f"theme=dark; handover_session={session}"
    answer = stack.invoke("WebAuthorizerFunction", signed_in)
    (statement,) = answer["policyDocument"]["Statement"]
    assert (statement["Effect"], statement["Resource"]) == (
        "Allow",
        ["arn:aws:execute-api:us-east-1:123456789012:1234567890/web/*/*"],
    )
    assert answer["context"] == {"email": email}

    token = new_job(stack, source, core_db)
    page = load_event(
        "web_detail.json", path=f"/handovers/{token}", pathParameters={"token": token}
    )
    reply = stack.invoke("WebFunction", page)
    assert reply["statusCode"] == 200
    assert reply["multiValueHeaders"]["Content-Type"] == ["text/html; charset=utf-8"]
    assert f"<h1>{core_db} " in reply["body"] and "curator@example.org" in reply["body"]
    assert stack.invoke("WebFunction", load_event("web_detail.json"))["statusCode"] == 404


def test_the_scheduled_sweep_finishes_cleanups_but_spares_running_handovers(stack, source, staging):
    """Leftovers as a staging outage leaves them: a failed job's temporary copy, a successful
    re-handover's parked database, a failed re-handover's published copy, and a running copy."""
    store = JobStore(stack.table_name)
    name = f"sweep{uuid.uuid4().hex[:8]}_core_{RELEASE}_1"
    tokens = {
        kind: new_job(stack, source, name if kind == "lost" else f"sweep{kind}_core_{RELEASE}_1")
        for kind in ("failed", "won", "lost", "running")
    }
    store.finish(tokens["failed"], JobStatus.FAILED, step="copy", message="copy failed")
    store.finish(tokens["won"], JobStatus.SUCCEEDED, step="register", message="done")
    target = staging.src_uri(name)
    store.update(tokens["lost"], step="check", message="checked", tgt_uri=target)
    store.finish(tokens["lost"], JobStatus.FAILED, step="register", message="register failed")
    tmp = {kind: temporary_database(token) for kind, token in tokens.items()}
    parked = {kind: replaced_database(token) for kind, token in tokens.items()}
    for database in (tmp["failed"], tmp["running"], parked["won"], parked["lost"], name):
        staging.query(f"CREATE DATABASE `{database}`")
    staging.query(f"CREATE TABLE `{parked['lost']}`.meta (v INT)")
    staging.query(f"INSERT INTO `{parked['lost']}`.meta VALUES (114)")
    staging.query(f"CREATE TABLE `{name}`.meta (v INT)")
    staging.query(f"INSERT INTO `{name}`.meta VALUES (115)")

    report = stack.invoke("CleanupFunction", {"action": "sweep"})

    assert sorted(report["dropped"]) == sorted([tmp["failed"], parked["won"]])
    assert report["restored"] == [f"restored the previous {name}"]
    assert tmp["running"] in report["kept"]
    left = staging.databases()
    assert tmp["running"] in left
    assert not {tmp["failed"], parked["won"], parked["lost"]} & left
    assert staging.query(f"SELECT v FROM `{name}`.meta") == [(114,)]
    store.finish(tokens["running"], JobStatus.CANCELLED, step="cancel", message="test over")
    staging.query(f"DROP DATABASE `{tmp['running']}`")
    staging.query(f"DROP DATABASE `{name}`")


def register_directly(stack, source, staging, name: str, *, drop: bool) -> tuple[str, dict]:
    """The register step as its Lambda runs it, with DropSupersededDatabases set either way
    (the local stack deploys the template's default, off)."""
    env = stack.function("RegisterFunction").environment
    settings = Settings.from_env(env).model_copy(update={"drop_superseded_databases": drop})
    token = new_job(stack, source, name)
    event = load_event(
        "register.json",
        token=token,
        src_uri=source.src_uri(name),
        target={
            "db_type": "core",
            "division": "vertebrates",
            "tgt_uri": staging.src_uri(name),
        },
    )
    result = run_register(
        StepInput.model_validate(event),
        settings,
        JobStore(stack.table_name),
        boto3.client("events"),
    )
    return token, result


@pytest.mark.parametrize("drop", [False, True])
def test_a_new_assembly_supersedes_the_genomes_old_databases_dropped_only_when_told(
    stack, source, staging, announcements, drop
):
    prefix = f"sup{uuid.uuid4().hex[:8]}"
    old_core, old_variation = f"{prefix}_core_{RELEASE}_38", f"{prefix}_variation_{RELEASE}_38"
    new_core = f"{prefix}_core_{RELEASE}_39"
    unrelated = f"{prefix}x_core_{RELEASE}_38"  # another genome whose name starts alike
    with staging.connect() as conn:
        create_core_database(conn, old_core, release=RELEASE)
        create_core_database(conn, unrelated, release=RELEASE)
        create_other_database(conn, old_variation, "variation", release=RELEASE)
        create_core_database(
            conn,
            new_core,
            release=RELEASE,
            species=(Species(production_name=prefix, assembly="GRCh39"),),
        )
    first, result = register_directly(stack, source, staging, old_core, drop=drop)
    assert result.superseded == []  # a new genome supersedes nothing
    token, result = register_directly(stack, source, staging, new_core, drop=drop)

    assert result.superseded == sorted([old_core, old_variation])
    left = staging.databases()
    assert new_core in left and unrelated in left
    assert (old_core in left, old_variation in left) == (not drop, not drop)
    reports = [r.message for r in job(stack, token).reports]
    for database in (old_core, old_variation):
        expected = (
            f"Dropped superseded database {database}"
            if drop
            else f"Superseded database {database} is still on staging (DropSupersededDatabases is off)"
        )
        assert expected in reports
    # The job keeps its events, and each went out on EventBridge.
    assert [(e.type, e.genome) for e in job(stack, token).events] == [("new_assembly", prefix)]
    (announced,) = announcements.for_token(token)
    assert (announced["source"], announced["detail-type"]) == ("handover", "Database Registered")
    assert announced["detail"] == {
        "event_type": "new_assembly",
        "genome": prefix,
        "database": new_core,
        "release": RELEASE,
        "handover_token": token,
    }
    assert [e["detail"]["event_type"] for e in announcements.for_token(first)] == ["new_genome"]
    for database in (old_core, old_variation, new_core, unrelated):
        staging.query(f"DROP DATABASE IF EXISTS `{database}`")


def finished_job(stack, source, status: JobStatus, **fields) -> str:
    token = new_job(stack, source, f"notify{uuid.uuid4().hex[:8]}_core_{RELEASE}_1")
    JobStore(stack.table_name).finish(token, status, step="register", message="over", **fields)
    return token


def test_notify_sends_success_mail_only_when_told_and_never_for_a_cancel(stack, source):
    env = stack.function("NotifyFunction").environment
    ses, events = boto3.client("ses"), boto3.client("events")
    store = JobStore(stack.table_name)
    quiet = Settings.from_env(env).model_copy(update={"notify_on_success": False})

    won = finished_job(stack, source, JobStatus.SUCCEEDED)
    assert notify_outcome(won, quiet, store, ses, events)["sent"] is False
    assert not [m for m in stack.sent_mail() if won in m["body"]]
    assert stack.invoke("NotifyFunction", {"token": won})["sent"] is True  # the default: on
    assert len([m for m in stack.sent_mail() if won in m["body"]]) == 1

    cancelled = finished_job(stack, source, JobStatus.CANCELLED)
    assert stack.invoke("NotifyFunction", {"token": cancelled})["sent"] is False
    assert not [m for m in stack.sent_mail() if cancelled in m["body"]]


def test_a_mail_that_cannot_be_sent_is_recorded_and_changes_nothing_else(stack, source):
    env = stack.function("NotifyFunction").environment
    unverified = Settings.from_env(env).model_copy(
        update={"notify_sender": "nobody@unverified.example"}
    )
    store = JobStore(stack.table_name)
    token = finished_job(stack, source, JobStatus.FAILED, failed_step="copy")
    result = notify_outcome(token, unverified, store, boto3.client("ses"), boto3.client("events"))
    assert result["sent"] is False and "nobody@unverified.example" in result["reason"]
    found = job(stack, token)
    assert found.status is JobStatus.FAILED
    assert found.reports[-1].level == "WARNING"
    assert found.reports[-1].message.startswith("Could not email dev@example.org:")


def test_every_step_run_twice_as_a_retry_would_leaves_the_same_result(
    stack, source, staging, metadata_uri, core_db
):
    """Step Functions retries a task whose reply was lost: each handler may run twice."""
    token = new_job(stack, source, core_db)
    event = load_event("check.json", token=token, src_uri=source.src_uri(core_db))

    def twice(function: str, step: dict) -> dict:
        start = len(job(stack, token).reports)
        first = stack.invoke(function, step)
        before = job(stack, token)
        again = stack.invoke(function, step)
        after = job(stack, token)
        assert again == first, function
        assert (after.status, after.progress_complete) == (before.status, before.progress_complete)
        # The reports are the job's history: a retry adds the same entries again, or nothing.
        said = [(r.level, r.message) for r in before.reports[start:]]
        added = [(r.level, r.message) for r in after.reports[len(before.reports) :]]
        assert added in ([], said), function
        return first

    event["target"] = check(stack, event, invoke=twice)
    plan = twice("CopyFunction", load_event("copy_prepare.json", **event))
    for part in plan["parts"]:
        step = load_event("copy.json", **event, part=part)
        while True:
            stack.invoke("CopyFunction", step)  # its reply is lost, so Step Functions
            cursor = stack.invoke("CopyFunction", step)  # runs it again: it resumes from the
            if cursor["done"]:  # job's checkpoint, past what the first run committed
                break
            step["cursor"] = cursor
    source_rows = source.query(
        "SELECT SUM(TABLE_ROWS) FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s", (core_db,)
    )[0][0]
    assert progress_of(stack, token).rows_copied == source_rows  # none counted twice
    for table in plan["tables"]:
        twice("CopyFunction", load_event("copy_finish.json", **event, table=table))
    twice("CopyFunction", load_event("copy_publish.json", **event))
    assert table_checksums(staging, core_db) == table_checksums(source, core_db)
    assert not leftovers(staging)

    twice("RegisterFunction", {**event, "copy": cursor})
    assert job(stack, token).status is JobStatus.SUCCEEDED
    meta_db = metadata_uri.rsplit("/", 1)[1]
    assert staging.query(
        "SELECT COUNT(*) FROM genome_database WHERE dbname = %s", (core_db,), database=meta_db
    ) == [(1,)]
    staging.query(f"DROP DATABASE `{core_db}`")


def test_a_variation_database_passes_check_while_its_core_is_being_handed_over(
    stack, source, staging
):
    prefix = f"inflight{uuid.uuid4().hex[:8]}"
    variation, core = f"{prefix}_variation_{RELEASE}_38", f"{prefix}_core_{RELEASE}_38"
    store = JobStore(stack.table_name)
    with source.connect() as conn:
        create_other_database(conn, variation, "variation", release=RELEASE)
    first = new_job(stack, source, variation)
    event = load_event("check.json", token=first, src_uri=source.src_uri(variation))
    with pytest.raises(RuntimeError, match=f"hand over {core} first"):
        stack.invoke("CheckFunction", event)
    store.finish(first, JobStatus.FAILED, step="check", message="no core")

    core_token = new_job(stack, source, core)  # the core's handover is in flight now
    event["token"] = new_job(stack, source, variation)
    assert stack.invoke("CheckFunction", event)["target"]["db_type"] == "variation"
    for token in (core_token, event["token"]):
        store.finish(token, JobStatus.CANCELLED, step="test", message="done")
    source.query(f"DROP DATABASE `{variation}`")
