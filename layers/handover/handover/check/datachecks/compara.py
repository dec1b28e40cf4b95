"""Checks of compara databases beyond the schema-level ones."""

from __future__ import annotations

from handover.check.datachecks.framework import (
    Connection,
    Context,
    Finding,
    count_and_examples,
    datacheck,
)
from handover.dal.mysql import fetch_one


@datacheck(
    "ComparaGenomeDbs",
    "genome_db is populated, and every species set member is a genome_db that exists.",
    groups=("compara",),
    db_types=("compara",),
)
def compara_genome_dbs(conn: Connection, ctx: Context) -> list[Finding]:
    with conn.cursor() as cur:
        cur.execute("SELECT EXISTS (SELECT 1 FROM genome_db)")
        empty = not fetch_one(cur)[0]
    return [
        Finding(problem="genome_db is empty", count=int(empty)),
        count_and_examples(
            conn,
            "species_set members that are not genome_dbs",
            "SELECT ss.species_set_id FROM species_set ss LEFT JOIN genome_db g USING (genome_db_id) "
            "WHERE g.genome_db_id IS NULL",
        ),
    ]


@datacheck(
    "ComparaMethodLinkSpeciesSets",
    "Every method_link_species_set refers to a method_link and a species set that exist.",
    groups=("compara",),
    db_types=("compara",),
)
def compara_mlss(conn: Connection, ctx: Context) -> list[Finding]:
    return [
        count_and_examples(
            conn,
            "method_link_species_sets with an unknown method_link",
            "SELECT m.method_link_species_set_id FROM method_link_species_set m LEFT JOIN method_link ml "
            "USING (method_link_id) WHERE ml.method_link_id IS NULL",
        ),
        count_and_examples(
            conn,
            "method_link_species_sets with an unknown species set",
            "SELECT m.method_link_species_set_id FROM method_link_species_set m LEFT JOIN species_set_header h "
            "USING (species_set_id) WHERE h.species_set_id IS NULL",
        ),
    ]
