"""The web page (issue 16, part 3) in a real browser: headless Chromium, from Debian's
`chromium` package, driven by playwright against the local stack's gateway, which serves the
page under /web as API Gateway does, behind the template's request authorizer and Cognito
(moto's cognito-idp).

HANDOVER_SCREENSHOTS=DIR keeps the screenshots the README shows (`make screenshots`)."""

from __future__ import annotations

import os
import re
import shutil
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest

from handover.web.session import SESSION_COOKIE
from handover_cli.local.fixtures import create_core_database

from .conftest import RELEASE, unique_core_name
from .test_e2e import submit
from .test_faults import metadata_unreachable
from .test_retry import keep_failed_copies  # noqa: F401 - a fixture

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.e2e
PASSWORD = "Local-Passw0rd-1"
SHOTS = os.environ.get("HANDOVER_SCREENSHOTS")


def chromium_path() -> str:
    found = os.environ.get("HANDOVER_CHROMIUM") or shutil.which("chromium")
    if not found:
        pytest.fail(
            "Chromium is missing: `make test` installs it, or run: sudo apt-get install -y chromium"
        )
    return found


@pytest.fixture(scope="module")
def web(api) -> str:
    return api.url + "/web"


@pytest.fixture(scope="module")
def user(stack) -> str:
    email = f"curator-{uuid.uuid4().hex[:8]}@example.org"
    stack.add_web_user(email, PASSWORD)
    return email


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium_path(), headless=True)
        yield launched
        launched.close()


def fill_sign_in(page, web: str, email: str, password: str) -> None:
    page.goto(web + "/signin")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("button[type=submit]")


def sign_in(page, web: str, email: str, password: str = PASSWORD) -> None:
    fill_sign_in(page, web, email, password)
    page.wait_for_url(re.compile(r"/web/$"))


@pytest.fixture
def page(browser, web, user) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    signed_in = context.new_page()
    sign_in(signed_in, web, user)
    yield signed_in
    context.close()


def shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def fetch(
    url: str, *, cookie: str | None = None, data: bytes | None = None
) -> tuple[int, dict, str]:
    """One request, redirects not followed: what API Gateway answers."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    headers = {"Cookie": cookie} if cookie else {}
    if data is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=60) as reply:
            return reply.status, dict(reply.headers), reply.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read().decode()


def core_database(source, **breakage: str) -> str:
    name = unique_core_name()
    with source.connect() as conn:
        create_core_database(conn, name, release=RELEASE)
    for statement in breakage.values():
        source.query(statement, database=name)
    return name


# --- signed out ---


def test_a_signed_out_visitor_sees_nothing_but_the_sign_in(api, browser, web, source, stack):
    name = core_database(source)
    token = submit(api, source.src_uri(name), comment="seen by nobody signed out")["handover_token"]
    context = browser.new_context()
    visitor = context.new_page()
    for path in ("/", f"/handovers/{token}", "/submit", "/apidocs"):
        visitor.goto(web + path)
        assert visitor.url == web + "/signin", path
        assert visitor.locator("#password").is_visible()
        assert name not in visitor.content() and token not in visitor.content()
    shot(visitor, "signin")
    context.close()
    # Without a browser: every page and form answers the sign-in, and nothing is done.
    for cookie in (None, f"{SESSION_COOKIE}=forged.token.value", "other=1"):
        for path, data in (
            ("/", None),
            (f"/handovers/{token}", None),
            (f"/handovers/{token}/retry", b""),
            ("/submit", b"src_uri=x"),
        ):
            status, headers, body = fetch(web + path, cookie=cookie, data=data)
            assert (status, headers.get("Location")) == (303, "/web/signin"), (path, cookie)
            assert token not in body
    api.wait(token)


def test_a_session_of_another_user_pool_is_refused(api, web, stack):
    """Cognito honours any pool's token; the authorizer takes only its own pool's and client's."""
    cognito = boto3.client("cognito-idp")
    pool = cognito.create_user_pool(PoolName="someone-elses")["UserPool"]["Id"]
    client = cognito.create_user_pool_client(
        UserPoolId=pool, ClientName="theirs", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"]
    )["UserPoolClient"]["ClientId"]
    cognito.admin_create_user(
        UserPoolId=pool, Username="intruder@example.org", MessageAction="SUPPRESS"
    )
    cognito.admin_set_user_password(
        UserPoolId=pool, Username="intruder@example.org", Password=PASSWORD, Permanent=True
    )
    theirs = cognito.initiate_auth(
        ClientId=client,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "intruder@example.org", "PASSWORD": PASSWORD},
    )["AuthenticationResult"]["AccessToken"]
    assert cognito.get_user(AccessToken=theirs)["Username"]  # valid, to Cognito
    status, headers, _ = fetch(web + "/", cookie=f"{SESSION_COOKIE}={theirs}")
    assert (status, headers.get("Location")) == (303, "/web/signin")


