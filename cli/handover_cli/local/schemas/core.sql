-- The reference core schema (a subset of Ensembl's table.sql: the tables handover reads and checks).
-- Databases of type core, rnaseq, cdna, otherfeatures and ancestral are compared against it.

CREATE TABLE meta (
      meta_id INT NOT NULL AUTO_INCREMENT, species_id INT UNSIGNED DEFAULT 1,
      meta_key VARCHAR(40) NOT NULL, meta_value VARCHAR(255) NOT NULL,
      PRIMARY KEY (meta_id), UNIQUE KEY species_key_value_idx (species_id, meta_key, meta_value),
      KEY species_value_idx (species_id, meta_value)) ENGINE=MyISAM DEFAULT CHARSET=latin1;

CREATE TABLE coord_system (
      coord_system_id INT UNSIGNED NOT NULL AUTO_INCREMENT, species_id INT UNSIGNED NOT NULL DEFAULT 1,
      name VARCHAR(40) NOT NULL, version VARCHAR(255) DEFAULT NULL, `rank` INT NOT NULL,
      attrib SET('default_version','sequence_level'), PRIMARY KEY (coord_system_id),
      UNIQUE KEY rank_idx (`rank`, species_id), UNIQUE KEY name_idx (name, version, species_id),
      KEY species_idx (species_id)) ENGINE=MyISAM DEFAULT CHARSET=latin1;

CREATE TABLE seq_region (
      seq_region_id INT UNSIGNED NOT NULL AUTO_INCREMENT, name VARCHAR(255) NOT NULL,
      coord_system_id INT UNSIGNED NOT NULL, length INT UNSIGNED NOT NULL,
      PRIMARY KEY (seq_region_id), UNIQUE KEY name_cs_idx (name, coord_system_id),
      KEY cs_idx (coord_system_id)) ENGINE=MyISAM DEFAULT CHARSET=latin1;

CREATE TABLE attrib_type (
      attrib_type_id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT, code VARCHAR(20) NOT NULL DEFAULT '',
      name VARCHAR(255) NOT NULL DEFAULT '', description TEXT, PRIMARY KEY (attrib_type_id),
      UNIQUE KEY code_idx (code)) ENGINE=MyISAM DEFAULT CHARSET=latin1;

CREATE TABLE seq_region_attrib (
      seq_region_id INT UNSIGNED NOT NULL DEFAULT 0, attrib_type_id SMALLINT UNSIGNED NOT NULL DEFAULT 0,
      value TEXT NOT NULL, UNIQUE KEY region_attribx (seq_region_id, attrib_type_id, value(500)),
      KEY type_val_idx (attrib_type_id, value(40)), KEY seq_region_idx (seq_region_id)
      ) ENGINE=MyISAM DEFAULT CHARSET=latin1;

CREATE TABLE dna (
      seq_region_id INT UNSIGNED NOT NULL, sequence LONGTEXT NOT NULL, PRIMARY KEY (seq_region_id)
      ) ENGINE=MyISAM DEFAULT CHARSET=latin1 MAX_ROWS=750000 AVG_ROW_LENGTH=19000;

CREATE TABLE analysis (
      analysis_id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT, created DATETIME DEFAULT NULL,
      logic_name VARCHAR(128) NOT NULL, db VARCHAR(120), program VARCHAR(80),
      module VARCHAR(80), PRIMARY KEY (analysis_id), UNIQUE KEY logic_name_idx (logic_name)
      ) ENGINE=MyISAM DEFAULT CHARSET=latin1;

CREATE TABLE gene (
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
      ) ENGINE=MyISAM DEFAULT CHARSET=latin1;

CREATE TABLE transcript (
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
      ) ENGINE=MyISAM DEFAULT CHARSET=latin1;

CREATE TABLE exon (
      exon_id INT UNSIGNED NOT NULL AUTO_INCREMENT, seq_region_id INT UNSIGNED NOT NULL,
      seq_region_start INT UNSIGNED NOT NULL, seq_region_end INT UNSIGNED NOT NULL,
      seq_region_strand TINYINT(2) NOT NULL, phase TINYINT(2) NOT NULL, end_phase TINYINT(2) NOT NULL,
      is_current TINYINT(1) NOT NULL DEFAULT 1, is_constitutive TINYINT(1) NOT NULL DEFAULT 0,
      stable_id VARCHAR(128) DEFAULT NULL, version SMALLINT UNSIGNED DEFAULT NULL,
      created_date DATETIME DEFAULT NULL, modified_date DATETIME DEFAULT NULL,
      PRIMARY KEY (exon_id), KEY seq_region_idx (seq_region_id, seq_region_start),
      KEY stable_id_idx (stable_id, version)) ENGINE=MyISAM DEFAULT CHARSET=latin1;

CREATE TABLE exon_transcript (
      exon_id INT UNSIGNED NOT NULL, transcript_id INT UNSIGNED NOT NULL, `rank` INT NOT NULL,
      PRIMARY KEY (exon_id, transcript_id, `rank`), KEY transcript (transcript_id), KEY exon (exon_id)
      ) ENGINE=MyISAM DEFAULT CHARSET=latin1;

CREATE TABLE translation (
      translation_id INT UNSIGNED NOT NULL AUTO_INCREMENT, transcript_id INT UNSIGNED NOT NULL,
      seq_start INT NOT NULL, start_exon_id INT UNSIGNED NOT NULL, seq_end INT NOT NULL,
      end_exon_id INT UNSIGNED NOT NULL, stable_id VARCHAR(128) DEFAULT NULL, version SMALLINT UNSIGNED DEFAULT NULL,
      created_date DATETIME DEFAULT NULL, modified_date DATETIME DEFAULT NULL, PRIMARY KEY (translation_id),
      KEY transcript_idx (transcript_id), KEY stable_id_idx (stable_id, version)
      ) ENGINE=MyISAM DEFAULT CHARSET=latin1;

CREATE TABLE external_db (
      external_db_id INT UNSIGNED NOT NULL, db_name VARCHAR(100) NOT NULL, db_release VARCHAR(255),
      status ENUM('KNOWNXREF','KNOWN','XREF','PRED','ORTH','PSEUDO') NOT NULL, priority INT NOT NULL,
      db_display_name VARCHAR(255), type ENUM('ARRAY','ALT_TRANS','ALT_GENE','MISC','LIT','PRIMARY_DB_SYNONYM','ENSEMBL') DEFAULT NULL,
      PRIMARY KEY (external_db_id), UNIQUE KEY db_name_db_release_idx (db_name, db_release)
      ) ENGINE=MyISAM DEFAULT CHARSET=latin1;

CREATE TABLE xref (
      xref_id INT UNSIGNED NOT NULL AUTO_INCREMENT, external_db_id INT UNSIGNED NOT NULL,
      dbprimary_acc VARCHAR(512) NOT NULL, display_label VARCHAR(512) NOT NULL, version VARCHAR(10) DEFAULT NULL,
      description TEXT, info_type ENUM('NONE','PROJECTION','MISC','DEPENDENT','DIRECT','SEQUENCE_MATCH',
      'INFERRED_PAIR','PROBE','UNMAPPED','COORDINATE_OVERLAP','CHECKSUM') DEFAULT 'NONE' NOT NULL,
      info_text VARCHAR(255) DEFAULT '' NOT NULL, PRIMARY KEY (xref_id),
      UNIQUE KEY id_index (dbprimary_acc, external_db_id, info_type, info_text, version),
      KEY display_index (display_label), KEY info_type_idx (info_type)) ENGINE=MyISAM DEFAULT CHARSET=latin1;

CREATE TABLE object_xref (
      object_xref_id INT UNSIGNED NOT NULL AUTO_INCREMENT, ensembl_id INT UNSIGNED NOT NULL DEFAULT 0,
      ensembl_object_type ENUM('RawContig','Transcript','Gene','Translation','Operon','OperonTranscript',
      'Marker','RNAProduct') NOT NULL, xref_id INT UNSIGNED NOT NULL, linkage_annotation VARCHAR(255) DEFAULT NULL,
      analysis_id SMALLINT UNSIGNED, PRIMARY KEY (object_xref_id),
      UNIQUE KEY xref_idx (xref_id, ensembl_object_type, ensembl_id, analysis_id),
      KEY ensembl_idx (ensembl_object_type, ensembl_id), KEY analysis_idx (analysis_id)
      ) ENGINE=MyISAM DEFAULT CHARSET=latin1;

CREATE TABLE meta_coord (
      table_name VARCHAR(40) NOT NULL, coord_system_id INT UNSIGNED NOT NULL, max_length INT,
      UNIQUE KEY cs_table_name_idx (coord_system_id, table_name)) ENGINE=MyISAM DEFAULT CHARSET=latin1;
