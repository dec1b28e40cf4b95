"""Sign-in to the web page with the stack's Cognito user pool.

A session is a Cognito access token kept in an HttpOnly cookie. Cognito verifies each token
(GetUser, which also refuses one revoked by signing out); this module then checks that the
token was issued by this stack's own pool and client, since GetUser honours any pool's."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie
from typing import Any

import boto3
from botocore.exceptions import ClientError

from handover.config import settings
from handover.errors import HandoverError
from handover.runtime import shared

SESSION_COOKIE = "handover_session"


class SignInFailed(HandoverError):
    """Why a sign-in was refused, in words the person signing in can act on."""


@dataclass(frozen=True)
class User:
    username: str
    email: str


@dataclass(frozen=True)
class NewPasswordRequired:
    """A user an operator created signs in first with a temporary password and must choose
    their own; `session` continues the sign-in."""

    session: str


def session_token(cookie_header: str | None) -> str | None:
    """The session's access token from a Cookie header, or None."""
    if not cookie_header:
        return None
    cookies: SimpleCookie = SimpleCookie()
    try:
        cookies.load(cookie_header)
    except CookieError:
        return None
    morsel = cookies.get(SESSION_COOKIE)
    return morsel.value if morsel and morsel.value else None


def _claims(token: str) -> dict[str, Any] | None:
    """A JWT's payload, unverified (Cognito has verified it)."""
    try:
        payload = token.split(".")[1]
        decoded = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError, binascii.Error, UnicodeDecodeError):
        return None
    return decoded if isinstance(decoded, dict) else None


_REFUSALS = {
    "NotAuthorizedException": "Incorrect email or password.",
    "UserNotFoundException": "Incorrect email or password.",
    "PasswordResetRequiredException": "Your password must be reset: ask an operator of handover.",
    "UserNotConfirmedException": "Your account is not confirmed yet: ask an operator of handover.",
    "TooManyRequestsException": "Too many sign-ins at once: try again in a minute.",
    "LimitExceededException": "Too many sign-ins at once: try again in a minute.",
}


class WebSessions:
    def __init__(self, user_pool_id: str, client_id: str, cognito: Any = None) -> None:
        if not user_pool_id or not client_id:
            raise ValueError("WEB_USER_POOL_ID and WEB_CLIENT_ID must be set (template.yaml)")
        self.user_pool_id = user_pool_id
        self.client_id = client_id
        self.region = user_pool_id.split("_", 1)[0]
        self.issuer = f"https://cognito-idp.{self.region}.amazonaws.com/{user_pool_id}"
        self.cognito = cognito or boto3.session.Session().client(
            "cognito-idp", region_name=self.region
        )

    def sign_in(self, email: str, password: str) -> str | NewPasswordRequired:
        """The session's access token, or the challenge to choose a new password."""
        if not email or not password:
            raise SignInFailed("Enter your email and your password.")
        try:
            reply = self.cognito.initiate_auth(
                ClientId=self.client_id,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": email, "PASSWORD": password},
            )
        except ClientError as exc:
            raise self._refusal(exc) from None
        return self._outcome(reply)

    def set_new_password(self, email: str, session: str, new_password: str) -> str:
        try:
            reply = self.cognito.respond_to_auth_challenge(
                ClientId=self.client_id,
                ChallengeName="NEW_PASSWORD_REQUIRED",
                Session=session,
                ChallengeResponses={"USERNAME": email, "NEW_PASSWORD": new_password},
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "InvalidPasswordException":
                raise SignInFailed(
                    "Choose a password of at least 12 characters with upper and lower case "
                    "letters and a number."
                ) from None
            if exc.response["Error"]["Code"] in ("NotAuthorizedException", "CodeMismatchException"):
                raise SignInFailed("The sign-in expired: sign in again.") from None
            raise self._refusal(exc) from None
        outcome = self._outcome(reply)
        if not isinstance(outcome, str):
            raise SignInFailed("Cognito asked for another new password: sign in again.")
        return outcome

    def user(self, access_token: str) -> User | None:
        """Who holds this session, or None when it is not a live session of this pool and
        client (expired, revoked, forged, or issued by another pool)."""
        claims = _claims(access_token)
        if (
            claims is None
            or claims.get("iss") != self.issuer
            or claims.get("client_id") != self.client_id
            or claims.get("token_use") != "access"
        ):
            return None
        try:
            found = self.cognito.get_user(AccessToken=access_token)
        except ClientError as exc:
            if exc.response["Error"]["Code"] in ("NotAuthorizedException", "UserNotFoundException"):
                return None
            raise
        attributes = {a["Name"]: a["Value"] for a in found.get("UserAttributes", [])}
        return User(username=found["Username"], email=attributes.get("email", ""))

    def sign_out(self, access_token: str) -> None:
        """Revoke the session everywhere (its tokens stop working at once)."""
        try:
            self.cognito.global_sign_out(AccessToken=access_token)
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "NotAuthorizedException":  # already over
                raise

    def _outcome(self, reply: Mapping[str, Any]) -> str | NewPasswordRequired:
        if reply.get("ChallengeName") == "NEW_PASSWORD_REQUIRED":
            return NewPasswordRequired(session=reply["Session"])
        if "AuthenticationResult" not in reply:
            raise SignInFailed(
                f"Cognito asked for {reply.get('ChallengeName', 'another step')}, which this "
                "page does not offer: ask an operator of handover."
            )
        return str(reply["AuthenticationResult"]["AccessToken"])

    @staticmethod
    def _refusal(exc: ClientError) -> SignInFailed:
        code = exc.response["Error"]["Code"]
        return SignInFailed(_REFUSALS.get(code, f"Sign-in failed ({code}): try again."))


def web_sessions() -> WebSessions:
    """This container's sessions of the stack's user pool (WEB_USER_POOL_ID, WEB_CLIENT_ID)."""
    return shared(
        "web_sessions",
        lambda: WebSessions(settings().web_user_pool_id, settings().web_client_id),
    )
