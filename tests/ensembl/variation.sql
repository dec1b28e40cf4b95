-- A variation schema for the handover service's tests, laid out as Ensembl's
-- ensembl-variation sql/table.sql is: documentation blocks, then the tables, some without
-- an engine of their own (the session's default decides), some with no key at all.
-- Table and column names and types are Ensembl's; the text is ours.

/**
The tables take the session's storage engine: MyISAM.
*/
SET default_storage_engine=MYISAM;

/**
@header  Variation tables
@desc    The variants themselves, where they map, and their alleles.
@colour  #000
*/


/**
@table variation
@desc A variant, known by its name (an rs id), with its class, evidence and clinical significance.
*/

create table variation (
  variation_id int(10) unsigned not null auto_increment, # PK
  source_id int(10) unsigned not null,
  name varchar(255),
  validation_status SET('cluster','freq','submitter','doublehit','hapmap','1000Genome','failed','precious'),
  ancestral_allele varchar(255) DEFAULT NULL,
  flipped tinyint(1) unsigned NULL DEFAULT NULL,
  class_attrib_id int(10) unsigned default 0,
  somatic tinyint(1) DEFAULT 0 NOT NULL,
  minor_allele varchar(50) DEFAULT NULL,
  minor_allele_freq float DEFAULT NULL,
  minor_allele_count int(10) unsigned DEFAULT NULL,
  clinical_significance SET('drug-response','histocompatibility','non-pathogenic','other','pathogenic','probable-non-pathogenic','probable-pathogenic','unknown','untested'),
  evidence SET('Multiple_observations','Frequency','HapMap','1000Genomes','Cited'),

  primary key( variation_id ),
  unique ( name ),
  key source_idx (source_id)
);


/**
@table variation_feature
@desc Where a variant maps, its alleles, and the worst of its consequences.
*/

create table variation_feature(
  variation_feature_id int(10) unsigned not null auto_increment,
  seq_region_id int(10) unsigned not null,
  seq_region_start int not null,
  seq_region_end int not null,
  seq_region_strand tinyint not null,
  variation_id int(10) unsigned not null,
  allele_string varchar(50000),
  variation_name varchar(255),
  map_weight int not null,
  flags SET('genotyped'),
  source_id int(10) unsigned not null,
  validation_status SET('cluster','freq','submitter','doublehit','hapmap','1000Genome','precious'),
  consequence_types SET('intergenic_variant','splice_acceptor_variant','splice_donor_variant',
    'stop_lost','coding_sequence_variant','missense_variant','stop_gained','synonymous_variant',
    'frameshift_variant','nc_transcript_variant','non_coding_exon_variant','mature_miRNA_variant',
    'NMD_transcript_variant','5_prime_UTR_variant','3_prime_UTR_variant',
    'incomplete_terminal_codon_variant','intron_variant','splice_region_variant',
    'downstream_gene_variant','upstream_gene_variant','initiator_codon_variant',
    'stop_retained_variant','inframe_insertion','inframe_deletion','transcript_ablation',
    'transcript_fusion','transcript_amplification','transcript_translocation','TFBS_ablation',
    'TFBS_fusion','TFBS_amplification','TFBS_translocation','regulatory_region_ablation',
    'regulatory_region_fusion','regulatory_region_amplification','regulatory_region_translocation',
    'feature_elongation','feature_truncation','regulatory_region_variant','TF_binding_site_variant'
  ) DEFAULT 'intergenic_variant' NOT NULL,
  variation_set_id SET('1','2','3','4','5','6','7','8','9','10','11','12','13','14','15','16',
    '17','18','19','20','21','22','23','24','25','26','27','28','29','30','31','32',
    '33','34','35','36','37','38','39','40','41','42','43','44','45','46','47','48',
    '49','50','51','52','53','54','55','56','57','58','59','60','61','62','63','64'
  ) NOT NULL DEFAULT '',
  class_attrib_id int(10) unsigned default 0,
  somatic tinyint(1) DEFAULT 0 NOT NULL,
  minor_allele varchar(50) DEFAULT NULL,
  minor_allele_freq float DEFAULT NULL,
  minor_allele_count int(10) unsigned DEFAULT NULL,
  alignment_quality double DEFAULT NULL,
  evidence SET('Multiple_observations','Frequency','HapMap','1000Genomes','Cited'),

  primary key( variation_feature_id ),
  key pos_idx( seq_region_id, seq_region_start, seq_region_end ),
  key variation_idx( variation_id ),
  key variation_set_idx ( variation_set_id ),
  key consequence_type_idx (consequence_types)
);


/**
@table variation_synonym
@desc Other ids of a variant, from other sources.
*/

create table variation_synonym (
  variation_synonym_id int(10) unsigned not null auto_increment,
  variation_id int(10) unsigned not null,
  subsnp_id int(15) unsigned,
  source_id int(10) unsigned not null,
  name varchar(255),
  moltype varchar(50),

  primary key(variation_synonym_id),
  key variation_idx (variation_id),
  key subsnp_idx(subsnp_id),
  unique (name, source_id),
  key source_idx (source_id)
);


/**
@table allele
@desc The alleles of each variant, with their frequency in a population.
*/

CREATE TABLE allele (
  allele_id int(11) NOT NULL AUTO_INCREMENT,
  variation_id int(11) unsigned NOT NULL,
  subsnp_id int(11) unsigned DEFAULT NULL,
  allele_code_id int(11) unsigned NOT NULL,
  population_id int(11) unsigned DEFAULT NULL,
  frequency float unsigned DEFAULT NULL,
  count int(11) unsigned DEFAULT NULL,
  frequency_submitter_handle int(10) DEFAULT NULL,

  PRIMARY KEY (allele_id),
  KEY variation_idx (variation_id),
  KEY subsnp_idx (subsnp_id),
  KEY population_idx (population_id)
);


/**
@header  Phenotype tables
@desc    Variants, genes and QTLs linked with phenotypes.
@colour  #22949b
*/


/**
@table phenotype_feature
@desc An object (variant, gene, QTL) linked with a phenotype by a study.
*/

CREATE TABLE IF NOT EXISTS `phenotype_feature` (
  `phenotype_feature_id` int(11) unsigned NOT NULL AUTO_INCREMENT,
  `phenotype_id` int(11) unsigned DEFAULT NULL,
  `source_id` int(11) unsigned DEFAULT NULL,
  `study_id` int(11) unsigned DEFAULT NULL,
  `type` enum('Gene','Variation','StructuralVariation','SupportingStructuralVariation','QTL','RegulatoryFeature') DEFAULT NULL,
  `object_id` varchar(255) DEFAULT NULL,
  `is_significant` tinyint(1) unsigned DEFAULT '1',
  `seq_region_id` int(11) unsigned DEFAULT NULL,
  `seq_region_start` int(11) unsigned DEFAULT NULL,
  `seq_region_end` int(11) unsigned DEFAULT NULL,
  `seq_region_strand` tinyint(4) DEFAULT NULL,
  PRIMARY KEY (`phenotype_feature_id`),
  KEY `phenotype_idx` (`phenotype_id`),
  KEY `object_idx` (`object_id`,`type`),
  KEY `type_idx` (`type`),
  KEY `pos_idx` (`seq_region_id`,`seq_region_start`,`seq_region_end`)
);


/**
@table phenotype_feature_attrib
@desc More about a phenotype association: p-values, risk alleles and the like.
*/

CREATE TABLE IF NOT EXISTS `phenotype_feature_attrib` (
  `phenotype_feature_id` int(11) unsigned NOT NULL,
  `attrib_type_id` int(11) DEFAULT NULL,
  `value` varchar(255) DEFAULT NULL,
  KEY `phenotype_feature_idx` (`phenotype_feature_id`),
  KEY `type_value_idx` (`attrib_type_id`,`value`)
);


/**
@header  Other tables
@desc    What else a variant is known by.
@colour  #000
*/


/**
@table phenotype
@desc Phenotypes, by name and description.
*/

CREATE TABLE `phenotype` (
  `phenotype_id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `stable_id` varchar(255) DEFAULT NULL,
  `name` varchar(50) DEFAULT NULL,
  `description` varchar(255) DEFAULT NULL,
  PRIMARY KEY (`phenotype_id`),
  UNIQUE KEY `name_idx` (`name`),
  KEY `stable_idx` (`stable_id`)
);


/**
@table subsnp_handle
@desc dbSNP submissions (ss ids) and who submitted them.
*/

create table subsnp_handle (
  subsnp_id int(11) unsigned not null,
  handle varchar(20),

  primary key(subsnp_id)
);


/**
@table submitter_handle
@desc Short names of data submitters.
*/

create table submitter_handle (
  handle_id int(10) unsigned not null auto_increment,
  handle varchar(25),
  primary key( handle_id ),
  unique ( handle )
);


/**
@table allele_code
@desc Each allele sequence once, by id.
*/

CREATE TABLE allele_code (
  allele_code_id int(11) NOT NULL AUTO_INCREMENT,
  allele varchar(60000) DEFAULT NULL,

  PRIMARY KEY (allele_code_id),
  UNIQUE KEY allele_idx (allele(1000))
);


/**
@table genotype_code
@desc Genotypes as ordered lists of allele codes.
*/

CREATE TABLE genotype_code (
  genotype_code_id int(11) unsigned NOT NULL,
  allele_code_id int(11) unsigned NOT NULL,
  haplotype_id tinyint(2) unsigned NOT NULL,
  phased tinyint(2) unsigned DEFAULT NULL,

  KEY genotype_code_id (genotype_code_id),
  KEY allele_code_id (allele_code_id)
);


/**
@table seq_region
@desc The core database's sequence regions, by name.
*/

CREATE TABLE seq_region (

  seq_region_id               INT(10) UNSIGNED NOT NULL,
  name                        VARCHAR(40) NOT NULL,
  coord_system_id             INT(10) UNSIGNED NOT NULL,

  PRIMARY KEY (seq_region_id),
  UNIQUE KEY name_cs_idx (name, coord_system_id),
  KEY cs_idx (coord_system_id)

) ;


/**
@table coord_system
@desc The core database's coordinate systems.
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

);


/**
@table tagged_variation_feature
@desc Variants that tag others in a population (r2 above 0.99).
*/

CREATE TABLE tagged_variation_feature (
  variation_feature_id int(10) unsigned NOT NULL,
  tagged_variation_feature_id int(10) unsigned DEFAULT NULL,
  population_id int(10) unsigned NOT NULL,
  KEY tag_idx (variation_feature_id),
  KEY tagged_idx (tagged_variation_feature_id),
  KEY population_idx (population_id)
);


/**
@header  Sample tables
@desc    Individuals and populations.
@colour  #FF8500
*/


/**
@table population
@desc Populations: a people, a panel, a phenotypic group.
*/

CREATE TABLE population(
  population_id int(10) unsigned not null auto_increment,
  name varchar(255),
  size int(10),
  description text,
  collection tinyint(1) default 0,
  freqs_from_gts tinyint(1),
  display enum('LD', 'MARTDISPLAYABLE', 'UNDISPLAYABLE') default 'UNDISPLAYABLE',

  primary key(population_id)
);


/**
@table population_structure
@desc Populations within populations.
*/

create table population_structure (
  super_population_id int(10) unsigned not null,
  sub_population_id int(10) unsigned not null,

  unique super_population_idx (super_population_id, sub_population_id),
  key sub_population_idx (sub_population_id)
);


/**
@table individual
@desc Individuals, with their sex and parents where known.
*/

create table individual(
  individual_id int(10) unsigned not null auto_increment,
  name varchar(255),
  description text,
  gender enum('Male', 'Female', 'Unknown') default 'Unknown' NOT NULL,
  father_individual_id int(10) unsigned,
  mother_individual_id int(10) unsigned,
  individual_type_id int(10) unsigned NOT NULL DEFAULT 0,
  display enum('REFERENCE', 'DEFAULT', 'DISPLAYABLE', 'UNDISPLAYABLE', 'LD', 'MARTDISPLAYABLE') default 'UNDISPLAYABLE',

  primary key(individual_id)
);


/**
@table individual_type
@desc How inbred an individual is.
*/

create table individual_type(
  individual_type_id int(10) unsigned not null auto_increment,
  name varchar(255) not null,
  description text,

  primary key (individual_type_id)
);

# The same four rows in every variation database.
INSERT INTO individual_type (name,description) VALUES ('fully_inbred','multiple organisms have the same genome sequence');
INSERT INTO individual_type (name,description) VALUES ('partly_inbred','single organisms have reduced genome variability due to human intervention');
INSERT INTO individual_type (name,description) VALUES ('outbred','a single organism which breeds freely');
INSERT INTO individual_type (name,description) VALUES ('mutant','a single or multiple organisms with the same genome sequence that have a natural or experimentally induced mutation');


/**
@table individual_population
@desc Which populations each individual belongs to.
*/

create table individual_population (
  individual_id int(10) unsigned not null,
  population_id int(10) unsigned not null,

  key individual_idx(individual_id),
  key population_idx(population_id)

);


/**
@table individual_synonym
@desc Other names of individuals.
*/

CREATE TABLE individual_synonym (
  synonym_id int(10) unsigned not null auto_increment,
  individual_id int(10) unsigned not null,
  source_id int(10) unsigned not null,
  name int(10),

  primary key(synonym_id),
  key individual_idx (individual_id),
  key (name, source_id)
);


/**
@table population_synonym
@desc Other names of populations.
*/

CREATE TABLE population_synonym (
  synonym_id int(10) unsigned not null auto_increment,
  population_id int(10) unsigned not null,
  source_id int(10) unsigned not null,
  name int(10),

  primary key(synonym_id),
  key population_idx (population_id),
  key (name, source_id)
);


/**
@header  Genotype tables
@desc    Genotypes of individuals and populations.
@colour  #FF8500
*/


/**
@table population_genotype
@desc Genotype frequencies in populations.
*/

CREATE TABLE population_genotype (
  population_genotype_id int(10) unsigned NOT NULL AUTO_INCREMENT,
  variation_id int(11) unsigned NOT NULL,
  subsnp_id int(11) unsigned DEFAULT NULL,
  genotype_code_id int(11) DEFAULT NULL,
  frequency float DEFAULT NULL,
  population_id int(10) unsigned DEFAULT NULL,
  count int(10) unsigned DEFAULT NULL,

  PRIMARY KEY (population_genotype_id),
  KEY population_idx (population_id),
  KEY variation_idx (variation_id),
  KEY subsnp_idx (subsnp_id)
);


/**
@table tmp_individual_genotype_single_bp
@desc Single-base genotypes, kept for the species that still load them.
*/

CREATE TABLE tmp_individual_genotype_single_bp (
  variation_id int(10) not null,
  subsnp_id int(15) unsigned,
  allele_1 char(1),
  allele_2 char(1),
  individual_id int,

  key variation_idx(variation_id),
  key subsnp_idx(subsnp_id),
  key individual_idx(individual_id)
) MAX_ROWS = 100000000;


/**
@table individual_genotype_multiple_bp
@desc Genotypes of more than one base, uncompressed.
*/

create table individual_genotype_multiple_bp (
  variation_id int(10) unsigned not null,
  subsnp_id int(15) unsigned,
  allele_1 varchar(25000),
  allele_2 varchar(25000),
  individual_id int(10) unsigned,

  key variation_idx(variation_id),
  key subsnp_idx(subsnp_id),
  key individual_idx(individual_id)
);


/**
@table compressed_genotype_region
@desc Genotypes of one individual over a 100 kb region, packed into a blob. No primary key:
the biggest table of a human variation database.
*/

CREATE TABLE compressed_genotype_region (
  individual_id int(10) unsigned NOT NULL,
  seq_region_id int(10) unsigned NOT NULL,
  seq_region_start int(11) NOT NULL,
  seq_region_end int(11) NOT NULL,
  seq_region_strand tinyint(4) NOT NULL,
  genotypes blob,

  KEY pos_idx (seq_region_id,seq_region_start),
  KEY individual_idx (individual_id)
);


/**
@table compressed_genotype_var
@desc Every genotype of one variant, packed into a blob.
*/

CREATE TABLE compressed_genotype_var (
  variation_id int(11) unsigned NOT NULL,
  subsnp_id int(11) unsigned DEFAULT NULL,
  genotypes blob,

  KEY variation_idx (variation_id),
  KEY subsnp_idx (subsnp_id)
);


/**
@table read_coverage
@desc How deeply each region of a resequenced individual was read.
*/

CREATE TABLE read_coverage (
  seq_region_id int(10) unsigned not null,
  seq_region_start int not null,
  seq_region_end int not null,
  level tinyint not null,
  individual_id int(10) unsigned not null,

  key seq_region_idx(seq_region_id,seq_region_start)
);


/**
@header  Structural variation tables
@desc    Copy number and other structural variants.
@colour  #01D4F7
*/


/**
@table structural_variation
@desc A structural variant, by name, class and study.
*/

CREATE TABLE structural_variation (
  structural_variation_id int(10) unsigned NOT NULL AUTO_INCREMENT,
  variation_name varchar(255) DEFAULT NULL,
  alias varchar(255) DEFAULT NULL,
  source_id int(10) unsigned NOT NULL,
  study_id int(10) unsigned DEFAULT NULL,
  class_attrib_id int(10) unsigned NOT NULL DEFAULT 0,
  clinical_significance_attrib_id int(10) unsigned DEFAULT NULL,
  validation_status ENUM('validated','not validated','high quality'),
  is_evidence TINYINT(4) DEFAULT 0,
  somatic TINYINT(1) NOT NULL DEFAULT 0,

  PRIMARY KEY (structural_variation_id),
  KEY name_idx (variation_name),
  KEY source_idx (source_id),
  KEY study_idx (study_id),
  KEY attrib_idx (class_attrib_id),
  KEY clinical_attrib_idx (clinical_significance_attrib_id)
);


/**
@table structural_variation_association
@desc Which structural variants support which.
*/

CREATE TABLE structural_variation_association (
  structural_variation_id int(10) unsigned NOT NULL,
  supporting_structural_variation_id int(10) unsigned NOT NULL,

  PRIMARY KEY (structural_variation_id, supporting_structural_variation_id),
  KEY structural_variation_idx (structural_variation_id),
  KEY supporting_structural_variation_idx (supporting_structural_variation_id)
);


/**
@table structural_variation_feature
@desc Where structural variants map, with their inner and outer bounds.
*/

create table structural_variation_feature (
  structural_variation_feature_id int(10) unsigned NOT NULL AUTO_INCREMENT,
  seq_region_id int(10) unsigned NOT NULL,
  outer_start int,
  seq_region_start int NOT NULL,
  inner_start int,
  inner_end int,
  seq_region_end int NOT NULL,
  outer_end int,
  seq_region_strand tinyint NOT NULL,
  structural_variation_id int(10) unsigned NOT NULL,
  variation_name varchar(255),
  source_id int(10) unsigned NOT NULL,
  study_id int(10) unsigned DEFAULT NULL,
  class_attrib_id int(10) unsigned NOT NULL DEFAULT 0,
  allele_string longtext DEFAULT NULL,
  is_evidence tinyint(1) NOT NULL DEFAULT 0,
  somatic TINYINT(1) NOT NULL DEFAULT 0,
  breakpoint_order TINYINT(4) DEFAULT NULL,
  length int(10) DEFAULT NULL,
  variation_set_id SET('1','2','3','4','5','6','7','8','9','10','11','12','13','14','15','16',
    '17','18','19','20','21','22','23','24','25','26','27','28','29','30','31','32',
    '33','34','35','36','37','38','39','40','41','42','43','44','45','46','47','48',
    '49','50','51','52','53','54','55','56','57','58','59','60','61','62','63','64'
  ) NOT NULL DEFAULT '',

  PRIMARY KEY (structural_variation_feature_id),
  KEY pos_idx( seq_region_id, seq_region_start, seq_region_end ),
  KEY structural_variation_idx (structural_variation_id),
  KEY source_idx (source_id),
  KEY study_idx (study_id),
  KEY attrib_idx (class_attrib_id),
  KEY variation_set_idx (variation_set_id)
);


/**
@table structural_variation_sample
@desc Individuals and strains in which a structural variant was seen.
*/

CREATE TABLE structural_variation_sample (
  structural_variation_sample_id int(10) unsigned NOT NULL auto_increment,
  structural_variation_id int(10) unsigned NOT NULL,
  individual_id int(10) unsigned DEFAULT NULL,
  strain_id int(10) unsigned DEFAULT NULL,

  primary key (structural_variation_sample_id),
  key structural_variation_idx(structural_variation_id),
  key individual_idx(individual_id),
  key strain_idx(strain_id)
);


/**
@header  Variation set tables
@desc    Named sets of variants (a chip, a project).
@colour  #FFD700
*/


/**
@table variation_set_variation
@desc Which sets each variant is in.
*/

CREATE TABLE IF NOT EXISTS variation_set_variation (
  variation_id int(10) unsigned NOT NULL,
  variation_set_id int(10) unsigned NOT NULL,
  PRIMARY KEY (variation_id,variation_set_id),
  KEY variation_set_idx (variation_set_id,variation_id)
);


/**
@table variation_set
@desc Sets of variants, by name.
*/

CREATE TABLE IF NOT EXISTS variation_set (
  variation_set_id int(10) unsigned NOT NULL AUTO_INCREMENT,
  name VARCHAR(255),
  description TEXT,
  short_name_attrib_id INT(10) UNSIGNED DEFAULT NULL,
  PRIMARY KEY (variation_set_id),
  KEY name_idx (name)
);


/**
@table variation_set_structure
@desc Sets within sets.
*/

CREATE TABLE IF NOT EXISTS variation_set_structure (
  variation_set_super int(10) unsigned NOT NULL,
  variation_set_sub int(10) unsigned NOT NULL,
  PRIMARY KEY (variation_set_super,variation_set_sub),
  KEY sub_idx (variation_set_sub,variation_set_super)
);


/**
@table variation_set_structural_variation
@desc Which sets each structural variant is in.
*/

CREATE TABLE IF NOT EXISTS variation_set_structural_variation (
  structural_variation_id int(10) unsigned NOT NULL,
  variation_set_id int(10) unsigned NOT NULL,
  PRIMARY KEY (structural_variation_id,variation_set_id)
);


/**
@header  Variation effect tables
@desc    What each allele does to transcripts, motifs and regulatory features.
@colour  #FF4DC8
*/


/**
@table transcript_variation
@desc The consequences of an allele for a transcript, with HGVS names and SIFT and
PolyPhen predictions.
*/

CREATE TABLE transcript_variation (
  transcript_variation_id int(11) unsigned NOT NULL AUTO_INCREMENT,
  variation_feature_id int(11) unsigned NOT NULL,
  feature_stable_id varchar(128) DEFAULT NULL,
  allele_string text,
  somatic tinyint(1) NOT NULL DEFAULT 0,
  consequence_types set('splice_acceptor_variant','splice_donor_variant','stop_lost',
    'coding_sequence_variant','missense_variant','stop_gained','synonymous_variant',
    'frameshift_variant','nc_transcript_variant','non_coding_exon_variant','mature_miRNA_variant',
    'NMD_transcript_variant','5_prime_UTR_variant','3_prime_UTR_variant',
    'incomplete_terminal_codon_variant','intron_variant','splice_region_variant',
    'downstream_gene_variant','upstream_gene_variant','initiator_codon_variant',
    'stop_retained_variant','inframe_insertion','inframe_deletion','transcript_ablation',
    'transcript_fusion','transcript_amplification','transcript_translocation','TFBS_ablation',
    'TFBS_fusion','TFBS_amplification','TFBS_translocation','regulatory_region_ablation',
    'regulatory_region_fusion','regulatory_region_amplification','regulatory_region_translocation',
    'feature_elongation','feature_truncation'),
  cds_start int(11) unsigned,
  cds_end int(11) unsigned,
  cdna_start int(11) unsigned,
  cdna_end int(11) unsigned,
  translation_start int(11) unsigned,
  translation_end int(11) unsigned,
  distance_to_transcript int(11) unsigned,
  codon_allele_string text,
  pep_allele_string text,
  hgvs_genomic text,
  hgvs_transcript text,
  hgvs_protein text,
  polyphen_prediction enum('unknown', 'benign', 'possibly damaging', 'probably damaging') DEFAULT NULL,
  polyphen_score float DEFAULT NULL,
  sift_prediction enum('tolerated', 'deleterious') DEFAULT NULL,
  sift_score float DEFAULT NULL,

  PRIMARY KEY (transcript_variation_id),
  KEY variation_feature_idx (variation_feature_id),
  KEY consequence_type_idx (consequence_types),
  KEY somatic_feature_idx (feature_stable_id, somatic)

) ENGINE=MyISAM DEFAULT CHARSET=latin1;


/**
@table motif_feature_variation
@desc The consequences of an allele for a motif feature.
*/

CREATE TABLE IF NOT EXISTS motif_feature_variation (
  motif_feature_variation_id int(11) unsigned NOT NULL AUTO_INCREMENT,
  variation_feature_id int(11) unsigned NOT NULL,
  feature_stable_id varchar(128) DEFAULT NULL,
  motif_feature_id int(11) unsigned NOT NULL,
  allele_string text,
  somatic tinyint(1) NOT NULL DEFAULT 0,
  consequence_types set('splice_acceptor_variant','splice_donor_variant','stop_lost',
    'coding_sequence_variant','missense_variant','stop_gained','synonymous_variant',
    'frameshift_variant','nc_transcript_variant','non_coding_exon_variant','mature_miRNA_variant',
    'NMD_transcript_variant','5_prime_UTR_variant','3_prime_UTR_variant',
    'incomplete_terminal_codon_variant','intron_variant','splice_region_variant',
    'downstream_gene_variant','upstream_gene_variant','initiator_codon_variant',
    'stop_retained_variant','inframe_insertion','inframe_deletion','transcript_ablation',
    'transcript_fusion','transcript_amplification','transcript_translocation',
    'TF_binding_site_variant','TFBS_ablation','TFBS_fusion','TFBS_amplification',
    'TFBS_translocation','regulatory_region_variant','regulatory_region_ablation',
    'regulatory_region_fusion','regulatory_region_amplification','regulatory_region_translocation',
    'feature_elongation','feature_truncation'),
  motif_name text,
  motif_start int(11) unsigned,
  motif_end int(11) unsigned,
  motif_score_delta float DEFAULT NULL,
  in_informative_position tinyint(1) NOT NULL DEFAULT 0,

  PRIMARY KEY (motif_feature_variation_id),
  KEY variation_feature_idx (variation_feature_id),
  KEY consequence_type_idx (consequence_types),
  KEY somatic_feature_idx (feature_stable_id, somatic)
) ENGINE=MyISAM DEFAULT CHARSET=latin1;


/**
@table regulatory_feature_variation
@desc The consequences of an allele for a regulatory feature.
*/

CREATE TABLE IF NOT EXISTS regulatory_feature_variation (
  regulatory_feature_variation_id int(11) unsigned NOT NULL AUTO_INCREMENT,
  variation_feature_id int(11) unsigned NOT NULL,
  feature_stable_id varchar(128) DEFAULT NULL,
  feature_type text,
  allele_string text,
  somatic tinyint(1) NOT NULL DEFAULT 0,
  consequence_types set('splice_acceptor_variant','splice_donor_variant','stop_lost',
    'coding_sequence_variant','missense_variant','stop_gained','synonymous_variant',
    'frameshift_variant','nc_transcript_variant','non_coding_exon_variant','mature_miRNA_variant',
    'NMD_transcript_variant','5_prime_UTR_variant','3_prime_UTR_variant',
    'incomplete_terminal_codon_variant','intron_variant','splice_region_variant',
    'downstream_gene_variant','upstream_gene_variant','initiator_codon_variant',
    'stop_retained_variant','inframe_insertion','inframe_deletion','transcript_ablation',
    'transcript_fusion','transcript_amplification','transcript_translocation',
    'TF_binding_site_variant','TFBS_ablation','TFBS_fusion','TFBS_amplification',
    'TFBS_translocation','regulatory_region_variant','regulatory_region_ablation',
    'regulatory_region_fusion','regulatory_region_amplification','regulatory_region_translocation',
    'feature_elongation','feature_truncation'),

  PRIMARY KEY (regulatory_feature_variation_id),
  KEY variation_feature_idx (variation_feature_id),
  KEY consequence_type_idx (consequence_types),
  KEY somatic_feature_idx (feature_stable_id, somatic)
) ENGINE=MyISAM DEFAULT CHARSET=latin1;


/**
@header  Source/study tables
@desc    Where the data came from.
@colour  #7CFC00
*/


/**
@table source
@desc Sources of variants (dbSNP, COSMIC, ...), by name and version.
*/

create table source(
  source_id int(10) unsigned not null auto_increment,
  name varchar(24) not null,
  version int,
  description varchar(255),
  url varchar(255),
  type ENUM('chip','lsdb') DEFAULT NULL,
  somatic_status ENUM ('germline','somatic','mixed') DEFAULT 'germline',

  primary key( source_id )
);


/**
@table study
@desc Studies (GWAS, DGVa, EGA), by source.
*/

CREATE TABLE study (
  study_id int(10) unsigned not null auto_increment,
  source_id int(10) unsigned not null,
  name varchar(255) DEFAULT null,
  description text DEFAULT NULL,
  url varchar(255) DEFAULT NULL,
  external_reference varchar(255) DEFAULT NULL,
  study_type varchar(255) DEFAULT NULL,

  primary key( study_id ),
  key source_idx (source_id)
);


/**
@table associate_study
@desc Studies that are the same study elsewhere.
*/

CREATE TABLE associate_study (
  study1_id int(10) unsigned not null,
  study2_id int(10) unsigned not null,

  primary key( study1_id,study2_id )
);


/**
@table study_variation
@desc Which variants a study reports.
*/

CREATE TABLE study_variation (
  variation_id int(10) unsigned not null,
  study_id int(10) unsigned not null,
  PRIMARY KEY study_variation_idx (variation_id, study_id)
);


/**
@table publication
@desc Publications that cite variants (from PubMed and Europe PMC).
*/

CREATE TABLE publication(
  publication_id int(10) unsigned not null auto_increment,
  title varchar(255),
  authors varchar(255),
  pmid int(10),
  pmcid varchar(255),
  year int(10) unsigned,
  primary key( publication_id ),
  key pmid_idx (pmid)
);


/**
@table variation_citation
@desc Which publications cite which variants.
*/

CREATE TABLE variation_citation (
  variation_id int(10) unsigned not null,
  publication_id int(10) unsigned not null,
  PRIMARY KEY variation_citation_idx (variation_id, publication_id)
);


/**
@header  Metadata tables
@desc    What the data is.
@colour  #BC5CEC
*/


/**
@table meta_coord
@desc Which coordinate system each feature table uses, and its longest feature.
*/

CREATE TABLE meta_coord (

  table_name      VARCHAR(40) NOT NULL,
  coord_system_id INT(10) UNSIGNED NOT NULL,
  max_length      INT,

  UNIQUE(table_name, coord_system_id)

) ENGINE=MyISAM DEFAULT CHARSET=latin1;


/**
@table meta
@desc Keys and values about the database.
*/

CREATE TABLE meta (

  meta_id     INT(10) UNSIGNED not null auto_increment,
  species_id  INT UNSIGNED DEFAULT 1,
  meta_key    varchar( 40 ) not null,
  meta_value  varchar( 255 ) not null,

  PRIMARY KEY( meta_id ),
  UNIQUE KEY species_key_value_idx (species_id, meta_key, meta_value ),
  KEY species_value_idx (species_id, meta_value )

);


# The schema's type and version.
INSERT INTO meta (species_id, meta_key, meta_value) VALUES (NULL, 'schema_type', 'variation'), (NULL, 'schema_version', '115');


/**
@header  Failed tables
@desc    Variants and alleles that failed quality control, and why.
@colour  #3CB371
*/


/**
@table failed_description
@desc Why something failed.
*/

CREATE TABLE failed_description(

  failed_description_id int(10) unsigned not null AUTO_INCREMENT,
  description text not null,

  PRIMARY KEY (failed_description_id)
);


/**
@table failed_variation
@desc Variants that failed, and why.
*/

CREATE TABLE failed_variation (
  failed_variation_id int(11) NOT NULL AUTO_INCREMENT,
  variation_id int(10) unsigned NOT NULL,
  failed_description_id int(10) unsigned NOT NULL,
  PRIMARY KEY (failed_variation_id),
  UNIQUE KEY variation_idx (variation_id,failed_description_id)
);


/**
@table failed_allele
@desc Alleles that failed, and why.
*/

CREATE TABLE failed_allele (
  failed_allele_id int(11) NOT NULL AUTO_INCREMENT,
  allele_id int(10) unsigned NOT NULL,
  failed_description_id int(10) unsigned NOT NULL,
  PRIMARY KEY (failed_allele_id),
  UNIQUE KEY allele_idx (allele_id,failed_description_id)
);


/**
@table failed_structural_variation
@desc Structural variants that failed, and why.
*/

CREATE TABLE failed_structural_variation (
  failed_structural_variation_id int(11) NOT NULL AUTO_INCREMENT,
  structural_variation_id int(10) unsigned NOT NULL,
  failed_description_id int(10) unsigned NOT NULL,

  PRIMARY KEY (failed_structural_variation_id),
  UNIQUE KEY structural_variation_idx (structural_variation_id,failed_description_id)
);


#
# strain_gtype_poly
#
# Filled for mouse and rat only, for BioMart.
#

CREATE TABLE strain_gtype_poly (
  variation_id int(10) unsigned NOT NULL,
  sample_name varchar(100) DEFAULT NULL,

  PRIMARY KEY (variation_id)
);


/**
@header  Attributes tables
@desc    Attributes used by the other tables.
@colour  #FF0000
*/


/**
@table attrib_type
@desc The kinds of attribute.
*/

CREATE TABLE attrib_type (

  attrib_type_id    SMALLINT(5) UNSIGNED NOT NULL DEFAULT 0,
  code              VARCHAR(20) NOT NULL DEFAULT '',
  name              VARCHAR(255) NOT NULL DEFAULT '',
  description       TEXT,

  PRIMARY KEY (attrib_type_id),
  UNIQUE KEY code_idx (code)
);


/**
@table attrib
@desc Attribute values (variant classes, clinical significances, ...).
*/

CREATE TABLE attrib (

  attrib_id           INT(11) UNSIGNED NOT NULL DEFAULT 0,
  attrib_type_id      SMALLINT(5) UNSIGNED NOT NULL DEFAULT 0,
  value               TEXT NOT NULL,

  PRIMARY KEY (attrib_id),
  UNIQUE KEY type_val_idx (attrib_type_id, value(40))
);


/**
@table attrib_set
@desc Attributes that go together.
*/

CREATE TABLE attrib_set (

  attrib_set_id       INT(11) UNSIGNED NOT NULL DEFAULT 0,
  attrib_id           INT(11) UNSIGNED NOT NULL DEFAULT 0,

  UNIQUE KEY set_idx (attrib_set_id, attrib_id),
  KEY attrib_idx (attrib_id)
);


/**
@header  Protein tables
@desc    Protein function predictions.
@colour  #1E90FF
*/


/**
@table protein_function_predictions
@desc SIFT and PolyPhen predictions for every substitution in a protein, packed.
*/

CREATE TABLE protein_function_predictions (
  translation_md5_id int(11) unsigned NOT NULL,
  analysis_attrib_id int(11) unsigned NOT NULL,
  prediction_matrix mediumblob,

  PRIMARY KEY (translation_md5_id, analysis_attrib_id)
);


/**
@table translation_md5
@desc Protein sequences by their MD5, for the predictions.
*/

CREATE TABLE translation_md5 (
  translation_md5_id int(11) NOT NULL AUTO_INCREMENT,
  translation_md5 char(32) NOT NULL,

  PRIMARY KEY (translation_md5_id),
  UNIQUE KEY md5_idx (translation_md5)
);


/**
@legend #FF8500 Individuals, populations and genotypes
@legend #01D4F7 Structural variants
@legend #FFD700 Sets of variants
@legend #7CFC00 Sources and studies
@legend #BC5CEC Metadata
@legend #3CB371 Failed data
@legend #FF0000 Attributes
@legend #1E90FF Proteins
@legend #FF4DC8 Variant effects
@legend #22949b Phenotypes
*/

# The reasons a variant fails, the same in every variation database.
INSERT INTO failed_description (failed_description_id,description) VALUES (1,'Variation maps to more than 3 different locations');
INSERT INTO failed_description (failed_description_id,description) VALUES (2,'None of the variant alleles match the reference allele');
INSERT INTO failed_description (failed_description_id,description) VALUES (3,'Variation has more than 3 different alleles');
INSERT INTO failed_description (failed_description_id,description) VALUES (4,'Loci with no observed variant alleles in dbSNP');
INSERT INTO failed_description (failed_description_id,description) VALUES (5,'Variation does not map to the genome');
INSERT INTO failed_description (failed_description_id,description) VALUES (6,'Variation has no genotypes');
