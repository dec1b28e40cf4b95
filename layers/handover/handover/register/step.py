"""The register step as its Lambda runs it: register the published database, announce it,
and deal with what it replaced and what it supersedes."""

from __future__ import annotations

from typing import Any

from handover.config import Settings
from handover.copying.publish import finish_replacement
from handover.dal.credentials import ServerCredentials, server_from_secret
from handover.dal.jobs import JobStore
from handover.dal.mysql import connect, drop_database
from handover.dbnames import DatabaseName, parse_database_name
from handover.errors import RegistrationFailed
from handover.models.job import GenomeEvent, JobStatus, Registered, Step
from handover.models.workflow import StepInput
from handover.register import announce
from handover.register.metadata.facts import read_genomes
from handover.register.metadata.registry import Registration, Registry
from handover.register.metadata.schema import ensure_database, migrate
from handover.register.supersede import superseded_databases
from handover.staging import target_server


def run_register(
    inp: StepInput, settings: Settings, jobs: JobStore, eventbridge: Any = None
) -> Registered:
    """Register the published database, announce it, and deal with what it supersedes.

    Idempotent under retries: registration updates rather than duplicates, and reports the
    events its first try recorded, so a retried announcement says the same thing."""
    settings = settings.for_release(inp.release)
    job = jobs.require(inp.token)
    if job.status is JobStatus.SUCCEEDED and job.registered is not None:
        # A retry of a registration that finished (its reply was lost): the same reply again.
        return job.registered
    jobs.update(
        inp.token,
        step=Step.REGISTER,
        status=JobStatus.REGISTERING,
        message="Registering in the metadata database",
    )
    target = target_server(inp, settings)
    metadata = server_from_secret(settings.metadata_secret_arn, "metadata database")
    name = parse_database_name(target.database or "")
    genomes = []
    if name.db_type != "compara":
        with connect(target, "staging", database=target.database) as conn:
            genomes = read_genomes(conn) if name.db_type != "ancestral" else []
    if not metadata.database:
        raise RegistrationFailed("the metadata secret names no database (its dbname key)")
    with connect(metadata, "metadata") as conn:
        ensure_database(conn, metadata.database)
        migrate(conn)
        events = Registry(conn).register(
            Registration(
                dbname=name.name,
                db_type=name.db_type,
                release=settings.release,
                division=inp.target.division if inp.target else "",
                token=inp.token,
                contact=job.contact,
                comment=job.comment,
            ),
            genomes,
        )
    if settings.event_bus_name and eventbridge is not None:
        announce.database_registered(
            eventbridge,
            settings.event_bus_name,
            token=inp.token,
            release=settings.release,
            events=events,
        )
    replaced = finish_replacement(target, inp.token)
    superseded = _supersede(inp.token, settings, jobs, target, name, events)
    result = Registered(
        events=", ".join(f"{e.type} {e.genome or e.dbname}" for e in events),
        replaced_previous=replaced,
        superseded=superseded,
    )
    jobs.finish(
        inp.token,
        JobStatus.SUCCEEDED,
        step=Step.REGISTER,
        progress_complete=3,
        message="Metadata load complete, Handover successful",
        events=events,
        registered=result,
    )
    return result


def finish_unregistered(inp: StepInput, settings: Settings, jobs: JobStore) -> Registered:
    """End a handover whose database is not registered (GRCh37) once it is published, as
    Ensembl's service did: SUCCEEDED at 2 of 2, nothing written to the metadata database."""
    job = jobs.require(inp.token)
    if job.status is JobStatus.SUCCEEDED and job.registered is not None:
        return job.registered  # a retry whose first reply was lost
    replaced = finish_replacement(target_server(inp, settings), inp.token)
    result = Registered(events="", replaced_previous=replaced)
    jobs.finish(
        inp.token,
        JobStatus.SUCCEEDED,
        step=Step.REGISTER,
        progress_complete=job.progress_total,
        message="Copying complete, Handover successful (GRCh37: not registered in the metadata "
        "database)",
        registered=result,
    )
    return result


def _supersede(
    token: str,
    settings: Settings,
    jobs: JobStore,
    target: ServerCredentials,
    name: DatabaseName,
    events: list[GenomeEvent],
) -> list[str]:
    """List (or, with DropSupersededDatabases, drop) the databases on this staging server that
    a new assembly or genebuild supersedes; each is recorded in the job's reports."""
    if not any(e.type in ("new_assembly", "new_genebuild") for e in events):
        return []
    superseded = superseded_databases(target, name)
    for database in superseded:
        if settings.drop_superseded_databases:
            drop_database(target, database)
            jobs.note(token, step=Step.REGISTER, message=f"Dropped superseded database {database}")
        else:
            jobs.note(
                token,
                step=Step.REGISTER,
                level="WARNING",
                message=f"Superseded database {database} is still on staging "
                "(DropSupersededDatabases is off)",
            )
    return superseded
