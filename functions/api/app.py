"""The API: submit, read, list and delete handovers. Routing and HTTP only; the work is in
handover.api.service."""

from collections.abc import Callable
from typing import Annotated, Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response, content_types
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestUnsupportedContentType,
    RequestValidationError,
)
from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
)
from aws_lambda_powertools.utilities.idempotency.serialization.pydantic import PydanticSerializer
from aws_lambda_powertools.utilities.typing import LambdaContext

from handover.api.service import handover_service as service
from handover.config import settings
from handover.errors import CleanupPending, HandoverInFlight, InvalidRequest, NotRetryable
from handover.models.api import (
    CheckResults,
    ErrorBody,
    HandoverRequest,
    JobPage,
    RetryResponse,
    SubmitResponse,
    ValidationErrorBody,
    is_token,
)
from handover.models.job import Job, JobStatus
from handover.runtime import logger, metrics, shared, tracer

app = APIGatewayRestResolver(enable_validation=True)
app.enable_swagger(
    path="/apidocs",
    title="handover",
    description="Hand a genome database over to staging: check, copy, register.",
)


def idempotency_config() -> IdempotencyConfig:
    return shared(
        "idempotency_config",
        lambda: IdempotencyConfig(expires_after_seconds=settings().idempotency_seconds),
    )


def submit_once() -> Callable[[HandoverRequest], SubmitResponse]:
    """service().submit, made idempotent: the same body again within the window gets the first
    reply (same token) and starts nothing. A refused request is not remembered."""

    def make() -> Callable[[HandoverRequest], SubmitResponse]:
        if not settings().idempotency_table_name:
            return lambda request: service().submit(request)
        persistence = DynamoDBPersistenceLayer(table_name=settings().idempotency_table_name)
        config = idempotency_config()

        @idempotent_function(
            data_keyword_argument="request",
            persistence_store=persistence,
            config=config,
            output_serializer=PydanticSerializer,
        )
        def submit(request: HandoverRequest) -> SubmitResponse:
            return service().submit(request)

        return lambda request: submit(request=request)

    return shared("submit_once", make)


def _reply(description: str, model: type) -> OpenAPIResponse:
    """One documented reply of a route, for the OpenAPI document."""
    return {"description": description, "content": {"application/json": {"model": model}}}


def _error(status: int, message: str, **extra: Any) -> Response:
    body = ErrorBody(message=message, **extra).model_dump(exclude_none=True)
    return Response(status_code=status, content_type=content_types.APPLICATION_JSON, body=body)


@app.exception_handler(RequestValidationError)
def _invalid_body(exc: RequestValidationError) -> Response:
    errors = exc.errors()
    content_type = _content_type()
    if content_type and not content_type.startswith("application/json"):
        return _error(415, f"unsupported Content-Type {content_type!r}: send application/json")
    if any(e.get("type") == "json_invalid" for e in errors):
        return _error(415, "the body must be a JSON object: send Content-Type: application/json")
    # Name each field and say what is wrong; never echo the input (it may hold a password).
    detail = [{"loc": list(e["loc"]), "msg": e.get("msg", ""), "type": e["type"]} for e in errors]
    fields = ", ".join(".".join(str(p) for p in d["loc"][1:]) or "body" for d in detail)
    return Response(
        status_code=422,
        content_type=content_types.APPLICATION_JSON,
        body={"message": f"invalid request: {fields}", "detail": detail},
    )


@app.exception_handler(RequestUnsupportedContentType)
def _not_json(exc: RequestUnsupportedContentType) -> Response:
    return _error(415, f"unsupported Content-Type {_content_type()!r}: send application/json")


@app.exception_handler(UnicodeDecodeError)
def _not_utf8(exc: UnicodeDecodeError) -> Response:
    return _error(415, "the body must be a JSON object in UTF-8")


def _content_type() -> str:
    headers = {k.lower(): v for k, v in (app.current_event.headers or {}).items()}
    return (headers.get("content-type") or "").strip().lower()


@app.exception_handler(InvalidRequest)
def _invalid_field(exc: InvalidRequest) -> Response:
    return Response(
        status_code=422,
        content_type=content_types.APPLICATION_JSON,
        body={
            "message": str(exc),
            "field": exc.field,
            "detail": [{"loc": ["body", exc.field], "msg": str(exc), "type": "value_error"}],
        },
    )


@app.exception_handler(CleanupPending)
def _cleanup_pending(exc: CleanupPending) -> Response:
    return _error(503, str(exc))


