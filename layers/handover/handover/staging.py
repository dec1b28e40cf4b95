"""The staging servers the service may write to, and which one a database goes to."""

from __future__ import annotations

from dataclasses import dataclass

from handover.config import Settings
from handover.dal.credentials import ServerCredentials, server_from_secret
from handover.dbnames import DatabaseName
from handover.errors import CheckFailed, HandoverError
from handover.models.workflow import StepInput
from handover.uris import DatabaseURI, parse_uri


@dataclass(frozen=True)
class StagingServers:
    primary: ServerCredentials
    secondary: ServerCredentials | None

    @classmethod
    def from_settings(cls, settings: Settings) -> StagingServers:
        primary = server_from_secret(settings.staging_secret_arn, "staging server")
        secondary = (
            server_from_secret(settings.secondary_staging_secret_arn, "secondary staging server")
            if settings.secondary_staging_secret_arn
            else None
        )
        return cls(primary, secondary)

    def all(self) -> list[ServerCredentials]:
        return [s for s in (self.primary, self.secondary) if s is not None]

    def for_uri(self, uri: DatabaseURI) -> ServerCredentials:
        """The credentials for a tgt_uri; only the staging servers are ever written to."""
        for server in self.all():
            if (server.host, server.port) == (uri.host, uri.port):
                return server.for_database(uri.database)
        raise CheckFailed(
            f"tgt_uri {uri} is not on a staging server; use {self.primary.uri.server}"
            + (f" or {self.secondary.uri.server}" if self.secondary else "")
        )

    def choose(self, name: DatabaseName, *, grch37_compara: bool = False) -> ServerCredentials:
        """Bacteria, human GRCh37 and GRCh37 compara go to the secondary server; all else primary."""
        wants_secondary = "bacteria" in name.name or name.grch37 or grch37_compara
        if not wants_secondary:
            return self.primary
        if self.secondary is None:
            raise CheckFailed(
                f"{name.name} belongs on the secondary staging server, which is not configured "
                "(set the SecondaryStagingSecretArn parameter)"
            )
        return self.secondary


def server_key(server: ServerCredentials) -> str:
    """How a staging server is named in its copy slots."""
    return f"{server.host}:{server.port}"


def target_server(inp: StepInput, settings: Settings) -> ServerCredentials:
    """The staging server and database the check step resolved for this handover."""
    if inp.target is None:
        raise HandoverError("this step needs the check step's target; run check first")
    staging = StagingServers.from_settings(settings)
    return staging.for_uri(parse_uri(inp.target.tgt_uri, "tgt_uri"))
