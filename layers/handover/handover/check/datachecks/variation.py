"""Checks of variation databases beyond the schema-level ones."""

from __future__ import annotations

from handover.check.datachecks.framework import (
    Connection,
    Context,
    Finding,
    count_and_examples,
    datacheck,
)


@datacheck(
    "VariationFeatureVariation",
    "Every variation_feature belongs to a variation that exists.",
    groups=("variation",),
    db_types=("variation",),
    driving=("variation_feature", "variation_feature_id"),
)
def variation_feature_variation(conn: Connection, ctx: Context) -> list[Finding]:
    return [
        count_and_examples(
            conn,
            "variation_features of unknown variations",
            "SELECT vf.variation_feature_id FROM variation_feature vf LEFT JOIN variation v USING (variation_id) "
            f"WHERE v.variation_id IS NULL AND {ctx.within('vf.variation_feature_id')}",
        )
    ]
