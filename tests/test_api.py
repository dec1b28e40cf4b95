"""The API's answers to good and bad requests, through the local stack's HTTP gateway."""

import pytest

from .conftest import RELEASE


def fields(reply) -> set[str]:
    return {".".join(str(p) for p in d["loc"][1:]) for d in reply["detail"]}


def test_ping(api):
    assert api.call("GET", "/ping") == (200, {"status": "ok"})


def test_openapi_document_describes_the_api(api):
    status, doc = api.call("GET", "/apidocs?format=json")
    assert status == 200
    assert doc["openapi"].startswith("3.")
    assert {"/handovers", "/handovers/{token}", "/ping"} <= set(doc["paths"])
    assert "HandoverRequest" in doc["components"]["schemas"]


def test_missing_fields_are_named(api):
    status, reply = api.call("POST", "/handovers", {})
    assert status == 422
    assert fields(reply) == {"src_uri", "contact", "comment"}


def test_contact_must_be_an_email(api, source):
    status, reply = api.call(
        "POST",
        "/handovers",
        {
            "src_uri": source.src_uri(f"homo_sapiens_core_{RELEASE}_38"),
            "contact": "not-an-email",
            "comment": "x",
        },
    )
    assert status == 422
    assert fields(reply) == {"contact"}
    assert "email" in reply["detail"][0]["msg"]


def test_unknown_fields_are_refused(api, source):
    status, reply = api.call(
        "POST",
        "/handovers",
        {
            "src_uri": source.src_uri(f"homo_sapiens_core_{RELEASE}_38"),
            "contact": "a@example.org",
            "comment": "x",
            "priority": "high",
        },
    )
    assert status == 422
    assert fields(reply) == {"priority"}


def test_password_in_uri_is_refused_and_not_echoed(api):
    status, reply = api.call(
        "POST",
        "/handovers",
        {
            "src_uri": f"mysql://ensrw:S3cr3tPa55@host:3306/homo_sapiens_core_{RELEASE}_38",
            "contact": "a@example.org",
            "comment": "x",
        },
    )
    assert status == 422
    assert reply["field"] == "src_uri"
    assert "Secrets Manager" in reply["message"]
    assert "S3cr3tPa55" not in str(reply)


@pytest.mark.parametrize(
    ("src", "says"),
    [
        ("postgresql://u@h:5432/homo_sapiens_core_115_38", "must start with mysql://"),
        ("mysql://u@h:3306/my_database", "accepted forms"),
        ("mysql://u@h:3306/homo_sapiens_core_114_38", "named for release 114"),
    ],
)
def test_bad_source_names_get_a_reason(api, src, says):
    status, reply = api.call(
        "POST", "/handovers", {"src_uri": src, "contact": "a@example.org", "comment": "x"}
    )
    assert status == 422
    assert reply["field"] == "src_uri"
    assert says in reply["message"]


