import pytest

from handover.errors import InvalidRequest
from handover.uris import parse_uri, redact


def test_parses_the_submitted_form():
    uri = parse_uri("mysql://ensro@mysql-ens-sta-1:4519/homo_sapiens_core_115_38", "src_uri")
    assert (uri.user, uri.host, uri.port, uri.database) == (
        "ensro",
        "mysql-ens-sta-1",
        4519,
        "homo_sapiens_core_115_38",
    )
    assert str(uri) == "mysql://ensro@mysql-ens-sta-1:4519/homo_sapiens_core_115_38"


def test_default_port():
    assert parse_uri("mysql://ensro@host/db_core_115_1", "src_uri").port == 3306


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("mysql://ensrw:secret@host:3306/db", "must not contain a password"),
        ("postgres://u@host:5432/db", "must start with mysql://"),
        ("mysql://u@host:99999/db", "not a valid URI"),
        ("mysql://u@host:3306/", "names no database"),
        ("mysql://u@host:3306/db`;drop", "letters, digits and _"),
        ("mysql://u@ho$t:3306/db", "no valid host"),
        ("mysql://u@host:3306/db?ssl=0", "query"),
        ("mysql://u@host:0/db", "port 0; use a port from 1 to 65535"),
        ("mysql://u@host:65536/db", "not a valid URI"),
    ],
)
def test_refusals_name_the_field_and_the_fix(value, says):
    with pytest.raises(InvalidRequest, match=says) as caught:
        parse_uri(value, "src_uri")
    assert caught.value.field == "src_uri"
    assert "secret" not in str(caught.value)


def test_redact_hides_passwords():
    assert (
        redact("cannot reach mysql://ensrw:hunter2@host:3306/db")
        == "cannot reach mysql://ensrw:***@host:3306/db"
    )