@app.exception_handler(IdempotencyAlreadyInProgressError)
def _same_request_in_progress(exc: IdempotencyAlreadyInProgressError) -> Response:
    return _error(409, "an identical request is being handled right now; repeat it in a moment")


@app.exception_handler(NotRetryable)
def _not_retryable(exc: NotRetryable) -> Response:
    return _error(422, str(exc))


@app.exception_handler(HandoverInFlight)
def _in_flight(exc: HandoverInFlight) -> Response:
    return _error(409, str(exc), handover_token=exc.token)


@app.post(
    "/handovers",
    summary="Hand a database over to staging",
    responses={
        201: _reply("Accepted: the handover runs", SubmitResponse),
        409: _reply("This database already has a handover in flight", ErrorBody),
        415: _reply("The body is not JSON", ErrorBody),
        422: _reply("A field is invalid; `detail` names it", ValidationErrorBody),
    },
)
def submit(request: HandoverRequest) -> Response[SubmitResponse]:
    result = submit_once()(request)
    logger.append_keys(handover_token=result.handover_token)
    logger.info("handover submitted", extra={"database": request.src_uri.rsplit("/", 1)[-1]})
    return Response(201, content_types.APPLICATION_JSON, result)


@app.get(
    "/handovers/<token>",
    summary="One handover: status, progress and reports",
    responses={
        200: _reply("The handover", Job),
        404: _reply("No such handover", ErrorBody),
    },
)
def get_handover(token: str) -> Response[dict]:
    job = service().get(token.lower()) if is_token(token) else None
    if job is None:
        return _error(404, f"no handover has the token {token[:80]!r}")
    return Response(200, content_types.APPLICATION_JSON, job.model_dump(mode="json"))


@app.get(
    "/handovers/<token>/checks",
    summary="The datachecks run on a handover's source database, with their findings",
    responses={
        200: _reply("Check results", CheckResults),
        404: _reply("No such handover", ErrorBody),
    },
)
def get_checks(token: str) -> Response[dict]:
    results = service().checks(token.lower()) if is_token(token) else None
    if results is None:
        return _error(404, f"no handover has the token {token[:80]!r}")
    return Response(200, content_types.APPLICATION_JSON, results.model_dump(mode="json"))


@app.get("/handovers", summary="Handovers of a release, newest first, a page at a time")
def list_handovers(
    release: Annotated[
        # Bounded: DynamoDB cannot hold a number of 39 digits (a fuzzer's), and no release is.
        int | None, Query(gt=0, le=1_000_000, description="default: the service's release")
    ] = None,
    contact: Annotated[str | None, Query(max_length=320)] = None,
    status: Annotated[JobStatus | None, Query()] = None,
    db_type: Annotated[str | None, Query(max_length=40, description="core, variation, ...")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    next_token: Annotated[str | None, Query(max_length=2048)] = None,
) -> JobPage:
    return service().list(
        release, contact, status.value if status else None, limit, next_token, db_type
    )


@app.post(
    "/handovers/<token>/retry",
    summary="Restart a failed handover at the step that failed, keeping what was done",
    responses={
        202: _reply("A new execution (<token>-<attempt>) runs", RetryResponse),
        404: _reply("No such handover", ErrorBody),
        409: _reply("The handover, or another of its database, is running", ErrorBody),
        422: _reply("The handover succeeded or was cancelled: nothing to retry", ErrorBody),
    },
)
def retry_handover(token: str) -> Response[dict]:
    result = service().retry(token.lower()) if is_token(token) else None
    if result is None:
        return _error(404, f"no handover has the token {token[:80]!r}")
    logger.append_keys(handover_token=result.handover_token)
    logger.info("handover retried", extra={"attempt": result.attempt, "from": result.resume_from})
    return Response(202, content_types.APPLICATION_JSON, result.model_dump(mode="json"))


@app.delete(
    "/handovers/<token>",
    summary="Stop a handover, remove its temporary copy, delete it",
    responses={
        404: _reply("No such handover", ErrorBody),
    },
)
def delete_handover(token: str) -> Response[dict]:
    result = service().delete(token.lower()) if is_token(token) else None
    if result is None:
        return _error(404, f"no handover has the token {token[:80]!r}")
    return Response(200, content_types.APPLICATION_JSON, result)


@app.get("/ping", summary="Liveness")
def ping() -> dict[str, str]:
    return {"status": "ok"}


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    # An in-progress record outlives a container that dies mid-request only this long.
    idempotency_config().register_lambda_context(context)
    return app.resolve(event, context)
