-- The metadata store: what production learns about every database handed over.
CREATE TABLE IF NOT EXISTS data_release (
  data_release_id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  ensembl_version INT UNSIGNED NOT NULL UNIQUE,
  release_date DATE NOT NULL,
  is_current TINYINT(1) NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS division (
  division_id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(64) NOT NULL UNIQUE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS organism (
  organism_id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  production_name VARCHAR(128) NOT NULL UNIQUE,
  scientific_name VARCHAR(255),
  display_name VARCHAR(255),
  taxonomy_id INT UNSIGNED,
  species_taxonomy_id INT UNSIGNED,
  strain VARCHAR(128)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS assembly (
  assembly_id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  assembly_default VARCHAR(128) NOT NULL,
  assembly_name VARCHAR(255),
  assembly_accession VARCHAR(32),
  assembly_level VARCHAR(64),
  base_count BIGINT UNSIGNED NOT NULL DEFAULT 0,
  UNIQUE KEY assembly_identity (assembly_default, assembly_accession, base_count)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS genome (
  genome_id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  data_release_id INT UNSIGNED NOT NULL,
  organism_id INT UNSIGNED NOT NULL,
  assembly_id INT UNSIGNED NOT NULL,
  division_id INT UNSIGNED NOT NULL,
  genebuild VARCHAR(255),
  UNIQUE KEY genome_in_release (data_release_id, organism_id, division_id),
  FOREIGN KEY (data_release_id) REFERENCES data_release (data_release_id),
  FOREIGN KEY (organism_id) REFERENCES organism (organism_id),
  FOREIGN KEY (assembly_id) REFERENCES assembly (assembly_id),
  FOREIGN KEY (division_id) REFERENCES division (division_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS genome_database (
  genome_database_id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  genome_id INT UNSIGNED NOT NULL,
  dbname VARCHAR(64) NOT NULL,
  type VARCHAR(32) NOT NULL,
  species_id INT UNSIGNED NOT NULL,
  UNIQUE KEY database_species (dbname, species_id),
  FOREIGN KEY (genome_id) REFERENCES genome (genome_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS release_database (
  release_database_id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  data_release_id INT UNSIGNED NOT NULL,
  division_id INT UNSIGNED NOT NULL,
  dbname VARCHAR(64) NOT NULL,
  type VARCHAR(32) NOT NULL,
  UNIQUE KEY database_in_release (data_release_id, dbname),
  FOREIGN KEY (data_release_id) REFERENCES data_release (data_release_id),
  FOREIGN KEY (division_id) REFERENCES division (division_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS genome_event (
  genome_event_id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  data_release_id INT UNSIGNED NOT NULL,
  genome_id INT UNSIGNED NULL,
  dbname VARCHAR(64) NOT NULL,
  type VARCHAR(32) NOT NULL,
  source VARCHAR(32) NOT NULL DEFAULT 'handover',
  handover_token CHAR(36) NOT NULL,
  creation_time TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  details JSON NOT NULL,
  -- a retried registration records its events once
  UNIQUE KEY event_once (handover_token, dbname, genome_id),
  FOREIGN KEY (data_release_id) REFERENCES data_release (data_release_id),
  FOREIGN KEY (genome_id) REFERENCES genome (genome_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
