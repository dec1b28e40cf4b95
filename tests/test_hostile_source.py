"""A source database built to break out of SQL: hostile table names and hostile meta values.

Identifiers found in a source database are validated and backquoted (handover.dal.mysql.
quote_identifier); values only ever travel as bound parameters or inside the data the servers
build and load themselves. These tests hand over such databases end to end and then check
that nothing outside the handover was touched."""

import json
import uuid

import pytest

from handover_cli.local.fixtures import Species, create_core_database

from .conftest import RELEASE, leftovers, unique_core_name
from .test_e2e import submit

pytestmark = pytest.mark.e2e

HOSTILE_TABLE = "evil`; DROP DATABASE mysql; #"
# Quotes, backslashes, a backquote, a comment, a NUL and non-ASCII (that latin1, the charset
# of a core database's meta table, can hold), in values that are free text.
HOSTILE_TEXT = "Robert'); DROP TABLE organism; -- \\' \" ` \x00 é"


def test_a_hostile_table_name_stops_the_handover_before_it_reaches_sql(api, source, staging):
    name = unique_core_name()
    with source.connect() as conn:
        create_core_database(conn, name, release=RELEASE)
    quoted = "`" + HOSTILE_TABLE.replace("`", "``") + "`"
    source.query(f"CREATE TABLE `{name}`.{quoted} (id INT PRIMARY KEY)")
    source.query(f"INSERT INTO `{name}`.{quoted} VALUES (1)")

    job = api.wait(submit(api, source.src_uri(name))["handover_token"])

    assert job["status"] == "FAILED"
    assert repr(HOSTILE_TABLE) in job["message"], job["message"]
    assert job["failed_step"] == "check" and "rename it in the source database" in job["message"]
    assert "mysql" in staging.databases() and "mysql" in source.databases()
    assert source.query(f"SELECT COUNT(*) FROM `{name}`.{quoted}") == [(1,)]
    assert name not in staging.databases() and not leftovers(staging)
    source.query(f"DROP DATABASE `{name}`")


def test_hostile_meta_values_are_registered_exactly_as_written(api, source, staging, metadata_uri):
    name = unique_core_name()
    species = Species(
        production_name=name.split("_core_")[0],
        display_name=HOSTILE_TEXT,
        scientific_name=HOSTILE_TEXT[::-1],
    )
    with source.connect() as conn:
        create_core_database(conn, name, release=RELEASE, species=(species,))

    job = api.wait(submit(api, source.src_uri(name))["handover_token"])

    assert job["status"] == "SUCCEEDED", job
    meta_db = metadata_uri.rsplit("/", 1)[1]
    stored = staging.query(
        "SELECT display_name, scientific_name FROM organism WHERE production_name = %s",
        (species.production_name,),
        database=meta_db,
    )
    assert stored == [(HOSTILE_TEXT, HOSTILE_TEXT[::-1])]
    # The copy holds the values byte for byte, and every table is still there.
    assert staging.query(
        "SELECT meta_value FROM meta WHERE meta_key = 'species.display_name'", database=name
    ) == [(HOSTILE_TEXT,)]
    assert "organism" in {r[0] for r in staging.query("SHOW TABLES", database=meta_db)}
    staging.query(f"DROP DATABASE `{name}`")
    source.query(f"DROP DATABASE `{name}`")


def test_a_hostile_production_name_is_refused_by_check_and_shown_safely(api, source, staging):
    name = unique_core_name()
    hostile = f"x{uuid.uuid4().hex[:6]}'; DROP TABLE meta; --"
    with source.connect() as conn:
        create_core_database(
            conn, name, release=RELEASE, species=(Species(production_name=hostile),)
        )

    token = submit(api, source.src_uri(name))["handover_token"]
    job = api.wait(token)

    assert job["status"] == "FAILED"
    assert job["failed_step"] == "check"
    assert "ProductionNameFormat" in job["message"], job["message"]
    status, checks = api.call("GET", f"/handovers/{token}/checks")
    (result,) = [r for r in checks["results"] if r["name"] == "ProductionNameFormat"]
    assert hostile in json.dumps(result["findings"]), result  # shown as data, where it is
    assert source.query(f"SELECT COUNT(*) > 0 FROM `{name}`.meta") == [(1,)]
    assert name not in staging.databases() and not leftovers(staging)
    source.query(f"DROP DATABASE `{name}`")