def test_a_wrong_password_is_refused_and_signing_out_ends_the_session(browser, web, user):
    context = browser.new_context()
    visitor = context.new_page()
    fill_sign_in(visitor, web, user, "Not-the-passw0rd")
    assert visitor.locator("#signin-error").inner_text() == "Incorrect email or password."
    sign_in(visitor, web, user)
    session = next(c for c in context.cookies() if c["name"] == SESSION_COOKIE)
    assert session["httpOnly"] and session["secure"] and session["sameSite"] == "Lax"
    visitor.click("#signout")
    visitor.wait_for_url(web + "/signin")
    # The token itself is revoked, not only forgotten by this browser.
    status, headers, _ = fetch(web + "/", cookie=f"{SESSION_COOKIE}={session['value']}")
    assert (status, headers.get("Location")) == (303, "/web/signin")
    context.close()


def test_a_new_user_chooses_a_password_at_the_first_sign_in(browser, web, stack):
    email = f"new-{uuid.uuid4().hex[:8]}@example.org"
    boto3.client("cognito-idp").admin_create_user(
        UserPoolId=stack.user_pool_id,
        Username=email,
        TemporaryPassword="Temporary-Passw0rd",
        UserAttributes=[{"Name": "email", "Value": email}],
        MessageAction="SUPPRESS",
    )
    context = browser.new_context()
    visitor = context.new_page()
    fill_sign_in(visitor, web, email, "Temporary-Passw0rd")
    visitor.fill("#new_password", "short")
    visitor.click("button[type=submit]")
    assert "at least 12 characters" in visitor.locator("#signin-error").inner_text()
    visitor.fill("#new_password", "My-own-Passw0rd")
    visitor.click("button[type=submit]")
    visitor.wait_for_url(re.compile(r"/web/$"))
    assert email in visitor.locator("header").inner_text()
    context.close()


# --- submit ---


def test_the_submit_form_shows_the_apis_422_messages_beside_their_fields(api, page, web, source):
    page.goto(web + "/submit")
    page.fill("#src_uri", source.src_uri("not_a_database_name"))
    page.fill("#contact", "not-an-email")
    page.click("#submit")
    # The form is kept as typed, and each message sits under its own field.
    assert page.input_value("#contact") == "not-an-email"
    contact_error = page.locator("#contact + .hint + #contact-error").inner_text()
    comment_error = page.locator("#comment + #comment-error").inner_text()
    assert page.get_attribute("#contact", "aria-invalid") == "true"
    assert page.locator("#src_uri-error").count() == 0  # checked once the body is valid
    shot(page, "submit-422")
    status, reply = api.call(
        "POST",
        "/handovers",
        {"src_uri": source.src_uri("x"), "contact": "not-an-email", "comment": ""},
    )
    assert status == 422
    api_messages = {d["loc"][-1]: d["msg"] for d in reply["detail"]}
    assert (contact_error, comment_error) == (api_messages["contact"], api_messages["comment"])

    # A valid body whose database name breaks the rules: the service's own 422, beside src_uri.
    page.fill("#contact", "team@example.org")
    page.fill("#comment", "web form")
    page.click("#submit")
    src_error = page.locator("#src_uri + .hint + #src_uri-error").inner_text()
    status, reply = api.call(
        "POST",
        "/handovers",
        {
            "src_uri": source.src_uri("not_a_database_name"),
            "contact": "team@example.org",
            "comment": "web form",
        },
    )
    assert (status, reply["field"], reply["message"]) == (422, "src_uri", src_error)
    assert page.locator("#contact-error").count() == 0


