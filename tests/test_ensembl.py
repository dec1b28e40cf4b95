"""Ensembl's real formats: the release's table.sql files as reference schemas, read the way
Ensembl's CompareSchema reads them (loaded by the server, compared through information_schema),
and databases of the full schemas handed over end to end through the local stack."""

import os
import uuid

import pytest

from handover.check.datachecks import run_suite
from handover.check.datachecks.framework import Context
from handover.check.reference import (
    SCRATCH_PREFIX,
    MissingReference,
    ReferenceFile,
    compare,
    read_reference,
    scratch_schema,
    snapshot,
)
from handover.config import settings
from handover.dal.credentials import ServerCredentials
from handover.errors import CheckFailed
from handover_cli.local.fixtures import Species
from handover_cli.local.servers import secret_for_uri

from .conftest import (
    FIXTURE_SCHEMAS,
    RELEASE,
    Server,
    leftovers,
    metadata_rows,
    table_checksums,
)
from .ensembl import SCHEMAS, create_ensembl_database, schema_file, table_count
from .test_e2e import submit

pytestmark = pytest.mark.e2e


def admin(server: Server) -> ServerCredentials:
    s = secret_for_uri(server.uri)
    return ServerCredentials(s["host"], s["port"], s["username"], s["password"], None)


def reference(db_type: str) -> ReferenceFile:
    path = schema_file(db_type)
    return ReferenceFile(path.name, str(path), path.read_text())


@pytest.fixture(scope="module")
def references(stack):
    """The stack deployed with tests/ensembl/ as its ReferenceSchemaUri (no funcgen.sql), and
    copying in chunks of 5,000 rows: the full schemas' handovers took 200 s in the test
    stack's 200-row chunks, which every other test exercises already."""
    uri = stack.use_reference_schemas(SCHEMAS)
    saved = os.environ.get("COPY_BATCH_ROWS")
    os.environ["COPY_BATCH_ROWS"] = "5000"
    settings.cache_clear()
    yield uri
    if saved is None:
        del os.environ["COPY_BATCH_ROWS"]
    else:
        os.environ["COPY_BATCH_ROWS"] = saved
    settings.cache_clear()
    stack.use_reference_schemas(FIXTURE_SCHEMAS)


@pytest.mark.parametrize("db_type, tables", [("core", 77), ("variation", 56), ("compara", 55)])
def test_an_ensembl_table_sql_with_its_comments_loads_to_every_table(staging, db_type, tables):
    assert table_count(db_type) == tables  # the file's own count of CREATE TABLE
    name = scratch_schema(admin(staging), RELEASE, db_type, reference(db_type))
    with staging.connect() as conn:
        assert len(snapshot(conn, name).engines) == tables


def test_a_reference_is_loaded_once_per_release_and_file(staging):
    ref = reference("core")
    first = scratch_schema(admin(staging), RELEASE, "core", ref)
    created = staging.query(
        "SELECT CREATE_TIME FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s AND TABLE_NAME = 'gene'",
        (first,),
    )
    assert scratch_schema(admin(staging), RELEASE, "core", ref) == first
    assert (
        staging.query(
            "SELECT CREATE_TIME FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s AND TABLE_NAME = 'gene'",
            (first,),
        )
        == created
    )
    changed = ReferenceFile(ref.name, ref.location, ref.text + "\n# a patch\n")
    assert scratch_schema(admin(staging), RELEASE, "core", changed) != first
    assert first.startswith(SCRATCH_PREFIX) and first not in leftovers(staging)


def test_a_reference_that_does_not_load_names_the_file(staging):
    broken = ReferenceFile(
        "core.sql", "s3://refs/115/core.sql", "CREATE TABLE gene (gene_id INT,,);"
    )
    with pytest.raises(CheckFailed, match=r"s3://refs/115/core.sql does not load"):
        scratch_schema(admin(staging), RELEASE, "core", broken)


