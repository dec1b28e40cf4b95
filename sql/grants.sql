-- The MySQL users of the handover service, with the least privileges that work.
--
-- Run each section on the servers of its role, as an administrator, after replacing
-- 'CHANGE-ME' with the password you put in the service's secret for that server, and
-- `ensembl_metadata` with the metadata database's name (the metadata secret's dbname).
-- A server with two roles (staging that also holds the metadata database) gets both sections.
-- The test suite runs every handover as a user made from exactly this file
-- (tests/conftest.py, service_user_grants).
--
-- MariaDB 10.5+ and MySQL 8 both take these statements.

-- role: source
-- Every source server (SourceCredentialsSecretArn maps its host:port to this user). Read
-- only: the datachecks, the schema comparison and the copy only SELECT; SHOW VIEW lets the
-- copy read a view's definition.
CREATE USER IF NOT EXISTS 'handover'@'%' IDENTIFIED BY 'CHANGE-ME';
GRANT SELECT, SHOW VIEW ON *.* TO 'handover'@'%';

-- role: staging
-- The staging servers (StagingSecretArn, SecondaryStagingSecretArn). The copy creates a
-- temporary database `_handover_tmp_<token>`, loads it (LOAD DATA LOCAL INFILE: staging needs
-- local_infile=ON, which MySQL 8 turns off by default), builds its indexes (ALTER, INDEX),
-- keeps its digests in it (INSERT, DELETE), renames its tables into the final database
-- (ALTER and DROP on the old name, CREATE and INSERT on the new), recreates views (CREATE
-- VIEW, SHOW VIEW) and drops what a failure leaves. The check creates and drops
-- `_handover_reference_*` scratch schemas to compare table.sql files. Database names are the
-- submitters', so the grant is on *.*; it holds no administrative privilege (no SUPER, FILE,
-- PROCESS, GRANT OPTION or RELOAD). A statement of its own that outlives its Lambda
-- invocation is killed with KILL QUERY, which a user may do to its own threads.
CREATE USER IF NOT EXISTS 'handover'@'%' IDENTIFIED BY 'CHANGE-ME';
GRANT SELECT, INSERT, DELETE, CREATE, DROP, ALTER, INDEX, CREATE VIEW, SHOW VIEW
    ON *.* TO 'handover'@'%';

-- role: metadata
-- The server of the metadata database (MetadataSecretArn). Registration creates the
-- database if it is missing, migrates its schema (under GET_LOCK, which needs no privilege)
-- and writes a release's genomes and datasets.
CREATE USER IF NOT EXISTS 'handover'@'%' IDENTIFIED BY 'CHANGE-ME';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX, REFERENCES
    ON `ensembl_metadata`.* TO 'handover'@'%';
