"""MySQL credentials, read only from Secrets Manager and never logged."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from handover.errors import HandoverError
from handover.uris import DatabaseURI

SECRET_CACHE_SECONDS = 300


@dataclass(frozen=True)
class ServerCredentials:
    host: str
    port: int
    user: str
    password: str = field(default="", repr=False)
    database: str | None = None

    @property
    def uri(self) -> DatabaseURI:
        """The server's address as shown to people: never the password."""
        return DatabaseURI(self.host, self.port, self.database, self.user)

    def for_database(self, database: str | None) -> ServerCredentials:
        return ServerCredentials(self.host, self.port, self.user, self.password, database)

    @classmethod
    def from_secret(cls, value: dict[str, Any]) -> ServerCredentials:
        """A secret in the RDS shape: host, port, username, password and optionally dbname
        (KeyError or ValueError when it is not)."""
        return cls(
            host=str(value["host"]),
            port=int(value.get("port", 3306)),
            user=str(value["username"]),
            password=str(value.get("password", "")),
            database=value.get("dbname"),
        )


def secrets_provider() -> Any:
    """powertools' Secrets Manager provider, one per container, with its cache.

    powertools' get_secret makes its default provider on first use without a lock: the local
    stack, which runs many handlers at once in one process, made one (a boto3 client) per
    concurrent first call, 9.5 of 63 CPU-seconds of benchmarks/api_load.py with 100 handovers.
    """
    # Imported here: boto3 and powertools cost the local copy tool half a second to load.
    from aws_lambda_powertools.utilities.parameters import SecretsProvider

    from handover.runtime import shared

    return shared("secrets_provider", SecretsProvider)


def _secret(arn: str, purpose: str) -> dict[str, Any]:
    if not arn:
        raise HandoverError(f"no secret is configured for the {purpose}")
    value = secrets_provider().get(arn, transform="json", max_age=SECRET_CACHE_SECONDS)
    if not isinstance(value, dict):
        raise HandoverError(f"the {purpose} secret must hold a JSON object")
    return value


def server_from_secret(arn: str, purpose: str) -> ServerCredentials:
    """A secret in the RDS shape: host, port, username, password and optionally dbname."""
    value = _secret(arn, purpose)
    try:
        return ServerCredentials.from_secret(value)
    except (KeyError, ValueError) as exc:
        raise HandoverError(f"the {purpose} secret lacks host or username ({exc})") from None


def source_server(uri: DatabaseURI, secret_arn: str) -> ServerCredentials:
    """Credentials for a source server: the secret maps "host:port" to username and password.

    A server missing from the map is read with the URI's user and no password, as Ensembl's
    read-only build servers are.
    """
    entry = _secret(secret_arn, "source servers").get(uri.server, {}) if secret_arn else {}
    user = uri.user or entry.get("username")
    if not user:
        raise HandoverError(
            f"no user for {uri.server}: put one in src_uri (mysql://user@host:port/db) "
            "or in the source-credentials secret"
        )
    return ServerCredentials(uri.host, uri.port, user, str(entry.get("password", "")), uri.database)
