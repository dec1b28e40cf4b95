"""The web page: the release's handovers, one handover's detail, the submit form and the retry
button, rendered on the server. Routing and HTML only; the work is in handover.api.service
(the API's own) and handover.web."""

import base64
import hashlib
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.shared.cookies import Cookie, SameSite
from aws_lambda_powertools.utilities.typing import LambdaContext
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import ValidationError

from handover.api.service import handover_service as service
from handover.config import settings
from handover.dbnames import ALL_TYPES
from handover.errors import HandoverInFlight, InvalidRequest, NotRetryable
from handover.models.api import HandoverRequest, is_token
from handover.models.job import JobStatus
from handover.runtime import logger, metrics, tracer
from handover.web import pages
from handover.web.session import (
    SESSION_COOKIE,
    NewPasswordRequired,
    SignInFailed,
    session_token,
    web_sessions,
)

HERE = Path(__file__).parent
SESSION_SECONDS = 8 * 3600  # the user pool client's AccessTokenValidity
JS = (HERE / "static" / "page.js").read_text()
CSS = (HERE / "static" / "page.css").read_text()


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


# Only this page's own script and style run: nothing injected into a page can.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        f"default-src 'none'; script-src '{_sha256(JS)}'; style-src '{_sha256(CSS)}'; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}

app = APIGatewayRestResolver()
templates = Environment(
    loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"])
)
# 2026-11-30T11:29:20.669+00:00 -> 2026-11-30 11:29:20 (every time the service keeps is UTC)
templates.filters["when"] = lambda iso: (iso or "")[:19].replace("T", " ")


def _prefix() -> str:
    """Where the pages are: the stage's path (/web on the execute-api address)."""
    return "/" + str(app.current_event.request_context.stage or "web")


def _user() -> str:
    """Who signed in, as the authorizer found them."""
    authorizer = app.current_event.raw_event.get("requestContext", {}).get("authorizer") or {}
    return str(authorizer.get("email") or authorizer.get("principalId") or "")


def page(
    name: str, status: int = 200, cookies: list[Cookie] | None = None, **values: Any
) -> Response:
    html = templates.get_template(name).render(
        prefix=_prefix(), release=settings().release, user=_user(), js=JS, css=CSS, **values
    )
    return Response(
        status_code=status,
        content_type="text/html; charset=utf-8",
        body=html,
        headers=SECURITY_HEADERS,
        cookies=cookies,
    )


def redirect(path: str, cookies: list[Cookie] | None = None) -> Response:
    """303: the browser GETs the page after a form's POST."""
    return Response(
        status_code=303,
        content_type="text/html; charset=utf-8",
        body="",
        headers={"Location": _prefix() + path, "Cache-Control": "no-store"},
        cookies=cookies,
    )


def _form() -> dict[str, str]:
    body = app.current_event.decoded_body or ""
    return {k: v[-1] for k, v in parse_qs(body, keep_blank_values=True).items()}


def _session_cookie(value: str, max_age: int) -> Cookie:
    return Cookie(
        name=SESSION_COOKIE,
        value=value,
        path=_prefix(),
        secure=True,
        http_only=True,
        # Lax: a link from an email opens the page signed in; a POST from another site does
        # not carry the session.
        same_site=SameSite.LAX_MODE,
        max_age=max_age,
    )


def _not_found(token: str) -> Response:
    return page(
        "message.html",
        404,
        heading="No such handover",
        message=f"No handover has the token {token[:80]!r}.",
    )


