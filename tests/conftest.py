"""Shared fixtures: two real MariaDB servers (source and staging) and the local stack.

By default each server is a throwaway mariadbd on a free port with a temporary datadir. Set
HANDOVER_TEST_SOURCE_URI and HANDOVER_TEST_STAGING_URI (mysql://user:password@host:port/) to
use existing servers instead; tests that must stop a server are then skipped.
"""

from __future__ import annotations

import json
import os
import re
import socket
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pymysql
import pytest

from handover.check.reference import SCRATCH_PREFIX
from handover_cli.local import schemas as fixture_schemas
from handover_cli.local.fixtures import create_core_database, create_other_database
from handover_cli.local.gateway import Gateway
from handover_cli.local.servers import (
    MariaDBServer,
    connect,
    find_binary,
    free_port,
    secret_for_uri,
)
from handover_cli.local.stack import LocalStack

RELEASE = 115
# The service's own MySQL user on the test servers. Its password is recognisable, so that a
# test can look for it everywhere the service writes (tests/test_secrets.py).
SERVICE_USER = "handover_svc"
SERVICE_PASSWORD = f"Canary{uuid.uuid4().hex[:12]}Pw"
ROOT = Path(__file__).resolve().parents[1]
EVENTS = ROOT / "events"


@dataclass
class Server:
    uri: str  # the administrator's: tests build and inspect databases with it
    process: MariaDBServer | None  # None for a server given by the environment
    service_user: str | None = None  # the user the service's secrets name, when it has one
    service_password: str = ""

    def service_uri(self, database: str = "") -> str:
        """What the service's secret for this server holds."""
        if not self.service_user:
            return self.uri.rstrip("/") + "/" + database
        s = secret_for_uri(self.uri)
        return f"mysql://{self.service_user}:{self.service_password}@{s['host']}:{s['port']}/{database}"

    @property
    def host_port(self) -> str:
        s = secret_for_uri(self.uri)
        return f"{s['host']}:{s['port']}"

    def connect(self, database: str | None = None) -> pymysql.connections.Connection:
        return connect(self.uri, database)

    def src_uri(self, database: str) -> str:
        """How a submitter names a database here: user, host, port and name; no password."""
        s = secret_for_uri(self.uri)
        return f"mysql://{self.service_user or s['username']}@{s['host']}:{s['port']}/{database}"

    def databases(self) -> set[str]:
        with self.connect() as conn, conn.cursor() as cur:
            cur.execute("SHOW DATABASES")
            return {r[0] for r in cur.fetchall()}

    def query(self, sql: str, args: Any = None, database: str | None = None) -> list[tuple]:
        with self.connect(database) as conn, conn.cursor() as cur:
            cur.execute(sql, args)
            return list(cur.fetchall())


GRANTS = ROOT / "sql" / "grants.sql"


def service_user_grants(role: str, metadata_db: str = "ensembl_metadata") -> list[str]:
    """sql/grants.sql's statements for one role (source, staging or metadata), for the
    suite's service user: the same privileges, and no more, than a deployment gives."""
    sections = re.split(r"^-- role: (\w+)$", GRANTS.read_text(), flags=re.MULTILINE)
    body = dict(zip(sections[1::2], sections[2::2], strict=True))[role]
    code = "\n".join(line for line in body.splitlines() if not line.startswith("--"))
    return [
        statement.strip()
        .replace("'handover'@'%'", f"'{SERVICE_USER}'@'%'")
        .replace("'CHANGE-ME'", f"'{SERVICE_PASSWORD}'")
        .replace("`ensembl_metadata`", f"`{metadata_db}`")
        for statement in code.split(";")
        if statement.strip()
    ]


def _with_service_user(server: Server, role: str) -> Server:
    """Give the service a user of its own with SERVICE_PASSWORD and exactly sql/grants.sql's
    privileges for the server's role. An existing server whose administrator may not create
    users is used with the administrator's credentials."""
    try:
        server.query(f"DROP USER IF EXISTS '{SERVICE_USER}'@'%'")
        for statement in service_user_grants(role):
            server.query(statement.replace("%", "%%"), ())
    except pymysql.err.MySQLError:
        return server
    server.service_user, server.service_password = SERVICE_USER, SERVICE_PASSWORD
    return server


def _server(env: str, name: str, role: str) -> Iterator[Server]:
    if os.environ.get(env):
        yield _with_service_user(Server(os.environ[env], None), role)
        return
    process = MariaDBServer(name).start()
    try:
        yield _with_service_user(Server(process.uri, process), role)
    finally:
        process.stop()


@pytest.fixture(scope="session")
def source() -> Iterator[Server]:
    yield from _server("HANDOVER_TEST_SOURCE_URI", "test-source", "source")


@pytest.fixture(scope="session")
def staging() -> Iterator[Server]:
    yield from _server("HANDOVER_TEST_STAGING_URI", "test-staging", "staging")


