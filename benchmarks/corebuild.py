"""An Ensembl-like core database, generated server-side, for the benchmarks."""

from __future__ import annotations

import time

import pymysql

from handover_cli.local.schemas import fixture_statements

RELEASE = 115


def build_core(
    conn: pymysql.connections.Connection,
    name: str,
    genes: int,
    *,
    engine: str = "MyISAM",
    dna_regions: int = 1000,
    dna_length: int = 1000,
) -> None:
    """A consistent core database built server-side: `genes` genes with 2 transcripts and 5
    exons each (and translations), 1000 chromosomes, and `dna_regions` contigs of dna."""
    transcripts, exons, regions = genes * 2, genes * 5, 1000
    region_length = 50_000_000
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
        cur.execute(f"CREATE DATABASE `{name}` CHARACTER SET latin1")
        cur.execute(f"USE `{name}`")
        for ddl in fixture_statements("core"):
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
                f"INSERT INTO seq_region SELECT {regions} + seq, CONCAT('ctg', seq), 2, {dna_length // 8 * 8} "
                f"FROM seq_1_to_{dna_regions}",
            ),
            (
                "seq_region_attrib",
                f"INSERT INTO seq_region_attrib SELECT seq, 6, '1' FROM seq_1_to_{regions}",
            ),
            (
                "dna",
                f"INSERT INTO dna SELECT {regions} + seq, REPEAT(SUBSTRING('ACGTTGCAAGCT', 1 + seq % 4, 8), "
                f"{dna_length // 8}) FROM seq_1_to_{dna_regions}",
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