def test_a_submitted_handover_is_followed_live_to_success_with_every_detail(
    api, page, web, source, stack, user
):
    name = core_database(source)
    page.goto(web + "/submit")
    assert page.input_value("#contact") == user  # who signed in, by default
    page.fill("#src_uri", source.src_uri(name))
    page.fill("#comment", "handed over from the web page")
    page.click("#submit")
    page.wait_for_url(re.compile(r"/web/handovers/[0-9a-f-]{36}$"))
    token = page.url.rsplit("/", 1)[-1]
    page.evaluate("window.sameDocument = true")
    # The page updates itself until the handover ends: no reload, no click.
    page.locator("#status", has_text="SUCCEEDED").wait_for(timeout=120_000)
    assert page.evaluate("window.sameDocument") is True
    job = api.wait(token)
    assert job["status"] == "SUCCEEDED" and job["contact"] == user

    steps = {
        row.get_attribute("data-step"): row.locator("td").all_inner_texts()
        for row in page.locator("#steps tbody tr").all()
    }
    assert list(steps) == ["check", "copy", "register"]
    for step, (_, state, started, ended, took) in steps.items():
        assert state == "done" and started and ended and took.endswith(" s"), step
    assert re.search(r"Rate: [0-9.]+ MB/s, [0-9,]+ rows/s", page.locator("#copy-rate").inner_text())
    rows = job["copy_progress"]["rows_copied"]
    assert f"Copy: {rows:,} rows" in page.locator("#progress").inner_text()
    assert page.locator("#checks tbody tr").count() == len(
        api.call("GET", f"/handovers/{token}/checks")[1]["results"]
    )
    assert page.locator("#checks-summary").inner_text().startswith("No critical check failed.")
    assert f"Emailed {user}" in page.locator("#emails").inner_text()
    assert page.locator("#events tbody tr").count() == len(job["reports"])
    console = page.get_attribute("#console", "href")
    assert console.endswith(f"#/v2/executions/details/{job['execution_arn']}")
    assert page.locator("#retry").count() == 0
    shot(page, "detail-succeeded")


# --- failed handovers, and the retry ---


def test_a_failed_datacheck_shows_its_findings(api, page, web, source):
    name = core_database(source, broken="DELETE FROM transcript WHERE gene_id IN (1, 2)")
    token = submit(api, source.src_uri(name), comment="genes without transcripts")["handover_token"]
    job = api.wait(token)
    assert (job["status"], job["failed_step"]) == ("FAILED", "check")
    page.goto(f"{web}/handovers/{token}")
    assert page.locator("#status").inner_text() == "FAILED"
    assert page.locator("[data-step=check] .status").inner_text() == "failed"
    assert page.locator("[data-step=copy] .status").inner_text() == "skipped"
    failing = page.locator("[data-check=GenesHaveTranscripts]").inner_text()
    assert "failed" in failing and "genes without transcripts (2): 1, 2" in failing
    assert "GenesHaveTranscripts" in page.locator("#checks-summary").inner_text()
    shot(page, "detail-failed-check")


