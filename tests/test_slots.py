"""One limit across all handovers: copy slots per staging server, shared by every execution
(the test stack allows MaxConcurrentCopiesPerServer=2), and a server with no connection to
spare waited out rather than failing a handover."""

import threading
import time
import uuid

import pymysql
import pytest

from handover.dal.credentials import ServerCredentials
from handover.dal.jobs import JobStore
from handover.dal.mysql import connect
from handover.dal.slots import CopySlots, check_slot_key
from handover.errors import ServerBusy
from handover_cli.local.fixtures import create_core_database
from handover_cli.local.servers import secret_for_uri

from .conftest import RELEASE, leftovers, table_checksums, unique_core_name
from .test_e2e import submit

LIMIT = 2  # MaxConcurrentCopiesPerServer in the test stack
CHECK_LIMIT = 3  # MaxConcurrentChecksPerServer in the test stack


@pytest.fixture
def slots(stack) -> CopySlots:
    return CopySlots(JobStore(stack.table_name).table)


def test_a_slot_is_taken_while_fewer_than_the_limit_are_held_first_come_first_served(slots):
    server = f"staging-{uuid.uuid4().hex[:6]}:3306"
    first, second, third, fourth, fifth = (f"exec-{i}" for i in range(5))
    assert slots.acquire(server, first, 2).acquired
    assert slots.acquire(server, second, 2).acquired
    assert slots.acquire(server, first, 2).acquired  # a retried acquire keeps its slot
    waiting = slots.acquire(server, third, 2)
    assert (waiting.acquired, waiting.running, waiting.ahead) == (False, 2, 0)
    time.sleep(0.01)
    assert slots.acquire(server, fourth, 2).ahead == 1
    slots.release(server, first)
    assert slots.acquire(server, third, 2).acquired
    assert not slots.acquire(server, fourth, 2).acquired  # full again
    slots.release(server, second)
    # A newcomer does not take the slot the fourth has waited for.
    assert (slots.acquire(server, fifth, 2).acquired, slots.waiting(server).keys()) == (
        False,
        {fourth, fifth},
    )
    assert slots.acquire(server, fourth, 2).acquired
    assert set(slots.holders(server)) == {third, fourth}


def test_handovers_copy_no_more_than_the_limit_at_once_and_wait_their_turn(
    api, stack, source, staging, slots
):
    names = [unique_core_name() for _ in range(5)]
    with source.connect() as conn:
        for name in names:
            create_core_database(conn, name, release=RELEASE, genes_per_species=40)
    server = secret_for_uri(staging.service_uri())
    key = f"{server['host']}:{server['port']}"
    most, waited, done = 0, set(), threading.Event()

    def watch() -> None:
        nonlocal most
        while not done.is_set():
            most = max(most, len(slots.holders(key)))
            for token, job in ((t, api.call("GET", f"/handovers/{t}")[1]) for t in list(tokens)):
                if "Waiting for a copy slot" in job.get("message", ""):
                    waited.add(token)
            time.sleep(0.05)

    tokens: list[str] = []
    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        tokens.extend(submit(api, source.src_uri(name))["handover_token"] for name in names)
        jobs = [api.wait(token, timeout=180) for token in tokens]
    finally:
        done.set()
        watcher.join()
    assert [j["status"] for j in jobs] == ["SUCCEEDED"] * len(names), [j["message"] for j in jobs]
    assert 1 <= most <= LIMIT, most
    assert waited, "no handover was seen waiting for a copy slot"
    assert slots.holders(key) == {} and slots.waiting(key) == {}
    for name in names:
        assert table_checksums(staging, name) == table_checksums(source, name)
        source.query(f"DROP DATABASE `{name}`")
        staging.query(f"DROP DATABASE `{name}`")
    assert not leftovers(staging)


