"""The handover rules of the check step: types, releases, divisions and staging targets."""

import uuid

import pytest

from handover.api.request import validate_request
from handover.check.source import holds_grch37_human
from handover.config import Settings
from handover.dal.credentials import ServerCredentials
from handover.dbnames import parse_database_name
from handover.errors import CheckFailed, InvalidRequest
from handover.models.api import HandoverRequest
from handover.staging import StagingServers
from handover.uris import parse_uri
from handover_cli.local.fixtures import create_other_database

from .conftest import RELEASE

PRIMARY = ServerCredentials("staging-1", 3306, "ensrw", "pw")
SECONDARY = ServerCredentials("staging-2", 3306, "ensrw", "pw")


def settings(**overrides) -> Settings:
    values = {
        "release": RELEASE,
        "allowed_database_types": "core,variation",
        "allowed_divisions": "vertebrates",
    }
    return Settings.model_validate({**values, **overrides})


def request(src: str, **extra) -> HandoverRequest:
    return HandoverRequest(src_uri=src, contact="a@example.org", comment="x", **extra)


def test_a_closed_type_is_refused_with_the_release():
    with pytest.raises(
        InvalidRequest, match=f"handover of funcgen databases is closed for release {RELEASE}"
    ):
        validate_request(request(f"mysql://u@h/homo_sapiens_funcgen_{RELEASE}_38"), settings())


def test_the_name_must_carry_the_release():
    with pytest.raises(InvalidRequest, match="named for release 114"):
        validate_request(request("mysql://u@h/homo_sapiens_core_114_38"), settings())
    src, name, tgt = validate_request(
        request(f"mysql://u@h/homo_sapiens_core_{RELEASE}_38"), settings()
    )
    assert (name.db_type, name.release, tgt) == ("core", RELEASE, None)


def test_an_eg_release_name_is_accepted_when_53_behind():
    _, name, _ = validate_request(
        request(f"mysql://u@h/bacteria_0_collection_core_{RELEASE - 53}_{RELEASE}_1"), settings()
    )
    assert name.db_type == "core"


def test_unknown_types_in_the_configuration_are_refused():
    with pytest.raises(ValueError, match="unknown database types"):
        settings(allowed_database_types="core,genomes")


@pytest.mark.parametrize(
    ("name", "server"),
    [
        (f"homo_sapiens_core_{RELEASE}_38", "staging-1"),
        (f"homo_sapiens_core_{RELEASE}_37", "staging-2"),
        (f"homo_sapiens_variation_{RELEASE}_37", "staging-2"),
        (f"bacteria_0_collection_core_{RELEASE - 53}_{RELEASE}_1", "staging-2"),
        (f"escherichia_coli_bacteria_core_{RELEASE}_1", "staging-2"),
        (f"mus_musculus_core_{RELEASE}_37", "staging-1"),  # only human's 37 is GRCh37
        (f"ensembl_compara_{RELEASE}", "staging-1"),
    ],
)
def test_staging_target_rules(name, server):
    assert StagingServers(PRIMARY, SECONDARY).choose(parse_database_name(name)).host == server


def test_grch37_compara_goes_to_the_secondary_server():
    chosen = StagingServers(PRIMARY, SECONDARY).choose(
        parse_database_name(f"ensembl_compara_{RELEASE}"), grch37_compara=True
    )
    assert chosen.host == "staging-2"


def test_a_secondary_target_without_a_secondary_server_is_a_clear_failure():
    with pytest.raises(CheckFailed, match="SecondaryStagingSecretArn"):
        StagingServers(PRIMARY, None).choose(parse_database_name(f"homo_sapiens_core_{RELEASE}_37"))


def test_a_requested_target_must_be_a_staging_server():
    staging = StagingServers(PRIMARY, SECONDARY)
    assert (
        staging.for_uri(parse_uri("mysql://staging-2:3306/renamed_core_115_1", "tgt_uri")).database
        == "renamed_core_115_1"
    )
    with pytest.raises(
        CheckFailed, match="not on a staging server; use staging-1:3306 or staging-2:3306"
    ):
        staging.for_uri(parse_uri("mysql://production-live:3306/x", "tgt_uri"))


@pytest.mark.parametrize("grch37", [True, False])
def test_compara_genome_db_decides_grch37(source, grch37):
    name = f"ensembl_compara_t{uuid.uuid4().hex[:6]}_{RELEASE - 53}_{RELEASE}"
    with source.connect() as conn:
        create_other_database(conn, name, "compara", release=RELEASE, grch37=grch37)
    try:
        with source.connect(name) as conn:
            assert holds_grch37_human(conn) is grch37
    finally:
        source.query(f"DROP DATABASE `{name}`")