@pytest.fixture
def doomed_source() -> Iterator[Server]:
    """A source server of its own, so that a test may stop it. The sources' secret does not
    know it: the service reads it as root without a password, as the URI says."""
    if not find_binary("mariadbd"):
        pytest.skip("needs mariadbd to start a server it may stop")
    server = MariaDBServer("doomed-source").start()
    yield Server(server.uri, server)
    server.stop()


@pytest.fixture(scope="session")
def metadata_uri(staging: Server) -> str:
    name = f"handover_metadata_test_{uuid.uuid4().hex[:8]}"
    staging.query(f"CREATE DATABASE `{name}`")
    if staging.service_user:  # the staging server holds the metadata database too
        for statement in service_user_grants("metadata", name):
            if statement.startswith("GRANT"):
                staging.query(statement.replace("%", "%%"), ())
    return staging.uri.rstrip("/") + "/" + name


# The schema files the small fixture databases are made from (core, variation, funcgen and
# compara): the session stack's reference schemas. tests/ensembl holds Ensembl-format ones.
FIXTURE_SCHEMAS = Path(fixture_schemas.__file__).resolve().parent


def unique_core_name(release: int = RELEASE, assembly: str = "38") -> str:
    """A fresh species name per test, so tests never share a database."""
    return f"test{uuid.uuid4().hex[:10]}_core_{release}_{assembly}"


def create_speciesless_variation(source: Server, core_db: str) -> str:
    """A variation database of `core_db`'s species whose species keys are schema-level
    (species_id NULL): the check finds the species and its core, registration finds no
    species and refuses it, after the copy has been published."""
    name = core_db.replace("_core_", "_variation_")
    with source.connect() as conn:
        create_other_database(conn, name, "variation", release=RELEASE)
    source.query("UPDATE meta SET species_id = NULL WHERE meta_key LIKE 'species.%%'", (), name)
    return name


@pytest.fixture
def core_db(source: Server) -> Iterator[str]:
    name = unique_core_name()
    with source.connect() as conn:
        create_core_database(conn, name, release=RELEASE)
    yield name
    source.query(f"DROP DATABASE IF EXISTS `{name}`")


@pytest.fixture(scope="session")
def stack(source: Server, staging: Server, metadata_uri: str) -> Iterator[LocalStack]:
    """The local stack from template.yaml, with retries and chunks shrunk for tests."""
    s = secret_for_uri(source.service_uri())
    with LocalStack(
        staging_uri=staging.service_uri(),
        secondary_staging_uri=secondary_staging_uri(staging),
        metadata_uri=staging.service_uri(metadata_uri.rsplit("/", 1)[1]),
        source_credentials={
            source.host_port: {"username": s["username"], "password": s["password"]}
        },
        parameters={
            "Release": str(RELEASE),
            # otherfeatures handover is closed here, so the API's refusal can be tested
            "AllowedDatabaseTypes": "core,rnaseq,cdna,variation,funcgen,compara,ancestral",
            "RetryIntervalSeconds": "1",
            "RetryMaxAttempts": "2",
            "CopyBatchRows": "200",
            "CopySplitRows": "500",
            "CopyMaxConcurrency": "2",
            # Datachecks over the fixtures' bigger tables run in several key ranges.
            "CheckRangeRows": "40",
            "CheckMaxConcurrency": "4",
            "MaxConcurrentChecksPerServer": "3",
            "MaxConcurrentCopiesPerServer": "2",
            "CopySlotWaitSeconds": "1",
            "BusyRetrySeconds": "1",
            "CopyChunkSeconds": "0",
            # Failed copies dropped at once, as the tests of failures expect; the retry tests
            # keep them (tests/test_retry.py).
            "KeepFailedCopyHours": "0",
            "LogLevel": "WARNING",
        },
        # The small fixtures are built from these files, so they are their references.
        reference_schemas=FIXTURE_SCHEMAS,
    ) as local:
        yield local


def secondary_staging_uri(staging: Server) -> str:
    """The staging server under another name for its host: to the service, a second staging
    server (servers are told apart by host:port), so bacteria and GRCh37 have somewhere to go."""
    uri = staging.service_uri()
    host = secret_for_uri(uri)["host"]
    other = {"127.0.0.1": "localhost", "localhost": "127.0.0.1"}.get(host)
    if other is None:
        other = socket.gethostbyname(host)
        if other == host:
            pytest.skip(f"staging host {host} has no second name to stand for a second server")
    return uri.replace(f"@{host}:", f"@{other}:", 1)


