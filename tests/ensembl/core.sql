-- A core schema for the handover service's tests, laid out as Ensembl lays out its
-- sql/table.sql: a header, '#' notes, a documentation block per table, then its CREATE TABLE.
-- Table and column names and types are those of Ensembl's core schema; the text is ours.

# Ensembl core table definitions (test copy)
#

# Conventions:
#  - lower case and underscores
#  - internal ids are unsigned integers named <table>_id
#  - a foreign key column has the name of the key it refers to


/**
@header Fundamental Tables
@colour #808000
*/


/**
@table assembly
@colour #808000
@desc How the parts of one sequence region make up another: contigs into chromosomes, say.

@column asm_seq_region_id   The assembled region (@link seq_region).
@column cmp_seq_region_id   The component region (@link seq_region).
@column asm_start           Start of the component on the assembled region.
@column asm_end             End of the component on the assembled region.
@column cmp_start           Start of the part of the component used.
@column cmp_end             End of the part of the component used.
@column ori                 Orientation: 1 forward, -1 reverse.
*/

CREATE TABLE assembly (

  asm_seq_region_id           INT(10) UNSIGNED NOT NULL,
  cmp_seq_region_id           INT(10) UNSIGNED NOT NULL,
  asm_start                   INT(10) NOT NULL,
  asm_end                     INT(10) NOT NULL,
  cmp_start                   INT(10) NOT NULL,
  cmp_end                     INT(10) NOT NULL,
  ori                         TINYINT NOT NULL,

  KEY cmp_seq_region_idx (cmp_seq_region_id),
  KEY asm_seq_region_idx (asm_seq_region_id, asm_start),
  UNIQUE KEY all_idx (asm_seq_region_id, cmp_seq_region_id, asm_start, asm_end, cmp_start, cmp_end, ori)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table assembly_exception
@colour #808000
@desc Regions that stand for others: haplotypes, pseudo-autosomal regions and patches.
*/

CREATE TABLE assembly_exception (

  assembly_exception_id       INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  seq_region_id               INT(10) UNSIGNED NOT NULL,
  seq_region_start            INT(10) UNSIGNED NOT NULL,
  seq_region_end              INT(10) UNSIGNED NOT NULL,
  exc_type                    ENUM('HAP', 'PAR', 'PATCH_FIX', 'PATCH_NOVEL') NOT NULL,
  exc_seq_region_id           INT(10) UNSIGNED NOT NULL,
  exc_seq_region_start        INT(10) UNSIGNED NOT NULL,
  exc_seq_region_end          INT(10) UNSIGNED NOT NULL,
  ori                         INT NOT NULL,

  PRIMARY KEY (assembly_exception_id),
  KEY sr_idx (seq_region_id, seq_region_start),
  KEY ex_idx (exc_seq_region_id, exc_seq_region_start)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table coord_system
@colour #808000
@desc The coordinate systems of each species: chromosome, scaffold, contig and so on.
One has the attribute sequence_level; default_version marks the current version.

@column species_id          The species, in a database of several.
@column rank                1 for the top level; higher for smaller pieces.
*/

CREATE TABLE coord_system (

  coord_system_id             INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  species_id                  INT(10) UNSIGNED NOT NULL DEFAULT 1,
  name                        VARCHAR(40) NOT NULL,
  version                     VARCHAR(255) DEFAULT NULL,
  rank                        INT NOT NULL,
  attrib                      SET('default_version', 'sequence_level'),

  PRIMARY   KEY (coord_system_id),
  UNIQUE    KEY rank_idx (rank, species_id),
  UNIQUE    KEY name_idx (name, version, species_id),
            KEY species_idx (species_id)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table data_file
@colour #808000
@desc Flat files (BAM, BigWig, VCF) that hold data too big for a table.
*/

CREATE TABLE data_file (

  data_file_id                INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  coord_system_id             INT(10) UNSIGNED NOT NULL,
  analysis_id                 SMALLINT UNSIGNED NOT NULL,
  name                        VARCHAR(100) NOT NULL,
  version_lock                TINYINT(1) DEFAULT 0 NOT NULL,
  absolute                    TINYINT(1) DEFAULT 0 NOT NULL,
  url                         TEXT,
  file_type                   ENUM('BAM','BAMCOV','BIGBED','BIGWIG','VCF'),

  PRIMARY KEY (data_file_id),
  UNIQUE KEY df_unq_idx (coord_system_id, analysis_id, name, file_type),
  KEY df_name_idx (name),
  KEY df_analysis_idx (analysis_id)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table dna
@colour #808000
@desc The sequence of each sequence-level region, one row per region.
*/

CREATE TABLE dna (

  seq_region_id               INT(10) UNSIGNED NOT NULL,
  sequence                    LONGTEXT NOT NULL,

  PRIMARY KEY (seq_region_id)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM MAX_ROWS=750000 AVG_ROW_LENGTH=19000;


/**
@table genome_statistics
@colour #808000
@desc Counts and lengths of a genome: genes by biotype, bases, and the like.
*/

CREATE TABLE genome_statistics (

  genome_statistics_id        INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  statistic                   VARCHAR(128) NOT NULL,
  value                       BIGINT(11) UNSIGNED DEFAULT '0' NOT NULL,
  species_id                  INT UNSIGNED DEFAULT 1,
  attrib_type_id              INT(10) UNSIGNED DEFAULT NULL,
  timestamp                   DATETIME DEFAULT NULL,

  PRIMARY KEY (genome_statistics_id),
  UNIQUE KEY stats_uniq (statistic, attrib_type_id, species_id)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table karyotype
@colour #808000
@desc The bands of each chromosome, as stained.
*/

CREATE TABLE karyotype (

  karyotype_id                INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  seq_region_id               INT(10) UNSIGNED NOT NULL,
  seq_region_start            INT(10) UNSIGNED NOT NULL,
  seq_region_end              INT(10) UNSIGNED NOT NULL,
  band                        VARCHAR(40) DEFAULT NULL,
  stain                       VARCHAR(40) DEFAULT NULL,

  PRIMARY KEY (karyotype_id),
  KEY region_band_idx (seq_region_id, band)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table meta
@colour #808000
@desc What the data is: keys and values, per species (species_id) or for the whole
database (species_id NULL: schema_type, schema_version, patch).
*/

CREATE TABLE IF NOT EXISTS meta (

  meta_id                     INT NOT NULL AUTO_INCREMENT,
  species_id                  INT UNSIGNED DEFAULT 1,
  meta_key                    VARCHAR(40) NOT NULL,
  meta_value                  VARCHAR(255) NOT NULL,

  PRIMARY   KEY (meta_id),
  UNIQUE    KEY species_key_value_idx (species_id, meta_key, meta_value),
            KEY species_value_idx (species_id, meta_value)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


# The schema's type and version, and the patches it includes.
INSERT INTO meta (species_id, meta_key, meta_value) VALUES
  (NULL, 'schema_type', 'core'),
  (NULL, 'schema_version', '115');

# Patches included in this schema file (one line each; a value holds no line breaks).
INSERT INTO meta (species_id, meta_key, meta_value)
  VALUES (NULL, 'patch', 'patch_114_115_a.sql|schema_version');
INSERT INTO meta (species_id, meta_key, meta_value)
  VALUES (NULL, 'patch', 'patch_114_115_b.sql|xref_info_type');


/**
@table meta_coord
@colour #808000
@desc Which coordinate systems each feature table uses, and its longest feature.
*/

CREATE TABLE meta_coord (

  table_name                  VARCHAR(40) NOT NULL,
  coord_system_id             INT(10) UNSIGNED NOT NULL,
  max_length                  INT,

  UNIQUE KEY cs_table_name_idx (coord_system_id, table_name)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table seq_region
@colour #808000
@desc Chromosomes, scaffolds, contigs: every region, in its coordinate system.
*/

CREATE TABLE seq_region (

  seq_region_id               INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  name                        VARCHAR(255) NOT NULL,
  coord_system_id             INT(10) UNSIGNED NOT NULL,
  length                      INT(10) UNSIGNED NOT NULL,

  PRIMARY KEY (seq_region_id),
  UNIQUE KEY name_cs_idx (name, coord_system_id),
  KEY cs_idx (coord_system_id)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table seq_region_synonym
@colour #808000
@desc Other names of a region (an INSDC accession, a UCSC name).
*/

CREATE TABLE seq_region_synonym (

  seq_region_synonym_id       INT UNSIGNED NOT NULL AUTO_INCREMENT,
  seq_region_id               INT(10) UNSIGNED NOT NULL,
  synonym                     VARCHAR(250) NOT NULL,
  external_db_id              INTEGER UNSIGNED,

  PRIMARY KEY (seq_region_synonym_id),
  UNIQUE KEY syn_idx (synonym, seq_region_id),
  KEY seq_region_idx (seq_region_id)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table seq_region_attrib
@colour #808000
@desc Attributes of regions; toplevel marks the non-redundant top of the assembly.
*/

CREATE TABLE seq_region_attrib (

  seq_region_id               INT(10) UNSIGNED NOT NULL DEFAULT '0',
  attrib_type_id              SMALLINT(5) UNSIGNED NOT NULL DEFAULT '0',
  value                       TEXT NOT NULL,

  KEY type_val_idx (attrib_type_id, value(40)),
  KEY val_only_idx (value(40)),
  KEY seq_region_idx (seq_region_id),
  UNIQUE KEY region_attribx (seq_region_id, attrib_type_id, value(500))

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@header Features and Analyses
@colour #3CB371
*/


/**
@table alt_allele
@colour #3CB371
@desc Genes that are alleles of one another, in groups.
*/

CREATE TABLE alt_allele (

  alt_allele_id               INT UNSIGNED AUTO_INCREMENT,
  alt_allele_group_id         INT UNSIGNED NOT NULL,
  gene_id                     INT UNSIGNED NOT NULL,

  PRIMARY KEY (alt_allele_id),
  UNIQUE KEY gene_idx (gene_id),
  KEY (gene_id, alt_allele_group_id)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table alt_allele_attrib
@colour #3CB371
@desc How an allele stands in its group.
*/

CREATE TABLE alt_allele_attrib (

  alt_allele_id               INT UNSIGNED,
  attrib                      ENUM('IS_REPRESENTATIVE',
                                   'IS_MOST_COMMON_ALLELE',
                                   'IN_CORRECTED_ASSEMBLY',
                                   'HAS_CODING_POTENTIAL',
                                   'IN_ARTIFICIALLY_DUPLICATED_ASSEMBLY',
                                   'IN_SYNTENIC_REGION',
                                   'HAS_SAME_UNDERLYING_DNA_SEQUENCE',
                                   'IN_BROKEN_ASSEMBLY_REGION',
                                   'IS_VALID_ALTERNATE',
                                   'SAME_AS_REPRESENTATIVE',
                                   'SAME_AS_ANOTHER_ALLELE',
                                   'MANUALLY_ASSIGNED',
                                   'AUTOMATICALLY_ASSIGNED',
                                   'IS_PAR'),

  KEY aa_idx (alt_allele_id, attrib)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table alt_allele_group
@colour #3CB371
@desc A group of alleles.
*/

CREATE TABLE alt_allele_group (

  alt_allele_group_id         INT UNSIGNED AUTO_INCREMENT,

  PRIMARY KEY (alt_allele_group_id)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table analysis
@colour #3CB371
@desc How each feature was made: the program, its version, database and parameters.
*/

CREATE TABLE IF NOT EXISTS analysis (

  analysis_id                 SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT,
  created                     DATETIME DEFAULT NULL,
  logic_name                  VARCHAR(128) NOT NULL,
  db                          VARCHAR(120),
  db_version                  VARCHAR(40),
  db_file                     VARCHAR(120),
  program                     VARCHAR(80),
  program_version             VARCHAR(40),
  program_file                VARCHAR(80),
  parameters                  TEXT,
  module                      VARCHAR(80),
  module_version              VARCHAR(40),
  gff_source                  VARCHAR(40),
  gff_feature                 VARCHAR(40),

  PRIMARY KEY (analysis_id),
  UNIQUE KEY logic_name_idx (logic_name)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table analysis_description
@colour #3CB371
@desc How an analysis is shown: its label and description.
*/

CREATE TABLE analysis_description (

  analysis_id                  SMALLINT UNSIGNED NOT NULL,
  description                  TEXT,
  display_label                VARCHAR(255) NOT NULL,
  displayable                  TINYINT(1) NOT NULL DEFAULT 1,
  web_data                     TEXT,

  UNIQUE KEY analysis_idx (analysis_id)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table attrib_type
@colour #3CB371
@desc The kinds of attribute: a code, a name and a description.
*/

CREATE TABLE attrib_type (

  attrib_type_id              SMALLINT(5) UNSIGNED NOT NULL AUTO_INCREMENT,
  code                        VARCHAR(20) NOT NULL DEFAULT '',
  name                        VARCHAR(255) NOT NULL DEFAULT '',
  description                 TEXT,

  PRIMARY KEY (attrib_type_id),
  UNIQUE KEY code_idx (code)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table biotype
@colour #3CB371
@desc The biotypes of genes and transcripts, with their group and Sequence Ontology term.
*/

CREATE TABLE biotype (

  biotype_id                  INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  name                        VARCHAR(64) NOT NULL,
  object_type                 ENUM('gene','transcript') NOT NULL DEFAULT 'gene',
  db_type                     SET('cdna','core','coreexpressionatlas','coreexpressionest',
                                  'coreexpressiongnf','funcgen','otherfeatures','rnaseq',
                                  'variation','vega','prediction','ensembl','presite',
                                  'sangervega') NOT NULL DEFAULT 'core',
  attrib_type_id              INT(11) DEFAULT NULL,
  description                 TEXT,
  biotype_group               ENUM('coding','pseudogene','snoncoding','lnoncoding',
                                   'mnoncoding','LRG','undefined','no_group') DEFAULT NULL,
  so_acc                      VARCHAR(64),
  so_term                     VARCHAR(1023),

  PRIMARY KEY (biotype_id),
  UNIQUE KEY name_type_idx (name, object_type)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table dna_align_feature
@colour #3CB371
@desc Alignments of DNA sequences (ESTs, cDNAs) to the genome.
*/

CREATE TABLE dna_align_feature (

  dna_align_feature_id        INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  seq_region_id               INT(10) UNSIGNED NOT NULL,
  seq_region_start            INT(10) UNSIGNED NOT NULL,
  seq_region_end              INT(10) UNSIGNED NOT NULL,
  seq_region_strand           TINYINT(1) NOT NULL,
  hit_start                   INT NOT NULL,
  hit_end                     INT NOT NULL,
  hit_strand                  TINYINT(1) NOT NULL,
  hit_name                    VARCHAR(40) NOT NULL,
  analysis_id                 SMALLINT UNSIGNED NOT NULL,
  score                       DOUBLE,
  evalue                      DOUBLE,
  perc_ident                  FLOAT,
  cigar_line                  TEXT,
  external_db_id              INTEGER UNSIGNED,
  hcoverage                   DOUBLE,
  align_type                  ENUM('ensembl', 'cigar', 'vulgar', 'mdtag') DEFAULT 'ensembl',

  PRIMARY KEY (dna_align_feature_id),
  KEY seq_region_idx (seq_region_id, analysis_id, seq_region_start, score),
  KEY seq_region_idx_2 (seq_region_id, seq_region_start),
  KEY hit_idx (hit_name),
  KEY analysis_idx (analysis_id),
  KEY external_db_idx (external_db_id)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM MAX_ROWS=100000000 AVG_ROW_LENGTH=80;


/**
@table dna_align_feature_attrib
@colour #3CB371
@desc Attributes of DNA alignments.
*/

CREATE TABLE dna_align_feature_attrib (

  dna_align_feature_id        INT(10) UNSIGNED NOT NULL,
  attrib_type_id              SMALLINT(5) UNSIGNED NOT NULL,
  value                       TEXT NOT NULL,

  UNIQUE KEY dna_align_feature_attribx (dna_align_feature_id, attrib_type_id, value(500)),
  KEY dna_align_feature_idx (dna_align_feature_id),
  KEY type_val_idx (attrib_type_id, value(40)),
  KEY val_only_idx (value(40))

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table exon
@colour #3CB371
@desc The exons of transcripts, with their phases and stable ids.

@column phase               Where the reading frame starts: -1 (none), 0, 1 or 2.
@column end_phase           Where it ends.
*/

CREATE TABLE exon (

  exon_id                     INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  seq_region_id               INT(10) UNSIGNED NOT NULL,
  seq_region_start            INT(10) UNSIGNED NOT NULL,
  seq_region_end              INT(10) UNSIGNED NOT NULL,
  seq_region_strand           TINYINT(2) NOT NULL,
  phase                       TINYINT(2) NOT NULL,
  end_phase                   TINYINT(2) NOT NULL,
  is_current                  TINYINT(1) NOT NULL DEFAULT 1,
  is_constitutive             TINYINT(1) NOT NULL DEFAULT 0,
  stable_id                   VARCHAR(128) DEFAULT NULL,
  version                     SMALLINT UNSIGNED DEFAULT NULL,
  created_date                DATETIME DEFAULT NULL,
  modified_date               DATETIME DEFAULT NULL,

  PRIMARY KEY (exon_id),
  KEY seq_region_idx (seq_region_id, seq_region_start),
  KEY stable_id_idx (stable_id, version)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table exon_transcript
@colour #3CB371
@desc Which exons make each transcript, in order (rank).
*/

CREATE TABLE exon_transcript (

  exon_id                     INT(10) UNSIGNED NOT NULL,
  transcript_id               INT(10) UNSIGNED NOT NULL,
  rank                        INT(10) NOT NULL,

  PRIMARY KEY (exon_id, transcript_id, rank),
  KEY transcript (transcript_id),
  KEY exon (exon_id)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table gene
@colour #3CB371
@desc Genes, with their place, biotype, source and canonical transcript.
*/

CREATE TABLE gene (

  gene_id                     INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  biotype                     VARCHAR(40) NOT NULL,
  analysis_id                 SMALLINT UNSIGNED NOT NULL,
  seq_region_id               INT(10) UNSIGNED NOT NULL,
  seq_region_start            INT(10) UNSIGNED NOT NULL,
  seq_region_end              INT(10) UNSIGNED NOT NULL,
  seq_region_strand           TINYINT(2) NOT NULL,
  display_xref_id             INT(10) UNSIGNED,
  source                      VARCHAR(40) NOT NULL,
  description                 TEXT,
  is_current                  TINYINT(1) NOT NULL DEFAULT 1,
  canonical_transcript_id     INT(10) UNSIGNED NOT NULL,
  stable_id                   VARCHAR(128) DEFAULT NULL,
  version                     SMALLINT UNSIGNED DEFAULT NULL,
  created_date                DATETIME DEFAULT NULL,
  modified_date               DATETIME DEFAULT NULL,

  PRIMARY KEY (gene_id),
  KEY seq_region_idx (seq_region_id, seq_region_start),
  KEY xref_id_index (display_xref_id),
  KEY analysis_idx (analysis_id),
  KEY stable_id_idx (stable_id, version),
  KEY canonical_transcript_id_idx (canonical_transcript_id)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table gene_attrib
@colour #3CB371
@desc Attributes of genes.
*/

CREATE TABLE gene_attrib (

  gene_id                     INT(10) UNSIGNED NOT NULL DEFAULT '0',
  attrib_type_id              SMALLINT(5) UNSIGNED NOT NULL DEFAULT '0',
  value                       TEXT NOT NULL,

  KEY type_val_idx (attrib_type_id, value(40)),
  KEY val_only_idx (value(40)),
  KEY gene_idx (gene_id),
  UNIQUE KEY gene_attribx (gene_id, attrib_type_id, value(500))

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table intron_supporting_evidence
@colour #3CB371
@desc Evidence (RNA-seq, say) for the introns of transcripts.
*/

CREATE TABLE intron_supporting_evidence (

  intron_supporting_evidence_id INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  analysis_id                   SMALLINT UNSIGNED NOT NULL,
  seq_region_id                 INT(10) UNSIGNED NOT NULL,
  seq_region_start              INT(10) UNSIGNED NOT NULL,
  seq_region_end                INT(10) UNSIGNED NOT NULL,
  seq_region_strand             TINYINT(2) NOT NULL,
  hit_name                      VARCHAR(100) NOT NULL,
  score                         DECIMAL(10,3),
  score_type                    ENUM('NONE', 'DEPTH') DEFAULT 'NONE',
  is_splice_canonical           TINYINT(1) NOT NULL DEFAULT 0,

  PRIMARY KEY (intron_supporting_evidence_id),
  UNIQUE KEY (analysis_id, seq_region_id, seq_region_start, seq_region_end, seq_region_strand, hit_name),
  KEY seq_region_idx (seq_region_id, seq_region_start)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table map
@colour #3CB371
@desc Genetic maps on which markers are placed.
*/

CREATE TABLE map (

  map_id                      INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  map_name                    VARCHAR(30) NOT NULL,

  PRIMARY KEY (map_id)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table marker
@colour #3CB371
@desc Markers: primer pairs and their distances.
*/

CREATE TABLE marker (

  marker_id                   INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  display_marker_synonym_id   INT(10) UNSIGNED,
  left_primer                 VARCHAR(100) NOT NULL,
  right_primer                VARCHAR(100) NOT NULL,
  min_primer_dist             INT(10) UNSIGNED NOT NULL,
  max_primer_dist             INT(10) UNSIGNED NOT NULL,
  priority                    INT,
  type                        ENUM('est', 'microsatellite'),

  PRIMARY KEY (marker_id),
  KEY marker_idx (marker_id, priority),
  KEY display_idx (display_marker_synonym_id)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table marker_feature
@colour #3CB371
@desc Where markers map on the genome.
*/

CREATE TABLE marker_feature (

  marker_feature_id           INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  marker_id                   INT(10) UNSIGNED NOT NULL,
  seq_region_id               INT(10) UNSIGNED NOT NULL,
  seq_region_start            INT(10) UNSIGNED NOT NULL,
  seq_region_end              INT(10) UNSIGNED NOT NULL,
  analysis_id                 SMALLINT UNSIGNED NOT NULL,
  map_weight                  INT(10) UNSIGNED,

  PRIMARY KEY (marker_feature_id),
  KEY seq_region_idx (seq_region_id, seq_region_start),
  KEY analysis_idx (analysis_id)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table marker_map_location
@colour #3CB371
@desc Where markers are on genetic maps.
*/

CREATE TABLE marker_map_location (

  marker_id                   INT(10) UNSIGNED NOT NULL,
  map_id                      INT(10) UNSIGNED NOT NULL,
  chromosome_name             VARCHAR(15) NOT NULL,
  marker_synonym_id           INT(10) UNSIGNED NOT NULL,
  position                    VARCHAR(15) NOT NULL,
  lod_score                   DOUBLE,

  PRIMARY KEY (marker_id, map_id),
  KEY map_idx (map_id, chromosome_name, position)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table marker_synonym
@colour #3CB371
@desc Other names of markers.
*/

CREATE TABLE marker_synonym (

  marker_synonym_id           INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  marker_id                   INT(10) UNSIGNED NOT NULL,
  source                      VARCHAR(20),
  name                        VARCHAR(50),

  PRIMARY KEY (marker_synonym_id),
  KEY marker_synonym_idx (marker_synonym_id, name),
  KEY marker_idx (marker_id)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table misc_attrib
@colour #3CB371
@desc Attributes of miscellaneous features.
*/

CREATE TABLE misc_attrib (

  misc_feature_id             INT(10) UNSIGNED NOT NULL DEFAULT '0',
  attrib_type_id              SMALLINT(5) UNSIGNED NOT NULL DEFAULT '0',
  value                       TEXT NOT NULL,

  KEY type_val_idx (attrib_type_id, value(40)),
  KEY val_only_idx (value(40)),
  KEY misc_feature_idx (misc_feature_id),
  UNIQUE KEY misc_attribx (misc_feature_id, attrib_type_id, value(500))

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table misc_feature
@colour #3CB371
@desc Features that fit nowhere else: clones, tiling paths, and the like.
*/

CREATE TABLE misc_feature (

  misc_feature_id             INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  seq_region_id               INT(10) UNSIGNED NOT NULL DEFAULT '0',
  seq_region_start            INT(10) UNSIGNED NOT NULL DEFAULT '0',
  seq_region_end              INT(10) UNSIGNED NOT NULL DEFAULT '0',
  seq_region_strand           TINYINT(4) NOT NULL DEFAULT '0',

  PRIMARY KEY (misc_feature_id),
  KEY seq_region_idx (seq_region_id, seq_region_start)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table misc_feature_misc_set
@colour #3CB371
@desc Which sets miscellaneous features belong to.
*/

CREATE TABLE misc_feature_misc_set (

  misc_feature_id             INT(10) UNSIGNED NOT NULL DEFAULT '0',
  misc_set_id                 SMALLINT(5) UNSIGNED NOT NULL DEFAULT '0',

  PRIMARY KEY (misc_feature_id, misc_set_id),
  KEY reverse_idx (misc_set_id, misc_feature_id)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table misc_set
@colour #3CB371
@desc Sets of miscellaneous features.
*/

CREATE TABLE misc_set (

  misc_set_id                 SMALLINT(5) UNSIGNED NOT NULL AUTO_INCREMENT,
  code                        VARCHAR(25) NOT NULL DEFAULT '',
  name                        VARCHAR(255) NOT NULL DEFAULT '',
  description                 TEXT NOT NULL,
  max_length                  INT UNSIGNED NOT NULL,

  PRIMARY KEY (misc_set_id),
  UNIQUE KEY code_idx (code)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table prediction_exon
@colour #3CB371
@desc The exons of ab initio predictions.
*/

CREATE TABLE prediction_exon (

  prediction_exon_id          INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  prediction_transcript_id    INT(10) UNSIGNED NOT NULL,
  exon_rank                   SMALLINT UNSIGNED NOT NULL,
  seq_region_id               INT(10) UNSIGNED NOT NULL,
  seq_region_start            INT(10) UNSIGNED NOT NULL,
  seq_region_end              INT(10) UNSIGNED NOT NULL,
  seq_region_strand           TINYINT NOT NULL,
  start_phase                 TINYINT NOT NULL,
  score                       DOUBLE,
  p_value                     DOUBLE,

  PRIMARY KEY (prediction_exon_id),
  KEY transcript_idx (prediction_transcript_id),
  KEY seq_region_idx (seq_region_id, seq_region_start)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table prediction_transcript
@colour #3CB371
@desc Ab initio transcript predictions (Genscan and the like).
*/

CREATE TABLE prediction_transcript (

  prediction_transcript_id    INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  seq_region_id               INT(10) UNSIGNED NOT NULL,
  seq_region_start            INT(10) UNSIGNED NOT NULL,
  seq_region_end              INT(10) UNSIGNED NOT NULL,
  seq_region_strand           TINYINT NOT NULL,
  analysis_id                 SMALLINT UNSIGNED NOT NULL,
  display_label               VARCHAR(255),

  PRIMARY KEY (prediction_transcript_id),
  KEY seq_region_idx (seq_region_id, seq_region_start),
  KEY analysis_idx (analysis_id)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table protein_align_feature
@colour #3CB371
@desc Alignments of protein sequences to the genome.
*/

CREATE TABLE protein_align_feature (

  protein_align_feature_id    INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  seq_region_id               INT(10) UNSIGNED NOT NULL,
  seq_region_start            INT(10) UNSIGNED NOT NULL,
  seq_region_end              INT(10) UNSIGNED NOT NULL,
  seq_region_strand           TINYINT(1) DEFAULT '1' NOT NULL,
  hit_start                   INT(10) NOT NULL,
  hit_end                     INT(10) NOT NULL,
  hit_name                    VARCHAR(40) NOT NULL,
  analysis_id                 SMALLINT UNSIGNED NOT NULL,
  score                       DOUBLE,
  evalue                      DOUBLE,
  perc_ident                  FLOAT,
  cigar_line                  TEXT,
  external_db_id              INTEGER UNSIGNED,
  hcoverage                   DOUBLE,
  align_type                  ENUM('ensembl', 'cigar', 'vulgar', 'mdtag') DEFAULT 'ensembl',

  PRIMARY KEY (protein_align_feature_id),
  KEY seq_region_idx (seq_region_id, analysis_id, seq_region_start, score),
  KEY seq_region_idx_2 (seq_region_id, seq_region_start),
  KEY hit_idx (hit_name),
  KEY analysis_idx (analysis_id),
  KEY external_db_idx (external_db_id)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM MAX_ROWS=100000000 AVG_ROW_LENGTH=80;


/**
@table protein_feature
@colour #3CB371
@desc Domains and other features on translations (InterPro, Pfam, ...).
*/

CREATE TABLE protein_feature (

  protein_feature_id          INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  translation_id              INT(10) UNSIGNED NOT NULL,
  seq_start                   INT(10) NOT NULL,
  seq_end                     INT(10) NOT NULL,
  hit_start                   INT(10) NOT NULL,
  hit_end                     INT(10) NOT NULL,
  hit_name                    VARCHAR(40) NOT NULL,
  analysis_id                 SMALLINT UNSIGNED NOT NULL,
  score                       DOUBLE,
  evalue                      DOUBLE,
  perc_ident                  FLOAT,
  external_data               TEXT,
  hit_description             TEXT,
  cigar_line                  TEXT,
  align_type                  ENUM('ensembl', 'cigar', 'cigarplus', 'vulgar', 'mdtag') DEFAULT NULL,

  UNIQUE KEY aln_idx (translation_id, hit_name, seq_start, seq_end, hit_start, hit_end, analysis_id),
  PRIMARY KEY (protein_feature_id),
  KEY translation_idx (translation_id),
  KEY hitname_idx (hit_name),
  KEY analysis_idx (analysis_id)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table repeat_consensus
@colour #3CB371
@desc The consensus sequences of repeats, by name, class and type.
*/

CREATE TABLE repeat_consensus (

  repeat_consensus_id         INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  repeat_name                 VARCHAR(255) NOT NULL,
  repeat_class                VARCHAR(100) NOT NULL,
  repeat_type                 VARCHAR(40) NOT NULL,
  repeat_consensus            TEXT,

  PRIMARY KEY (repeat_consensus_id),
  KEY name (repeat_name),
  KEY class (repeat_class),
  KEY consensus (repeat_consensus(10)),
  KEY type (repeat_type)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table repeat_feature
@colour #3CB371
@desc Where repeats are on the genome.
*/

CREATE TABLE repeat_feature (

  repeat_feature_id           INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  seq_region_id               INT(10) UNSIGNED NOT NULL,
  seq_region_start            INT(10) UNSIGNED NOT NULL,
  seq_region_end              INT(10) UNSIGNED NOT NULL,
  seq_region_strand           TINYINT(1) DEFAULT '1' NOT NULL,
  repeat_start                INT(10) NOT NULL,
  repeat_end                  INT(10) NOT NULL,
  repeat_consensus_id         INT(10) UNSIGNED NOT NULL,
  analysis_id                 SMALLINT UNSIGNED NOT NULL,
  score                       DOUBLE,

  PRIMARY KEY (repeat_feature_id),
  KEY seq_region_idx (seq_region_id, seq_region_start),
  KEY repeat_idx (repeat_consensus_id),
  KEY analysis_idx (analysis_id)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM MAX_ROWS=100000000 AVG_ROW_LENGTH=80;


/**
@table rnaproduct
@colour #3CB371
@desc Mature RNA products of transcripts, such as miRNAs.
*/

CREATE TABLE rnaproduct (

  rnaproduct_id               INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  rnaproduct_type_id          SMALLINT(5) UNSIGNED NOT NULL,
  transcript_id               INT(10) UNSIGNED NOT NULL,
  seq_start                   INT(10) NOT NULL,
  start_exon_id               INT(10) UNSIGNED,
  seq_end                     INT(10) NOT NULL,
  end_exon_id                 INT(10) UNSIGNED,
  stable_id                   VARCHAR(128) DEFAULT NULL,
  version                     SMALLINT UNSIGNED DEFAULT NULL,
  created_date                DATETIME DEFAULT NULL,
  modified_date               DATETIME DEFAULT NULL,

  PRIMARY KEY (rnaproduct_id),
  KEY transcript_idx (transcript_id),
  KEY stable_id_idx (stable_id, version)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table rnaproduct_attrib
@colour #3CB371
@desc Attributes of RNA products.
*/

CREATE TABLE rnaproduct_attrib (

  rnaproduct_id               INT(10) UNSIGNED NOT NULL,
  attrib_type_id              SMALLINT(5) UNSIGNED NOT NULL,
  value                       TEXT NOT NULL,

  KEY type_val_idx (attrib_type_id, value(40)),
  KEY val_only_idx (value(40)),
  KEY rnaproduct_idx (rnaproduct_id),
  UNIQUE KEY rnaproduct_attribx (rnaproduct_id, attrib_type_id, value(500))

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table rnaproduct_type
@colour #3CB371
@desc The kinds of RNA product.
*/

CREATE TABLE rnaproduct_type (

  rnaproduct_type_id          SMALLINT(5) UNSIGNED NOT NULL AUTO_INCREMENT,
  code                        VARCHAR(20) NOT NULL DEFAULT '',
  name                        VARCHAR(255) NOT NULL DEFAULT '',
  description                 TEXT,

  PRIMARY KEY (rnaproduct_type_id),
  UNIQUE KEY code_idx (code)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table simple_feature
@colour #3CB371
@desc Features with a place, a label and a score: CpG islands, tRNAs, and the like.
*/

CREATE TABLE simple_feature (

  simple_feature_id           INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  seq_region_id               INT(10) UNSIGNED NOT NULL,
  seq_region_start            INT(10) UNSIGNED NOT NULL,
  seq_region_end              INT(10) UNSIGNED NOT NULL,
  seq_region_strand           TINYINT(1) NOT NULL,
  display_label               VARCHAR(255) NOT NULL,
  analysis_id                 SMALLINT UNSIGNED NOT NULL,
  score                       DOUBLE,

  PRIMARY KEY (simple_feature_id),
  KEY seq_region_idx (seq_region_id, seq_region_start),
  KEY analysis_idx (analysis_id),
  KEY hit_idx (display_label)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM MAX_ROWS=100000000 AVG_ROW_LENGTH=80;


/**
@table transcript
@colour #3CB371
@desc Transcripts of genes, with their canonical translation.
*/

CREATE TABLE transcript (

  transcript_id               INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  gene_id                     INT(10) UNSIGNED,
  analysis_id                 SMALLINT UNSIGNED NOT NULL,
  seq_region_id               INT(10) UNSIGNED NOT NULL,
  seq_region_start            INT(10) UNSIGNED NOT NULL,
  seq_region_end              INT(10) UNSIGNED NOT NULL,
  seq_region_strand           TINYINT(2) NOT NULL,
  display_xref_id             INT(10) UNSIGNED,
  source                      VARCHAR(40) NOT NULL DEFAULT 'ensembl',
  biotype                     VARCHAR(40) NOT NULL,
  description                 TEXT,
  is_current                  TINYINT(1) NOT NULL DEFAULT 1,
  canonical_translation_id    INT(10) UNSIGNED,
  stable_id                   VARCHAR(128) DEFAULT NULL,
  version                     SMALLINT UNSIGNED DEFAULT NULL,
  created_date                DATETIME DEFAULT NULL,
  modified_date               DATETIME DEFAULT NULL,

  PRIMARY KEY (transcript_id),
  KEY seq_region_idx (seq_region_id, seq_region_start),
  KEY gene_index (gene_id),
  KEY xref_id_index (display_xref_id),
  KEY analysis_idx (analysis_id),
  UNIQUE KEY canonical_translation_idx (canonical_translation_id),
  KEY stable_id_idx (stable_id, version)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table transcript_attrib
@colour #3CB371
@desc Attributes of transcripts.
*/

CREATE TABLE transcript_attrib (

  transcript_id               INT(10) UNSIGNED NOT NULL DEFAULT '0',
  attrib_type_id              SMALLINT(5) UNSIGNED NOT NULL DEFAULT '0',
  value                       TEXT NOT NULL,

  KEY type_val_idx (attrib_type_id, value(40)),
  KEY val_only_idx (value(40)),
  KEY transcript_idx (transcript_id),
  UNIQUE KEY transcript_attribx (transcript_id, attrib_type_id, value(500))

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table transcript_intron_supporting_evidence
@colour #3CB371
@desc Which introns of a transcript the evidence supports, between which exons.
*/

CREATE TABLE transcript_intron_supporting_evidence (

  transcript_id                 INT(10) UNSIGNED NOT NULL,
  intron_supporting_evidence_id INT(10) UNSIGNED NOT NULL,
  previous_exon_id              INT(10) UNSIGNED NOT NULL,
  next_exon_id                  INT(10) UNSIGNED NOT NULL,

  PRIMARY KEY (intron_supporting_evidence_id, transcript_id),
  KEY transcript_idx (transcript_id)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table translation
@colour #3CB371
@desc Where the coding sequence of a transcript starts and ends, by exon and offset.
*/

CREATE TABLE translation (

  translation_id              INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  transcript_id               INT(10) UNSIGNED NOT NULL,
  seq_start                   INT(10) NOT NULL,
  start_exon_id               INT(10) UNSIGNED NOT NULL,
  seq_end                     INT(10) NOT NULL,
  end_exon_id                 INT(10) UNSIGNED NOT NULL,
  stable_id                   VARCHAR(128) DEFAULT NULL,
  version                     SMALLINT UNSIGNED DEFAULT NULL,
  created_date                DATETIME DEFAULT NULL,
  modified_date               DATETIME DEFAULT NULL,

  PRIMARY KEY (translation_id),
  KEY transcript_idx (transcript_id),
  KEY stable_id_idx (stable_id, version)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table translation_attrib
@colour #3CB371
@desc Attributes of translations.
*/

CREATE TABLE translation_attrib (

  translation_id              INT(10) UNSIGNED NOT NULL DEFAULT '0',
  attrib_type_id              SMALLINT(5) UNSIGNED NOT NULL DEFAULT '0',
  value                       TEXT NOT NULL,

  KEY type_val_idx (attrib_type_id, value(40)),
  KEY val_only_idx (value(40)),
  KEY translation_idx (translation_id),
  UNIQUE KEY translation_attribx (translation_id, attrib_type_id, value(500))

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@header ID Mapping
@colour #FF8500
*/


/**
@table density_feature
@colour #FF8500
@desc Densities of features along the genome, in blocks.
*/

CREATE TABLE density_feature (

  density_feature_id          INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  density_type_id             INT(10) UNSIGNED NOT NULL,
  seq_region_id               INT(10) UNSIGNED NOT NULL,
  seq_region_start            INT(10) UNSIGNED NOT NULL,
  seq_region_end              INT(10) UNSIGNED NOT NULL,
  density_value               FLOAT NOT NULL,

  PRIMARY KEY (density_feature_id),
  KEY seq_region_idx (density_type_id, seq_region_id, seq_region_start),
  KEY seq_region_id_idx (seq_region_id)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table density_type
@colour #FF8500
@desc The kinds of density: which analysis, in blocks of what size.
*/

CREATE TABLE density_type (

  density_type_id             INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  analysis_id                 SMALLINT UNSIGNED NOT NULL,
  block_size                  INT NOT NULL,
  region_features             INT NOT NULL,
  value_type                  ENUM('sum','ratio') NOT NULL,

  PRIMARY KEY (density_type_id),
  UNIQUE KEY analysis_idx (analysis_id, block_size, region_features)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table ditag
@colour #FF8500
@desc Di-tags: paired sequence tags.
*/

CREATE TABLE ditag (

  ditag_id                    INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  name                        VARCHAR(30) NOT NULL,
  type                        VARCHAR(30) NOT NULL,
  tag_count                   SMALLINT UNSIGNED NOT NULL DEFAULT 1,
  sequence                    TINYTEXT NOT NULL,

  PRIMARY KEY (ditag_id)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table ditag_feature
@colour #FF8500
@desc Where di-tags map on the genome.
*/

CREATE TABLE ditag_feature (

  ditag_feature_id            INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  ditag_id                    INT(10) UNSIGNED NOT NULL DEFAULT '0',
  ditag_pair_id               INT(10) UNSIGNED NOT NULL DEFAULT '0',
  seq_region_id               INT(10) UNSIGNED NOT NULL DEFAULT '0',
  seq_region_start            INT(10) UNSIGNED NOT NULL DEFAULT '0',
  seq_region_end              INT(10) UNSIGNED NOT NULL DEFAULT '0',
  seq_region_strand           TINYINT(1) NOT NULL DEFAULT '0',
  analysis_id                 SMALLINT UNSIGNED NOT NULL DEFAULT '0',
  hit_start                   INT(10) UNSIGNED NOT NULL DEFAULT '0',
  hit_end                     INT(10) UNSIGNED NOT NULL DEFAULT '0',
  hit_strand                  TINYINT(1) NOT NULL DEFAULT '0',
  cigar_line                  TINYTEXT NOT NULL,
  ditag_side                  ENUM('F', 'L', 'R') NOT NULL,

  PRIMARY KEY (ditag_feature_id),
  KEY ditag_idx (ditag_id),
  KEY ditag_pair_idx (ditag_pair_id),
  KEY seq_region_idx (seq_region_id, seq_region_start, seq_region_end)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table gene_archive
@colour #FF8500
@desc Stable ids of genes, transcripts and translations of earlier releases.
*/

CREATE TABLE gene_archive (

  gene_stable_id              VARCHAR(128) NOT NULL,
  gene_version                SMALLINT NOT NULL DEFAULT 1,
  transcript_stable_id        VARCHAR(128) NOT NULL,
  transcript_version          SMALLINT NOT NULL DEFAULT 1,
  translation_stable_id       VARCHAR(128),
  translation_version         SMALLINT NOT NULL DEFAULT 1,
  peptide_archive_id          INT(10) UNSIGNED,
  mapping_session_id          INT(10) UNSIGNED NOT NULL,

  KEY gene_idx (gene_stable_id, gene_version),
  KEY transcript_idx (transcript_stable_id, transcript_version),
  KEY translation_idx (translation_stable_id, translation_version),
  KEY peptide_archive_id_idx (peptide_archive_id)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table mapping_session
@colour #FF8500
@desc One stable id mapping run: from which database and assembly to which.
*/

CREATE TABLE mapping_session (

  mapping_session_id          INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  old_db_name                 VARCHAR(80) NOT NULL DEFAULT '',
  new_db_name                 VARCHAR(80) NOT NULL DEFAULT '',
  old_release                 VARCHAR(5) NOT NULL DEFAULT '',
  new_release                 VARCHAR(5) NOT NULL DEFAULT '',
  old_assembly                VARCHAR(80) NOT NULL DEFAULT '',
  new_assembly                VARCHAR(80) NOT NULL DEFAULT '',
  created                     DATETIME NOT NULL,

  PRIMARY KEY (mapping_session_id)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table mapping_set
@colour #FF8500
@desc Schema builds whose sequence regions are mapped onto each other.
*/

CREATE TABLE mapping_set (

  mapping_set_id              INT(10) UNSIGNED NOT NULL,
  internal_schema_build       VARCHAR(20) NOT NULL,
  external_schema_build       VARCHAR(20) NOT NULL,

  PRIMARY KEY (mapping_set_id),
  UNIQUE KEY mapping_idx (internal_schema_build, external_schema_build)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table peptide_archive
@colour #FF8500
@desc Protein sequences of earlier releases, by checksum.
*/

CREATE TABLE peptide_archive (

  peptide_archive_id          INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  md5_checksum                VARCHAR(32),
  peptide_seq                 MEDIUMTEXT NOT NULL,

  PRIMARY KEY (peptide_archive_id),
  KEY checksum (md5_checksum)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table seq_region_mapping
@colour #FF8500
@desc Which sequence region of one schema build is which of another.
*/

CREATE TABLE seq_region_mapping (

  external_seq_region_id      INT(10) UNSIGNED NOT NULL,
  internal_seq_region_id      INT(10) UNSIGNED NOT NULL,
  mapping_set_id              INT(10) UNSIGNED NOT NULL,

  KEY mapping_set_idx (mapping_set_id)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table stable_id_event
@colour #FF8500
@desc How stable ids changed between releases, with a score per change.
*/

CREATE TABLE stable_id_event (

  old_stable_id               VARCHAR(128),
  old_version                 SMALLINT,
  new_stable_id               VARCHAR(128),
  new_version                 SMALLINT,
  mapping_session_id          INT(10) UNSIGNED NOT NULL DEFAULT '0',
  id_type                     ENUM('gene', 'transcript', 'translation', 'rnaproduct') NOT NULL,
  score                       FLOAT NOT NULL DEFAULT 0,

  UNIQUE KEY uni_idx (mapping_session_id, old_stable_id, new_stable_id, id_type),
  KEY new_idx (new_stable_id),
  KEY old_idx (old_stable_id)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@header External References
@colour #1E90FF
*/


/**
@table associated_group
@colour #1E90FF
@desc Groups of associated cross-references.
*/

CREATE TABLE associated_group (

  associated_group_id         INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  description                 VARCHAR(128) DEFAULT NULL,

  PRIMARY KEY (associated_group_id)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table associated_xref
@colour #1E90FF
@desc Cross-references that qualify others (an ontology term's evidence, say).
*/

CREATE TABLE associated_xref (

  associated_xref_id          INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  object_xref_id              INT(10) UNSIGNED NOT NULL DEFAULT '0',
  xref_id                     INT(10) UNSIGNED NOT NULL DEFAULT '0',
  source_xref_id              INT(10) UNSIGNED DEFAULT NULL,
  condition_type              VARCHAR(128) DEFAULT NULL,
  associated_group_id         INT(10) UNSIGNED DEFAULT NULL,
  rank                        INT(10) UNSIGNED DEFAULT '0',

  PRIMARY KEY (associated_xref_id),
  KEY associated_source_idx (source_xref_id),
  KEY associated_object_idx (object_xref_id),
  KEY associated_idx (xref_id),
  KEY associated_group_idx (associated_group_id),
  UNIQUE KEY object_associated_source_type_idx (object_xref_id, xref_id, source_xref_id, condition_type, associated_group_id)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table dependent_xref
@colour #1E90FF
@desc Cross-references that depend on another (a GO term through UniProt, say).
*/

CREATE TABLE dependent_xref (

  object_xref_id              INT(10) UNSIGNED NOT NULL,
  master_xref_id              INT(10) UNSIGNED NOT NULL,
  dependent_xref_id           INT(10) UNSIGNED NOT NULL,

  PRIMARY KEY (object_xref_id),
  KEY dependent (dependent_xref_id),
  KEY master_idx (master_xref_id)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table external_db
@colour #1E90FF
@desc The external databases cross-references point into.
*/

CREATE TABLE external_db (

  external_db_id              INTEGER UNSIGNED NOT NULL AUTO_INCREMENT,
  db_name                     VARCHAR(100) NOT NULL,
  db_release                  VARCHAR(255),
  status                      ENUM('KNOWNXREF','KNOWN','XREF','PRED','ORTH','PSEUDO') NOT NULL,
  priority                    INT NOT NULL,
  db_display_name             VARCHAR(255),
  type                        ENUM('ARRAY', 'ALT_TRANS', 'ALT_GENE', 'MISC', 'LIT', 'PRIMARY_DB_SYNONYM', 'ENSEMBL'),
  secondary_db_name           VARCHAR(255) DEFAULT NULL,
  secondary_db_table          VARCHAR(255) DEFAULT NULL,
  description                 TEXT,

  PRIMARY KEY (external_db_id),
  UNIQUE KEY db_name_db_release_idx (db_name, db_release)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table external_synonym
@colour #1E90FF
@desc Other names of cross-referenced entries.
*/

CREATE TABLE external_synonym (

  xref_id                     INT(10) UNSIGNED NOT NULL,
  synonym                     VARCHAR(100) NOT NULL,

  PRIMARY KEY (xref_id, synonym),
  KEY name_index (synonym)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table identity_xref
@colour #1E90FF
@desc How well a sequence cross-reference aligns to its Ensembl object.
*/

CREATE TABLE identity_xref (

  object_xref_id              INT(10) UNSIGNED NOT NULL,
  xref_identity               INT(5),
  ensembl_identity            INT(5),
  xref_start                  INT,
  xref_end                    INT,
  ensembl_start               INT,
  ensembl_end                 INT,
  cigar_line                  TEXT,
  score                       DOUBLE,
  evalue                      DOUBLE,

  PRIMARY KEY (object_xref_id)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table interpro
@colour #1E90FF
@desc Which InterPro entries hold which member database signatures.
*/

CREATE TABLE interpro (

  interpro_ac                 VARCHAR(40) NOT NULL,
  id                          VARCHAR(40) NOT NULL,

  UNIQUE KEY accession_idx (interpro_ac, id),
  KEY id_idx (id)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table object_xref
@colour #1E90FF
@desc Which Ensembl object (gene, transcript, translation) each cross-reference is on.
*/

CREATE TABLE object_xref (

  object_xref_id              INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  ensembl_id                  INT(10) UNSIGNED NOT NULL,
  ensembl_object_type         ENUM('RawContig', 'Transcript', 'Gene', 'Translation', 'Operon',
                                   'OperonTranscript', 'Marker', 'RNAProduct') NOT NULL,
  xref_id                     INT(10) UNSIGNED NOT NULL,
  linkage_annotation          VARCHAR(255) DEFAULT NULL,
  analysis_id                 SMALLINT UNSIGNED,

  PRIMARY KEY (object_xref_id),
  UNIQUE KEY xref_idx (xref_id, ensembl_object_type, ensembl_id, analysis_id),
  KEY ensembl_idx (ensembl_object_type, ensembl_id),
  KEY analysis_idx (analysis_id)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table ontology_xref
@colour #1E90FF
@desc Evidence codes of ontology cross-references.
*/

CREATE TABLE ontology_xref (

  object_xref_id              INT(10) UNSIGNED DEFAULT '0' NOT NULL,
  linkage_type                VARCHAR(3) DEFAULT NULL,
  source_xref_id              INT(10) UNSIGNED DEFAULT NULL,

  KEY source_idx (source_xref_id),
  KEY object_idx (object_xref_id),
  UNIQUE KEY object_source_type_idx (object_xref_id, source_xref_id, linkage_type)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table unmapped_object
@colour #1E90FF
@desc Entries of external databases that did not map, and why.
*/

CREATE TABLE unmapped_object (

  unmapped_object_id          INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  type                        ENUM('xref', 'cDNA', 'Marker') NOT NULL,
  analysis_id                 SMALLINT UNSIGNED NOT NULL,
  external_db_id              INTEGER UNSIGNED,
  identifier                  VARCHAR(255) NOT NULL,
  unmapped_reason_id          INT(10) UNSIGNED NOT NULL,
  query_score                 DOUBLE,
  target_score                DOUBLE,
  ensembl_id                  INT(10) UNSIGNED DEFAULT '0',
  ensembl_object_type         ENUM('RawContig','Transcript','Gene','Translation') DEFAULT 'RawContig',
  parent                      VARCHAR(255) DEFAULT NULL,

  PRIMARY KEY (unmapped_object_id),
  UNIQUE KEY unique_unmapped_obj_idx (ensembl_id, ensembl_object_type, identifier, unmapped_reason_id, parent, external_db_id),
  KEY id_idx (identifier(50)),
  KEY anal_exdb_idx (analysis_id, external_db_id),
  KEY ext_db_identifier_idx (external_db_id, identifier)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table unmapped_reason
@colour #1E90FF
@desc Why entries did not map.
*/

CREATE TABLE unmapped_reason (

  unmapped_reason_id          INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  summary_description         VARCHAR(255),
  full_description            VARCHAR(255),

  PRIMARY KEY (unmapped_reason_id)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table xref
@colour #1E90FF
@desc Cross-references: an accession in an external database, its label and description.

@column info_type           How the reference was made; '' where an old pipeline stored a
                            value the ENUM does not list (MySQL keeps it as the error value).
*/

CREATE TABLE xref (

  xref_id                     INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  external_db_id              INTEGER UNSIGNED NOT NULL,
  dbprimary_acc               VARCHAR(512) NOT NULL,
  display_label               VARCHAR(512) NOT NULL,
  version                     VARCHAR(10) DEFAULT NULL,
  description                 TEXT,
  info_type                   ENUM('NONE', 'PROJECTION', 'MISC', 'DEPENDENT',
                                   'DIRECT', 'SEQUENCE_MATCH',
                                   'INFERRED_PAIR', 'PROBE',
                                   'UNMAPPED', 'COORDINATE_OVERLAP',
                                   'CHECKSUM' ) DEFAULT 'NONE' NOT NULL,
  info_text                   VARCHAR(255) DEFAULT '' NOT NULL,

  PRIMARY KEY (xref_id),
  UNIQUE KEY id_index (dbprimary_acc, external_db_id, info_type, info_text, version),
  KEY display_index (display_label),
  KEY info_type_idx (info_type)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@header Operons
@colour #FF69B4
*/


/**
@table operon
@colour #FF69B4
@desc Operons: co-transcribed genes, in bacteria above all.
*/

CREATE TABLE operon (

  operon_id                   INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  seq_region_id               INT(10) UNSIGNED NOT NULL,
  seq_region_start            INT(10) UNSIGNED NOT NULL,
  seq_region_end              INT(10) UNSIGNED NOT NULL,
  seq_region_strand           TINYINT(2) NOT NULL,
  display_label               VARCHAR(255) DEFAULT NULL,
  analysis_id                 SMALLINT UNSIGNED NOT NULL,
  stable_id                   VARCHAR(128) DEFAULT NULL,
  version                     SMALLINT UNSIGNED DEFAULT NULL,
  created_date                DATETIME DEFAULT NULL,
  modified_date               DATETIME DEFAULT NULL,

  PRIMARY KEY (operon_id),
  KEY seq_region_idx (seq_region_id, seq_region_start),
  KEY name_idx (display_label),
  KEY stable_id_idx (stable_id, version)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table operon_transcript
@colour #FF69B4
@desc The transcripts of operons.
*/

CREATE TABLE operon_transcript (

  operon_transcript_id        INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  seq_region_id               INT(10) UNSIGNED NOT NULL,
  seq_region_start            INT(10) UNSIGNED NOT NULL,
  seq_region_end              INT(10) UNSIGNED NOT NULL,
  seq_region_strand           TINYINT(2) NOT NULL,
  operon_id                   INT(10) UNSIGNED NOT NULL,
  display_label               VARCHAR(255) DEFAULT NULL,
  analysis_id                 SMALLINT UNSIGNED NOT NULL,
  stable_id                   VARCHAR(128) DEFAULT NULL,
  version                     SMALLINT UNSIGNED DEFAULT NULL,
  created_date                DATETIME DEFAULT NULL,
  modified_date               DATETIME DEFAULT NULL,

  PRIMARY KEY (operon_transcript_id),
  KEY operon_idx (operon_id),
  KEY seq_region_idx (seq_region_id, seq_region_start),
  KEY stable_id_idx (stable_id, version)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@table operon_transcript_gene
@colour #FF69B4
@desc Which genes each operon transcript covers.
*/

CREATE TABLE operon_transcript_gene (

  operon_transcript_id        INT(10) UNSIGNED,
  gene_id                     INT(10) UNSIGNED,

  KEY operon_transcript_gene_idx (operon_transcript_id, gene_id)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM;


/**
@header Supporting evidence
@colour #B8860B
*/


/**
@table supporting_feature
@colour #B8860B
@desc The alignments that support each exon.
*/

CREATE TABLE supporting_feature (

  exon_id                     INT(10) UNSIGNED DEFAULT '0' NOT NULL,
  feature_type                ENUM('dna_align_feature', 'protein_align_feature'),
  feature_id                  INT(10) UNSIGNED DEFAULT '0' NOT NULL,

  UNIQUE KEY all_idx (exon_id, feature_type, feature_id),
  KEY feature_idx (feature_type, feature_id)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM MAX_ROWS=100000000 AVG_ROW_LENGTH=80;


/**
@table transcript_supporting_feature
@colour #B8860B
@desc The alignments that support each transcript.
*/

CREATE TABLE transcript_supporting_feature (

  transcript_id               INT(10) UNSIGNED DEFAULT '0' NOT NULL,
  feature_type                ENUM('dna_align_feature', 'protein_align_feature'),
  feature_id                  INT(10) UNSIGNED DEFAULT '0' NOT NULL,

  UNIQUE KEY all_idx (transcript_id, feature_type, feature_id),
  KEY feature_idx (feature_type, feature_id)

) COLLATE=latin1_swedish_ci ENGINE=MyISAM MAX_ROWS=100000000 AVG_ROW_LENGTH=80;
