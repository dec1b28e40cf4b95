"""What registration reads from the copied database: its genomes, as the database states them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pymysql

from handover.dal.mysql import fetch_one


@dataclass(frozen=True)
class GenomeFacts:
    species_id: int
    production_name: str
    scientific_name: str | None
    display_name: str | None
    taxonomy_id: int | None
    species_taxonomy_id: int | None
    strain: str | None
    division: str
    assembly_default: str
    assembly_name: str | None
    assembly_accession: str | None
    assembly_level: str | None
    base_count: int
    genebuild: str | None


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def read_genomes(conn: pymysql.connections.Connection) -> list[GenomeFacts]:
    """Every species of a (possibly collection) core-like database."""
    meta: dict[int, dict[str, str]] = defaultdict(dict)
    with conn.cursor() as cur:
        cur.execute(
            "SELECT species_id, meta_key, meta_value FROM meta WHERE species_id IS NOT NULL "
            "AND (meta_key LIKE 'species.%%' OR meta_key LIKE 'assembly.%%' "
            "OR meta_key LIKE 'genebuild.%%') ORDER BY meta_id"
        )
        for species_id, key, value in cur.fetchall():
            meta[int(species_id)].setdefault(key, value)
        cur.execute(
            "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
            "AND TABLE_NAME IN ('coord_system', 'seq_region', 'seq_region_attrib', 'attrib_type')"
        )
        if fetch_one(cur)[0] < 4:
            # variation and funcgen databases: their genome's assembly is the core's business
            return [_facts(species_id, m, None, 0) for species_id, m in sorted(meta.items())]
        # The assembly level is the name of the top-ranked coordinate system.
        cur.execute(
            "SELECT species_id, name FROM coord_system cs WHERE `rank` = (SELECT MIN(`rank`) "
            "FROM coord_system top WHERE top.species_id = cs.species_id)"
        )
        levels = {int(s): n for s, n in cur.fetchall()}
        cur.execute(
            "SELECT cs.species_id, COALESCE(SUM(sr.length), 0) FROM seq_region sr "
            "JOIN coord_system cs USING (coord_system_id) "
            "JOIN seq_region_attrib sra USING (seq_region_id) "
            "JOIN attrib_type at ON at.attrib_type_id = sra.attrib_type_id AND at.code = 'toplevel' "
            "GROUP BY cs.species_id"
        )
        base_counts = {int(s): int(c) for s, c in cur.fetchall()}
    return [
        _facts(species_id, m, levels.get(species_id), base_counts.get(species_id, 0))
        for species_id, m in sorted(meta.items())
    ]


def _facts(species_id: int, m: dict[str, str], level: str | None, base_count: int) -> GenomeFacts:
    return GenomeFacts(
        species_id=species_id,
        production_name=m["species.production_name"],
        scientific_name=m.get("species.scientific_name"),
        display_name=m.get("species.display_name"),
        taxonomy_id=_int(m.get("species.taxonomy_id")),
        species_taxonomy_id=_int(m.get("species.species_taxonomy_id")),
        strain=m.get("species.strain"),
        division=m.get("species.division", "").removeprefix("Ensembl").lower(),
        assembly_default=m.get("assembly.default", ""),
        assembly_name=m.get("assembly.name"),
        assembly_accession=m.get("assembly.accession"),
        assembly_level=level,
        base_count=base_count,
        genebuild=m.get("genebuild.version") or m.get("genebuild.start_date"),
    )