@dataclass
class Api:
    url: str

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        raw: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, Any]:
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(
            self.url + path,
            data=data,
            method=method,
            headers={"Content-Type": "application/json", **(headers or {})},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as reply:
                return reply.status, json.loads(reply.read() or b"null")
        except urllib.error.HTTPError as exc:
            text = exc.read()
            try:
                return exc.code, json.loads(text or b"null")
            except ValueError:
                return exc.code, text.decode()

    def wait(
        self,
        token: str,
        *,
        until: tuple[str, ...] = ("SUCCEEDED", "FAILED", "CANCELLED"),
        timeout: float = 120,
    ) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status, job = self.call("GET", f"/handovers/{token}")
            assert status == 200, job
            if job["status"] in until:
                return job
            time.sleep(0.1)
        raise AssertionError(f"handover {token} did not reach {until} in {timeout} s: {job}")


@pytest.fixture(scope="session")
def api(stack: LocalStack) -> Iterator[Api]:
    port = free_port()
    server = Gateway(stack).serve(port)
    yield Api(f"http://127.0.0.1:{port}")
    server.shutdown()


class Announcements:
    """What the service publishes on EventBridge, caught by a rule into an SQS queue of moto's."""

    def __init__(self) -> None:
        import boto3

        self.sqs = boto3.client("sqs")
        self.queue_url = self.sqs.create_queue(QueueName=f"caught-{uuid.uuid4().hex[:8]}")[
            "QueueUrl"
        ]
        arn = self.sqs.get_queue_attributes(QueueUrl=self.queue_url, AttributeNames=["QueueArn"])[
            "Attributes"
        ]["QueueArn"]
        events = boto3.client("events")
        rule = f"catch-handover-{uuid.uuid4().hex[:8]}"
        events.put_rule(Name=rule, EventPattern=json.dumps({"source": ["handover"]}))
        events.put_targets(Rule=rule, Targets=[{"Id": "queue", "Arn": arn}])

    def for_token(self, token: str) -> list[dict[str, Any]]:
        """Every event so far about a handover (events of others stay in the queue)."""
        found, others = [], []
        while True:
            reply = self.sqs.receive_message(QueueUrl=self.queue_url, MaxNumberOfMessages=10)
            messages = reply.get("Messages", [])
            if not messages:
                break
            for message in messages:
                event = json.loads(message["Body"])
                mine = event.get("detail", {}).get("handover_token") == token
                (found if mine else others).append(event)
                self.sqs.delete_message(
                    QueueUrl=self.queue_url, ReceiptHandle=message["ReceiptHandle"]
                )
        for event in others:
            self.sqs.send_message(QueueUrl=self.queue_url, MessageBody=json.dumps(event))
        return found


@pytest.fixture(scope="session")
def announcements(stack: LocalStack) -> Announcements:
    return Announcements()


def load_event(name: str, **replace: Any) -> dict[str, Any]:
    event = json.loads((EVENTS / name).read_text())
    event.update(replace)
    return event


def table_checksums(server: Server, database: str) -> dict[str, tuple[int, int]]:
    """(row count, checksum) of every base table: equal maps mean identical data.

    CHECKSUM TABLE, except for tables with generated columns: MariaDB 10.11 checksums their
    virtual values inconsistently (the same rows give different sums on two servers), so those
    get a checksum over the stored columns' values instead.
    """
    tables = [
        r[0]
        for r in server.query(
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s AND TABLE_TYPE = 'BASE TABLE'",
            (database,),
        )
    ]
    result = {}
    for table in tables:
        count = server.query(f"SELECT COUNT(*) FROM `{database}`.`{table}`")[0][0]
        stored = [
            r[0]
            for r in server.query(
                "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = %s AND TABLE_NAME = %s "
                "AND EXTRA NOT LIKE '%%GENERATED%%' ORDER BY ORDINAL_POSITION",
                (database, table),
            )
        ]
        if len(stored) == len(
            server.query(
                "SELECT 1 FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = %s AND TABLE_NAME = %s",
                (database, table),
            )
        ):
            checksum = server.query(f"CHECKSUM TABLE `{database}`.`{table}` EXTENDED")[0][1]
        else:
            values = ", ".join(f"IFNULL(HEX(CAST(`{c}` AS BINARY)), 'NULL')" for c in stored)
            checksum = server.query(
                f"SELECT SUM(CRC32(CONCAT_WS('|', {values}))) FROM `{database}`.`{table}`"
            )[0][0]
        result[table] = (count, int(checksum or 0))
    return result


def metadata_rows(staging: Server, metadata_uri: str, dbname: str) -> int:
    """How many rows of the metadata database name `dbname` (0 before anything was
    registered there, when its tables do not exist yet)."""
    database = metadata_uri.rsplit("/", 1)[1]
    if not staging.query(f"SHOW TABLES FROM `{database}` LIKE 'genome_database'"):
        return 0
    return sum(
        staging.query(
            f"SELECT COUNT(*) FROM {table} WHERE dbname = %s", (dbname,), database=database
        )[0][0]
        for table in ("genome_database", "release_database")
    )


def leftovers(server: Server) -> set[str]:
    """Temporary or parked databases the service left on staging (the reference schemas'
    scratch copies are kept on purpose: each is loaded once per release and file)."""
    return {
        d
        for d in server.databases()
        if d.startswith("_handover_") and not d.startswith(SCRATCH_PREFIX)
    }