def test_non_json_bodies_get_415(api):
    status, reply = api.call("POST", "/handovers", raw=b"src_uri=x&contact=y")
    assert status == 415 and "JSON" in reply["message"]
    status, reply = api.call(
        "POST",
        "/handovers",
        raw=b"src_uri=x",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 415 and "application/json" in reply["message"]
    # Bytes that are not UTF-8 (found by schemathesis: they crashed the function, a 502).
    status, reply = api.call("POST", "/handovers", raw=b"\xce\xff{}")
    assert status == 415 and "UTF-8" in reply["message"]


def test_unknown_and_malformed_tokens_get_404(api):
    assert api.call("GET", "/handovers/00000000-0000-4000-8000-000000000000")[0] == 404
    assert api.call("GET", "/handovers/not-a-token")[0] == 404
    assert api.call("DELETE", "/handovers/00000000-0000-4000-8000-000000000000")[0] == 404


def test_list_pages_through_a_release(api, source, core_db):
    status, first = api.call(
        "POST",
        "/handovers",
        {
            "src_uri": source.src_uri(core_db),
            "contact": "lister@example.org",
            "comment": "for the list",
        },
    )
    assert status == 201
    token = first["handover_token"]
    api.wait(token)
    status, page = api.call(
        "GET", f"/handovers?release={RELEASE}&contact=lister@example.org&limit=1"
    )
    assert status == 200
    assert [j["handover_token"] for j in page["items"]] == [token]
    seen = []
    next_token = None
    while True:
        query = f"/handovers?release={RELEASE}&limit=2" + (
            f"&next_token={next_token}" if next_token else ""
        )
        status, page = api.call("GET", query)
        assert status == 200
        seen += [j["submitted_at"] for j in page["items"]]
        next_token = page["next_token"]
        if not next_token:
            break
    assert seen == sorted(seen, reverse=True)  # newest first, no duplicates
    assert len(seen) == len(set(seen))
    assert api.call("GET", "/handovers?next_token=garbage")[0] == 422
    assert api.call("GET", "/handovers?status=BOGUS")[0] == 422


def test_a_release_no_table_could_hold_is_refused_not_a_5xx(api):
    status, body = api.call("GET", f"/handovers?release={10**38}")
    assert status == 422, body


def test_a_closed_database_type_is_refused_at_submit(api, source):
    status, reply = api.call(
        "POST",
        "/handovers",
        {
            "src_uri": source.src_uri(f"homo_sapiens_otherfeatures_{RELEASE}_38"),
            "contact": "a@example.org",
            "comment": "x",
        },
    )
    assert status == 422
    assert (
        reply["message"] == f"handover of otherfeatures databases is closed for release {RELEASE}"
    )


def test_checks_of_an_unknown_handover_are_404(api):
    assert api.call("GET", "/handovers/00000000-0000-4000-8000-000000000000/checks")[0] == 404


@pytest.mark.parametrize(
    "src",
    [
        "mysql://u@h:0/homo_sapiens_core_115_38",
        "mysql://u@h:70000/homo_sapiens_core_115_38",
        "mysql://u@h:port/homo_sapiens_core_115_38",
        "mysql://u@:3306/homo_sapiens_core_115_38",
        "mysql://u:@h:3306/homo_sapiens_core_115_38",
        "mysql://u@h:3306/homo_sapiens_core_115_38\x00; DROP DATABASE x",
        "mysql://u@h:3306/homo_sapiens_core_115_38`; DROP DATABASE x; --",
        "mysql://u@h:3306/ΩMEGA_core_115_38",
        "file:///etc/passwd",
        "mysql://u@h:3306/homo_sapiens_core_115_38?ssl=0",
    ],
)
def test_odd_uris_are_refused_with_the_field_never_a_5xx(api, src):
    status, reply = api.call(
        "POST", "/handovers", {"src_uri": src, "contact": "a@example.org", "comment": "x"}
    )
    assert status == 422, reply
    named = reply.get("field") or {".".join(map(str, d["loc"][1:])) for d in reply["detail"]}
    assert "src_uri" in named


def test_oversized_fields_and_bodies_are_refused(api):
    too_long = {"src_uri": "mysql://u@h:3306/x_core_115_1", "contact": "a@example.org"}
    status, reply = api.call("POST", "/handovers", {**too_long, "comment": "x" * 2001})
    assert status == 422 and fields(reply) == {"comment"}
    status, reply = api.call(
        "POST",
        "/handovers",
        {**too_long, "src_uri": "mysql://u@h:3306/" + "a" * 600, "comment": "x"},
    )
    assert status == 422 and fields(reply) == {"src_uri"}
    status, reply = api.call("POST", "/handovers", raw=b"{" + b" " * (11 * 1024 * 1024) + b"}")
    assert status == 413


def test_unicode_and_control_characters_in_a_comment_are_kept_as_sent(api, source, core_db):
    comment = "Ωmega 🧬 中文 \t tab \u202e right-to-left \x07 bell"
    status, reply = api.call(
        "POST",
        "/handovers",
        {"src_uri": source.src_uri(core_db), "contact": "a@example.org", "comment": comment},
    )
    assert status == 201, reply
    job = api.wait(reply["handover_token"])
    assert job["comment"] == comment.strip()


def _submit_to(api, source, tgt_uri: str):
    return api.call(
        "POST",
        "/handovers",
        {
            "src_uri": source.src_uri(f"tgtrule_core_{RELEASE}_1"),
            "contact": "a@example.org",
            "comment": "where may it go",
            "tgt_uri": tgt_uri,
        },
    )


@pytest.mark.parametrize(
    "database, why",
    [
        ("mysql", "system schema"),
        ("sys", "system schema"),
        ("information_schema", "system schema"),
        ("performance_schema", "system schema"),
        ("handover_metadata", "not a handover name"),
        (f"tgtrule_variation_{RELEASE}_1", "a variation database"),
        (f"tgtrule_core_{RELEASE - 1}_1", f"release {RELEASE - 1}"),
    ],
)
def test_a_target_that_is_not_a_handover_database_of_the_same_kind_is_refused(
    api, source, staging, database, why
):
    status, reply = _submit_to(api, source, staging.src_uri(database))
    assert status == 422, reply
    assert reply["field"] == "tgt_uri" and why in reply["message"], reply


@pytest.mark.parametrize(
    "server",
    ["mysql://root@127.0.0.1:1", "mysql://root@127.0.0.1:3306", "mysql://root@production-live"],
)
def test_a_target_on_any_server_but_staging_is_refused(api, source, server):
    status, reply = _submit_to(api, source, f"{server}/mysql")
    assert status == 422 and reply["field"] == "tgt_uri", reply
    status, reply = _submit_to(api, source, f"{server}/tgtrule_core_{RELEASE}_2")
    assert status == 422 and reply["field"] == "tgt_uri", reply
    assert "not a staging server" in reply["message"]


def test_a_renamed_target_on_staging_is_taken(api, source, staging):
    status, reply = _submit_to(api, source, staging.src_uri(f"tgtrule_core_{RELEASE}_3"))
    assert status == 201, reply
    api.call("DELETE", f"/handovers/{reply['handover_token']}")
