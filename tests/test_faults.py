"""Faults the service must survive, end to end: a source server stopped during check and during
register, and a metadata database that cannot be reached. (A source or staging server stopped
during copy, and a copy killed mid-chunk, are in test_e2e.py and test_copy_cli.py.)

A step is held at a known point by a table lock taken from another connection: the step's
query waits on it, so the fault lands while the step is running, not before or after it."""

import json
from collections.abc import Iterator
from contextlib import contextmanager

import boto3
import pymysql
import pytest

from handover.dal.credentials import secrets_provider
from handover.register.metadata.schema import migrate
from handover_cli.local.fixtures import create_core_database
from handover_cli.local.servers import free_port

from .conftest import RELEASE, Server, leftovers, unique_core_name
from .test_e2e import mail_about, submit, wait_until

pytestmark = pytest.mark.e2e


@contextmanager
def table_locked(server: Server, database: str, table: str) -> Iterator[pymysql.Connection]:
    """Hold a write lock on a table until the block ends (or the server goes away)."""
    conn = server.connect(database)
    with conn.cursor() as cur:
        cur.execute(f"LOCK TABLES `{table}` WRITE")
    try:
        yield conn
    finally:
        try:
            with conn.cursor() as cur:
                cur.execute("UNLOCK TABLES")
            conn.close()
        except pymysql.err.MySQLError:
            pass  # the server was stopped under it


def waiting_for_lock(server: Server, table: str) -> bool:
    """Whether some connection is waiting for the lock on `table`."""
    return any(
        table in (info or "")
        for (info,) in server.query(
            "SELECT INFO FROM information_schema.PROCESSLIST WHERE STATE LIKE 'Waiting for table%%'"
        )
    )


def stop_source_while_held(
    api, doomed_source, name: str, held: Server, db: str, table: str, status: str
) -> str:
    """Submit the handover of `name`, hold it on a lock of `held`'s `db`.`table` until it is
    waiting there at `status`, stop its source, then let it go. Returns the token."""
    with table_locked(held, db, table):
        token = submit(api, doomed_source.src_uri(name))["handover_token"]
        wait_until(lambda: waiting_for_lock(held, table), what=f"the handover to wait on {table}")
        assert api.call("GET", f"/handovers/{token}")[1]["status"] == status
        doomed_source.process.stop_server()
    return token


def test_source_stopped_during_check_fails_and_names_the_source(api, stack, staging, doomed_source):
    name = unique_core_name()
    with doomed_source.connect() as conn:
        create_core_database(conn, name, release=RELEASE)
    token = stop_source_while_held(
        api, doomed_source, name, doomed_source, name, "meta", "CHECKING"
    )

    job = api.wait(token)
    assert job["status"] == "FAILED"
    assert job["failed_step"] == "check"
    assert job["error_type"] == "MySQLUnavailable"
    assert f"source server {doomed_source.host_port} is unavailable" in job["message"]
    (mail,) = mail_about(stack, token)
    assert mail["subject"] == f"Handover of {name} failed at check"
    assert f"source server {doomed_source.host_port} is unavailable" in mail["body"]
    assert name not in staging.databases() and not leftovers(staging)


def test_source_stopped_during_register_does_not_matter(
    api, stack, staging, metadata_uri, doomed_source
):
    """Registration reads the published copy on staging, never the source."""
    name = unique_core_name()
    with doomed_source.connect() as conn:
        create_core_database(conn, name, release=RELEASE)
    meta_db = metadata_uri.rsplit("/", 1)[1]
    with staging.connect(meta_db) as conn:
        migrate(conn)  # the table to hold exists even when this test runs first
    token = stop_source_while_held(
        api, doomed_source, name, staging, meta_db, "organism", "REGISTERING"
    )

    job = api.wait(token)
    assert job["status"] == "SUCCEEDED", job
    assert name in staging.databases() and not leftovers(staging)
    registered = staging.query(
        "SELECT COUNT(*) FROM genome_database WHERE dbname = %s", (name,), database=meta_db
    )
    assert registered == [(1,)]
    staging.query(f"DROP DATABASE `{name}`")


@contextmanager
def metadata_unreachable() -> Iterator[int]:
    """The metadata secret points at a closed port until the block ends; yields the port."""
    secrets = boto3.client("secretsmanager")
    original = secrets.get_secret_value(SecretId="handover/metadata")["SecretString"]
    closed_port = free_port()  # nothing listens there
    secrets.put_secret_value(
        SecretId="handover/metadata",
        SecretString=json.dumps({**json.loads(original), "port": closed_port}),
    )
    secrets_provider().clear_cache()
    try:
        yield closed_port
    finally:
        secrets.put_secret_value(SecretId="handover/metadata", SecretString=original)
        secrets_provider().clear_cache()


def test_metadata_unreachable_fails_register_and_takes_the_copy_back(api, stack, source, staging):
    name = unique_core_name()
    with source.connect() as conn:
        create_core_database(conn, name, release=RELEASE)
    with metadata_unreachable() as closed_port:
        token = submit(api, source.src_uri(name))["handover_token"]
        job = api.wait(token)
    assert job["status"] == "FAILED"
    assert job["failed_step"] == "register"
    assert job["error_type"] == "MySQLUnavailable"
    assert f"metadata server 127.0.0.1:{closed_port} is unavailable" in job["message"]
    # The copy was published before registration; it is taken back, and nothing is left over.
    assert name not in staging.databases() and not leftovers(staging)
    (mail,) = mail_about(stack, token)
    assert mail["subject"] == f"Handover of {name} failed at register"
    assert f"metadata server 127.0.0.1:{closed_port} is unavailable" in mail["body"]
    source.query(f"DROP DATABASE `{name}`")