@app.get("/")
def list_page() -> Response:
    query = app.current_event.query_string_parameters or {}
    errors: dict[str, str] = {}
    status = query.get("status") or None
    if status and status not in JobStatus.__members__:
        errors["status"] = f"choose one of {', '.join(JobStatus)}"
        status = None
    db_type = query.get("db_type") or None
    if db_type and db_type not in ALL_TYPES:
        errors["db_type"] = f"choose one of {', '.join(ALL_TYPES)}"
        db_type = None
    release = settings().release
    if query.get("release"):
        if query["release"].isdigit() and 0 < int(query["release"]) <= 1_000_000:
            release = int(query["release"])
        else:
            errors["release"] = "a release number, such as 115"
    contact = (query.get("contact") or "").strip()[:320] or None
    next_token = query.get("next_token") or None
    listed = service().list(release, contact, status, 50, next_token, db_type)
    filters = {"status": status, "db_type": db_type, "contact": contact, "release": release}
    older = {k: v for k, v in filters.items() if v} | {"next_token": listed.next_token or ""}
    return page(
        "list.html",
        jobs=listed.items,
        live=pages.in_flight(listed.items),
        filters=filters,
        errors=errors,
        statuses=list(JobStatus),
        db_types=ALL_TYPES,
        next_token=listed.next_token,
        older_url=f"{_prefix()}/?{urlencode(older)}",
    )


def _detail(token: str, status: int = 200, error: str | None = None) -> Response:
    job = service().get(token) if is_token(token) else None
    if job is None:
        return _not_found(token)
    steps = pages.steps(job)
    return page(
        "detail.html",
        status,
        job=job,
        error=error,
        live=pages.in_flight([job]),
        steps=steps,
        rate=pages.copy_rate(job, steps),
        checks=service().checks(token),
        emails=pages.emails(job),
        console=pages.console_url(job.execution_arn),
        retryable=pages.retryable(job),
    )


@app.get("/handovers/<token>")
def detail_page(token: str) -> Response:
    return _detail(token.lower())


@app.post("/handovers/<token>/retry")
def retry(token: str) -> Response:
    token = token.lower()
    try:
        result = service().retry(token) if is_token(token) else None
    except NotRetryable as exc:
        return _detail(token, 422, str(exc))
    except HandoverInFlight as exc:
        return _detail(token, 409, str(exc))
    if result is None:
        return _not_found(token)
    logger.info("handover retried from the web page", extra={"attempt": result.attempt})
    return redirect(f"/handovers/{token}")


@app.get("/submit")
def submit_form() -> Response:
    return page("submit.html", form={"contact": _user()}, errors={})


@app.post("/submit")
def submit() -> Response:
    form = _form()
    fields = {k: form.get(k, "") for k in ("src_uri", "contact", "comment")}
    if form.get("tgt_uri", "").strip():
        fields["tgt_uri"] = form["tgt_uri"]
    errors: dict[str, str] = {}
    in_flight = None
    try:
        # The API's own model and service: the same rules, the same messages.
        result = service().submit(HandoverRequest.model_validate(fields))
    except ValidationError as exc:
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else "form"
            errors.setdefault(field, error["msg"])
    except InvalidRequest as exc:
        errors[exc.field or "form"] = str(exc)
    except HandoverInFlight as exc:
        errors["form"], in_flight = str(exc), exc.token
    if errors:
        return page(
            "submit.html",
            422 if not in_flight else 409,
            form=form,
            errors=errors,
            in_flight=in_flight,
        )
    return redirect(f"/handovers/{result.handover_token}")


@app.get("/signin")
def signin_form() -> Response:
    return page("signin.html")


@app.post("/signin")
def signin() -> Response:
    form = _form()
    email = form.get("email", "").strip()
    try:
        if form.get("session"):
            outcome: str | NewPasswordRequired = web_sessions().set_new_password(
                email, form["session"], form.get("new_password", "")
            )
        else:
            outcome = web_sessions().sign_in(email, form.get("password", ""))
    except SignInFailed as exc:
        return page("signin.html", 401, error=str(exc), email=email, challenge=form.get("session"))
    if isinstance(outcome, NewPasswordRequired):
        return page("signin.html", email=email, challenge=outcome.session)
    logger.info("signed in to the web page")
    return redirect("/", cookies=[_session_cookie(outcome, SESSION_SECONDS)])


@app.post("/signout")
def signout() -> Response:
    token = session_token(
        app.current_event.headers.get("cookie") or app.current_event.headers.get("Cookie")
    )
    if token:
        web_sessions().sign_out(token)
    return redirect("/signin", cookies=[_session_cookie("", 0)])


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    return app.resolve(event, context)
