"""Ensembl-format reference schemas (core.sql, variation.sql, compara.sql, in the layout of
Ensembl's table.sql files) and databases built from them.

A database is made by running the schema file, as a production team's pipeline starts from
table.sql, then filling it: the rows of a small fixture database of the same type (through
the columns both have), and the awkward values real databases hold (an ENUM's error value,
zero dates, tables without any key).
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pymysql
from pymysql.constants import CLIENT

from handover_cli.local.fixtures import Species, create_core_database, create_other_database
from handover_cli.local.servers import connect

SCHEMAS = Path(__file__).resolve().parent
FAMILY = {"core": "core", "variation": "variation", "compara": "compara"}
# The modes the values below were written under (old servers' defaults).
PERMISSIVE = "NO_AUTO_VALUE_ON_ZERO,ALLOW_INVALID_DATES"


def schema_file(db_type: str) -> Path:
    return SCHEMAS / f"{FAMILY[db_type]}.sql"


def table_count(db_type: str) -> int:
    """How many tables the schema file creates."""
    text = schema_file(db_type).read_text().lower()
    return text.count("\ncreate table ")


def _connect(uri: str, database: str | None = None) -> pymysql.connections.Connection:
    """A connection that may send a whole file at once."""
    return connect(uri, database, client_flag=CLIENT.MULTI_STATEMENTS)


def run_sql_file(uri: str, database: str, path: Path) -> None:
    """Run a file as `mysql database < file` would: the server splits it."""
    with _connect(uri, database) as conn, conn.cursor() as cur:
        cur.execute(f"SET SESSION sql_mode = '{PERMISSIVE}'")
        cur.execute(path.read_text())
        while cur.nextset():
            pass


def create_ensembl_database(
    uri: str,
    name: str,
    db_type: str,
    *,
    release: int,
    species: tuple[Species, ...] | None = None,
    grch37: bool = False,
) -> None:
    """`name` on the server at `uri`, of Ensembl's full schema for `db_type`, with data."""
    small = f"_small_{uuid.uuid4().hex[:12]}"
    # The species is the database's, as its name says (the small copy's name says nothing).
    prefix = name.split(f"_{db_type}_")[0]
    with _connect(uri) as conn:
        if db_type == "core":
            create_core_database(
                conn, small, release=release, species=species or (Species(production_name=prefix),)
            )
        else:
            create_other_database(conn, small, db_type, release=release, grch37=grch37)
        with conn.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
            cur.execute(f"CREATE DATABASE `{name}` CHARACTER SET latin1")
    run_sql_file(uri, name, schema_file(db_type))
    with _connect(uri, name) as conn, conn.cursor() as cur:
        cur.execute(f"SET SESSION sql_mode = '{PERMISSIVE}'")
        # The fixture's meta says what this database is; the file's rows say what the schema is.
        cur.execute("DELETE FROM meta")
        for table in _tables(cur, small):
            columns = _shared_columns(cur, small, name, table)
            if columns:
                listed = ", ".join(f"`{c}`" for c in columns)
                cur.execute(
                    f"INSERT INTO `{name}`.`{table}` ({listed}) SELECT {listed} FROM `{small}`.`{table}`"
                )
        cur.execute(
            "UPDATE meta SET meta_value = %s WHERE meta_key = 'species.production_name' "
            "AND meta_value = %s",
            (prefix, small),
        )
        for sql in AWKWARD_VALUES[db_type]:
            cur.execute(sql)
        cur.execute(f"DROP DATABASE `{small}`")


def _tables(cur: pymysql.cursors.Cursor, database: str) -> list[str]:
    cur.execute(
        "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s", (database,)
    )
    return [r[0] for r in cur.fetchall()]


def _shared_columns(cur: pymysql.cursors.Cursor, small: str, full: str, table: str) -> list[str]:
    cur.execute(
        "SELECT a.COLUMN_NAME FROM information_schema.COLUMNS a JOIN information_schema.COLUMNS b "
        "ON b.TABLE_SCHEMA = %s AND b.TABLE_NAME = a.TABLE_NAME AND b.COLUMN_NAME = a.COLUMN_NAME "
        "WHERE a.TABLE_SCHEMA = %s AND a.TABLE_NAME = %s AND a.EXTRA NOT LIKE '%%GENERATED%%' "
        "ORDER BY a.ORDINAL_POSITION",
        (full, small, table),
    )
    return [r[0] for r in cur.fetchall()]


