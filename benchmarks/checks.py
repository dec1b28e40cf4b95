"""How long the critical datacheck suite takes on a big core database, against the I/O floor.

Builds (or reuses) a core database of >= 1M genes, 2M transcripts and 5M exons on a MariaDB
server, server-side (INSERT ... SELECT from a sequence), then times in one run:
- the floor the issue names: a bare SELECT COUNT(*) over every table the suite reads
  (on MyISAM the server answers it from table metadata, so it is near zero);
- a scan floor: one full read of each of those tables (SUM over a column with no index);
- the critical suite, as the check step runs it.
It prints each time and its ratio to the floors.

    .venv/bin/python benchmarks/checks.py                 # a throwaway server
    .venv/bin/python benchmarks/checks.py --uri mysql://root@127.0.0.1:3306/ --keep
"""

from __future__ import annotations

import argparse
import time
from contextlib import ExitStack

import pymysql

from handover.datachecks import registry, run_suite
from handover.datachecks.framework import Context
from handover.local.servers import MariaDBServer, connect
from handover.schemas import reference_statements

RELEASE = 115
TABLES = (
    "meta",
    "coord_system",
    "seq_region",
    "dna",
    "analysis",
    "gene",
    "transcript",
    "exon",
    "exon_transcript",
    "translation",
    "meta_coord",
    "attrib_type",
    "seq_region_attrib",
)


def counts(conn: pymysql.connections.Connection, name: str) -> dict[str, int]:
    with conn.cursor() as cur:
        cur.execute(
            "SELECT TABLE_NAME, TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s",
            (name,),
        )
        return {t: int(n or 0) for t, n in cur.fetchall()}


def build(conn: pymysql.connections.Connection, name: str, genes: int, engine: str) -> None:
    transcripts, exons, regions = genes * 2, genes * 5, 1000
    region_length = 50_000_000
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
        cur.execute(f"CREATE DATABASE `{name}` CHARACTER SET latin1")
        cur.execute(f"USE `{name}`")
        for ddl in reference_statements("core"):
            cur.execute(ddl.replace("ENGINE=MyISAM", f"ENGINE={engine}"))
        steps = [
            (
                "meta",
                "INSERT INTO meta (species_id, meta_key, meta_value) VALUES (NULL, 'schema_type', 'core'), "
                f"(NULL, 'schema_version', '{RELEASE}'), (1, 'species.production_name', 'bench_species'), "
                "(1, 'species.division', 'EnsemblVertebrates'), (1, 'assembly.default', 'BENCH1'), "
                "(1, 'assembly.name', 'BENCH1'), (1, 'genebuild.version', '2026-01')",
            ),
            (
                "coord_system",
                "INSERT INTO coord_system VALUES (1, 1, 'chromosome', 'BENCH1', 1, 'default_version'), "
                "(2, 1, 'contig', NULL, 2, 'default_version,sequence_level')",
            ),
            (
                "attrib_type",
                "INSERT INTO attrib_type (attrib_type_id, code, name) VALUES (6, 'toplevel', 'Top Level')",
            ),
            (
                "analysis",
                "INSERT INTO analysis (analysis_id, logic_name) VALUES (1, 'ensembl'), (2, 'havana')",
            ),
            (
                "seq_region",
                f"INSERT INTO seq_region SELECT seq, CONCAT('chr', seq), 1, {region_length} FROM seq_1_to_{regions}",
            ),
            (
                "seq_region (contigs)",
                f"INSERT INTO seq_region SELECT {regions} + seq, CONCAT('ctg', seq), 2, 1000 FROM seq_1_to_{regions}",
            ),
            (
                "seq_region_attrib",
                f"INSERT INTO seq_region_attrib SELECT seq, 6, '1' FROM seq_1_to_{regions}",
            ),
            (
                "dna",
                f"INSERT INTO dna SELECT {regions} + seq, REPEAT('ACGT', 250) FROM seq_1_to_{regions}",
            ),
            (
                "meta_coord",
                "INSERT INTO meta_coord VALUES ('gene', 1, 30000), ('transcript', 1, 30000), ('exon', 1, 1000)",
            ),
            # gene g: on region 1 + g % regions, 30 kb slots; its transcripts are 2g-1 and 2g.
            (
                "gene",
                "INSERT INTO gene (gene_id, biotype, analysis_id, seq_region_id, seq_region_start, seq_region_end, "
                "seq_region_strand, source, is_current, canonical_transcript_id, stable_id, version) "
                f"SELECT seq, 'protein_coding', 1, 1 + seq % {regions}, 1 + (seq DIV {regions}) * 30000, "
                f"(seq DIV {regions}) * 30000 + 25000, 1, 'ensembl', 1, 2 * seq - 1, CONCAT('ENSBG', LPAD(seq, 11, '0')), 1 "
                f"FROM seq_1_to_{genes}",
            ),
            (
                "transcript",
                "INSERT INTO transcript (transcript_id, gene_id, analysis_id, seq_region_id, seq_region_start, "
                "seq_region_end, seq_region_strand, biotype, is_current, canonical_translation_id, stable_id, version) "
                f"SELECT seq, (seq + 1) DIV 2, 1, 1 + ((seq + 1) DIV 2) % {regions}, 1 + ((seq + 1) DIV 2 DIV {regions}) * 30000, "
                f"((seq + 1) DIV 2 DIV {regions}) * 30000 + 20000, 1, 'protein_coding', 1, seq, "
                f"CONCAT('ENSBT', LPAD(seq, 11, '0')), 1 FROM seq_1_to_{transcripts}",
            ),
            # exon e belongs to transcript 1 + (e - 1) * 2 DIV 5: five exons over each pair of transcripts.
            (
                "exon",
                "INSERT INTO exon (exon_id, seq_region_id, seq_region_start, seq_region_end, seq_region_strand, phase, "
                "end_phase, is_current, stable_id, version) "
                f"SELECT seq, 1 + ((((seq - 1) * 2 DIV 5) + 2) DIV 2) % {regions}, "
                f"1 + ((((seq - 1) * 2 DIV 5) + 2) DIV 2 DIV {regions}) * 30000 + ((seq - 1) % 5) * 3000, "
                f"((((seq - 1) * 2 DIV 5) + 2) DIV 2 DIV {regions}) * 30000 + ((seq - 1) % 5) * 3000 + 1000, 1, 0, 0, 1, "
                f"CONCAT('ENSBE', LPAD(seq, 11, '0')), 1 FROM seq_1_to_{exons}",
            ),
            (
                "exon_transcript",
                "INSERT INTO exon_transcript SELECT seq, 1 + (seq - 1) * 2 DIV 5, "
                f"1 + (seq - 1) - (((seq - 1) * 2 DIV 5) * 5 + 1) DIV 2 FROM seq_1_to_{exons}",
            ),
            (
                "translation",
                "INSERT INTO translation (translation_id, transcript_id, seq_start, start_exon_id, seq_end, "
                "end_exon_id, stable_id, version) SELECT t.seq, t.seq, 1, "
                "(SELECT MIN(exon_id) FROM exon_transcript WHERE transcript_id = t.seq), 100, "
                "(SELECT MAX(exon_id) FROM exon_transcript WHERE transcript_id = t.seq), "
                f"CONCAT('ENSBP', LPAD(t.seq, 11, '0')), 1 FROM seq_1_to_{transcripts} t",
            ),
        ]
        for label, sql in steps:
            started = time.perf_counter()
            cur.execute(sql)
            print(
                f"  built {label:<20} {cur.rowcount:>10,} rows in {time.perf_counter() - started:6.1f} s",
                flush=True,
            )