def test_datachecks_wait_for_a_check_slot_on_their_source_server(api, stack, source, slots):
    """Check slots are per source server: with the limit held by others, a handover waits
    before its datachecks, says so, and goes on once a slot is free."""
    name = unique_core_name()
    with source.connect() as conn:
        create_core_database(conn, name, release=RELEASE)
    key = check_slot_key(source.host_port)
    others = [f"other-{uuid.uuid4().hex[:6]}" for _ in range(CHECK_LIMIT)]
    for other in others:
        assert slots.acquire(key, other, CHECK_LIMIT).acquired
    try:
        token = submit(api, source.src_uri(name))["handover_token"]
        message = ""
        for _ in range(200):
            message = api.call("GET", f"/handovers/{token}")[1]["message"]
            if message.startswith("Waiting for a check slot"):
                break
            time.sleep(0.05)
        assert message == (
            f"Waiting for a check slot on source {source.host_port} (0 ahead, "
            f"{CHECK_LIMIT} checking)"
        )
        assert token in slots.waiting(key)
    finally:
        for other in others:
            slots.release(key, other)
    job = api.wait(token, timeout=120)
    assert job["status"] == "SUCCEEDED", job["message"]
    said = [r["message"] for r in job["reports"]]
    assert f"Check slot taken on source {source.host_port}" in said
    assert token not in slots.holders(key) and token not in slots.waiting(key)
    source.query(f"DROP DATABASE `{name}`")


def test_a_failed_datacheck_gives_its_check_slot_back(api, stack, source, slots):
    name = unique_core_name()
    with source.connect() as conn:
        create_core_database(conn, name, release=RELEASE)
    source.query("DELETE FROM transcript WHERE gene_id = 1", database=name)
    token = submit(api, source.src_uri(name))["handover_token"]
    job = api.wait(token, timeout=120)
    assert (job["status"], job["failed_step"]) == ("FAILED", "check")
    key = check_slot_key(source.host_port)
    assert token not in slots.holders(key) and token not in slots.waiting(key)
    source.query(f"DROP DATABASE `{name}`")


def test_the_sweep_frees_slots_of_handovers_that_have_ended(stack, staging, slots):
    server = secret_for_uri(staging.service_uri())
    key = f"{server['host']}:{server['port']}"
    gone = str(uuid.uuid4())  # an execution stopped from the console: its job is gone
    assert slots.acquire(key, gone, LIMIT).acquired
    checking = check_slot_key("source.example.org:3306")
    assert slots.acquire(checking, gone, LIMIT).acquired
    report = stack.invoke("CleanupFunction", {"action": "sweep"})
    assert f"{key} {gone}" in report["slots_freed"]
    assert f"{checking} {gone}" in report["slots_freed"]
    assert gone not in slots.holders(key) and gone not in slots.holders(checking)


def plain_user(server) -> str:
    """A user without CONNECTION ADMIN (root may always connect once more): such a user is
    refused with 1040 once max_connections are in use. No password, as the URI says."""
    name = f"plain{uuid.uuid4().hex[:6]}"
    server.query(f"CREATE USER '{name}'@'%'")
    server.query(f"GRANT SELECT ON *.* TO '{name}'@'%'")
    return name


def held_connections(server, user: str) -> list[pymysql.connections.Connection]:
    """Every connection the server takes, held by `user` (MariaDB allows at least 10)."""
    server.query("SET GLOBAL max_connections = 10")
    s = secret_for_uri(server.uri)
    return [
        pymysql.connect(host=s["host"], port=s["port"], user=user, password="") for _ in range(10)
    ]


def test_too_many_connections_is_server_busy(doomed_source):
    user = plain_user(doomed_source)
    held = held_connections(doomed_source, user)
    s = secret_for_uri(doomed_source.uri)
    creds = ServerCredentials(s["host"], s["port"], user, "", None)
    try:
        with (
            pytest.raises(ServerBusy, match="is busy: Too many connections"),
            connect(creds, "source"),
        ):
            pass
    finally:
        for conn in held:
            conn.close()


def test_a_handover_waits_out_a_server_with_no_connection_to_spare(
    api, stack, staging, doomed_source
):
    name = unique_core_name()
    with doomed_source.connect() as conn:
        create_core_database(conn, name, release=RELEASE)
    user = plain_user(doomed_source)
    held = held_connections(doomed_source, user)
    try:
        uri = f"mysql://{user}@{doomed_source.host_port}/{name}"
        token = submit(api, uri)["handover_token"]
        time.sleep(4)  # several tries, each refused with 1040
        job = api.call("GET", f"/handovers/{token}")[1]
        assert job["status"] == "CHECKING", job["message"]
    finally:
        for conn in held:
            conn.close()
    job = api.wait(token, timeout=120)
    assert job["status"] == "SUCCEEDED", job["message"]
    assert table_checksums(staging, name) == table_checksums(doomed_source, name)
    staging.query(f"DROP DATABASE `{name}`")