def test_a_failed_registration_is_retried_with_the_button(
    api,
    page,
    web,
    source,
    staging,
    stack,
    keep_failed_copies,  # noqa: F811
):
    name = core_database(source)
    with metadata_unreachable():
        token = submit(api, source.src_uri(name), comment="metadata down")["handover_token"]
        job = api.wait(token)
    assert (job["status"], job["failed_step"]) == ("FAILED", "register"), job["message"]
    page.goto(f"{web}/handovers/{token}")
    assert page.locator("[data-step=register] .status").inner_text() == "failed"
    assert page.locator("#retry").inner_text() == "Retry from the failed step (register)"
    shot(page, "detail-failed-register")
    page.click("#retry")
    page.wait_for_url(f"{web}/handovers/{token}")
    page.locator("#status", has_text="SUCCEEDED").wait_for(timeout=120_000)
    job = api.wait(token)
    assert (job["status"], job["attempt"]) == ("SUCCEEDED", 2)
    assert name in staging.databases()
    # A second click (a stale page) is refused with the API's reason, beside the button.
    status, _, body = fetch(f"{web}/handovers/{token}/retry", cookie=_cookie_of(page), data=b"")
    assert status == 422 and "succeeded; there is nothing to retry" in body


def _cookie_of(page) -> str:
    session = next(c for c in page.context.cookies() if c["name"] == SESSION_COOKIE)
    return f"{SESSION_COOKIE}={session['value']}"


# --- the list ---


def test_the_list_filters_by_status_contact_and_type_newest_first_and_updates_live(
    api, page, web, source
):
    contact = f"list-{uuid.uuid4().hex[:6]}@example.org"
    older = submit(api, source.src_uri(core_database(source)), contact=contact, comment="older")
    api.wait(older["handover_token"])
    broken = core_database(source, broken="DELETE FROM transcript WHERE gene_id IN (1, 2)")
    failed = submit(api, source.src_uri(broken), contact=contact, comment="fails")
    api.wait(failed["handover_token"])
    page.goto(f"{web}/?contact={contact}")
    page.evaluate("window.sameDocument = true")
    newest = submit(api, source.src_uri(core_database(source)), contact=contact, comment="newest")
    # Filtered by contact, newest first; the running one appears and ends without a reload.
    page.goto(f"{web}/?contact={contact}")
    page.evaluate("window.sameDocument = true")
    tokens = [r.get_attribute("data-token") for r in page.locator("#handovers tbody tr").all()]
    assert tokens == [newest["handover_token"], failed["handover_token"], older["handover_token"]]
    row = page.locator(f"tr[data-token='{newest['handover_token']}'] .status")
    if row.inner_text() != "SUCCEEDED":
        assert page.get_attribute("#live", "data-live") == "true"
    row.filter(has_text="SUCCEEDED").wait_for(timeout=120_000)
    assert page.evaluate("window.sameDocument") is True
    page.wait_for_function("document.getElementById('live').dataset.live === 'false'")

    page.select_option("select[name=status]", "FAILED")
    page.click("text=Filter")
    tokens = [r.get_attribute("data-token") for r in page.locator("#handovers tbody tr").all()]
    assert tokens == [failed["handover_token"]]
    shot(page, "list-failed")
    page.goto(f"{web}/?contact={contact}&db_type=variation")
    assert page.locator("#no-handovers").is_visible()
    page.goto(f"{web}/?contact={contact}&db_type=core&status=SUCCEEDED")
    assert page.locator("#handovers tbody tr").count() == 2
    page.goto(f"{web}/?status=BOGUS&contact={contact}")
    assert "status: choose one of" in page.locator("#status-error").inner_text()
    page.goto(f"{web}/")
    shot(page, "list")


def test_the_api_docs_open_in_a_signed_in_browser(page, web):
    """The JSON API's docs answer 403 to a browser (IAM); the page serves them after sign-in."""
    page.click("text=API docs")
    page.wait_for_url(web + "/apidocs")
    assert "swagger" in page.content().lower()
    spec = page.request.get(web + "/apidocs?format=json").json()
    assert {"/handovers", "/handovers/{token}/retry"} <= set(spec["paths"])


def test_the_pages_run_under_their_content_security_policy(page, web):
    """Nothing the page itself shows is refused by its CSP (an inline style attribute would be)."""
    refused: list[str] = []
    page.on(
        "console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None
    )
    for path in ("/", "/submit"):
        page.goto(web + path)
        page.wait_for_load_state("networkidle")
    assert refused == []
    assert page.evaluate("getComputedStyle(document.querySelector('header')).display") == "flex"
