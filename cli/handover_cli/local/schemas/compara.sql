-- The reference compara schema (a subset of Ensembl's compara table.sql).

CREATE TABLE meta (
  meta_id INT NOT NULL AUTO_INCREMENT, species_id INT UNSIGNED DEFAULT 1,
  meta_key VARCHAR(40) NOT NULL, meta_value TEXT NOT NULL,
  PRIMARY KEY (meta_id), UNIQUE KEY species_key_value_idx (species_id, meta_key, meta_value(255))
) ENGINE=MyISAM DEFAULT CHARSET=latin1;

CREATE TABLE genome_db (
  genome_db_id INT UNSIGNED NOT NULL AUTO_INCREMENT, taxon_id INT UNSIGNED DEFAULT NULL,
  name VARCHAR(128) DEFAULT '' NOT NULL, assembly VARCHAR(100) DEFAULT '' NOT NULL,
  genebuild VARCHAR(255) DEFAULT '' NOT NULL, has_karyotype TINYINT(1) NOT NULL DEFAULT 0,
  is_good_for_alignment TINYINT(1) NOT NULL DEFAULT 0, genome_component VARCHAR(5) NULL DEFAULT NULL,
  strain_name VARCHAR(100) NULL DEFAULT NULL, display_name VARCHAR(255) NULL DEFAULT NULL,
  locator VARCHAR(400), first_release SMALLINT, last_release SMALLINT,
  PRIMARY KEY (genome_db_id), UNIQUE KEY name (name, assembly, genome_component)
) ENGINE=MyISAM DEFAULT CHARSET=latin1;

CREATE TABLE species_set_header (
  species_set_id INT UNSIGNED NOT NULL AUTO_INCREMENT, name VARCHAR(255) NOT NULL DEFAULT '',
  size INT UNSIGNED NOT NULL, first_release SMALLINT, last_release SMALLINT,
  PRIMARY KEY (species_set_id)
) ENGINE=MyISAM DEFAULT CHARSET=latin1;

CREATE TABLE species_set (
  species_set_id INT UNSIGNED NOT NULL, genome_db_id INT UNSIGNED NOT NULL,
  PRIMARY KEY (species_set_id, genome_db_id), KEY genome_db_id (genome_db_id)
) ENGINE=MyISAM DEFAULT CHARSET=latin1;

CREATE TABLE method_link (
  method_link_id INT UNSIGNED NOT NULL AUTO_INCREMENT, type VARCHAR(50) DEFAULT '' NOT NULL,
  class VARCHAR(50) DEFAULT '' NOT NULL, display_name VARCHAR(255) DEFAULT '' NOT NULL,
  PRIMARY KEY (method_link_id), UNIQUE KEY type (type)
) ENGINE=MyISAM DEFAULT CHARSET=latin1;

CREATE TABLE method_link_species_set (
  method_link_species_set_id INT UNSIGNED NOT NULL AUTO_INCREMENT, method_link_id INT UNSIGNED NOT NULL,
  species_set_id INT UNSIGNED NOT NULL DEFAULT 0, name VARCHAR(255) NOT NULL DEFAULT '',
  source VARCHAR(255) NOT NULL DEFAULT 'ensembl', url VARCHAR(255) NOT NULL DEFAULT '',
  first_release SMALLINT, last_release SMALLINT,
  PRIMARY KEY (method_link_species_set_id), UNIQUE KEY method_link_id (method_link_id, species_set_id)
) ENGINE=MyISAM DEFAULT CHARSET=latin1;
