"""The web page's request authorizer: lets a request through when its session cookie holds a
live Cognito session of this stack's user pool and client. API Gateway answers every other
request with the sign-in (the UNAUTHORIZED gateway response)."""

from typing import Any

from aws_lambda_powertools.utilities.data_classes.api_gateway_authorizer_event import (
    APIGatewayAuthorizerResponse,
)
from aws_lambda_powertools.utilities.parser import event_parser
from aws_lambda_powertools.utilities.parser.models import ApiGatewayAuthorizerRequest
from aws_lambda_powertools.utilities.typing import LambdaContext

from handover.runtime import logger
from handover.web.session import session_token, web_sessions


@logger.inject_lambda_context
@event_parser(model=ApiGatewayAuthorizerRequest)
def lambda_handler(event: ApiGatewayAuthorizerRequest, context: LambdaContext) -> dict[str, Any]:
    headers = {k.lower(): v for k, v in (event.headers or {}).items()}
    token = session_token(headers.get("cookie"))
    user = web_sessions().user(token) if token else None
    if user is None:
        # The exact message API Gateway turns into 401 UNAUTHORIZED.
        raise Exception("Unauthorized")  # noqa: TRY002
    # arn:aws:execute-api:<region>:<account>:<api id>/<stage>/<method>/<path>
    _, _, _, region, account, rest = event.methodArn.split(":", 5)
    api_id, stage = rest.split("/")[:2]
    policy = APIGatewayAuthorizerResponse(
        principal_id=user.username,
        region=region,
        aws_account_id=account,
        api_id=api_id,
        stage=stage,
        context={"email": user.email},
    )
    # One answer for every page, so API Gateway's cache of it serves them all.
    policy.allow_all_routes()
    return policy.asdict()
