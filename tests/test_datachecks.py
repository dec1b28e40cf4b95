"""Every datacheck, on a database built to pass it and on one built to fail it."""

import uuid
from pathlib import Path

import pytest

from handover.check.datachecks import registry, run_suite
from handover.check.datachecks.framework import Context
from handover.check.reference import SchemaSnapshot, snapshot
from handover_cli.local.fixtures import create_core_database, create_other_database
from handover_cli.local.servers import MariaDBServer, find_binary

from .conftest import RELEASE, Server

# check name -> (db_type, SQL that breaks a good database for that check)
BREAKERS = {
    "MetaKeysPresent": ("core", ["DELETE FROM meta WHERE meta_key = 'species.division'"]),
    "MetaKeysSingleValued": (
        "core",
        [
            "INSERT INTO meta (species_id, meta_key, meta_value) VALUES (1, 'assembly.default', 'GRCh39')"
        ],
    ),
    "ProductionNameFormat": (
        "core",
        ["UPDATE meta SET meta_value = 'Homo Sapiens' WHERE meta_key = 'species.production_name'"],
    ),
    "CoordSystemTopLevel": ("core", ["UPDATE coord_system SET attrib = '' WHERE `rank` = 1"]),
    "SeqRegionCoordSystem": ("core", ["INSERT INTO seq_region VALUES (9999, 'orphan', 999, 100)"]),
    "GenesHaveTranscripts": ("core", ["DELETE FROM transcript WHERE gene_id = 1"]),
    "TranscriptsHaveExons": ("core", ["DELETE FROM exon_transcript WHERE transcript_id = 1"]),
    "ExonsInTranscripts": (
        "core",
        [
            "INSERT INTO exon VALUES (99999, 1, 10, 20, 1, -1, -1, 1, 0, 'ENSE_ALONE', 1, NOW(), NOW())"
        ],
    ),
    "UniqueGeneStableIds": (
        "core",
        ["UPDATE gene SET stable_id = 'ENSG00000000001' WHERE gene_id = 2"],
    ),
    "UniqueTranscriptStableIds": (
        "core",
        ["UPDATE transcript SET stable_id = 'ENST00000000001' WHERE transcript_id = 5"],
    ),
    "FeatureCoordinates": (
        "core",
        ["UPDATE exon SET seq_region_end = 999999999 WHERE exon_id = 1"],
    ),
    "SequenceLevelDNA": ("core", ["DELETE FROM dna ORDER BY seq_region_id LIMIT 1"]),
    "RequiredTablesPopulated": ("core", ["DELETE FROM meta_coord"]),
    "AnalysisReferences": ("core", ["UPDATE gene SET analysis_id = 99 WHERE gene_id = 1"]),
    "CanonicalTranscript": (
        "core",
        ["UPDATE gene SET canonical_transcript_id = 3 WHERE gene_id = 1"],
    ),
    "TranslationExons": (
        "core",
        ["UPDATE translation SET start_exon_id = 4 WHERE translation_id = 1"],
    ),
    "SchemaMatchesReference": (
        "core",
        [
            "ALTER TABLE gene ADD COLUMN frobnicated INT",
            "DROP TABLE meta_coord",
            "ALTER TABLE exon MODIFY phase INT NOT NULL",
            "ALTER TABLE transcript ADD INDEX extra_idx (stable_id)",
            "ALTER TABLE analysis ENGINE=InnoDB",
        ],
    ),
    "SchemaVersion": (
        "core",
        ["UPDATE meta SET meta_value = '114' WHERE meta_key = 'schema_version'"],
    ),
    "SchemaType": (
        "core",
        ["UPDATE meta SET meta_value = 'variation' WHERE meta_key = 'schema_type'"],
    ),
    "ComparaGenomeDbs": ("compara", ["INSERT INTO species_set VALUES (1, 77)"]),
    "ComparaMethodLinkSpeciesSets": (
        "compara",
        ["UPDATE method_link_species_set SET method_link_id = 42"],
    ),
    "VariationFeatureVariation": ("variation", ["DELETE FROM variation WHERE variation_id = 7"]),
    "RegulatoryFeatureTypes": (
        "funcgen",
        ["UPDATE regulatory_feature SET feature_type_id = 9 WHERE regulatory_feature_id < 3"],
    ),
}
NAMES = {
    "core": f"testdc_core_{RELEASE}_1",
    "compara": f"ensembl_compara_testdc_{RELEASE - 53}_{RELEASE}",
    "variation": f"testdc_variation_{RELEASE}_1",
    "funcgen": f"testdc_funcgen_{RELEASE}_1",
}


