"""Ensembl-like databases for tests, the demo and benchmarks: a real core schema subset
(MyISAM, latin1, as Ensembl's are), with genes, transcripts, exons, sequence and meta."""

from __future__ import annotations

import random
from dataclasses import dataclass

import pymysql

from handover.mysql import quote_identifier

CORE_SCHEMA = [
    """CREATE TABLE meta (
      meta_id INT NOT NULL AUTO_INCREMENT, species_id INT UNSIGNED DEFAULT 1,
      meta_key VARCHAR(40) NOT NULL, meta_value VARCHAR(255) NOT NULL,
      PRIMARY KEY (meta_id), UNIQUE KEY species_key_value_idx (species_id, meta_key, meta_value),
      KEY species_value_idx (species_id, meta_value)) ENGINE=MyISAM DEFAULT CHARSET=latin1""",
    """CREATE TABLE coord_system (
      coord_system_id INT UNSIGNED NOT NULL AUTO_INCREMENT, species_id INT UNSIGNED NOT NULL DEFAULT 1,
      name VARCHAR(40) NOT NULL, version VARCHAR(255) DEFAULT NULL, `rank` INT NOT NULL,
      attrib SET('default_version','sequence_level'), PRIMARY KEY (coord_system_id),
      UNIQUE KEY rank_idx (`rank`, species_id), UNIQUE KEY name_idx (name, version, species_id),
      KEY species_idx (species_id)) ENGINE=MyISAM DEFAULT CHARSET=latin1""",
    """CREATE TABLE seq_region (
      seq_region_id INT UNSIGNED NOT NULL AUTO_INCREMENT, name VARCHAR(255) NOT NULL,
      coord_system_id INT UNSIGNED NOT NULL, length INT UNSIGNED NOT NULL,
      PRIMARY KEY (seq_region_id), UNIQUE KEY name_cs_idx (name, coord_system_id),
      KEY cs_idx (coord_system_id)) ENGINE=MyISAM DEFAULT CHARSET=latin1""",
    """CREATE TABLE attrib_type (
      attrib_type_id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT, code VARCHAR(20) NOT NULL DEFAULT '',
      name VARCHAR(255) NOT NULL DEFAULT '', description TEXT, PRIMARY KEY (attrib_type_id),
      UNIQUE KEY code_idx (code)) ENGINE=MyISAM DEFAULT CHARSET=latin1""",
    """CREATE TABLE seq_region_attrib (
      seq_region_id INT UNSIGNED NOT NULL DEFAULT 0, attrib_type_id SMALLINT UNSIGNED NOT NULL DEFAULT 0,
      value TEXT NOT NULL, UNIQUE KEY region_attribx (seq_region_id, attrib_type_id, value(500)),
      KEY type_val_idx (attrib_type_id, value(40)), KEY seq_region_idx (seq_region_id)
      ) ENGINE=MyISAM DEFAULT CHARSET=latin1""",
    """CREATE TABLE dna (
      seq_region_id INT UNSIGNED NOT NULL, sequence LONGTEXT NOT NULL, PRIMARY KEY (seq_region_id)
      ) ENGINE=MyISAM DEFAULT CHARSET=latin1 MAX_ROWS=750000 AVG_ROW_LENGTH=19000""",
    """CREATE TABLE analysis (
      analysis_id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT, created DATETIME DEFAULT NULL,
      logic_name VARCHAR(128) NOT NULL, db VARCHAR(120), program VARCHAR(80),
      module VARCHAR(80), PRIMARY KEY (analysis_id), UNIQUE KEY logic_name_idx (logic_name)
      ) ENGINE=MyISAM DEFAULT CHARSET=latin1""",
    """CREATE TABLE gene (
      gene_id INT UNSIGNED NOT NULL AUTO_INCREMENT, biotype VARCHAR(40) NOT NULL,
      analysis_id SMALLINT UNSIGNED NOT NULL, seq_region_id INT UNSIGNED NOT NULL,
      seq_region_start INT UNSIGNED NOT NULL, seq_region_end INT UNSIGNED NOT NULL,
      seq_region_strand TINYINT(2) NOT NULL, display_xref_id INT UNSIGNED, source VARCHAR(40) NOT NULL,
      description TEXT, is_current TINYINT(1) NOT NULL DEFAULT 1,
      canonical_transcript_id INT UNSIGNED NOT NULL, stable_id VARCHAR(128) DEFAULT NULL,
      version SMALLINT UNSIGNED DEFAULT NULL, created_date DATETIME DEFAULT NULL,
      modified_date DATETIME DEFAULT NULL, PRIMARY KEY (gene_id),
      KEY seq_region_idx (seq_region_id, seq_region_start), KEY stable_id_idx (stable_id, version),
      KEY analysis_idx (analysis_id), KEY canonical_transcript_id_idx (canonical_transcript_id)
      ) ENGINE=MyISAM DEFAULT CHARSET=latin1""",
    """CREATE TABLE transcript (
      transcript_id INT UNSIGNED NOT NULL AUTO_INCREMENT, gene_id INT UNSIGNED,
      analysis_id SMALLINT UNSIGNED NOT NULL, seq_region_id INT UNSIGNED NOT NULL,
      seq_region_start INT UNSIGNED NOT NULL, seq_region_end INT UNSIGNED NOT NULL,
      seq_region_strand TINYINT(2) NOT NULL, display_xref_id INT UNSIGNED, source VARCHAR(40) NOT NULL DEFAULT 'ensembl',
      biotype VARCHAR(40) NOT NULL, description TEXT, is_current TINYINT(1) NOT NULL DEFAULT 1,
      canonical_translation_id INT UNSIGNED, stable_id VARCHAR(128) DEFAULT NULL,
      version SMALLINT UNSIGNED DEFAULT NULL, created_date DATETIME DEFAULT NULL, modified_date DATETIME DEFAULT NULL,
      PRIMARY KEY (transcript_id), KEY seq_region_idx (seq_region_id, seq_region_start),
      KEY gene_index (gene_id), KEY stable_id_idx (stable_id, version), KEY analysis_idx (analysis_id),
      UNIQUE KEY canonical_translation_idx (canonical_translation_id)
      ) ENGINE=MyISAM DEFAULT CHARSET=latin1""",
    """CREATE TABLE exon (
      exon_id INT UNSIGNED NOT NULL AUTO_INCREMENT, seq_region_id INT UNSIGNED NOT NULL,
      seq_region_start INT UNSIGNED NOT NULL, seq_region_end INT UNSIGNED NOT NULL,
      seq_region_strand TINYINT(2) NOT NULL, phase TINYINT(2) NOT NULL, end_phase TINYINT(2) NOT NULL,
      is_current TINYINT(1) NOT NULL DEFAULT 1, is_constitutive TINYINT(1) NOT NULL DEFAULT 0,
      stable_id VARCHAR(128) DEFAULT NULL, version SMALLINT UNSIGNED DEFAULT NULL,
      created_date DATETIME DEFAULT NULL, modified_date DATETIME DEFAULT NULL,
      PRIMARY KEY (exon_id), KEY seq_region_idx (seq_region_id, seq_region_start),
      KEY stable_id_idx (stable_id, version)) ENGINE=MyISAM DEFAULT CHARSET=latin1""",
    """CREATE TABLE exon_transcript (
      exon_id INT UNSIGNED NOT NULL, transcript_id INT UNSIGNED NOT NULL, `rank` INT NOT NULL,
      PRIMARY KEY (exon_id, transcript_id, `rank`), KEY transcript (transcript_id), KEY exon (exon_id)
      ) ENGINE=MyISAM DEFAULT CHARSET=latin1""",
    """CREATE TABLE translation (
      translation_id INT UNSIGNED NOT NULL AUTO_INCREMENT, transcript_id INT UNSIGNED NOT NULL,
      seq_start INT NOT NULL, start_exon_id INT UNSIGNED NOT NULL, seq_end INT NOT NULL,
      end_exon_id INT UNSIGNED NOT NULL, stable_id VARCHAR(128) DEFAULT NULL, version SMALLINT UNSIGNED DEFAULT NULL,
      created_date DATETIME DEFAULT NULL, modified_date DATETIME DEFAULT NULL, PRIMARY KEY (translation_id),
      KEY transcript_idx (transcript_id), KEY stable_id_idx (stable_id, version)
      ) ENGINE=MyISAM DEFAULT CHARSET=latin1""",
    """CREATE TABLE external_db (
      external_db_id INT UNSIGNED NOT NULL, db_name VARCHAR(100) NOT NULL, db_release VARCHAR(255),
      status ENUM('KNOWNXREF','KNOWN','XREF','PRED','ORTH','PSEUDO') NOT NULL, priority INT NOT NULL,
      db_display_name VARCHAR(255), type ENUM('ARRAY','ALT_TRANS','ALT_GENE','MISC','LIT','PRIMARY_DB_SYNONYM','ENSEMBL') DEFAULT NULL,
      PRIMARY KEY (external_db_id), UNIQUE KEY db_name_db_release_idx (db_name, db_release)
      ) ENGINE=MyISAM DEFAULT CHARSET=latin1""",
    """CREATE TABLE xref (
      xref_id INT UNSIGNED NOT NULL AUTO_INCREMENT, external_db_id INT UNSIGNED NOT NULL,
      dbprimary_acc VARCHAR(512) NOT NULL, display_label VARCHAR(512) NOT NULL, version VARCHAR(10) DEFAULT NULL,
      description TEXT, info_type ENUM('NONE','PROJECTION','MISC','DEPENDENT','DIRECT','SEQUENCE_MATCH',
      'INFERRED_PAIR','PROBE','UNMAPPED','COORDINATE_OVERLAP','CHECKSUM') DEFAULT 'NONE' NOT NULL,
      info_text VARCHAR(255) DEFAULT '' NOT NULL, PRIMARY KEY (xref_id),
      UNIQUE KEY id_index (dbprimary_acc, external_db_id, info_type, info_text, version),
      KEY display_index (display_label), KEY info_type_idx (info_type)) ENGINE=MyISAM DEFAULT CHARSET=latin1""",
    """CREATE TABLE object_xref (
      object_xref_id INT UNSIGNED NOT NULL AUTO_INCREMENT, ensembl_id INT UNSIGNED NOT NULL DEFAULT 0,
      ensembl_object_type ENUM('RawContig','Transcript','Gene','Translation','Operon','OperonTranscript',
      'Marker','RNAProduct') NOT NULL, xref_id INT UNSIGNED NOT NULL, linkage_annotation VARCHAR(255) DEFAULT NULL,
      analysis_id SMALLINT UNSIGNED, PRIMARY KEY (object_xref_id),
      UNIQUE KEY xref_idx (xref_id, ensembl_object_type, ensembl_id, analysis_id),
      KEY ensembl_idx (ensembl_object_type, ensembl_id), KEY analysis_idx (analysis_id)
      ) ENGINE=MyISAM DEFAULT CHARSET=latin1""",
    """CREATE TABLE meta_coord (
      table_name VARCHAR(40) NOT NULL, coord_system_id INT UNSIGNED NOT NULL, max_length INT,
      UNIQUE KEY cs_table_name_idx (coord_system_id, table_name)) ENGINE=MyISAM DEFAULT CHARSET=latin1""",
]


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
        for ddl in CORE_SCHEMA:
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
