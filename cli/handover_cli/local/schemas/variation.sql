-- The reference variation schema (a subset of Ensembl's variation table.sql).

CREATE TABLE meta (
  meta_id INT(10) UNSIGNED NOT NULL AUTO_INCREMENT, species_id INT UNSIGNED DEFAULT 1,
  meta_key VARCHAR(40) NOT NULL, meta_value VARCHAR(255) NOT NULL,
  PRIMARY KEY (meta_id), UNIQUE KEY species_key_value_idx (species_id, meta_key, meta_value)
) ENGINE=MyISAM DEFAULT CHARSET=latin1;

CREATE TABLE source (
  source_id INT(10) UNSIGNED NOT NULL AUTO_INCREMENT, name VARCHAR(24) NOT NULL,
  version INT, description VARCHAR(400), url VARCHAR(255),
  type ENUM('chip','lsdb') DEFAULT NULL, somatic_status ENUM('germline','somatic','mixed') DEFAULT 'germline',
  data_types SET('variation','variation_synonym','structural_variation','phenotype_feature','study') DEFAULT NULL,
  PRIMARY KEY (source_id)
) ENGINE=MyISAM DEFAULT CHARSET=latin1;

CREATE TABLE variation (
  variation_id INT(10) UNSIGNED NOT NULL AUTO_INCREMENT, source_id INT(10) UNSIGNED NOT NULL,
  name VARCHAR(255), class_attrib_id INT(10) UNSIGNED DEFAULT 0, somatic TINYINT(1) DEFAULT 0 NOT NULL,
  minor_allele VARCHAR(50) DEFAULT NULL, minor_allele_freq FLOAT DEFAULT NULL,
  minor_allele_count INT(10) UNSIGNED DEFAULT NULL, evidence_attribs SET('367','368','369','370','371','372','418','421','573','585') DEFAULT NULL,
  display INT(1) DEFAULT 1,
  PRIMARY KEY (variation_id), UNIQUE KEY name (name), KEY source_idx (source_id)
) ENGINE=MyISAM DEFAULT CHARSET=latin1;

CREATE TABLE variation_feature (
  variation_feature_id INT(10) UNSIGNED NOT NULL AUTO_INCREMENT, seq_region_id INT(10) UNSIGNED NOT NULL,
  seq_region_start INT NOT NULL, seq_region_end INT NOT NULL, seq_region_strand TINYINT NOT NULL,
  variation_id INT(10) UNSIGNED NOT NULL, allele_string VARCHAR(50000), ancestral_allele VARCHAR(50) DEFAULT NULL,
  variation_name VARCHAR(255), map_weight INT NOT NULL, source_id INT(10) UNSIGNED NOT NULL,
  display INT(1) DEFAULT 1,
  PRIMARY KEY (variation_feature_id), KEY pos_idx (seq_region_id, seq_region_start, seq_region_end),
  KEY variation_idx (variation_id), KEY source_idx (source_id)
) ENGINE=MyISAM DEFAULT CHARSET=latin1;