def test_there_are_at_least_15_checks_and_every_one_is_tested_here():
    assert len(registry) >= 15
    assert set(registry) == set(BREAKERS) | {"CheckTables"}


def build(source, db_type: str, suffix: str) -> str:
    name = NAMES[db_type].replace("testdc", f"testdc{suffix}")
    with source.connect() as conn:
        if db_type == "core":
            create_core_database(conn, name, release=RELEASE, genes_per_species=6)
        else:
            create_other_database(conn, name, db_type, release=RELEASE)
    return name


def pristine_schema(source, db_type: str) -> SchemaSnapshot:
    """The schema of a freshly built fixture of `db_type`: the reference the schema check
    compares a broken one with (the fixtures are not Ensembl's full schemas)."""
    name = build(source, db_type, f"ref{uuid.uuid4().hex[:6]}")
    try:
        with source.connect() as conn:
            return snapshot(conn, name)
    finally:
        source.query(f"DROP DATABASE `{name}`")


def run(source, name: str, db_type: str, check: str):
    reference = pristine_schema(source, db_type) if check == "SchemaMatchesReference" else None
    with source.connect(name) as conn:
        (result,) = run_suite(conn, Context(name, db_type, RELEASE, reference), names=[check])
    return result


@pytest.fixture(scope="module")
def good_databases(source):
    names = {db_type: build(source, db_type, "good") for db_type in NAMES}
    yield names
    for name in names.values():
        source.query(f"DROP DATABASE `{name}`")


@pytest.mark.parametrize("db_type", sorted(NAMES))
def test_a_good_database_passes_every_check(source, good_databases, db_type):
    name = good_databases[db_type]
    with source.connect(name) as conn:
        results = run_suite(conn, Context(name, db_type, RELEASE))
    assert results, f"no checks apply to {db_type}"
    assert [r.summary for r in results if not r.passed] == []


@pytest.mark.parametrize("check", sorted(BREAKERS))
def test_each_check_fails_a_database_built_to_fail_it(source, check):
    db_type, breakers = BREAKERS[check]
    name = build(source, db_type, uuid.uuid4().hex[:6])
    try:
        for sql in breakers:
            source.query(sql, database=name)
        result = run(source, name, db_type, check)
        assert not result.passed, f"{check} passed a database built to fail it"
        assert result.findings and all(f.count > 0 for f in result.findings)
        assert result.critical is registry[check].critical
    finally:
        source.query(f"DROP DATABASE `{name}`")


def test_findings_give_counts_and_the_first_offending_ids(source):
    name = build(source, "core", uuid.uuid4().hex[:6])
    try:
        source.query("UPDATE gene SET analysis_id = 99 WHERE gene_id IN (2, 3, 5)", database=name)
        result = run(source, name, "core", "AnalysisReferences")
        (finding,) = result.findings
        assert (finding.problem, finding.count, sorted(finding.examples)) == (
            "genes with an unknown analysis_id",
            3,
            [2, 3, 5],
        )
        source.query("UPDATE gene SET analysis_id = 99", database=name)
        (finding,) = run(source, name, "core", "AnalysisReferences").findings
        assert finding.count == 6 and len(finding.examples) == 6
    finally:
        source.query(f"DROP DATABASE `{name}`")


def test_check_tables_finds_a_corrupt_myisam_table():
    """On a server of its own: the table file is damaged behind the server's back."""
    if not find_binary("mariadbd"):
        pytest.skip("needs mariadbd to start a server whose files it may damage")
    with MariaDBServer("corrupt") as server:
        own = Server(server.uri, server)
        name = build(own, "core", "corrupt")
        assert run(own, name, "core", "CheckTables").passed
        own.query("FLUSH TABLES")
        data_file = Path(server.datadir) / name / "gene.MYD"
        data_file.write_bytes(data_file.read_bytes()[:-100])  # lose the last rows' bytes
        own.query("FLUSH TABLES")
        result = run(own, name, "core", "CheckTables")
        assert not result.passed
        (finding,) = result.findings
        assert finding.count == 1 and finding.examples[0].startswith("gene: Size of datafile")
