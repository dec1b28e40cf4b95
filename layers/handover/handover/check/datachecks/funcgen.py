"""Checks of funcgen databases beyond the schema-level ones."""

from __future__ import annotations

from handover.check.datachecks.framework import (
    Connection,
    Context,
    Finding,
    count_and_examples,
    datacheck,
)


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
