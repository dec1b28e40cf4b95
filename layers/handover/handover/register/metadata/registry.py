"""Registration: record a handed-over database, its genomes and the event, in one transaction."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import pymysql

from handover.dbnames import SPECIES_TYPES
from handover.errors import RegistrationFailed
from handover.models.job import GenomeEvent
from handover.register.metadata.facts import GenomeFacts


@dataclass(frozen=True)
class Registration:
    dbname: str
    db_type: str
    release: int
    division: str
    token: str
    contact: str
    comment: str


class Registry:
    def __init__(self, conn: pymysql.connections.Connection) -> None:
        self.conn = conn

    def _one(self, sql: str, args: tuple = ()) -> tuple | None:
        with self.conn.cursor() as cur:
            cur.execute(sql, args)
            return cur.fetchone()

    def _upsert_id(self, insert: str, args: tuple) -> int:
        """The id of a row inserted, or of the one already there. Atomic: registrations of one
        release run at once, and a select-then-insert let two of them insert it twice."""
        with self.conn.cursor() as cur:
            cur.execute(insert, args)
            return int(cur.lastrowid)

    def release_id(self, release: int) -> int:
        return self._upsert_id(
            "INSERT INTO data_release (ensembl_version, release_date, is_current) VALUES (%s, %s, 0) "
            "ON DUPLICATE KEY UPDATE data_release_id = LAST_INSERT_ID(data_release_id)",
            (release, date.today()),
        )

    def division_id(self, name: str) -> int:
        return self._upsert_id(
            "INSERT INTO division (name) VALUES (%s) "
            "ON DUPLICATE KEY UPDATE division_id = LAST_INSERT_ID(division_id)",
            (name,),
        )

    def genomes_of_release(self, production_names: list[str], release: int) -> set[str]:
        """Which of these organisms have a genome (a core database) registered for `release`."""
        if not production_names:
            return set()
        with self.conn.cursor() as cur:
            cur.execute(
                "SELECT DISTINCT o.production_name FROM genome g "
                "JOIN organism o USING (organism_id) JOIN data_release r USING (data_release_id) "
                "WHERE r.ensembl_version = %s AND o.production_name IN %s",
                (release, tuple(production_names)),
            )
            return {str(row[0]) for row in cur.fetchall()}

    def register(self, reg: Registration, genomes: list[GenomeFacts]) -> list[GenomeEvent]:
        """Record the database. A re-registration updates rows; it never duplicates them."""
        self.conn.begin()
        try:
            release_id = self.release_id(reg.release)
            if reg.db_type in SPECIES_TYPES:
                events = [self._register_genome(reg, release_id, g) for g in genomes]
                if not events:
                    raise RegistrationFailed(f"{reg.dbname} states no species in its meta table")
            else:
                events = [self._register_release_database(reg, release_id)]
            self.conn.commit()
            return events
        except BaseException:
            self.conn.rollback()
            raise

    def _register_release_database(self, reg: Registration, release_id: int) -> GenomeEvent:
        division_id = self.division_id(reg.division)
        with self.conn.cursor() as cur:
            cur.execute(
                "INSERT INTO release_database (data_release_id, division_id, dbname, type) "
                "VALUES (%s, %s, %s, %s) ON DUPLICATE KEY UPDATE division_id = VALUES(division_id), "
                "type = VALUES(type)",
                (release_id, division_id, reg.dbname, reg.db_type),
            )
        return self._record_event(reg, release_id, None, GenomeEvent("updated", None, reg.dbname))

    def _register_genome(self, reg: Registration, release_id: int, g: GenomeFacts) -> GenomeEvent:
        division_id = self.division_id(g.division or reg.division)
        with self.conn.cursor() as cur:
            cur.execute(
                "INSERT INTO organism (production_name, scientific_name, display_name, taxonomy_id, "
                "species_taxonomy_id, strain) VALUES (%s, %s, %s, %s, %s, %s) "
                "ON DUPLICATE KEY UPDATE scientific_name = VALUES(scientific_name), "
                "display_name = VALUES(display_name), taxonomy_id = VALUES(taxonomy_id), "
                "species_taxonomy_id = VALUES(species_taxonomy_id), strain = VALUES(strain), "
                "organism_id = LAST_INSERT_ID(organism_id)",
                (
                    g.production_name,
                    g.scientific_name,
                    g.display_name,
                    g.taxonomy_id,
                    g.species_taxonomy_id,
                    g.strain,
                ),
            )
            organism_id = int(cur.lastrowid)

        existing = self._one(
            "SELECT g.genome_id, a.assembly_default, a.assembly_name, a.base_count, g.genebuild "
            "FROM genome g JOIN assembly a USING (assembly_id) "
            "WHERE g.data_release_id = %s AND g.organism_id = %s AND g.division_id = %s",
            (release_id, organism_id, division_id),
        )
        if reg.db_type != "core" and existing is None:
            raise RegistrationFailed(
                f"{reg.dbname} is a {reg.db_type} database, but no core database of "
                f"{g.production_name} is registered for release {reg.release}: hand over the core first"
            )

        genome_id, event_type = existing[0] if existing else None, "new_genome"
        if reg.db_type == "core":
            with self.conn.cursor() as cur:
                cur.execute(
                    "INSERT INTO assembly (assembly_default, assembly_accession, base_count, assembly_name, "
                    "assembly_level) VALUES (%s, %s, %s, %s, %s) ON DUPLICATE KEY UPDATE "
                    "assembly_name = VALUES(assembly_name), assembly_level = VALUES(assembly_level), "
                    "assembly_id = LAST_INSERT_ID(assembly_id)",
                    (
                        g.assembly_default,
                        g.assembly_accession,
                        g.base_count,
                        g.assembly_name,
                        g.assembly_level,
                    ),
                )
                assembly_id = int(cur.lastrowid)
            previous = existing or self._previous_genome(organism_id, division_id, reg.release)
            if previous is None and self._one(
                "SELECT 1 FROM genome WHERE organism_id = %s AND division_id <> %s LIMIT 1",
                (organism_id, division_id),
            ):
                event_type = "new_assembly"  # known, but new to this division (Ensembl's rule)
            elif previous is not None:
                _, p_default, p_name, p_count, p_genebuild = previous
                if (p_default, p_name, int(p_count)) != (
                    g.assembly_default,
                    g.assembly_name,
                    g.base_count,
                ):
                    event_type = "new_assembly"
                elif p_genebuild != g.genebuild:
                    event_type = "new_genebuild"
                else:
                    event_type = "updated"
            with self.conn.cursor() as cur:
                cur.execute(
                    "INSERT INTO genome (data_release_id, organism_id, assembly_id, division_id, genebuild) "
                    "VALUES (%s, %s, %s, %s, %s) ON DUPLICATE KEY UPDATE assembly_id = VALUES(assembly_id), "
                    "genebuild = VALUES(genebuild), genome_id = LAST_INSERT_ID(genome_id)",
                    (release_id, organism_id, assembly_id, division_id, g.genebuild),
                )
                genome_id = int(cur.lastrowid)
        else:
            event_type = "updated"
        with self.conn.cursor() as cur:
            cur.execute(
                "INSERT INTO genome_database (genome_id, dbname, type, species_id) VALUES (%s, %s, %s, %s) "
                "ON DUPLICATE KEY UPDATE genome_id = VALUES(genome_id), type = VALUES(type)",
                (genome_id, reg.dbname, reg.db_type, g.species_id),
            )
        return self._record_event(
            reg, release_id, genome_id, GenomeEvent(event_type, g.production_name, reg.dbname)
        )

    def _previous_genome(self, organism_id: int, division_id: int, release: int) -> tuple | None:
        return self._one(
            "SELECT g.genome_id, a.assembly_default, a.assembly_name, a.base_count, g.genebuild "
            "FROM genome g JOIN assembly a USING (assembly_id) JOIN data_release r USING (data_release_id) "
            "WHERE g.organism_id = %s AND g.division_id = %s AND r.ensembl_version < %s "
            "ORDER BY r.ensembl_version DESC LIMIT 1",
            (organism_id, division_id, release),
        )

    def _record_event(
        self, reg: Registration, release_id: int, genome_id: int | None, event: GenomeEvent
    ) -> GenomeEvent:
        """Record the event once per handover; returns the event as recorded."""
        details = {
            "contact": reg.contact,
            "comment": reg.comment,
            "database": reg.dbname,
            "handover_token": reg.token,
        }
        if genome_id is None and self._one(
            "SELECT 1 FROM genome_event WHERE handover_token = %s AND dbname = %s "
            "AND genome_id IS NULL",
            (reg.token, reg.dbname),
        ):
            return event  # NULLs never collide in a unique key, so a retry is caught here
        with self.conn.cursor() as cur:
            cur.execute(
                "INSERT INTO genome_event (data_release_id, genome_id, dbname, type, source, "
                "handover_token, details) VALUES (%s, %s, %s, %s, 'handover', %s, %s) "
                "ON DUPLICATE KEY UPDATE details = VALUES(details)",
                (release_id, genome_id, reg.dbname, event.type, reg.token, json.dumps(details)),
            )
        # A retry finds its genome registered already and would call that 'updated': the
        # event is what the first try recorded.
        row = self._one(
            "SELECT type FROM genome_event WHERE handover_token = %s AND dbname = %s "
            "AND genome_id <=> %s",
            (reg.token, reg.dbname, genome_id),
        )
        return GenomeEvent(str(row[0]), event.genome, event.dbname) if row else event
