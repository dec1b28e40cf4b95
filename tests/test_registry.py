"""Registration against a real metadata database (migrated by the project) on a throwaway
server, with the facts read from real Ensembl-like databases."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

import pymysql
import pytest

from handover.errors import RegistrationFailed
from handover.register.metadata.facts import GenomeFacts, read_genomes
from handover.register.metadata.registry import Registration, Registry
from handover.register.metadata.schema import ensure_database, migrate
from handover_cli.local.fixtures import Species, create_core_database, create_other_database
from handover_cli.local.servers import secret_for_uri

from .conftest import RELEASE, Server


@pytest.fixture
def metadata(staging: Server) -> Iterator[pymysql.connections.Connection]:
    name = f"registry_test_{uuid.uuid4().hex[:8]}"
    staging.query(f"CREATE DATABASE `{name}`")
    with staging.connect(name) as conn:
        migrate(conn)
        yield conn
    staging.query(f"DROP DATABASE `{name}`")


@pytest.fixture
def databases(source: Server) -> Iterator[list[str]]:
    made: list[str] = []
    yield made
    for name in made:
        source.query(f"DROP DATABASE IF EXISTS `{name}`")


def facts(source: Server, databases: list[str], name: str, **options) -> list[GenomeFacts]:
    """Build a database on the source, and read its genomes as registration does."""
    with source.connect() as conn:
        if "_core_" in name:
            create_core_database(conn, name, release=RELEASE, **options)
        else:
            create_other_database(conn, name, name.split("_")[-3], release=RELEASE)
    databases.append(name)
    with source.connect(name) as conn:
        return read_genomes(conn)


def registration(name: str, db_type: str = "core", token: str | None = None) -> Registration:
    return Registration(
        dbname=name,
        db_type=db_type,
        release=RELEASE,
        division="vertebrates",
        token=token or str(uuid.uuid4()),
        contact="team@example.org",
        comment="registry test",
    )


def rows(conn, sql: str, *args) -> list[tuple]:
    with conn.cursor() as cur:
        cur.execute(sql, args)
        return list(cur.fetchall())


def counts(conn) -> dict[str, int]:
    tables = ("organism", "assembly", "genome", "genome_database", "genome_event")
    return {t: rows(conn, f"SELECT COUNT(*) FROM {t}")[0][0] for t in tables}


def test_a_first_registration_records_the_genome_as_the_database_states_it(
    source, metadata, databases
):
    name = f"reg{uuid.uuid4().hex[:8]}_core_{RELEASE}_38"
    reg = registration(name)
    events = Registry(metadata).register(reg, facts(source, databases, name))
    assert [(e.type, e.genome, e.dbname) for e in events] == [
        ("new_genome", name.split("_core_")[0], name)
    ]
    assert rows(
        metadata,
        "SELECT o.production_name, o.scientific_name, o.taxonomy_id, a.assembly_default, "
        "a.assembly_accession, a.assembly_level, a.base_count, g.genebuild, d.name, r.ensembl_version, "
        "gd.type, gd.species_id FROM genome g JOIN organism o USING (organism_id) "
        "JOIN assembly a USING (assembly_id) JOIN division d USING (division_id) "
        "JOIN data_release r USING (data_release_id) JOIN genome_database gd USING (genome_id)",
    ) == [
        (
            name.split("_core_")[0],
            "Homo sapiens",
            9606,
            "GRCh38",
            "GCA_000001405.29",
            "chromosome",
            60000,  # three top-level chromosomes of 20,000 bases
            "2014-07-Ensembl",
            "vertebrates",
            RELEASE,
            "core",
            1,
        )
    ]
    ((kind, source_name, details),) = rows(
        metadata,
        "SELECT type, source, details FROM genome_event WHERE handover_token = %s",
        reg.token,
    )
    assert (kind, source_name) == ("new_genome", "handover")
    assert json.loads(details) == {
        "contact": "team@example.org",
        "comment": "registry test",
        "database": name,
        "handover_token": reg.token,
    }


def test_a_rehandover_without_change_updates_and_never_duplicates(source, metadata, databases):
    name = f"reg{uuid.uuid4().hex[:8]}_core_{RELEASE}_38"
    genomes = facts(source, databases, name)
    Registry(metadata).register(registration(name), genomes)
    before = counts(metadata)
    events = Registry(metadata).register(registration(name), genomes)
    assert [e.type for e in events] == ["updated"]
    assert counts(metadata) == {**before, "genome_event": before["genome_event"] + 1}


def test_a_retried_registration_reports_what_its_first_try_recorded(source, metadata, databases):
    name = f"reg{uuid.uuid4().hex[:8]}_core_{RELEASE}_38"
    genomes = facts(source, databases, name)
    reg = registration(name)
    first = Registry(metadata).register(reg, genomes)
    before = counts(metadata)
    again = Registry(metadata).register(reg, genomes)
    assert [e.type for e in again] == [e.type for e in first] == ["new_genome"]
    assert counts(metadata) == before


@pytest.mark.parametrize(
    ("changed", "event"),
    [
        ({"assembly": "GRCh39", "assembly_accession": "GCA_000001405.40"}, "new_assembly"),
        ({"genebuild": "2026-01-Ensembl"}, "new_genebuild"),
    ],
)
def test_an_assembly_or_genebuild_change_is_its_own_event(
    source, metadata, databases, changed, event
):
    prefix = f"reg{uuid.uuid4().hex[:8]}"
    old = f"{prefix}_core_{RELEASE}_38"
    new = f"{prefix}_core_{RELEASE}_39"
    Registry(metadata).register(registration(old), facts(source, databases, old))
    species = Species(production_name=prefix, **changed)
    events = Registry(metadata).register(
        registration(new), facts(source, databases, new, species=(species,))
    )
    assert [e.type for e in events] == [event]
    # One genome per organism and release: it now points at the new database's facts.
    assert rows(
        metadata,
        "SELECT a.assembly_default, g.genebuild FROM genome g JOIN assembly a USING (assembly_id) "
        "JOIN organism o USING (organism_id) WHERE o.production_name = %s",
        prefix,
    ) == [(species.assembly, species.genebuild)]


def test_a_collection_database_registers_every_species(source, metadata, databases):
    name = f"reg{uuid.uuid4().hex[:6]}_collection_core_{RELEASE}_1"
    members = tuple(
        Species(production_name=f"bug_{i}_{uuid.uuid4().hex[:6]}", taxonomy_id=1000 + i)
        for i in range(3)
    )
    events = Registry(metadata).register(
        registration(name), facts(source, databases, name, species=members)
    )
    assert sorted((e.type, e.genome) for e in events) == sorted(
        ("new_genome", s.production_name) for s in members
    )
    assert rows(
        metadata,
        "SELECT o.production_name, gd.species_id FROM genome_database gd "
        "JOIN genome USING (genome_id) JOIN organism o USING (organism_id) WHERE gd.dbname = %s "
        "ORDER BY gd.species_id",
        name,
    ) == [(s.production_name, i + 1) for i, s in enumerate(members)]


def test_a_non_core_database_needs_its_core_and_leaves_nothing_when_refused(
    source, metadata, databases
):
    prefix = f"reg{uuid.uuid4().hex[:8]}"
    variation = f"{prefix}_variation_{RELEASE}_38"
    before = counts(metadata)
    with pytest.raises(RegistrationFailed, match=f"no core database of {prefix} is registered"):
        Registry(metadata).register(
            registration(variation, "variation"), facts(source, databases, variation)
        )
    assert counts(metadata) == before  # the organism row it wrote was rolled back

    core = f"{prefix}_core_{RELEASE}_38"
    Registry(metadata).register(registration(core), facts(source, databases, core))
    events = Registry(metadata).register(
        registration(variation, "variation"), facts(source, databases, variation)
    )
    assert [(e.type, e.genome) for e in events] == [("updated", prefix)]
    assert rows(
        metadata, "SELECT type, species_id FROM genome_database WHERE dbname = %s", variation
    ) == [("variation", 1)]


def test_a_compara_database_is_a_release_database(metadata):
    name = f"ensembl_compara_{RELEASE}"
    reg = registration(name, "compara")
    events = Registry(metadata).register(reg, [])
    Registry(metadata).register(reg, [])  # a retry records nothing twice
    assert [(e.type, e.genome) for e in events] == [("updated", None)]
    assert rows(
        metadata,
        "SELECT rd.type, d.name FROM release_database rd JOIN division d USING (division_id) "
        "WHERE rd.dbname = %s",
        name,
    ) == [("compara", "vertebrates")]
    assert rows(metadata, "SELECT COUNT(*) FROM genome_event WHERE dbname = %s", name) == [(1,)]


def test_a_genome_new_to_its_division_is_a_new_assembly(source, metadata, databases):
    prefix = f"reg{uuid.uuid4().hex[:8]}"
    first = f"{prefix}_core_{RELEASE}_1"
    moved = f"{prefix}_core_{RELEASE}_2"
    metazoa = Species(production_name=prefix, division="EnsemblMetazoa")
    Registry(metadata).register(
        registration(first), facts(source, databases, first, species=(metazoa,))
    )
    events = Registry(metadata).register(registration(moved), facts(source, databases, moved))
    assert [e.type for e in events] == ["new_assembly"]
    assert sorted(
        rows(
            metadata,
            "SELECT d.name FROM genome JOIN organism o USING (organism_id) "
            "JOIN division d USING (division_id) WHERE o.production_name = %s",
            prefix,
        )
    ) == [("metazoa",), ("vertebrates",)]


def test_a_missing_metadata_database_is_created_by_the_first_registration(staging: Server):
    name = f"registry_new_{uuid.uuid4().hex[:8]}"
    assert name not in staging.databases()
    with staging.connect() as conn:
        assert ensure_database(conn, name) is True
        assert migrate(conn)  # the migrations run in the new database
        assert ensure_database(conn, name) is False
    assert name in staging.databases()
    assert staging.query("SELECT COUNT(*) FROM schema_version", database=name)[0][0] >= 1
    staging.query(f"DROP DATABASE `{name}`")


def test_a_user_who_may_not_create_it_is_told_what_to_do(staging: Server):
    name = f"registry_denied_{uuid.uuid4().hex[:8]}"
    user, password = f"ro{uuid.uuid4().hex[:8]}", "ReadOnly-Pw1"
    staging.query(f"CREATE USER '{user}'@'%%' IDENTIFIED BY %s", (password,))
    try:
        staging.query(f"GRANT SELECT ON *.* TO '{user}'@'%'")
        s = secret_for_uri(staging.uri)
        conn = pymysql.connect(host=s["host"], port=s["port"], user=user, password=password)
        with conn, pytest.raises(RegistrationFailed, match=f"CREATE DATABASE `{name}`"):
            ensure_database(conn, name)
    finally:
        staging.query(f"DROP USER '{user}'@'%'")