# Values real databases hold, in tables the small fixtures leave empty.
AWKWARD_VALUES: dict[str, list[str]] = {
    "core": [
        # An old xref pipeline's info_type that the ENUM does not list: stored as the error value.
        "INSERT INTO xref (xref_id, external_db_id, dbprimary_acc, display_label, info_type, info_text) "
        "VALUES (900001, 1100, 'OLD:1', 'old pipeline', 'NOT_A_TYPE', 'kept as it was'), "
        "(900002, 1100, 'OLD:2', 'empty type', '', '')",
        "INSERT INTO biotype (name, object_type, db_type, biotype_group, so_acc, so_term) VALUES "
        "('protein_coding', 'gene', 'core,otherfeatures', 'coding', 'SO:0001217', 'protein_coding_gene'), "
        "('lncRNA', 'transcript', 'core', 'lnoncoding', 'SO:0002127', 'lncRNA_gene')",
        "INSERT INTO mapping_session (mapping_session_id, old_db_name, new_db_name, old_release, "
        "new_release, old_assembly, new_assembly, created) VALUES "
        "(1, 'ALL', 'old_core_1', '1', '2', 'A', 'B', '0000-00-00 00:00:00'), "
        "(2, 'old_core_1', 'new_core_2', '2', '3', 'B', 'B', '2019-02-31 12:00:00')",
        "INSERT INTO stable_id_event VALUES ('ENSG01', 1, 'ENSG01', 2, 2, 'gene', 0.98), "
        "(NULL, NULL, 'ENSG02', 1, 2, 'gene', 0)",
        "INSERT INTO karyotype (seq_region_id, seq_region_start, seq_region_end, band, stain) "
        "VALUES (1, 1, 5000, 'p11', 'gneg'), (1, 5001, 20000, 'q11  ', 'acen')",
        "INSERT INTO repeat_consensus VALUES (1, 'AluY', 'SINE/Alu', 'Type I Transposons/SINE', 'GGCCGGGCGCGGTGGCTCA')",
        "INSERT INTO repeat_feature (seq_region_id, seq_region_start, seq_region_end, repeat_start, "
        "repeat_end, repeat_consensus_id, analysis_id, score) VALUES (2, 100, 400, 1, 300, 1, 1, 2345)",
        "INSERT INTO seq_region_synonym (seq_region_id, synonym, external_db_id) VALUES (1, 'NC_000001.11', 1100)",
        "INSERT INTO external_synonym VALUES (1, 'GENE1 alias'), (1, 'GÜELL1')",
        # A table without any key, as meta_coord and friends are.
        "INSERT INTO seq_region_mapping VALUES (7, 1, 1), (7, 1, 1), (8, 2, 1)",
    ],
    "variation": [
        "INSERT INTO failed_variation (variation_id, failed_description_id) VALUES (3, 1), (4, 5)",
        "INSERT INTO compressed_genotype_var VALUES (1, NULL, UNHEX('0001000200030004')), "
        "(1, NULL, UNHEX('0001000200030004')), (2, 12345, '')",
        "INSERT INTO read_coverage VALUES (1, 1, 1000, 1, 1), (1, 1, 1000, 1, 1), (1, 1001, 2000, 2, 1)",
        "INSERT INTO compressed_genotype_region VALUES (1, 1, 1, 100000, 1, UNHEX('000A0001'))",
        "INSERT INTO individual (name, gender, individual_type_id) VALUES ('NA12878', 'Female', 3), "
        "('NA12891', 'nobody knows', 3)",
        "INSERT INTO population (name, size, display) VALUES ('1000GENOMES:phase_3:GBR', 91, 'LD')",
        "INSERT INTO publication (title, authors, pmid, year) VALUES ('A variant', 'Ñúñez M', 1234, 0)",
    ],
    "compara": [
        "INSERT INTO dnafrag (dnafrag_id, length, name, genome_db_id, coord_system_name) VALUES "
        "(1, 248956422, '1', 1, 'chromosome'), (2, 16569, 'MT', 1, 'chromosome')",
        "UPDATE dnafrag SET cellular_component = 'MT', codon_table_id = 2 WHERE name = 'MT'",
        "INSERT INTO genomic_align_block VALUES (1, 1, 42.5, 97, 1000, NULL, 1)",
        "INSERT INTO conservation_score VALUES (1, 1, 0, UNHEX('3F8000003F800000'), UNHEX('BF800000')), "
        "(1, 10, 0, '', NULL), (1, 10, 0, '', NULL)",
        "INSERT INTO constrained_element VALUES (1, 1, 100, 180, 1, 1, 0.0001, 12.5), "
        "(1, 2, 10, 90, -1, 1, 0.0001, 12.5)",
        "INSERT INTO ncbi_taxa_node VALUES (9606, 9605, 'species', 0, 1, 2, 1)",
        "INSERT INTO ncbi_taxa_name VALUES (9606, 'Homo sapiens', 'scientific name'), (9606, 'man', 'genbank common name')",
        "INSERT INTO mapping_session (type, when_mapped, rel_from, rel_to, prefix) VALUES "
        "('tree', '0000-00-00 00:00:00', 114, 115, 'ENSG')",
    ],
}
