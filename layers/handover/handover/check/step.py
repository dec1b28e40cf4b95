"""The check step as its Lambda runs it: move the job to CHECKING, check the source, record
every datacheck result, and either resolve the target or fail with the critical findings."""

from __future__ import annotations

from handover.check.source import check_source
from handover.config import Settings
from handover.dal.credentials import source_server
from handover.dal.jobs import JobStore
from handover.dbnames import parse_database_name
from handover.errors import CheckFailed
from handover.models.checks import advisory_failures, critical_failures
from handover.models.job import PROGRESS_TOTAL, JobStatus, Step
from handover.models.workflow import ResolvedTarget, StepInput
from handover.staging import StagingServers
from handover.uris import parse_uri


def run_check(inp: StepInput, settings: Settings, jobs: JobStore) -> ResolvedTarget:
    jobs.update(
        inp.token, step=Step.CHECK, status=JobStatus.CHECKING, message="Datachecks in progress"
    )
    src = parse_uri(inp.src_uri, "src_uri")
    requested = parse_uri(inp.tgt_uri, "tgt_uri") if inp.tgt_uri else None
    target, checks = check_source(
        source_server(src, settings.source_credentials_secret_arn),
        parse_database_name(src.database or ""),
        requested,
        StagingServers.from_settings(settings),
        settings,
        jobs,
    )
    failed = critical_failures(checks)
    advisory = advisory_failures(checks)
    if advisory:
        jobs.update(
            inp.token,
            step=Step.CHECK,
            level="WARNING",
            checks=checks,
            message="Advisory datachecks failed: " + "; ".join(c.summary for c in advisory),
        )
    if failed:
        jobs.update(
            inp.token,
            step=Step.CHECK,
            checks=checks,
            report=False,
            message="Datachecks found problems",
        )
        raise CheckFailed(
            f"Datachecks found problems: {len(failed)} critical check(s) failed: "
            + "; ".join(c.summary for c in failed)
        )
    jobs.update(
        inp.token,
        step=Step.CHECK,
        progress_complete=1,
        message="Datachecks successful, starting copy",
        checks=checks,
        division=target.division,
        tgt_uri=target.tgt_uri,
        # GRCh37: datachecks and copy; Ensembl never registered these in the metadata.
        progress_total=PROGRESS_TOTAL if target.register_in_metadata else PROGRESS_TOTAL - 1,
    )
    return target