def test_each_kind_of_difference_from_the_reference_is_a_finding(source, staging):
    name = f"cmp{uuid.uuid4().hex[:8]}_core_{RELEASE}_1"
    create_ensembl_database(source.uri, name, "core", release=RELEASE)
    try:
        for sql in (
            "DROP TABLE karyotype",
            "CREATE TABLE homemade (id INT)",
            "ALTER TABLE gene ADD COLUMN frobnicated INT",
            "ALTER TABLE exon DROP COLUMN is_constitutive",
            "ALTER TABLE exon MODIFY phase INT NOT NULL",
            "ALTER TABLE xref MODIFY info_text VARCHAR(255) NOT NULL DEFAULT 'x'",
            "ALTER TABLE xref DROP INDEX display_index",
            "ALTER TABLE transcript ADD INDEX extra_idx (biotype)",
            "ALTER TABLE translation DROP INDEX stable_id_idx, ADD INDEX stable_id_idx (stable_id)",
            "ALTER TABLE analysis ENGINE=InnoDB",
        ):
            source.query(sql, database=name)
        ref = scratch_schema(admin(staging), RELEASE, "core", reference("core"))
        with staging.connect() as conn:
            expected = snapshot(conn, ref)
        with source.connect() as conn:
            found = {
                f.problem: f.examples for f in compare(expected, snapshot(conn, name)) if f.count
            }
        assert found == {
            "missing tables": ["karyotype"],
            "tables not in the reference schema": ["homemade"],
            "missing columns": ["exon.is_constitutive"],
            "columns not in the reference schema": ["gene.frobnicated"],
            "columns that differ (type, null or default)": [
                "exon.phase: int(11) NOT NULL, reference tinyint(2) NOT NULL",
                "xref.info_text: varchar(255) NOT NULL DEFAULT 'x', reference varchar(255) NOT NULL DEFAULT ''",
            ],
            "missing indexes": ["xref.display_index"],
            "indexes not in the reference schema": ["transcript.extra_idx"],
            "indexes that differ (columns or uniqueness)": ["translation.stable_id_idx"],
            "tables of another engine": ["analysis: InnoDB, reference MyISAM"],
        }
    finally:
        source.query(f"DROP DATABASE IF EXISTS `{name}`")


def test_a_type_without_a_reference_file_is_an_advisory_finding_naming_it(
    stack, source, references
):
    missing = read_reference(references, "funcgen")
    assert missing == MissingReference("funcgen.sql", references)
    name = f"adv{uuid.uuid4().hex[:8]}_core_{RELEASE}_1"
    create_ensembl_database(source.uri, name, "core", release=RELEASE)
    try:
        with source.connect(name) as conn:
            (result,) = run_suite(
                conn, Context(name, "core", RELEASE, missing), names=["SchemaMatchesReference"]
            )
        assert (result.passed, result.critical) == (False, False)
        (finding,) = result.findings
        assert "no reference schema funcgen.sql under s3://" in finding.problem
    finally:
        source.query(f"DROP DATABASE IF EXISTS `{name}`")


def hand_over(api, source, staging, name: str) -> dict:
    # A comment of its own: the same request again within the idempotency window would get
    # an earlier handover's reply (test_e2e hands over a GRCh37 core too).
    comment = f"full Ensembl schema {uuid.uuid4().hex[:8]}"
    token = submit(api, source.src_uri(name), comment=comment)["handover_token"]
    job = api.wait(token, timeout=300)
    status, checks = api.call("GET", f"/handovers/{token}/checks")
    assert status == 200
    schema = [r for r in checks["results"] if r["name"] == "SchemaMatchesReference"]
    assert schema and schema[0]["passed"], checks
    return job


def test_full_ensembl_databases_are_handed_over_and_arrive_identical(
    api, stack, source, staging, metadata_uri, references
):
    prefix = f"ens{uuid.uuid4().hex[:8]}"
    core, variation = f"{prefix}_core_{RELEASE}_1", f"{prefix}_variation_{RELEASE}_1"
    compara = f"ensembl_compara_plants_{RELEASE}"
    create_ensembl_database(source.uri, core, "core", release=RELEASE)
    create_ensembl_database(source.uri, variation, "variation", release=RELEASE)
    create_ensembl_database(source.uri, compara, "compara", release=RELEASE)
    try:
        for name in (core, variation, compara):  # the core first: the variation needs it
            job = hand_over(api, source, staging, name)
            assert job["status"] == "SUCCEEDED", (job["message"], job["reports"][-3:])
            assert table_checksums(staging, name) == table_checksums(source, name), name
            assert metadata_rows(staging, metadata_uri, name) >= 1, name
        assert len(table_checksums(staging, core)) == 77
        # The ENUM error value an old xref pipeline left survived the copy.
        assert staging.query(
            "SELECT info_type + 0 FROM xref WHERE xref_id IN (900001, 900002)", database=core
        ) == [(0,), (0,)]
        assert not leftovers(staging)
    finally:
        for name in (core, variation, compara):
            source.query(f"DROP DATABASE IF EXISTS `{name}`")
            staging.query(f"DROP DATABASE IF EXISTS `{name}`")


def test_a_full_grch37_core_ends_at_its_copy_unregistered(
    api, stack, source, staging, metadata_uri, references
):
    name = f"homo_sapiens_core_{RELEASE}_37"
    create_ensembl_database(
        source.uri,
        name,
        "core",
        release=RELEASE,
        species=(Species(production_name="homo_sapiens", assembly="GRCh37"),),
    )
    try:
        job = hand_over(api, source, staging, name)
        assert job["status"] == "SUCCEEDED", job
        assert (job["progress_complete"], job["progress_total"]) == (2, 2)
        assert table_checksums(staging, name) == table_checksums(source, name)
        assert metadata_rows(staging, metadata_uri, name) == 0
    finally:
        source.query(f"DROP DATABASE IF EXISTS `{name}`")
        staging.query(f"DROP DATABASE IF EXISTS `{name}`")
