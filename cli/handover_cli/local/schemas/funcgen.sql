-- The reference funcgen schema (a subset of Ensembl's funcgen table.sql).

CREATE TABLE meta (
  meta_id INT(10) UNSIGNED NOT NULL AUTO_INCREMENT, species_id INT(10) UNSIGNED DEFAULT 1,
  meta_key VARCHAR(46) NOT NULL, meta_value VARCHAR(950) NOT NULL,
  PRIMARY KEY (meta_id), UNIQUE KEY species_key_value_idx (species_id, meta_key, meta_value(255))
) ENGINE=MyISAM DEFAULT CHARSET=latin1;

CREATE TABLE feature_type (
  feature_type_id INT(10) UNSIGNED NOT NULL AUTO_INCREMENT, name VARCHAR(40) NOT NULL,
  class VARCHAR(40) DEFAULT NULL, analysis_id SMALLINT(5) UNSIGNED DEFAULT NULL,
  description VARCHAR(255) DEFAULT NULL, so_accession VARCHAR(64) DEFAULT NULL, so_term VARCHAR(255) DEFAULT NULL,
  PRIMARY KEY (feature_type_id), UNIQUE KEY name_class_analysis_idx (name, class, analysis_id)
) ENGINE=MyISAM DEFAULT CHARSET=latin1;

CREATE TABLE regulatory_build (
  regulatory_build_id INT(4) UNSIGNED NOT NULL AUTO_INCREMENT, name VARCHAR(255) NOT NULL,
  release_version INT(11) DEFAULT NULL, description TEXT, version VARCHAR(50) DEFAULT NULL,
  initial_release_date VARCHAR(50) DEFAULT NULL, last_annotation_update VARCHAR(50) DEFAULT NULL,
  feature_type_id INT(4) UNSIGNED NOT NULL, analysis_id SMALLINT(5) UNSIGNED NOT NULL, is_current TINYINT(1) NOT NULL DEFAULT 0,
  PRIMARY KEY (regulatory_build_id)
) ENGINE=MyISAM DEFAULT CHARSET=latin1;

CREATE TABLE regulatory_feature (
  regulatory_feature_id INT(10) UNSIGNED NOT NULL AUTO_INCREMENT, feature_type_id INT(10) UNSIGNED DEFAULT NULL,
  seq_region_id INT(10) UNSIGNED NOT NULL, seq_region_strand TINYINT(1) NOT NULL,
  seq_region_start INT(10) UNSIGNED NOT NULL, seq_region_end INT(10) UNSIGNED NOT NULL,
  stable_id VARCHAR(16) DEFAULT NULL, regulatory_build_id INT(10) UNSIGNED DEFAULT NULL,
  PRIMARY KEY (regulatory_feature_id), KEY feature_type_idx (feature_type_id), KEY stable_id_idx (stable_id)
) ENGINE=MyISAM DEFAULT CHARSET=latin1;
