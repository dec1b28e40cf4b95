"""Service settings, read from the environment that template.yaml gives each function."""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cache

from pydantic import BaseModel, Field, field_validator

from handover.dbnames import ALL_TYPES


def _csv(value: object) -> object:
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    return value


class Settings(BaseModel):
    release: int = Field(gt=0)
    allowed_database_types: list[str]
    allowed_divisions: list[str]
    job_table_name: str = ""
    state_machine_arn: str = ""
    cleanup_function_name: str = ""
    # The cleanup function tells the contact of a reconciled handover through this one.
    notify_function_name: str = ""
    staging_secret_arn: str = ""
    secondary_staging_secret_arn: str = ""
    metadata_secret_arn: str = ""
    source_credentials_secret_arn: str = ""
    # Where a handover's page is (the emails' "Details" link): <web_base_url>/handovers/<token>.
    web_base_url: str = ""
    # The web page's Cognito user pool and app client: sign-in, and the sessions it honours.
    web_user_pool_id: str = ""
    web_client_id: str = ""
    # host:port of each staging server, for the API's tgt_uri check (the API reads no secret:
    # CloudFormation resolves these from the staging secrets at deploy time).
    staging_endpoints: list[str] = Field(default_factory=list)
    # s3://bucket/prefix/ of the release's reference schemas (core.sql, variation.sql,
    # funcgen.sql, compara.sql); empty: schemas are not compared, and the checks say so.
    reference_schema_uri: str = ""
    # Copies one staging server takes at once, across every handover (copy slots).
    max_concurrent_copies_per_server: int = Field(default=4, ge=1)
    # A failed copy or registration keeps its temporary copy and checkpoints this long, for
    # POST /handovers/{token}/retry; 0: dropped at once.
    keep_failed_copy_hours: float = Field(default=48, ge=0)
    # A handover running longer than this is counted by the sweep (LongHandoversAlarm).
    long_handover_hours: float = Field(default=24, gt=0)
    # Handovers running datachecks against one source server at once (check slots).
    max_concurrent_checks_per_server: int = Field(default=4, ge=1)
    # A datacheck with a driving table runs over ranges of its key of about this many rows.
    check_range_rows: int = Field(default=5_000_000, gt=0)
    # The copy works for this many seconds per invocation, then hands back a cursor.
    copy_chunk_seconds: float = Field(default=600, ge=0)
    # Most rows per chunk (a chunk is also bounded in bytes by the source's max_allowed_packet).
    copy_batch_rows: int = Field(default=1_000_000, gt=0)
    # Tables with more rows than this are copied in parallel key ranges.
    copy_split_rows: int = Field(default=2_000_000, gt=0)
    # The most MB one MyISAM/Aria index build may sort in on staging; 0: the server's setting.
    copy_index_sort_mb: int = Field(default=512, ge=0)
    # Where `Database Registered` events go; empty: not published.
    event_bus_name: str = ""
    # Drop the databases a new assembly or genebuild supersedes on staging (else list them).
    drop_superseded_databases: bool = False
    # The idempotency of POST /handovers: a repeat within this window gets the first reply.
    idempotency_table_name: str = ""
    idempotency_seconds: int = Field(default=600, ge=1)
    # Who the contact's emails come from (an SES-verified identity); empty: no email.
    notify_sender: str = ""
    notify_on_success: bool = True

    _split = field_validator(
        "allowed_database_types", "allowed_divisions", "staging_endpoints", mode="before"
    )(staticmethod(_csv))

    @field_validator("allowed_database_types")
    @classmethod
    def _known_types(cls, types: list[str]) -> list[str]:
        unknown = sorted(set(types) - set(ALL_TYPES))
        if unknown:
            raise ValueError(f"unknown database types {unknown}; known: {', '.join(ALL_TYPES)}")
        return types

    @field_validator("allowed_divisions")
    @classmethod
    def _lower(cls, divisions: list[str]) -> list[str]:
        return [d.lower() for d in divisions]

    def for_release(self, release: int | None) -> Settings:
        """These settings for a handover submitted for `release` (None: the stack's own)."""
        if release is None or release == self.release:
            return self
        return self.model_copy(update={"release": release})

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        names = {name.upper(): name for name in cls.model_fields}
        return cls.model_validate({names[k]: v for k, v in environ.items() if k in names})


@cache
def settings() -> Settings:
    """The settings of this Lambda container (its environment does not change while it lives)."""
    return Settings.from_env()
