"""Checks of compara, variation and funcgen databases beyond the schema-level ones."""

from __future__ import annotations

from handover.datachecks.framework import (
    Connection,
    Context,
    Finding,
    count_and_examples,
    datacheck,
)


@datacheck(
    "ComparaGenomeDbs",
    "genome_db is populated, and every species set member is a genome_db that exists.",
    groups=("compara",),
    db_types=("compara",),
)
def compara_genome_dbs(conn: Connection, ctx: Context) -> list[Finding]:
    with conn.cursor() as cur:
        cur.execute("SELECT EXISTS (SELECT 1 FROM genome_db)")
        empty = not cur.fetchone()[0]
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


@datacheck(
    "VariationFeatureVariation",
    "Every variation_feature belongs to a variation that exists.",
    groups=("variation",),
    db_types=("variation",),
)
def variation_feature_variation(conn: Connection, ctx: Context) -> list[Finding]:
    return [
        count_and_examples(
            conn,
            "variation_features of unknown variations",
            "SELECT vf.variation_feature_id FROM variation_feature vf LEFT JOIN variation v USING (variation_id) "
            "WHERE v.variation_id IS NULL",
        )
    ]


@datacheck(
    "RegulatoryFeatureTypes",
    "Every regulatory_feature has a feature_type that exists.",
    groups=("funcgen",),
    db_types=("funcgen",),
)
def regulatory_feature_types(conn: Connection, ctx: Context) -> list[Finding]:
    return [
        count_and_examples(
            conn,
            "regulatory_features of unknown feature types",
            "SELECT rf.regulatory_feature_id FROM regulatory_feature rf LEFT JOIN feature_type ft USING (feature_type_id) "
            "WHERE ft.feature_type_id IS NULL",
        )
    ]
