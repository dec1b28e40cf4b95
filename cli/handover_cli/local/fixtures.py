"""Ensembl-like databases for tests, the demo and benchmarks: a real core schema subset
(MyISAM, latin1, as Ensembl's are), with genes, transcripts, exons, sequence and meta."""

from __future__ import annotations

import random
from dataclasses import dataclass

import pymysql

from handover.dal.mysql import quote_identifier
from handover_cli.local.schemas import fixture_statements


@dataclass(frozen=True)
class Species:
    production_name: str = "homo_sapiens"
    scientific_name: str = "Homo sapiens"
    display_name: str = "Human"
    taxonomy_id: int = 9606
    division: str = "EnsemblVertebrates"
    assembly: str = "GRCh38"
    assembly_accession: str = "GCA_000001405.29"
    genebuild: str = "2014-07-Ensembl"


def create_core_database(
    conn: pymysql.connections.Connection,
    name: str,
    *,
    release: int,
    species: tuple[Species, ...] | None = None,
    genes_per_species: int = 20,
    chromosomes: int = 3,
    chromosome_length: int = 20_000,
    seed: int = 1,
) -> None:
    """Create `name` (dropping any database of that name) as a small, consistent core database.

    By default it holds one species whose production name is the database's prefix, as in
    Ensembl (homo_sapiens_core_115_38 holds homo_sapiens).
    """
    if species is None:
        species = (Species(production_name=name.split("_core_")[0]),)
    rnd = random.Random(seed)
    db = quote_identifier(name)
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {db}")
        cur.execute(f"CREATE DATABASE {db} CHARACTER SET latin1")
        cur.execute(f"USE {db}")
        for ddl in fixture_statements("core"):
            cur.execute(ddl)
        cur.execute(
            "INSERT INTO meta (species_id, meta_key, meta_value) VALUES "
            "(NULL, 'schema_type', 'core'), (NULL, 'schema_version', %s), (NULL, 'patch', %s)",
            (str(release), f"patch_{release - 1}_{release}_a.sql|schema_version"),
        )
        cur.execute(
            "INSERT INTO attrib_type (attrib_type_id, code, name, description) VALUES "
            "(6, 'toplevel', 'Top Level', 'Top Level Non-Redundant Sequence Region'), "
            "(367, 'karyotype_rank', 'Rank in the karyotype', NULL)"
        )
        cur.execute(
            "INSERT INTO analysis (analysis_id, created, logic_name, db, program, module) VALUES "
            "(1, NOW(), 'ensembl', NULL, NULL, NULL), (2, NOW(), 'havana', NULL, NULL, NULL)"
        )
        cur.execute(
            "INSERT INTO external_db VALUES (1100, 'HGNC', '1', 'KNOWNXREF', 100, 'HGNC Symbol', 'PRIMARY_DB_SYNONYM'), "
            "(1300, 'EntrezGene', '1', 'KNOWNXREF', 10, 'NCBI gene', 'MISC')"
        )
        region_id = gene_id = transcript_id = exon_id = translation_id = xref_id = 0
        for species_id, sp in enumerate(species, start=1):
            meta = [
                ("species.production_name", sp.production_name),
                ("species.scientific_name", sp.scientific_name),
                ("species.display_name", sp.display_name),
                ("species.taxonomy_id", str(sp.taxonomy_id)),
                ("species.species_taxonomy_id", str(sp.taxonomy_id)),
                ("species.division", sp.division),
                ("species.url", sp.production_name.capitalize()),
                ("assembly.default", sp.assembly),
                ("assembly.name", sp.assembly),
                ("assembly.accession", sp.assembly_accession),
                ("genebuild.version", sp.genebuild),
                ("genebuild.start_date", sp.genebuild),
                ("genebuild.last_geneset_update", "2024-01"),
            ]
            cur.executemany(
                "INSERT INTO meta (species_id, meta_key, meta_value) VALUES (%s, %s, %s)",
                [(species_id, k, v) for k, v in meta],
            )
            chrom_cs, contig_cs = species_id * 10 + 1, species_id * 10 + 2
            cur.execute(
                "INSERT INTO coord_system VALUES (%s, %s, 'chromosome', %s, %s, 'default_version'), "
                "(%s, %s, 'contig', NULL, %s, 'default_version,sequence_level')",
                (chrom_cs, species_id, sp.assembly, 1, contig_cs, species_id, 2),
            )
            for c in range(1, chromosomes + 1):
                region_id += 1
                chrom = region_id
                cur.execute(
                    "INSERT INTO seq_region VALUES (%s, %s, %s, %s)",
                    (chrom, str(c), chrom_cs, chromosome_length),
                )
                cur.execute(
                    "INSERT INTO seq_region_attrib VALUES (%s, 6, '1'), (%s, 367, %s)",
                    (chrom, chrom, str(c)),
                )
                region_id += 1
                cur.execute(
                    "INSERT INTO seq_region VALUES (%s, %s, %s, %s)",
                    (region_id, f"{sp.production_name}_ctg{c}.1", contig_cs, chromosome_length),
                )
                cur.execute(
                    "INSERT INTO dna VALUES (%s, %s)",
                    (region_id, "".join(rnd.choice("ACGT") for _ in range(chromosome_length))),
                )
            cur.executemany(
                "INSERT INTO meta_coord VALUES (%s, %s, %s)",
                [(t, chrom_cs, 5000) for t in ("gene", "transcript", "exon")],
            )
            for g in range(genes_per_species):
                gene_id += 1
                chrom = 1 + (species_id - 1) * chromosomes * 2 + 2 * (g % chromosomes)
                start = 1 + (g // chromosomes) * 3000 % (chromosome_length - 3000)
                strand = rnd.choice((1, -1))
                first_transcript = transcript_id + 1
                xref_id += 1
                cur.execute(
                    "INSERT INTO xref VALUES (%s, 1100, %s, %s, '1', %s, 'DIRECT', '')",
                    (xref_id, f"HGNC:{xref_id}", f"GENE{xref_id}", f"gene number {xref_id}"),
                )
                cur.execute(
                    "INSERT INTO gene VALUES (%s, 'protein_coding', 1, %s, %s, %s, %s, %s, 'ensembl', %s, 1, %s, %s, 1, NOW(), NOW())",
                    (
                        gene_id,
                        chrom,
                        start,
                        start + 2000,
                        strand,
                        xref_id,
                        f"gene {gene_id} (Güell)",
                        first_transcript,
                        f"ENSG{gene_id:011d}",
                    ),
                )
                cur.execute(
                    "INSERT INTO object_xref (ensembl_id, ensembl_object_type, xref_id, analysis_id) VALUES (%s, 'Gene', %s, 1)",
                    (gene_id, xref_id),
                )
                for t in range(2):
                    transcript_id += 1
                    translation_id += 1
                    exons = []
                    for e in range(3):
                        exon_id += 1
                        e_start = start + e * 600 + t * 50
                        cur.execute(
                            "INSERT INTO exon VALUES (%s, %s, %s, %s, %s, %s, %s, 1, 0, %s, 1, NOW(), NOW())",
                            (
                                exon_id,
                                chrom,
                                e_start,
                                e_start + 300,
                                strand,
                                -1 if e == 0 else 0,
                                0 if e < 2 else -1,
                                f"ENSE{exon_id:011d}",
                            ),
                        )
                        exons.append(exon_id)
                        cur.execute(
                            "INSERT INTO exon_transcript VALUES (%s, %s, %s)",
                            (exon_id, transcript_id, e + 1),
                        )
                    cur.execute(
                        "INSERT INTO transcript VALUES (%s, %s, 1, %s, %s, %s, %s, NULL, 'ensembl', 'protein_coding', NULL, 1, %s, %s, 1, NOW(), NOW())",
                        (
                            transcript_id,
                            gene_id,
                            chrom,
                            start + t * 50,
                            start + 1500 + t * 50,
                            strand,
                            translation_id,
                            f"ENST{transcript_id:011d}",
                        ),
                    )
                    cur.execute(
                        "INSERT INTO translation VALUES (%s, %s, 1, %s, 200, %s, %s, 1, NOW(), NOW())",
                        (
                            translation_id,
                            transcript_id,
                            exons[0],
                            exons[-1],
                            f"ENSP{translation_id:011d}",
                        ),
                    )


def create_other_database(
    conn: pymysql.connections.Connection,
    name: str,
    db_type: str,
    *,
    release: int,
    grch37: bool = False,
) -> None:
    """A small, consistent variation, funcgen or compara database from the reference schema."""
    db = quote_identifier(name)
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {db}")
        cur.execute(f"CREATE DATABASE {db} CHARACTER SET latin1")
        cur.execute(f"USE {db}")
        for ddl in fixture_statements(db_type):
            cur.execute(ddl)
        cur.execute(
            "INSERT INTO meta (species_id, meta_key, meta_value) VALUES (NULL, 'schema_type', %s), "
            "(NULL, 'schema_version', %s)",
            (db_type, str(release)),
        )
        if db_type == "variation":
            cur.execute(
                "INSERT INTO meta (species_id, meta_key, meta_value) VALUES "
                "(1, 'species.production_name', %s), (1, 'species.division', 'EnsemblVertebrates')",
                (name.split("_variation_")[0],),
            )
            cur.execute("INSERT INTO source (source_id, name, version) VALUES (1, 'dbSNP', 156)")
            cur.executemany(
                "INSERT INTO variation (variation_id, source_id, name) VALUES (%s, 1, %s)",
                [(i, f"rs{i}") for i in range(1, 51)],
            )
            cur.executemany(
                "INSERT INTO variation_feature (seq_region_id, seq_region_start, seq_region_end, seq_region_strand, "
                "variation_id, allele_string, variation_name, map_weight, source_id) VALUES (1, %s, %s, 1, %s, 'A/G', %s, 1, 1)",
                [(i * 100, i * 100, i, f"rs{i}") for i in range(1, 51)],
            )
        elif db_type == "funcgen":
            cur.execute(
                "INSERT INTO meta (species_id, meta_key, meta_value) VALUES "
                "(1, 'species.production_name', %s), (1, 'species.division', 'EnsemblVertebrates')",
                (name.split("_funcgen_")[0],),
            )
            cur.execute(
                "INSERT INTO feature_type (feature_type_id, name, class) VALUES (1, 'Promoter', 'Regulatory Feature')"
            )
            cur.executemany(
                "INSERT INTO regulatory_feature (feature_type_id, seq_region_id, seq_region_strand, seq_region_start, "
                "seq_region_end, stable_id) VALUES (1, 1, 0, %s, %s, %s)",
                [(i * 1000, i * 1000 + 500, f"ENSR{i:011d}") for i in range(1, 31)],
            )
        elif db_type == "compara":
            human = "GRCh37" if grch37 else "GRCh38"
            cur.execute(
                "INSERT INTO genome_db (genome_db_id, taxon_id, name, assembly, genebuild) VALUES "
                "(1, 9606, 'homo_sapiens', %s, '2014-07'), (2, 10090, 'mus_musculus', 'GRCm39', '2020-08')",
                (human,),
            )
            cur.execute(
                "INSERT INTO species_set_header (species_set_id, name, size) VALUES (1, 'human-mouse', 2)"
            )
            cur.execute("INSERT INTO species_set VALUES (1, 1), (1, 2)")
            cur.execute(
                "INSERT INTO method_link (method_link_id, type, class) VALUES (1, 'LASTZ_NET', 'GenomicAlignBlock')"
            )
            cur.execute(
                "INSERT INTO method_link_species_set (method_link_id, species_set_id, name) VALUES (1, 1, 'H.sap-M.mus lastz-net')"
            )
        else:
            raise ValueError(f"no fixture for {db_type} databases")