def timed(fn) -> float:  # noqa: ANN001
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--uri", help="an existing server (default: a throwaway one)")
    parser.add_argument("--genes", type=int, default=1_000_000)
    parser.add_argument("--engine", default="MyISAM", choices=("MyISAM", "InnoDB"))
    parser.add_argument("--keep", action="store_true", help="keep the database for the next run")
    args = parser.parse_args()
    name = f"bench_{args.engine.lower()}_{args.genes}_core_{RELEASE}_1"

    with ExitStack() as stack:
        uri = args.uri or stack.enter_context(MariaDBServer("bench-checks")).uri
        conn = connect(uri, read_timeout=3600)
        have = counts(conn, name)
        if have.get("exon", 0) < args.genes * 5 or have.get("gene", 0) < args.genes:
            print(f"building {name} ...", flush=True)
            build(conn, name, args.genes, args.engine)
        else:
            print(f"reusing {name}")
        conn.select_db(name)
        rows = counts(conn, name)
        print(
            f"genes {rows['gene']:,}, transcripts {rows['transcript']:,}, exons {rows['exon']:,}, "
            f"exon_transcript {rows['exon_transcript']:,}"
        )

        def count_floor() -> None:
            with conn.cursor() as cur:
                for table in TABLES:
                    cur.execute(f"SELECT COUNT(*) FROM `{table}`")
                    cur.fetchall()

        def scan_floor() -> None:
            # One read of every row: a SUM over a column no index covers.
            with conn.cursor() as cur:
                for table in TABLES:
                    cur.execute(
                        f"SELECT SUM(CRC32(`{last_column(conn, name, table)}`)) FROM `{table}`"
                    )
                    cur.fetchall()

        critical = [c.name for c in registry.values() if c.critical and c.applies_to("core")]
        results: list = []

        def suite() -> None:
            results.extend(run_suite(conn, Context(name, "core", RELEASE), names=critical))

        floor_count, floor_scan, suite_seconds = timed(count_floor), timed(scan_floor), timed(suite)
        print(f"\n{'what':<44}{'seconds':>10}{'x COUNT(*)':>12}{'x scan':>10}")
        for label, seconds in [
            ("bare SELECT COUNT(*) per table (floor asked)", floor_count),
            ("full scan of every table (I/O floor)", floor_scan),
            (f"critical suite ({len(critical)} checks)", suite_seconds),
        ]:
            print(
                f"{label:<44}{seconds:>10.2f}{seconds / floor_count:>12.1f}{seconds / floor_scan:>10.2f}"
            )
        print("\nslowest checks:")
        for r in sorted(results, key=lambda r: -r.seconds)[:6]:
            print(
                f"  {r.name:<28}{r.seconds:>8.2f} s  {'passed' if r.passed else 'FAILED: ' + r.summary}"
            )
        failed = [r.summary for r in results if not r.passed]
        if failed:
            print("unexpected failures on a consistent database:", failed)
        if not args.keep and args.uri:
            conn.cursor().execute(f"DROP DATABASE `{name}`")


def last_column(conn: pymysql.connections.Connection, database: str, table: str) -> str:
    with conn.cursor() as cur:
        cur.execute(
            "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = %s AND TABLE_NAME = %s "
            "ORDER BY ORDINAL_POSITION DESC LIMIT 1",
            (database, table),
        )
        return cur.fetchone()[0]


if __name__ == "__main__":
    main()
